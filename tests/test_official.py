"""A site the department can put its name to (issue 17): it says only what the data shows,
an ended plan reads as ended on every page, the agency's identity comes from the plan file
and nothing else, and a reader can respond about a task. Real MkDocs builds, read as HTML."""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.derive import routes
from generator.derive.portal import STALE_AFTER_DAYS
from generator.plan import labels
from generator.plan.load import load_file

from .conftest import PORTAL_PLANS, REAL_PLAN, ROOT, SAMPLE_PLAN, build_site, run_generator


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _page(site: Path, page: str) -> Path:
    return site / routes.url(page) / "index.html"


def _main_text(site: Path, page: str) -> str:
    main = _soup(_page(site, page)).select_one("article")
    assert main is not None
    return " ".join(main.get_text(" ").split())


# --- exact honesty -----------------------------------------------------------------------


def test_the_real_plan_says_what_the_data_holds_not_what_the_agency_did(real_site: Path) -> None:
    home = _main_text(real_site, routes.HOME)
    assert "chưa công bố" not in home
    assert labels.NO_REPORT_IN_DATA.lower() in home.lower()
    method = _main_text(real_site, routes.METHOD)
    assert "do cơ quan công bố" not in method
    assert "ghi trong tệp dữ liệu (trường as_of" in method


def test_transcription_notes_are_on_the_source_page_not_on_task_pages(real_site: Path) -> None:
    raw = load_file(REAL_PLAN).data
    notes = [
        task["transcription_note"]
        for area in raw["areas"]
        for holder in [*area.get("groups", []), area]
        for target in holder.get("targets", [])
        for task in target["tasks"]
        if "transcription_note" in task
    ]
    assert len(notes) == 8
    assert not any(
        "note" in task
        for area in raw["areas"]
        for holder in [*area.get("groups", []), area]
        for target in holder.get("targets", [])
        for task in target["tasks"]
    )
    source = _main_text(real_site, routes.SOURCE)
    areas = " ".join(_main_text(real_site, routes.area(a["id"])) for a in raw["areas"])
    for note in notes:
        flat = " ".join(note.split())
        assert flat in source
        assert flat[:40] not in areas, "a transcription note is not the task's public note"


def test_an_overdue_task_without_a_report_says_so_in_one_badge(sample_site: Path) -> None:
    page = _soup(_page(sample_site, routes.area("II")))
    badges = [b.get_text(" ", strip=True) for b in page.select(".cc-st-overdue")]
    assert f"! {labels.OVERDUE_NOT_REPORTED}" in badges


# --- an ended plan -----------------------------------------------------------------------


def test_an_ended_plan_reads_as_ended_on_every_page_type(real_site: Path) -> None:
    raw = load_file(REAL_PLAN).data
    pages = [
        routes.HOME,
        routes.AREAS,
        routes.area("II"),
        routes.UNITS,
        routes.unit("van-phong"),
        routes.UPDATES,
        routes.OPEN_DATA,
    ]
    ended = labels.PLAN_ENDED.format(year=raw["plan"]["year"])
    for page in pages:
        text = _main_text(real_site, page)
        assert ended in text, page
        assert "kỳ hiện tại" not in text, page
        assert "Sắp đến hạn" not in text, page
        assert "Số liệu tính đến ngày" not in text, page
    assert "kỳ cuối của kế hoạch: Quý IV/2022" in _main_text(real_site, routes.area("II"))


def test_a_running_plan_still_shows_its_current_period_and_what_is_due_soon(sample_site: Path) -> None:
    home = _main_text(sample_site, routes.HOME)
    assert "Sắp đến hạn trong" in home
    assert "Năm kế hoạch 2022 đã kết thúc" not in home


# --- first screen ------------------------------------------------------------------------


def test_the_first_tiles_are_what_needs_attention_and_no_tile_is_zero(
    real_site: Path, sample_site: Path
) -> None:
    for site in (real_site, sample_site):
        tiles = _soup(_page(site, routes.HOME)).select(".cc-card")
        numbers = [int(t.strong.get_text()) for t in tiles if t.strong]
        assert numbers and 0 not in numbers
        assert tiles[0]["class"][-1] == "cc-card-not_reported"
    real = _soup(_page(real_site, routes.HOME)).select(".cc-card")
    assert [t["class"][-1] for t in real] == ["cc-card-not_reported", "cc-card-overdue"]


# --- official identity -------------------------------------------------------------------


def test_the_real_plan_shows_no_invented_identity(real_site: Path) -> None:
    raw = load_file(REAL_PLAN).data["plan"]
    for absent in ("contact", "document", "feedback", "logo"):
        assert absent not in raw, "the department has not given it yet: the test must follow the plan"
    home = _soup(_page(real_site, routes.HOME))
    footer = home.select_one("footer.md-footer")
    assert footer is not None
    text = footer.get_text(" ")
    assert raw["parent"] in text and raw["organization"] in text
    for word in ("Địa chỉ", "Điện thoại", "Thư điện tử", "Người đầu mối", "Góp ý"):
        assert word not in text
    assert not home.select("a[href^='mailto:']")
    assert not home.select(".cc-feedback")
    assert "SCT" not in (ROOT / "generator/pages/templates/assets/favicon.svg").read_text(encoding="utf-8")
    assert home.select_one(".md-logo img")["src"].endswith("assets/favicon.svg")
    contact = _main_text(real_site, routes.CONTACT)
    lacking = _soup(_page(real_site, routes.CONTACT)).select("article li em")
    assert len(lacking) == 13 and {em.get_text() for em in lacking} == {labels.NOT_IN_DATA}
    assert raw["parent"] in contact
    assert "Tệp dữ liệu của kế hoạch chưa có kênh tiếp nhận góp ý" in contact


def test_check_names_the_identity_fields_the_plan_lacks_without_failing() -> None:
    result = run_generator("check", "--plan", str(REAL_PLAN))
    assert result.returncode == 0, result.stderr
    assert "plan.contact.address" in result.stdout and "plan.feedback" in result.stdout
    assert "plan.parent" not in result.stdout
    assert re.search(r"plan\.yaml:\d+:1: .*thông tin: chưa có plan\.contact\.address", result.stdout)
    annotated = run_generator("check", "--plan", str(REAL_PLAN), env={"GITHUB_ACTIONS": "true"})
    assert "::notice file=" in annotated.stdout and annotated.returncode == 0


def test_the_footer_and_contact_page_carry_the_identity_the_plan_gives(sample_site: Path) -> None:
    raw = load_file(SAMPLE_PLAN).data["plan"]
    for page in (routes.HOME, routes.area("II"), routes.unit("thanh-tra"), routes.UPDATES, routes.OPEN_DATA):
        soup = _soup(_page(sample_site, page))
        footer = soup.select_one("footer.md-footer").get_text(" ")
        for value in (
            raw["contact"]["address"],
            raw["contact"]["phone"],
            raw["contact"]["email"],
            raw["contact"]["person"]["name"],
            raw["document"]["number"],
            raw["feedback"]["phone"],
        ):
            assert value in footer, (page, value)
        assert not soup.select(".md-footer__link"), "no previous / next links"
        assert "Trở lại mục lục" not in soup.get_text()
        band = soup.select_one(".cc-agency")
        assert band.name == "section" and band.get("aria-label"), "the agency band is a named region"
    contact = _main_text(sample_site, routes.CONTACT)
    lacking = _soup(_page(sample_site, routes.CONTACT)).select("article li em")
    assert not lacking, "the sample plan gives every field"
    assert raw["contact"]["person"]["title"] in contact and raw["feedback"]["url"] in contact
    for page in (routes.HOME, routes.SOURCE):
        assert raw["document"]["number"] in _main_text(sample_site, page)


def _with_logo(text: str, logo: str) -> str:
    """The sample plan with `plan.logo` set (the sample itself names none: copies of it
    elsewhere would lack the file)."""
    return text.replace('  place: "Đồng Nai"\n', f'  place: "Đồng Nai"\n  logo: "{logo}"\n', 1)


def test_a_logo_that_is_not_there_stops_check_with_its_line(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    text = SAMPLE_PLAN.read_text(encoding="utf-8")
    plan.write_text(_with_logo(text, "khong-co.svg"), encoding="utf-8")
    result = run_generator("check", "--plan", str(plan))
    assert result.returncode != 0
    assert re.search(r"plan\.yaml:\d+:\d+: .*khong-co\.svg", result.stderr)
    plan.write_text(_with_logo(text, "logo.gif"), encoding="utf-8")
    assert ".svg hoặc .png" in run_generator("check", "--plan", str(plan)).stderr


# --- a way to respond --------------------------------------------------------------------


def test_each_task_has_a_feedback_link_carrying_its_id(sample_site: Path) -> None:
    raw = load_file(SAMPLE_PLAN).data["plan"]["feedback"]
    soup = _soup(_page(sample_site, routes.area("II")))
    links = soup.select(".cc-feedback a")
    tasks = soup.select("h3[id^='II.'], h4[id^='II.']")
    ids = [h["id"] for h in tasks if h.get_text().strip().startswith("Nhiệm vụ")]
    assert ids and len(links) == len(ids)
    for task_id, link in zip(ids, links, strict=True):
        assert link.get_text() == labels.FEEDBACK_TASK
        url = urllib.parse.urlsplit(link["href"])
        assert link["href"].startswith(raw["url"])
        assert urllib.parse.parse_qs(url.query) == {"task": [task_id]}


def test_a_mail_link_without_a_feedback_page_and_the_plan_s_logo_in_the_header(tmp_path: Path) -> None:
    """Without feedback.url, a task's link is a mail with its id in the subject; a plan's
    own logo is copied and replaces the neutral mark."""
    plan = tmp_path / "plan.yaml"
    text = SAMPLE_PLAN.read_text(encoding="utf-8")
    text = re.sub(r'\n    url: "https://dichvucong[^"]*"', "", text)
    plan.write_text(_with_logo(text, "logo.svg"), encoding="utf-8")
    logo = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><circle cx="2" cy="2" r="2"/></svg>'
    (tmp_path / "logo.svg").write_bytes(logo)
    site = build_site(plan, tmp_path / "build")
    assert (site / "assets" / "logo.svg").read_bytes() == logo
    for page in (routes.HOME, routes.area("II")):
        assert _soup(_page(site, page)).select_one(".md-logo img")["src"].endswith("assets/logo.svg")
    link = _soup(_page(site, routes.area("I"))).select_one(".cc-feedback a")
    assert link is not None
    url = urllib.parse.urlsplit(link["href"])
    assert url.scheme == "mailto" and url.path == "gopy@so-minh-hoa.example"
    assert "I.1.a" in urllib.parse.parse_qs(url.query)["subject"][0]


def test_without_a_logo_the_header_shows_the_neutral_mark(sample_site: Path) -> None:
    assert "SCT" not in (ROOT / "generator/pages/templates/assets/favicon.svg").read_text(encoding="utf-8")
    img = _soup(_page(sample_site, routes.area("II"))).select_one(".md-logo img")
    assert img["src"].endswith("assets/favicon.svg")
    assert not (sample_site / "assets" / "logo.svg").exists()


# --- portal ------------------------------------------------------------------------------


def test_each_plan_links_to_its_agency_s_other_years(portal_site: Path) -> None:
    for year, other in ((2022, "2023"), (2023, "2022")):
        soup = _soup(portal_site / "so-cong-thuong" / str(year) / "linh-vuc" / "index.html")
        years = soup.select(".cc-years a")
        assert [a.get_text() for a in years] == ["Năm 2023", "Năm 2022"]
        current = [a.get_text() for a in years if a.get("aria-current") == "page"]
        assert current == [f"Năm {year}"]
        target = next(a["href"] for a in years if a.get_text() == f"Năm {other}")
        assert (
            soup_dir := (portal_site / "so-cong-thuong" / str(year) / "linh-vuc" / target).resolve()
        ).is_dir()
        assert soup_dir == (portal_site / "so-cong-thuong" / other).resolve()
    single = _soup(portal_site / "so-tu-phap" / "2023" / "index.html")
    assert not single.select(".cc-years"), "an agency with one plan has no years to link"


def test_the_portal_compares_an_agency_s_years_in_a_table(portal_site: Path) -> None:
    soup = _soup(portal_site / "index.html")
    tables = soup.select(".cc-years-table table")
    assert len(tables) == 1, "only the agency with two plans"
    rows = [[td.get_text(" ", strip=True) for td in tr.select("td")] for tr in tables[0].select("tbody tr")]
    assert [r[0] for r in rows] == ["2023", "2022"]
    for row in rows:
        assert row[2].endswith("%") and re.fullmatch(r"\d{2}/\d{2}/\d{4}", row[4])


def test_old_data_on_the_portal_is_marked_with_its_date(tmp_path: Path) -> None:
    """The department's 2023 data moves to 31/03/2024: its 2022 data (10/01/2023) is then
    more than STALE_AFTER_DAYS older; Sở Tư pháp's (30/09/2023) is not."""
    older, newer, other = PORTAL_PLANS
    assert "2022" in older.name and "2023" in newer.name
    moved = tmp_path / newer.name
    text = newer.read_text(encoding="utf-8")
    assert "as_of: 2023-10-15" in text
    moved.write_text(text.replace("as_of: 2023-10-15", "as_of: 2024-03-31"), encoding="utf-8")
    site = build_site([older, moved, other], tmp_path / "build")
    home = " ".join(_soup(site / "index.html").get_text(" ").split())
    assert f"{labels.STALE_DATA}: dữ liệu đến ngày 10/01/2023, hơn {STALE_AFTER_DAYS} ngày" in home
    assert home.count(f"{labels.STALE_DATA}:") == 1
    band = _soup(site / "so-cong-thuong" / "2022" / "index.html").select_one(".cc-stale-band")
    assert band is not None and "10/01/2023" in band.get_text()
    for fresh in ("so-cong-thuong/2023", "so-tu-phap/2023"):
        assert not _soup(site / fresh / "index.html").select(".cc-stale-band")
    flagged = _soup(site / "index.html").select(".cc-years-table .cc-stale")
    assert len(flagged) == 1, "the 2022 row of the year-to-year table, not the 2023 one"


@pytest.mark.parametrize("plan", [REAL_PLAN, SAMPLE_PLAN, *PORTAL_PLANS], ids=lambda p: p.name)
def test_check_passes_every_shipped_plan(plan: Path) -> None:
    assert run_generator("check", "--plan", str(plan)).returncode == 0
