"""Every page path and anchor of the site, defined once; templates, the feed, the
search index, the nav and the tests ask here.

Paths are source pages under docs/ ('linh-vuc/ii.md'); MkDocs turns them into
directory URLs ('linh-vuc/ii/'). A plan's pages sit under its prefix: '' on a
one-plan site (the first site's URLs never change), 'so-cong-thuong/2023/' on a
site of several plans. Pages link to each other relatively, so a plan's pages are
rendered once, as on a one-plan site, and then moved under the prefix.
"""

from __future__ import annotations

HOME = "index.md"
AREAS = "linh-vuc/index.md"
UNITS = "don-vi/index.md"
UPDATES = "cap-nhat.md"
METHOD = "cach-tinh.md"
SOURCE = "nguon-du-lieu.md"
GUIDE = "huong-dan.md"
CONTACT = "lien-he.md"
OPEN_DATA = "du-lieu-mo.md"
FEED = "atom.xml"
# Site-wide pages of a site with several plans.
PROVINCE = "toan-tinh.md"
# The English edition: the same pages under this folder (Vietnamese stays at the root).
ENGLISH = "en/"
# The nav MkDocs reads (mkdocs.yml `INHERIT`s it); a dot file, so it is not published.
NAV_FILE = ".nav.yml"

# A plan's own pages in its nav, in order. Area and unit pages are reached from them.
PLAN_NAV: list[tuple[str, str]] = [
    ("Tổng quan", HOME),
    ("Lĩnh vực", AREAS),
    ("Đơn vị", UNITS),
    ("Cập nhật gần đây", UPDATES),
    ("Cách tính", METHOD),
    ("Nguồn dữ liệu", SOURCE),
    ("Hướng dẫn cập nhật", GUIDE),
    ("Dữ liệu mở", OPEN_DATA),
    ("Liên hệ", CONTACT),
]
# A plan's pages the English edition leaves out: the staff's guide is for Vietnamese staff.
NOT_TRANSLATED = frozenset({GUIDE})
# Pages each plan has that are not in the nav (glob patterns under the plan's prefix).
PLAN_NOT_IN_NAV = ["linh-vuc/*.md", "linh-vuc/*/*.md", "don-vi/*.md", "don-vi/*/*.md"]


def area(area_id: str) -> str:
    """Source page of an area, e.g. 'linh-vuc/ii.md'."""
    return f"linh-vuc/{area_id.lower()}.md"


def area_part(area_id: str, part_id: str) -> str:
    """Source page of one part (a group, or a target outside groups) of an area too long
    for one page (budget.AREA_PAGE_TASKS), e.g. 'linh-vuc/ii/1.md' for group II.1."""
    suffix = part_id.removeprefix(f"{area_id}.")
    return f"linh-vuc/{area_id.lower()}/{suffix.lower()}.md"


def unit(unit_id: str) -> str:
    """Source page of a unit, e.g. 'don-vi/thanh-tra.md'."""
    return f"don-vi/{unit_id}.md"


def unit_part(unit_id: str, part_id: str) -> str:
    """Source page of a unit's tasks in one area (or one part of an area) when the unit has
    too many for one page (budget.UNIT_PAGE_TASKS), e.g. 'don-vi/cac-don-vi/ii.md'."""
    return f"don-vi/{unit_id}/{part_id.lower()}.md"


def task_anchor(task_id: str) -> str:
    """A task's permanent anchor on its area page: the task id itself ('II.1.3.b')."""
    return task_id


def target_anchor(target_id: str) -> str:
    """A target's anchor on its area page, e.g. 'muc-tieu-II.1.3'."""
    return f"muc-tieu-{target_id}"


def group_anchor(group_id: str) -> str:
    """A group's anchor on its area page, e.g. 'nhom-II.1'."""
    return f"nhom-{group_id}"


def url(page: str) -> str:
    """The URL path MkDocs gives a source page (directory URLs): 'linh-vuc/ii/'."""
    if page == HOME:
        return ""
    stem = page.removesuffix(".md")
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def edition(lang: str) -> str:
    """The folder of a language's edition: '' for Vietnamese, 'en/' for English."""
    return ENGLISH if lang == "en" else ""


def in_edition(path: str, lang: str) -> str:
    """A site path ('linh-vuc/ii/' or 'so-cong-thuong/2023/') in the edition of `lang`:
    the English edition holds the same path under ENGLISH."""
    return edition(lang) + path.removeprefix(ENGLISH)


def plan_prefix(agency: str, year: int) -> str:
    """Where a plan's pages sit on a site of several plans: 'so-cong-thuong/2023/'."""
    return f"{agency}/{year}/"


def inside(path: str) -> bool:
    """A relative path that stays in the folder it is written into, however it is joined:
    not absolute, no empty, '.' or '..' segment, no NUL or backslash. Every file the
    generator writes under an output folder is checked against this (write.py)."""
    return all(
        part not in ("", ".", "..") and "\0" not in part and "\\" not in part for part in path.split("/")
    )


def logo_path(logo: str) -> str:
    """Where the agency's logo file (plan.logo) is copied: 'assets/logo.svg' (under the
    plan's prefix on a site of several plans)."""
    suffix = logo.rsplit(".", 1)[-1].lower()
    return f"assets/logo.{suffix}"
