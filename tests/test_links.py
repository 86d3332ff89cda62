"""Every internal link and #anchor of the built sites resolves, checked on the HTML itself.

Independent of MkDocs' own validation: it reads what a browser would follow, including
links written by templates, the theme and JavaScript-free navigation.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

BASE = "http://site.invalid/"
# The address the test builds are configured with (mkdocs.yml's default SITE_URL):
# canonical links and the feed name it, and they point into the same site.
SITE_URL = "http://127.0.0.1:8000/"
ATTRIBUTES = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src", "iframe": "src"}


def _target(site: Path, path: str) -> Path | None:
    """The file a site path serves, as a static server does (folder -> its index.html)."""
    local = site / unquote(path).lstrip("/")
    if local.is_dir():
        local = local / "index.html"
    return local if local.is_file() else None


def broken_links(site: Path) -> list[str]:
    """Every internal href/src in every HTML page of `site` that does not resolve."""
    ids: dict[Path, set[str]] = {}

    def anchors(page: Path) -> set[str]:
        if page not in ids:
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            ids[page] = {str(t["id"]) for t in soup.find_all(id=True)} | {
                str(t["name"]) for t in soup.find_all("a", attrs={"name": True})
            }
        return ids[page]

    problems: list[str] = []
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in ATTRIBUTES.items():
            for element in soup.find_all(tag, attrs={attr: True}):
                link = str(element[attr])
                if link.startswith(SITE_URL):
                    link = "/" + link.removeprefix(SITE_URL)
                url = urlsplit(urljoin(BASE + rel, link))
                if f"{url.scheme}://{url.netloc}/" != BASE:
                    continue  # another site, mailto:, data: ...
                target = _target(site, url.path)
                if target is None:
                    problems.append(f"{rel}: {link} -> no file {url.path}")
                elif (
                    url.fragment and target.suffix == ".html" and unquote(url.fragment) not in anchors(target)
                ):
                    problems.append(f"{rel}: {link} -> no id '{url.fragment}' in {target.relative_to(site)}")
    return problems


def test_every_internal_link_and_anchor_resolves_in_the_real_site(real_site: Path) -> None:
    assert len(list(real_site.rglob("*.html"))) >= 15
    assert broken_links(real_site) == []


def test_every_internal_link_and_anchor_resolves_in_the_sample_site(sample_site: Path) -> None:
    assert broken_links(sample_site) == []


def test_the_checker_finds_a_missing_page_and_a_missing_anchor(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a> <a href="a/#muc-1">ok</a> <a href="#tren">ok</a> <p id="tren"></p>'
        '<a href="b/">mất trang</a> <a href="a/#muc-2">mất neo</a> <a href="https://example.org/x">ngoài</a>'
        f'<link rel="canonical" href="{SITE_URL}c/">',
        encoding="utf-8",
    )
    (tmp_path / "a" / "index.html").write_text('<h2 id="muc-1">Mục 1</h2><a href="../">lên</a>', "utf-8")

    assert broken_links(tmp_path) == [
        "index.html: b/ -> no file /b/",
        "index.html: a/#muc-2 -> no id 'muc-2' in a/index.html",
        "index.html: /c/ -> no file /c/",
    ]
