"""The code explains itself from inside the repository: what its comments
and docstrings cite is a file of the repository, never a design note or an
issue elsewhere."""

from __future__ import annotations

import ast
import io
import re
import tokenize

from conftest import ROOT

CODE = [*sorted((ROOT / "plugins").rglob("*.py")), *sorted((ROOT / "tests").glob("*.py")),
        *sorted((ROOT / "benchmarks").glob("*.py")), ROOT / "tasks.py", ROOT / "pelicanconf.py", ROOT / "publishconf.py"]
MARKDOWN_NAME = re.compile(r"(?<![\w/.-])((?:[\w.-]+/)*[\w-]+\.md)\b")
ISSUE = re.compile(r"\bissue \d+\b", re.IGNORECASE)


def repository_markdown() -> set[str]:
    """Every Markdown file of the repository, by its path and by its name."""
    found = set()
    for path in ROOT.rglob("*.md"):
        parts = path.relative_to(ROOT).parts
        if parts[0] in ("node_modules", "output", ".venv", "public") or parts[0].startswith("output"):
            continue
        found |= {path.relative_to(ROOT).as_posix(), path.name}
    return found


def explanations(path):
    """(line, text) of each comment and docstring of a Python file."""
    source = path.read_text(encoding="utf-8")
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            yield token.start[0], token.string
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and ast.get_docstring(node):
            first = node.body[0]
            for offset, line in enumerate(ast.get_docstring(node, clean=False).splitlines()):
                yield first.lineno + offset, line


def test_comments_cite_only_files_of_the_repository():
    known = repository_markdown()
    outside, issues = [], []
    for path in CODE:
        for number, line in explanations(path):
            where = f"{path.relative_to(ROOT)}:{number}"
            outside += [f"{where}: {name}" for name in MARKDOWN_NAME.findall(line)
                        if name not in known and not name.startswith(("content/", "data/"))]
            issues += [f"{where}: {line.strip()}" for _ in ISSUE.findall(line)]
    assert not outside, "cites a Markdown file the repository does not have:\n" + "\n".join(outside)
    assert not issues, "cites an issue: say what the code does and why instead:\n" + "\n".join(issues)
