"""Tasks, named as pelican-quickstart names them: build, clean, serve,
livereload, publish; and the authors' own: check.

    invoke build        the site into output/ (what `make site` runs)
    invoke livereload   a quick preview in output.preview/, rebuilt on every save
    invoke check        read and check the report without building, in seconds
    invoke new --commitment 7 --lang ky   start a finding from the register
    invoke translations  what each language still lacks
    invoke bench        how fast the build is, against quality.md's bars
"""

import shutil
import sys
from pathlib import Path

from invoke import task

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "plugins"))

CONFIG = {
    "settings_base": str(HERE / "pelicanconf.py"),
    "settings_publish": str(HERE / "publishconf.py"),
    "deploy_path": str(HERE / "output"),
    "host": "127.0.0.1",
    "port": 8000,
}


@task
def clean(c):
    """Remove the generated site and the build caches."""
    for folder in (CONFIG["deploy_path"], str(HERE / ".cache")):
        shutil.rmtree(folder, ignore_errors=True)


@task(help={"verbose": "say what each step does"})
def build(c, verbose=False):
    """Build content/ and data/ into output/ (output/ is replaced only on success)."""
    from shadowreport.build import build as build_site, configure_logging

    configure_logging(verbose)
    code = build_site(CONFIG["settings_base"])
    if code:
        sys.exit(code)
    print(f"Built the site into {CONFIG['deploy_path']}")


def load_or_exit():
    """The checked report, or its mistakes on stderr and exit status 1."""
    from shadowreport.errors import ReportError
    from shadowreport.loader import load_report

    try:
        return load_report(HERE)
    except ReportError as error:
        print(error.message(), file=sys.stderr)
        sys.exit(1)


@task
def check(c):
    """Read and check the whole report without building it."""
    from shadowreport.formulas import formula_warnings

    report = load_or_exit()
    print(f"The report is correct: {len(report.commitments)} commitments, languages {', '.join(report.languages)}")
    for warning in formula_warnings(report):
        print(f"  warning: {warning}", file=sys.stderr)


@task(help={"commitment": "the commitment's id in data/commitments.csv",
            "lang": "the finding's language (default: the report's default language)"})
def new(c, commitment, lang=None):
    """Start a finding: write content/commitments/<id>.<lang>.md from the register (never overwrites)."""
    from shadowreport.scaffold import ScaffoldError, new_finding

    try:
        path = new_finding(HERE, commitment, lang)
    except ScaffoldError as error:
        print(error.message(), file=sys.stderr)
        sys.exit(1)
    print(f"Wrote {path.relative_to(HERE)}: fill in the Summary and each section.")


@task
def translations(c):
    """List what each language still lacks: findings, titles, milestone texts, pages..."""
    from shadowreport.coverage import table

    print(table(load_or_exit()))


@task(help={"port": "port to serve on (default 8000)"})
def serve(c, port=None):
    """Serve output/ at http://127.0.0.1:8000/"""
    import functools
    import http.server

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=CONFIG["deploy_path"])
    server = http.server.ThreadingHTTPServer((CONFIG["host"], int(port or CONFIG["port"])), handler)
    print(f"Serving {CONFIG['deploy_path']} at http://{CONFIG['host']}:{server.server_port}/")
    server.serve_forever()


@task(help={"port": "port to serve on (default 8000)"})
def livereload(c, port=None):
    """Preview: build into output.preview/ (no PDFs, no search index), serve it,
    and rebuild it whenever content/, data/, theme/ or plugins/ change."""
    from shadowreport.build import configure_logging
    from shadowreport.liveserver import serve

    configure_logging()
    serve(HERE, CONFIG["settings_base"], CONFIG["host"], int(port or CONFIG["port"]),
          ["content", "data", "theme", "plugins", "pelicanconf.py"])


@task
def publish(c):
    """Build with publishconf.py (SITEURL from the environment) into output/."""
    from shadowreport.build import build as build_site, configure_logging

    configure_logging()
    sys.exit(build_site(CONFIG["settings_publish"]))


@task
def catalogs(c):
    """Extract the theme's interface strings and update theme/translations/*.po.

    Translators then fill the empty msgstr entries; the build compiles the
    catalogs itself."""
    c.run(f"{sys.executable} -m babel.messages.frontend extract -F babel.cfg --no-location "
          f"--omit-header -o .cache/messages.pot .", pty=False)
    for po_file in sorted((HERE / "theme" / "translations").glob("*.po")):
        c.run(f"{sys.executable} -m babel.messages.frontend update --no-location --omit-header "
              f"-i .cache/messages.pot -o {po_file} -l {po_file.stem}", pty=False)


@task(help={"sizes": "commitment counts of the synthetic reports (default 20,200,1000)",
            "json": "where to write every figure (default benchmarks/last-run.json)",
            "keep": "keep the temporary reports for inspection",
            "preview-only": "only the clean build and the live preview after one edited finding (minutes)"})
def bench(c, sizes="20,200,1000", json=None, keep=False, preview_only=False):
    """Time clean builds, rebuilds and the live preview of synthetic reports, by stage, against a bare Pelican build."""
    sys.path.insert(0, str(HERE / "benchmarks"))
    import runner

    if preview_only:
        runner.run_preview_only(runner.parse_sizes(sizes), Path(json).resolve() if json else runner.PREVIEW_JSON, keep)
        return
    runner.run(runner.parse_sizes(sizes), Path(json).resolve() if json else runner.DEFAULT_JSON, keep)
