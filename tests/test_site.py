"""The built HTML, read with BeautifulSoup: task anchors, the Atom feed, no third parties, escaping."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

from generator.build.pipeline import site_url
from generator.derive import routes
from generator.plan.check import check
from generator.plan.model import Area, Plan, Task, walk

from .conftest import REAL_PLAN, SAMPLE_PLAN

ATOM = "{http://www.w3.org/2005/Atom}"
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Ids the templates set themselves ({#...}): tasks, targets and groups keep the plan's ids.
CUSTOM_ID = re.compile(r"^(muc-tieu-|nhom-)?[IVX]+(\.[0-9]+)*(\.[a-z])?$")
# Anchors a template sets itself ({#bieu-mau}): short ids the guide's links rely on.
TEMPLATE_IDS = frozenset(
    m
    for template in (Path(__file__).parents[1] / "generator/pages/templates").glob("*.j2")
    for m in re.findall(r"\{#([a-z0-9-]+)\}", template.read_text(encoding="utf-8"))
)


@functools.cache
def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _pages(site: Path) -> list[Path]:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10, pages
    return pages


def _text(node: Tag) -> str:
    return " ".join(node.get_text(" ").split())


def _area_page(site: Path, area: Area) -> Path:
    return site / "linh-vuc" / area.id.lower() / "index.html"


def _tasks(plan: Plan) -> list[tuple[Area, Task]]:
    return [(placed.area, placed.task) for placed in walk(plan)]


def _section(heading: Tag) -> list[Tag]:
    """The elements under a heading, up to the next heading."""
    parts: list[Tag] = []
    for sibling in heading.find_next_siblings():
        if sibling.name in HEADINGS:
            break
        parts.append(sibling)
    return parts


def _field(section: list[Tag], label: str) -> str:
    """Text of the list item '<strong>label:</strong> ...' in a task section."""
    found = [
        _text(li)
        for part in section
        for li in part.find_all("li")
        if (strong := li.find("strong")) is not None and _text(strong) == f"{label}:"
    ]
    assert len(found) == 1, (label, found)
    return found[0].removeprefix(f"{label}:").strip()


# --- every task of the real plan -------------------------------------------------------


def test_every_task_has_an_anchor_with_its_details(real_site: Path) -> None:
    plan = check(REAL_PLAN)
    units = {u.id: u.name for u in plan.units}
    tasks = _tasks(plan)
    assert len(tasks) == 57
    for area, task in tasks:
        soup = _soup(_area_page(real_site, area))
        found = soup.find_all(id=task.id)
        assert len(found) == 1, f"{task.id}: {len(found)} elements with this id"
        heading = found[0]
        assert heading.name in HEADINGS, task.id
        assert task.id in _text(heading)
        section = _section(heading)
        body = " ".join(_text(part) for part in section)
        assert task.title in body, task.id
        products = _field(section, "Sản phẩm")
        for product in task.products:
            assert product in products, (task.id, product, products)
        lead = _field(section, "Chủ trì")
        for unit_id in task.lead:
            assert units[unit_id] in lead, (task.id, unit_id, lead)
        if task.partners:
            partners = _field(section, "Phối hợp")
            for unit_id in task.partners:
                assert units[unit_id] in partners, (task.id, unit_id, partners)
        assert _field(section, "Thời hạn").startswith(task.deadline.text), task.id
        # The summary table at the top of the page links to the anchor.
        assert soup.select_one(f'.cc-sortable a[href="./#{task.id}"]') is not None, task.id


# --- the Atom feed ---------------------------------------------------------------------


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200, url
        return response.read().decode("utf-8")


def test_atom_feed_newest_first_and_links_resolve(sample_site: Path, sample_url: str) -> None:
    plan = check(SAMPLE_PLAN)
    prefix = site_url().rstrip("/") + "/"
    root = ET.parse(sample_site / "atom.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}title")
    self_links = [link.get("href") for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_links == [prefix + "atom.xml"]

    entries = root.findall(f"{ATOM}entry")
    reported = [u for _, task in _tasks(plan) for u in task.updates if u.date <= plan.plan.as_of]
    assert len(reported) >= 2
    assert len(entries) == min(len(reported), 200)
    stamps = [dt.datetime.fromisoformat(e.findtext(f"{ATOM}updated") or "") for e in entries]
    assert stamps == sorted(stamps, reverse=True), "entries must be newest first"
    assert stamps[0] > stamps[-1]
    assert stamps[0].date() == max(u.date for u in reported)
    assert dt.datetime.fromisoformat(root.findtext(f"{ATOM}updated") or "") == stamps[0]

    pages: dict[str, BeautifulSoup] = {}
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids), "entry ids must be unique"
    for entry in entries:
        links = entry.findall(f"{ATOM}link")
        assert len(links) == 1
        href = links[0].get("href") or ""
        assert href.startswith(prefix), href
        path, fragment = urldefrag(href[len(prefix) :])
        assert fragment, href
        if path not in pages:
            pages[path] = BeautifulSoup(_fetch(sample_url + path), "html.parser")
        target = pages[path].find_all(id=fragment)
        assert len(target) == 1, href
        assert fragment in (entry.findtext(f"{ATOM}title") or "")


@pytest.mark.parametrize("which", ["real_site", "sample_site"])
def test_every_page_announces_the_feed(which: str, request: pytest.FixtureRequest) -> None:
    site: Path = request.getfixturevalue(which)
    assert (site / "atom.xml").is_file()
    base = site_url().rstrip("/") + "/"
    for page in _pages(site):
        head = _soup(page).head
        assert head is not None, page
        feeds = head.find_all("link", rel="alternate", type="application/atom+xml")
        assert len(feeds) == 1, page
        # Where the page is served, the link leads to the site's one feed.
        page_url = urljoin(base, page.relative_to(site).as_posix().removesuffix("index.html"))
        assert urljoin(page_url, feeds[0]["href"]) == base + "atom.xml", (page, feeds[0]["href"])


# --- no third parties ------------------------------------------------------------------


def test_no_external_resources_in_real_site(real_site: Path) -> None:
    own = urlsplit(site_url()).netloc
    checked = 0
    for page in _pages(real_site):
        soup = _soup(page)
        for tag, attr in (
            ("script", "src"),
            ("link", "href"),
            ("img", "src"),
            ("iframe", "src"),
            ("source", "src"),
            ("embed", "src"),
            ("object", "data"),
        ):
            for element in soup.find_all(tag, attrs={attr: True}):
                url = element[attr]
                parts = urlsplit(url)
                checked += 1
                if parts.scheme == "data":
                    continue
                assert parts.netloc in ("", own), f"{page.relative_to(real_site)}: <{tag} {attr}={url}>"
                assert parts.scheme in ("", "http", "https"), url
        # No inline @import or url() to another host either.
        for style in soup.find_all("style"):
            assert not re.search(r"(url\(|@import)\s*['\"]?(https?:)?//", style.get_text()), page
    assert checked > 100
    # Theme fonts are off: nothing in the built site asks Google for fonts.
    for path in real_site.rglob("*"):
        if path.is_file() and path.suffix not in (".png", ".gz"):
            data = path.read_bytes()
            for host in (b"fonts.googleapis.com", b"fonts.gstatic.com"):
                assert host not in data, f"{host.decode()} in {path.relative_to(real_site)}"


# --- anchors of Vietnamese headings ----------------------------------------------------


def _expected_slug(text: str) -> str:
    """How a reader expects 'Đơn vị thực hiện' in a link: 'don-vi-thuc-hien'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    text = re.sub(r"[^a-z0-9\s-]", "", text.lower())
    return re.sub(r"[\s-]+", "-", text).strip("-")


def _heading_text(heading: Tag) -> str:
    """A heading's words without Material's "¶" permalink."""
    words = [
        str(s)
        for s in heading.find_all(string=True)
        if not (s.parent and "headerlink" in s.parent.get("class", []))
    ]
    return " ".join("".join(words).split())


def test_headings_with_d_keep_it_in_their_anchor(real_site: Path) -> None:
    for page, tag, text, anchor in (
        ("index.html", "h2", "Theo lĩnh vực", "theo-linh-vuc"),
        ("don-vi/index.html", "h1", "Đơn vị thực hiện", "don-vi-thuc-hien"),
        ("nguon-du-lieu/index.html", "h2", "Đơn vị", "don-vi"),
    ):
        found = [h for h in _soup(real_site / page).find_all(tag) if _heading_text(h) == text]
        assert [h.get("id") for h in found] == [anchor], (page, text)

    with_d = 0
    for page in _pages(real_site):
        for heading in _soup(page).find_all(HEADINGS):
            text, anchor = _heading_text(heading), heading.get("id")
            if not anchor or CUSTOM_ID.match(anchor) or anchor in TEMPLATE_IDS or not re.search("[đĐ]", text):
                continue
            with_d += 1
            expected = _expected_slug(text)
            # Python-Markdown makes repeated ids unique with a suffix.
            assert re.fullmatch(re.escape(expected) + r"(_\d+)?", anchor), (page, text, anchor)
    assert with_d >= 3


# --- escaping --------------------------------------------------------------------------


def test_special_characters_are_shown_as_text(sample_site: Path) -> None:
    plan = check(SAMPLE_PLAN)
    area, task = next((a, t) for a, t in _tasks(plan) if "<script>" in t.title)
    for literal in ("|", "*c*", "<script>alert(1)</script>"):
        assert literal in task.title

    page = _soup(_area_page(sample_site, area))
    heading = page.find(id=task.id)
    assert heading is not None
    section = _section(heading)
    assert _text(section[0]) == task.title
    assert task.title in page.get_text()
    for line in (task.note, *(u.note for u in task.updates)):
        if line:
            assert " ".join(line.split()) in _text(page)
    # Nothing typed by staff became markup.
    for part in section:
        assert part.find(["script", "em", "b"]) is None, part
        assert part.find("a", string="e") is None, part  # "[e](https://...)" stays text

    rows = 0
    for path in _pages(sample_site):
        soup = _soup(path)
        for script in soup.find_all("script"):
            assert "alert" not in script.get_text(), path
        for row in soup.select("table tr"):
            link = row.find("a", href=re.compile(re.escape(f"#{task.id}") + "$"))
            if link is None:
                continue
            rows += 1
            cells = row.find_all(["td", "th"], recursive=False)
            assert len(cells) == 5, (path, [_text(c) for c in cells])
            assert _text(cells[0]) == task.id
            # The English edition shows the plan's English title (escaped the same way).
            english = path.relative_to(sample_site).parts[0] == routes.ENGLISH.strip("/")
            title = task.title_en if english and task.title_en else task.title
            assert _text(cells[2]) == title, (path, "title cell cut short", _text(cells[2]))
    # The area page's summary table, the unit pages of both leads, ...
    summary = page.select(".cc-sortable tbody tr")
    assert any(_text(r.find("td")) == task.id for r in summary)
    assert rows >= 1 + len(task.lead) + len(task.partners)

    # In the feed, the same text is character data, not XML elements.
    root = ET.parse(sample_site / "atom.xml").getroot()
    summaries = [
        e.find(f"{ATOM}summary")
        for e in root.findall(f"{ATOM}entry")
        if any(link.get("href", "").endswith(f"#{task.id}") for link in e.findall(f"{ATOM}link"))
    ]
    assert summaries
    for summary_el in summaries:
        assert summary_el is not None and len(summary_el) == 0
        assert task.title in (summary_el.text or "")


# --- official and honest -------------------------------------------------------------


@pytest.mark.parametrize("which", ["real", "sample"])
def test_every_page_names_the_agency_and_plan_without_made_with(
    which: str, request: pytest.FixtureRequest
) -> None:
    site: Path = request.getfixturevalue(f"{which}_site")
    plan = check(REAL_PLAN if which == "real" else SAMPLE_PLAN).plan
    for page in _pages(site):
        soup = _soup(page)
        band, footer = soup.select_one(".cc-agency"), soup.select_one("footer .cc-footer")
        if page.name == "404.html":  # MkDocs makes it alone: names from mkdocs.yml
            assert band is not None and "Sở Công Thương" in _text(band)
            continue
        assert band is not None and footer is not None, page
        # The English edition names them in English where the plan gives it.
        english = page.relative_to(site).parts[0] == routes.ENGLISH.strip("/")
        organization = plan.organization_en if english and plan.organization_en else plan.organization
        title = plan.title_en if english and plan.title_en else plan.title
        for part in (band, footer):
            assert organization in _text(part), page
            assert title in _text(part), page
        assert "Made with" not in soup.get_text(), page
        icon = soup.select_one('link[rel="icon"]')
        assert icon is not None and str(icon["href"]).endswith("assets/favicon.svg"), page


def test_favicon_is_our_own_neutral_svg(real_site: Path) -> None:
    svg = ET.fromstring((real_site / "assets" / "favicon.svg").read_text(encoding="utf-8"))
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    # A neutral mark: no letters standing for an agency ("SCT" showed on Sở Tư pháp's pages too).
    assert "".join(svg.itertext()).strip() == ""
    # Material's own icon is not what the pages point at.
    assert "assets/images/favicon.png" not in (real_site / "index.html").read_text(encoding="utf-8")


def test_home_says_the_plan_year_has_ended(real_site: Path, sample_site: Path) -> None:
    plan = check(REAL_PLAN)
    assert plan.plan.as_of.year > plan.plan.year
    text = _text(_soup(real_site / "index.html").select_one("article"))  # type: ignore[arg-type]
    total = len(_tasks(plan))
    never = sum(1 for _, task in _tasks(plan) if not task.updates)
    assert f"Năm kế hoạch {plan.plan.year} đã kết thúc" in text
    # Counted from the plan as staff keep it (all 57 until the first real report).
    if never == total:
        assert f"cả {total} nhiệm vụ chưa từng được báo cáo" in text
    else:
        assert f"{never} trong {total} nhiệm vụ chưa từng được báo cáo" in text
    # The sample plan is within its year: the plain as-of sentence stays.
    sample = _text(_soup(sample_site / "index.html").select_one("article"))  # type: ignore[arg-type]
    assert "đã kết thúc" not in sample and "Số liệu tính đến ngày 15/10/2022" in sample


def test_updates_list_names_each_task_and_its_area(sample_site: Path) -> None:
    plan = check(SAMPLE_PLAN)
    by_id = {task.id: (area, task) for area, task in _tasks(plan)}
    items = _soup(sample_site / "cap-nhat" / "index.html").select("article li")
    assert len(items) >= 10
    for item in items:
        link = item.find("a")
        assert isinstance(link, Tag)
        task_id = _text(link).split(":")[0].removeprefix("Nhiệm vụ ").strip()
        area, task = by_id[task_id]
        assert _text(link) == f"Nhiệm vụ {task.id}: {task.title}"
        assert f"({area.id}. {area.title})" in _text(item)


def test_upcoming_days_come_from_the_status_rules(sample_site: Path) -> None:
    from generator.plan.status import UPCOMING_DAYS

    home = _text(_soup(sample_site / "index.html").select_one("article"))  # type: ignore[arg-type]
    method = _text(_soup(sample_site / "cach-tinh" / "index.html").select_one("article"))  # type: ignore[arg-type]
    assert f"Sắp đến hạn trong {UPCOMING_DAYS} ngày" in home
    assert f"trong vòng {UPCOMING_DAYS} ngày" in method
