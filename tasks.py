"""Tasks, named as pelican-quickstart names them: build, clean, serve,
livereload, publish; and the authors' own: check.

    invoke build        the site into output/ (what `make site` runs)
    invoke publish      the site for SITEURL into public/ (what `make publish` runs)
    invoke livereload   a quick preview in output.preview/, rebuilt on every save
    invoke check        read and check the report without building, in seconds
    invoke new --commitment 7 --lang ky   start a finding from the register
    invoke translations  what each language still lacks (--add xx: a catalog for a new interface language)
    invoke links        do the addresses the report cites still answer?
    invoke bench        how fast the build is, against docs/quality.md's bars
    invoke golden       write tests/golden/ anew after a meant change to the site
    invoke fonts        the theme's font files from theme/fonts.yml (docs/fonts.md)
"""

import shlex
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
    "publish_path": str(HERE / "public"),  # publishconf.py's OUTPUT_PATH: what goes online
    "host": "127.0.0.1",
    "port": 8000,
}


@task
def clean(c):
    """Remove the generated sites (output/, public/) and the build caches."""
    for folder in (CONFIG["deploy_path"], CONFIG["publish_path"], str(HERE / ".cache")):
        shutil.rmtree(folder, ignore_errors=True)


@task(help={"verbose": "say what each step does"})
def build(c, verbose=False):
    """Build content/ and data/ into output/ (output/ is replaced only on success)."""
    from shadowreport.build import build as build_site, configure_logging

    configure_logging(verbose)
    code = build_site(CONFIG["settings_base"])
    if code:
        sys.exit(code)
    print(built_summary(CONFIG["deploy_path"]))


def built_summary(folder: str) -> str:
    """One line on what the build did, from its timing record."""
    from shadowreport import timing

    record = timing.last_build()
    counts = record.get("counts", {})
    pages, charts = len(counts.get("pages_rendered", [])), len(counts.get("charts_drawn", []))
    return (f"Built the site into {folder} in {record.get('seconds', 0):.1f} s: {pages} page(s) rendered and "
            f"{charts} chart(s) drawn, the rest unchanged from the last build.")


def load_or_exit():
    """The checked report, or its mistakes on stderr and exit status 1."""
    from shadowreport.errors import ReportError
    from shadowreport.loader import load_report

    try:
        return load_report(HERE, cache_path=HERE / ".cache")
    except ReportError as error:
        print(error.message(), file=sys.stderr)
        sys.exit(1)


@task
def check(c):
    """Read and check the whole report without building it."""
    import logging

    from shadowreport.formulas import formula_warnings

    logging.getLogger("shadowreport").addHandler(logging.NullHandler())  # the warnings are printed below, once
    report = load_or_exit()
    print(f"The report is correct: {len(report.commitments)} commitments, languages {', '.join(report.languages)}")
    read_as = [w for _, table in sorted(report.tables.items()) if table is not None for w in table.warnings]
    for warning in read_as + formula_warnings(report):
        print(f"  warning: {warning}", file=sys.stderr)


@task(help={"commitment": "the commitment's id in data/commitments.csv",
            "lang": "the finding's language (default: the report's default language)"})
def new(c, commitment, lang=None):
    """Start a finding: write content/commitments/<id>.<lang>.md from the register (never overwrites)."""
    from shadowreport.scaffold import ScaffoldError, catalog_note, new_finding

    try:
        path = new_finding(HERE, commitment, lang)
    except ScaffoldError as error:
        print(error.message(), file=sys.stderr)
        sys.exit(1)
    print(f"Wrote {path.relative_to(HERE)}: fill in the Summary and each section.")
    note = catalog_note(path.name.split(".")[-2])
    if note:
        print(note)


@task(help={"add": "a language code (hy, sw, ...): write theme/translations/<code>.po from the template to translate"})
def translations(c, add=None):
    """List what each language still lacks: findings, titles, milestone texts, pages, interface strings...

    With --add xx, write the interface catalog of a language the theme does
    not ship yet (theme/translations/xx.po), every string still to translate."""
    from shadowreport.catalogs import CatalogError, interface_table, new_catalog

    if add:
        translations_dir = HERE / "theme" / "translations"
        c.run(catalog_commands(HERE, translations_dir)[0], pty=False, hide=True)
        try:
            path = new_catalog(add, HERE / ".cache" / "messages.pot", translations_dir)
        except CatalogError as error:
            print(error, file=sys.stderr)
            sys.exit(1)
        print(f"Wrote {path.relative_to(HERE)}: translate each msgstr (docs/authoring.md says how); "
              f"`invoke translations` counts what is left.")
        return
    from shadowreport.coverage import table

    report = load_or_exit()
    print(table(report))
    print()
    print(interface_table(report.languages, HERE / "theme"))


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
    """Build with publishconf.py (SITEURL from the environment) into public/, never output/.

    Refuses (exit status 1) when SITEURL is missing or not an absolute
    http(s) address; docs/publishing.md says where to upload public/."""
    from shadowreport.build import configure_logging
    from shadowreport.publish import publish as publish_site

    configure_logging()
    sys.exit(publish_site(CONFIG["settings_publish"]))


@task
def catalogs(c):
    """Extract the theme's interface strings (and invoke new's headings) and update theme/translations/*.po.

    Translators then fill the empty msgstr entries; the build compiles the
    catalogs itself."""
    for command in catalog_commands(HERE, HERE / "theme" / "translations"):
        c.run(command, pty=False)


def catalog_commands(project: Path, translations: Path) -> list[str]:
    """pybabel's commands: extract the strings babel.cfg names (templates,
    the finding headings of `invoke new`) into .cache/messages.pot, then
    update each catalog of `translations` from it. Babel's `update` has no
    --no-location: the template has no locations, so neither have the catalogs."""
    template = project / ".cache" / "messages.pot"
    template.parent.mkdir(exist_ok=True)
    babel = f"{shlex.quote(sys.executable)} -m babel.messages.frontend"
    commands = [f"{babel} extract -F {shlex.quote(str(project / 'babel.cfg'))} --no-location --omit-header "
                f"-o {shlex.quote(str(template))} {shlex.quote(str(project))}"]
    for po_file in sorted(translations.glob("*.po")):
        commands.append(f"{babel} update --no-fuzzy-matching --ignore-pot-creation-date --no-wrap -i {shlex.quote(str(template))} "
                        f"-o {shlex.quote(str(po_file))} -l {po_file.stem}")
    return commands


@task(help={"source": "folder of the original fonts (default: theme/fonts.yml's source)"})
def fonts(c, source=None):
    """Cut the theme's fonts from the originals (theme/fonts.yml) into theme/static/fonts/, with their licences and @font-face rules."""
    from shadowreport.fontmaker import FontMakerError, make_fonts

    try:
        written = make_fonts(Path(source) if source else None)
    except FontMakerError as error:
        print(error, file=sys.stderr)
        sys.exit(1)
    print("Wrote under theme/static/:\n  " + "\n  ".join(written))


@task(help={"sizes": "commitment counts of the synthetic reports (default 20,200,1000)",
            "json": "where to write every figure (default benchmarks/last-run.json)",
            "keep": "keep the temporary reports for inspection",
            "preview-only": "only the clean build and the live preview after one edited finding (minutes)",
            "ocds": "only the recipes' benchmark: the procurement indicators of a generated JSON Lines file of this "
                    "many OCDS releases, time and peak memory (benchmarks/bench_ocds.py)",
            "lighthouse": "only Lighthouse's mobile scores of the report's overview and a commitment page with charts (minutes)"})
def bench(c, sizes="20,200,1000", json=None, keep=False, preview_only=False, ocds=0, lighthouse=False):
    """Time clean builds, rebuilds and the live preview of synthetic reports, by stage, against a bare Pelican
    build; then score the report's pages with Lighthouse (mobile, slow 4G)."""
    sys.path.insert(0, str(HERE / "benchmarks"))
    if ocds:
        import bench_ocds

        bench_ocds.run(int(ocds), Path(json).resolve() if json else bench_ocds.DEFAULT_JSON)
        return
    if lighthouse:
        import bench_lighthouse

        bench_lighthouse.main([])
        return
    import runner

    if preview_only:
        runner.run_preview_only(runner.parse_sizes(sizes), Path(json).resolve() if json else runner.PREVIEW_JSON, keep)
        return
    runner.run(runner.parse_sizes(sizes), Path(json).resolve() if json else runner.DEFAULT_JSON, keep)


@task(help={"timeout": "seconds to wait for each address (default 10)",
            "workers": "addresses opened at once (default 8)"})
def links(c, timeout=None, workers=None):
    """Open every address the report gives (sources, archived copies, milestones, findings) and list those that do not answer.

    Exit status 0: all answer; 1: some do not (each with its archived copy);
    2: no network, nothing was checked."""
    from shadowreport import linkcheck

    report = load_or_exit()
    found = linkcheck.addresses(report)
    print(f"Opening {len(found)} addresses, {int(workers or linkcheck.WORKERS)} at a time...", file=sys.stderr)
    result = linkcheck.check(found, float(timeout or linkcheck.TIMEOUT), int(workers or linkcheck.WORKERS))
    text, code = linkcheck.report_text(result)
    print(text)
    sys.exit(code)


@task
def golden(c):
    """Write the golden tree (tests/golden/) from a build of the fixture
    report, after a change to the site that is meant; review its diff."""
    sys.path.insert(0, str(HERE))
    from tests.support.golden import GOLDEN, write_golden

    count = write_golden()
    print(f"{count} files written to {GOLDEN.relative_to(HERE)}/: review them with `git diff {GOLDEN.relative_to(HERE)}`")
