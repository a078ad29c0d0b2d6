"""Images in findings and pages: taken from content/images/, published
under images/ beside the pages, linked from every page at its depth and in
every language, embedded in the PDFs; every wrong image refused by the check
with a message naming the file, the line, the path and what was expected."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from conftest import ROOT, copy_root, parse
from shadowreport.build import build
from shadowreport.errors import ReportError
from shadowreport.loader import load_report
from tests.support.pngs import png


def add_line(path: Path, line: str) -> int:
    """Append a paragraph to a Markdown file; the line number it is on."""
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + line + "\n"
    path.write_text(text, encoding="utf-8")
    return text.count("\n")


@pytest.fixture
def report(tmp_path) -> Path:
    root = copy_root("english-default", tmp_path)
    (root / "content" / "images" / "maps").mkdir(parents=True)
    (root / "content" / "images" / "maps" / "pilot.png").write_bytes(png())
    return root


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("images")
    root = copy_root("english-default", tmp)
    (root / "content" / "images" / "maps").mkdir(parents=True)
    (root / "content" / "images" / "maps" / "pilot.png").write_bytes(png())
    content = root / "content"
    add_line(content / "commitments" / "b1.md", "![Map of the pilot regions](images/maps/pilot.png)")
    add_line(content / "commitments" / "j1.es.md", '<img src="images/maps/pilot.png" alt="Mapa">')
    add_line(content / "pages" / "about.md", "![Map][map]\n\n[map]: images/maps/pilot.png")
    add_line(content / "pages" / "about.es.md", "![Mapa](images/maps/pilot.png)")
    output = tmp / "output"
    assert build(ROOT / "pelicanconf.py", output=output, PATH=str(content),
                 SHADOWREPORT_CACHE_PATH=str(tmp / "cache")) == 0
    return output


@pytest.mark.parametrize("page", ["commitments/B1/index.html", "es/commitments/B1/index.html",
                                  "es/commitments/J1/index.html", "about/index.html", "es/about/index.html"])
def test_the_image_is_published_and_linked_from_every_page(site, page):
    published = site / "images" / "maps" / "pilot.png"
    assert published.read_bytes() == png()
    sources = [img.get("src") for img in parse(site / page).iter("img") if "pilot" in (img.get("src") or "")]
    assert sources, f"no image on {page}"
    for src in sources:
        assert not src.startswith(("/", "http")), src
        assert ((site / page).parent / src).resolve() == published.resolve()


def test_the_image_has_its_alt_text(site):
    images = [img for img in parse(site / "commitments/B1/index.html").iter("img") if "pilot" in img.get("src", "")]
    assert [img.get("alt") for img in images] == ["Map of the pilot regions"]


@pytest.mark.parametrize("pdf", ["pdf/commitment-B1.pdf", "es/pdf/commitment-J1.pdf", "pdf/report.pdf"])
def test_the_image_is_in_the_pdfs(site, pdf):
    with pikepdf.open(site / pdf) as document:
        sizes = [(int(image.Width), int(image.Height)) for page in document.pages
                 for image in page.get_images().values()]
    assert (3, 2) in sizes


def test_a_commitment_without_an_image_has_none_in_its_pdf(site):
    with pikepdf.open(site / "pdf" / "commitment-J2.pdf") as document:
        assert not [name for page in document.pages for name in page.get_images()]


def problems_of(root: Path) -> list[str]:
    with pytest.raises(ReportError) as raised:
        load_report(root)
    return [str(problem) for problem in raised.value.problems]


TYPES = "expected a .png, .jpg, .jpeg, .gif, .svg or .webp file"
BAD = {
    "![](images/maps/pilot.png)":
        'has no alt text: describe the image for those who cannot see it, e.g. ![Map of the pilot regions](images/map.png)',
    "![Map](images/maps/missing.png)": "does not exist: expected the file content/images/maps/missing.png",
    "![Map](../data/logo.png)": "leaves content/images/: expected a path under it, written as images/map.png",
    "![Map](images/../commitments/b1.png)": "leaves content/images/: expected a path under it, written as images/map.png",
    "![Map](/etc/logo.png)": "leaves content/images/: expected a path under it, written as images/map.png",
    "![Map](file:///etc/logo.png)": "is not a file path: expected a path under content/images/, written as images/map.png",
    '<img src="data:image/png;base64,iVBORw0KGgo=" alt="Map">':
        "is not a file path: expected a path under content/images/, written as images/map.png",
    "![Map](pilot.png)": "is not in content/images/: expected a path written as images/<file name>, e.g. images/map.png",
    "![Map](https://example.org/map.png)":
        "is on another host: the site loads nothing from elsewhere; save the image into content/images/ and write its path, e.g. images/map.png",
    '<img src="http://example.org/map.png" alt="Map">':
        "is on another host: the site loads nothing from elsewhere; save the image into content/images/ and write its path, e.g. images/map.png",
    "![Map](images/maps/notes.txt)": f"is not an image: {TYPES}",
    "![Map](images/maps/fake.png)": "is not a PNG image (its content is not): save it again as PNG",
    "![Map](images/maps/outside.png)": "is a link that leads outside content/images/: copy the file into content/images/ instead",
    "![Map](images/maps/active.svg)": "is an SVG with a script, an event handler or a link to elsewhere: "
                                      "the site publishes none; export the drawing again without them, or as PNG",
}


@pytest.mark.parametrize("markdown", list(BAD))
def test_a_wrong_image_is_refused_with_its_message(report, markdown):
    maps = report / "content" / "images" / "maps"
    (maps / "notes.txt").write_text("not an image")
    (maps / "fake.png").write_text("<html>not a PNG</html>")
    (report / "secret.png").write_bytes(png())
    (maps / "outside.png").symlink_to(report / "secret.png")
    (maps / "active.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')
    line = add_line(report / "content" / "commitments" / "b1.md", markdown)
    src = markdown.split("](")[1].rstrip(")") if "](" in markdown else markdown.split('"')[1]
    assert problems_of(report) == [f'content/commitments/b1.md, line {line}, image: "{src}" {BAD[markdown]}']


def test_an_image_in_a_code_block_is_no_image(report):
    add_line(report / "content" / "pages" / "about.md", "    ![Map](https://example.org/map.png)")
    add_line(report / "content" / "pages" / "about.md", "`![Map](../secret.png)` is how not to do it.")
    assert load_report(report).pages


def test_check_names_the_line_of_each_image(report):
    about = report / "content" / "pages" / "about.md"
    first = add_line(about, "![Map](images/maps/pilot.png)")
    second = add_line(about, "Again: ![](images/maps/pilot.png)")
    assert first != second
    assert problems_of(report) == [f'content/pages/about.md, line {second}, image: "images/maps/pilot.png" has no alt text: '
                                   "describe the image for those who cannot see it, e.g. ![Map of the pilot regions](images/map.png)"]


def test_an_image_the_check_did_not_see_is_left_out_and_fails_the_build(caplog):
    """A fork's Markdown extension could show an image the check's Markdown
    does not: the build leaves it out and logs an error (which fails it)."""
    from shadowreport.imagelinks import site_paths
    from shadowreport.model import Document

    document = Document(source=Path("/r/content/pages/a.md"), name="content/pages/a.md", lang="en",
                        metadata={}, body="", body_line=3)
    html = site_paths('<p>Map: <img alt="Map" src="https://example.org/map.png"></p>', document)
    assert html == "<p>Map: </p>"
    assert [record.levelname for record in caplog.records] == ["ERROR"]
    assert "content/pages/a.md: the image https://example.org/map.png was not checked" in caplog.text
