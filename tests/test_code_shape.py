"""The code keeps its shape: what its comments and docstrings cite is a file
of the repository, never a design note or an issue elsewhere; `ruff check`
(configured in pyproject.toml) finds nothing; no file is over 400 lines and
no function over 60, so that each module keeps one job."""

from __future__ import annotations

import ast
import io
import os
import re
import subprocess
import sys
import tokenize
from pathlib import Path

from conftest import ROOT

CODE = [*sorted((ROOT / "plugins").rglob("*.py")), *sorted((ROOT / "tests").glob("*.py")),
        *sorted((ROOT / "benchmarks").glob("*.py")), ROOT / "tasks.py", ROOT / "pelicanconf.py", ROOT / "publishconf.py"]
MARKDOWN_NAME = re.compile(r"(?<![\w/.-])((?:[\w.-]+/)*[\w-]+\.md)\b")
ISSUE = re.compile(r"\bissue \d+\b", re.IGNORECASE)
# What the size rule covers: the plugin, the tests and their support, the tasks, the benchmarks.
SIZED = [*sorted((ROOT / "plugins").rglob("*.py")), *sorted((ROOT / "tests").rglob("*.py")),
         *sorted((ROOT / "benchmarks").rglob("*.py")), ROOT / "tasks.py"]
MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 60


def repository_markdown() -> set[str]:
    """Every Markdown file of the repository, by its path and by its name."""
    found = set()
    for folder, subfolders, files in os.walk(ROOT):
        # never into what builds write and replace while this runs (output/,
        # its .output.building-* staging and retired folders, caches) or
        # into installed packages: a build beside the tests would pull
        # folders from under the walk
        subfolders[:] = [name for name in subfolders
                         if not (name.startswith(".") and name not in (".github", ".ci")) and name not in ("node_modules", "public")
                         and not (folder == str(ROOT) and name.startswith("output"))]
        for name in files:
            if name.endswith(".md"):
                path = Path(folder) / name
                found |= {path.relative_to(ROOT).as_posix(), name}
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


def ruff_check(*arguments: str) -> subprocess.CompletedProcess:
    """`ruff check` with pyproject.toml's configuration, run from the
    repository; --no-cache: a test writes nothing into the repository."""
    return subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise",
                           "--config", str(ROOT / "pyproject.toml"), *arguments],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_finds_nothing():
    result = ruff_check(".")
    assert result.returncode == 0, f"ruff check found (exit {result.returncode}):\n{result.stdout}{result.stderr}"


def test_ruff_sees_an_ambiguous_name_and_an_unused_loop_variable(tmp_path):
    (tmp_path / "bad.py").write_text("def f(rows):\n    for i, l in enumerate(rows):\n        print(l)\n", encoding="utf-8")
    result = ruff_check(str(tmp_path / "bad.py"))
    assert result.returncode == 1 and "E741" in result.stdout and "B007" in result.stdout, result.stdout + result.stderr


def oversized(path, root=ROOT) -> list[str]:
    """The file itself when it is over MAX_FILE_LINES lines, and each of its
    functions and methods (nested ones too, each on its own) over
    MAX_FUNCTION_LINES, from its `def` line to its last, docstring included."""
    source = path.read_text(encoding="utf-8")
    where = path.relative_to(root).as_posix()
    found = []
    if len(source.splitlines()) > MAX_FILE_LINES:
        found.append(f"{where}: {len(source.splitlines())} lines (at most {MAX_FILE_LINES}: split it by job)")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = node.end_lineno - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                found.append(f"{where}:{node.lineno}: {node.name} is {length} lines (at most {MAX_FUNCTION_LINES})")
    return found


def test_the_size_rule_sees_a_long_file_and_a_long_function(tmp_path):
    body = "\n".join(f"    x{n} = {n}" for n in range(MAX_FUNCTION_LINES))
    (tmp_path / "long.py").write_text("def long_one():\n" + body + "\n", encoding="utf-8")
    (tmp_path / "short.py").write_text("def short_one():\n" + body[:body.rindex("\n")] + "\n", encoding="utf-8")
    (tmp_path / "big.py").write_text("x = 1\n" * (MAX_FILE_LINES + 1), encoding="utf-8")
    assert oversized(tmp_path / "long.py", tmp_path) == [f"long.py:1: long_one is {MAX_FUNCTION_LINES + 1} lines (at most {MAX_FUNCTION_LINES})"]
    assert oversized(tmp_path / "short.py", tmp_path) == []
    assert oversized(tmp_path / "big.py", tmp_path) == [f"big.py: {MAX_FILE_LINES + 1} lines (at most {MAX_FILE_LINES}: split it by job)"]


def test_no_file_over_400_lines_no_function_over_60():
    found = [line for path in SIZED for line in oversized(path)]
    assert not found, "too long:\n" + "\n".join(found)
