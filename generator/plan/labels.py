"""Vietnamese words for the plan's vocabularies, shared by messages and pages."""

from __future__ import annotations

from enum import StrEnum

from .model import Comparison, DeadlineKind, KpiResult, Shown, Status

STATUS_LABELS: dict[Status, str] = {
    Status.NOT_STARTED: "Chưa triển khai",
    Status.IN_PROGRESS: "Đang thực hiện",
    Status.DONE: "Đã hoàn thành",
    Status.PAUSED: "Tạm dừng",
    Status.CANCELLED: "Đã hủy bỏ",
    Status.WAITING: "Chờ điều kiện",
}

DEADLINE_LABELS: dict[DeadlineKind, str] = {
    DeadlineKind.DATE: "một ngày cụ thể",
    DeadlineKind.MONTH: "một tháng",
    DeadlineKind.QUARTER: "một quý",
    DeadlineKind.ONGOING: "thường xuyên",
    DeadlineKind.CONDITION: "khi có chủ trương, hướng dẫn",
    DeadlineKind.SCHEDULE: "theo tiến độ được phê duyệt",
}

# Sorted by "Thời hạn", tasks with a due date come first, by date; then those without one,
# in this order of their kind (pages/markup.py deadline_sort_key).
DEADLINE_SORT_ORDER: tuple[DeadlineKind, ...] = (
    DeadlineKind.ONGOING,
    DeadlineKind.SCHEDULE,
    DeadlineKind.CONDITION,
    DeadlineKind.DATE,
    DeadlineKind.MONTH,
    DeadlineKind.QUARTER,
)

COMPARISON_LABELS: dict[Comparison, str] = {
    Comparison.AT_LEAST: "tối thiểu",
    Comparison.AT_MOST: "tối đa",
    Comparison.EQUAL: "bằng",
}

SHOWN_LABELS: dict[Shown, str] = {
    Shown.NOT_REPORTED: "Chưa cập nhật",
    **{Shown(s.value): label for s, label in STATUS_LABELS.items()},
}
# A symbol beside every label: status is never told by colour alone.
SHOWN_ICONS: dict[Shown, str] = {
    Shown.NOT_REPORTED: "?",
    Shown.NOT_STARTED: "○",
    Shown.IN_PROGRESS: "◐",
    Shown.DONE: "✓",
    Shown.PAUSED: "‖",
    Shown.CANCELLED: "✕",
    Shown.WAITING: "…",
}
KPI_LABELS: dict[KpiResult, str] = {
    KpiResult.MET: "✓ Đạt",
    KpiResult.NOT_MET: "✕ Chưa đạt",
    KpiResult.NOT_MEASURED: "? Chưa có số liệu",
}


# The plan's keys in words, for a place said to a reviewer: "trường «Tỷ lệ» (percent)".
FIELD_LABELS: dict[str, str] = {
    "id": "Mã",
    "title": "Tên",
    "text": "Lời văn",
    "items": "Các ý",
    "products": "Sản phẩm",
    "lead": "Cơ quan chủ trì",
    "partners": "Cơ quan phối hợp",
    "deadline": "Thời gian hoàn thành",
    "kind": "Loại thời hạn",
    "month": "Tháng",
    "quarter": "Quý",
    "also": "Loại thời hạn khác",
    "trigger": "Chủ trương",
    "due": "Hạn",
    "note": "Ghi chú",
    "updates": "Cập nhật",
    "date": "Ngày",
    "status": "Trạng thái",
    "percent": "Tỷ lệ",
    "period": "Kỳ báo cáo",
    "evidence": "Minh chứng",
    "url": "Liên kết",
    "kpis": "Chỉ tiêu",
    "metric": "Đại lượng",
    "comparison": "So sánh",
    "value": "Giá trị",
    "unit": "Đơn vị",
    "measurements": "Số liệu",
    "source": "Nguồn",
    "name": "Tên",
    "short": "Tên ngắn",
    "collective": "Tập hợp",
    "organization": "Cơ quan ban hành",
    "year": "Năm",
    "as_of": "Ngày chốt số liệu",
}


# Markers derived from deadlines, shown on top of a status; never typed by staff.
class Marker(StrEnum):
    """A derived marker beside a task's status."""

    OVERDUE = "overdue"
    LATE = "late"


MARKER_LABELS: dict[Marker, str] = {
    Marker.OVERDUE: "Quá hạn",
    Marker.LATE: "Hoàn thành trễ hạn",
}
MARKER_ICON = "!"

# Phrases the pages build around values; `{…}` are filled in by generator/pages/render.py.
NOT_REPORTED_FOR = "Chưa cập nhật {period}"
# Overdue with no report in the data: one badge says both, not "not reported" then "overdue".
OVERDUE_NOT_REPORTED = "Quá hạn, chưa có báo cáo"
UPCOMING_TITLE = "Sắp đến hạn trong {days} ngày"
DEADLINE_ONGOING = "báo cáo theo quý; kỳ hiện tại: {period}"
# Once the plan's year is over there is no current period: its last quarter is the last one.
DEADLINE_ONGOING_ENDED = "báo cáo theo quý; kỳ cuối của kế hoạch: {period}"
# What the data holds, said as such: the site knows its file, not what the agency published.
NO_REPORT_IN_DATA = "Dữ liệu chưa có báo cáo tiến độ nào"
PLAN_ENDED = "Năm kế hoạch {year} đã kết thúc"
DATA_DATE = "Dữ liệu đến ngày {date}"
STALE_DATA = "Dữ liệu cũ"
# A field of the agency's identity the plan file does not give (never guessed).
NOT_IN_DATA = "chưa có trong dữ liệu"
FEEDBACK_TASK = "Góp ý về nhiệm vụ này"
# The mail subject (or the form's `task` parameter) of a task's feedback link.
FEEDBACK_SUBJECT = "Góp ý về nhiệm vụ {task} ({plan})"
DEADLINE_SET = "hạn được ấn định: {date}"
DEADLINE_NONE = "chưa có hạn cụ thể"
DEADLINE_END = "hạn cuối: {date}"
# One measurement against its KPI's threshold (the KPI verdict carries a symbol too).
MEASUREMENT_MET = "Đạt"
MEASUREMENT_NOT_MET = "Chưa đạt"
# A KPI without a measurement yet, within a sentence.
NO_MEASUREMENT = "chưa có số liệu"
# Beside a plan text the English edition shows in its Vietnamese original (no `_en` given).
UNTRANSLATED = "(bản gốc tiếng Việt)"

# Percent is a whole number: progress is reported to the percent, and "75,5" against "75.5"
# (decimal comma or point) is a question nobody has to ask. Said by messages, schema, guide.
PERCENT_RULE = "số nguyên từ 0 đến 100, không có phần thập phân"

# Field names as staff say them in Vietnamese: a key typed in Vietnamese (`ghi chú:`) is
# answered with the field it means. Matched without diacritics or case (slug.fold).
FIELD_WORDS: dict[str, str] = {
    "ghi chú": "note",
    "ghi chú kết quả": "note",
    "kết quả": "note",
    "nội dung": "note",
    "trạng thái": "status",
    "tình trạng": "status",
    "tỷ lệ": "percent",
    "tỉ lệ": "percent",
    "phần trăm": "percent",
    "tiến độ": "percent",
    "tỷ lệ hoàn thành": "percent",
    "ngày": "date",
    "ngày báo cáo": "date",
    "ngày cập nhật": "date",
    "kỳ": "period",
    "kỳ báo cáo": "period",
    "quý": "period",
    "minh chứng": "evidence",
    "tài liệu": "evidence",
    "văn bản": "evidence",
    "tên": "title",
    "tiêu đề": "title",
    "tên văn bản": "title",
    "tên tài liệu": "title",
    "liên kết": "url",
    "đường dẫn": "url",
    "địa chỉ": "url",
    "cập nhật": "updates",
    "báo cáo": "updates",
    "mã": "id",
    "nhiệm vụ": "title",
    "sản phẩm": "products",
    "chủ trì": "lead",
    "đơn vị chủ trì": "lead",
    "phối hợp": "partners",
    "đơn vị phối hợp": "partners",
    "thời hạn": "deadline",
    "hạn": "deadline",
    "giá trị": "value",
    "nguồn": "source",
    "số liệu": "measurements",
}

# Which item a field belongs to, in words: "'updates' thuộc về một nhiệm vụ".
ITEM_WORDS: dict[str, str] = {
    "PlanMeta": "thông tin chung (plan)",
    "Area": "lĩnh vực",
    "Group": "nhóm",
    "Target": "mục tiêu",
    "Task": "nhiệm vụ",
    "Deadline": "thời hạn (deadline)",
    "Trigger": "mốc trigger",
    "Update": "lần cập nhật",
    "Link": "minh chứng",
    "Kpi": "chỉ tiêu",
    "Measurement": "số liệu chỉ tiêu",
    "Unit": "đơn vị",
}
