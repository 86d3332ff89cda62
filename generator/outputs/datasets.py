"""What the open data publishes: each dataset, and each of its columns declared once.

A column is a name, a JSON type, a description and how to read its value from the site,
and the same name and description in English; the CSV, XLSX and JSON files (Vietnamese
column names, and an English-named copy under en/), their schemas and the "Dữ liệu mở"
page all come from these lists (opendata.py), so a column cannot be published without its
description in both languages.

Columns ending in `_en` hold the plan's English text (the `_en` fields, plan/english.py):
empty where the plan gives none, never the Vietnamese in its place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from ..derive import routes
from ..derive.views import Site, TaskView
from ..plan.english import english_name
from ..plan.labels import KPI_LABELS, SHOWN_LABELS


@dataclass(frozen=True)
class Col:
    """One published column: its name, JSON type, description and value, and its name and
    description in English (the English-named files and the bilingual column list)."""

    name: str
    kind: str  # "string", "integer", "number", "boolean", "date", "list"
    description: str
    get: Callable[[Any], Any]
    name_en: str = field(kw_only=True)
    description_en: str = field(kw_only=True)

    def schema(self, lang: str = "vi") -> dict[str, Any]:
        types: dict[str, dict[str, Any]] = {
            "string": {"type": ["string", "null"]},
            "integer": {"type": ["integer", "null"]},
            "number": {"type": ["number", "null"]},
            "boolean": {"type": "boolean"},
            "date": {"type": ["string", "null"], "format": "date"},
            "list": {"type": "array", "items": {"type": "string"}},
        }
        return {**types[self.kind], "description": self.description_en if lang == "en" else self.description}

    @property
    def kind_label(self) -> str:
        return {
            "string": "chữ",
            "integer": "số nguyên",
            "number": "số",
            "boolean": "true/false",
            "date": "ngày YYYY-MM-DD",
            "list": "danh sách",
        }[self.kind]

    @property
    def kind_label_en(self) -> str:
        return {
            "string": "text",
            "integer": "whole number",
            "number": "number",
            "boolean": "true/false",
            "date": "date YYYY-MM-DD",
            "list": "list",
        }[self.kind]


@dataclass(frozen=True)
class _Ref:
    """What a column getter receives: the view, the site and the site's URL."""

    v: Any
    site: Site
    url: str


@dataclass(frozen=True)
class Dataset:
    """One published table: its file stem (nhiem-vu), title, description, columns, rows, and
    its file stem, title and description in English."""

    name: str
    title: str
    description: str
    columns: list[Col]
    views: Callable[[Site], Sequence[Any]]  # a row for each: the site's tasks, or its KPIs
    name_en: str = field(kw_only=True)
    title_en: str = field(kw_only=True)
    description_en: str = field(kw_only=True)

    def table(self, site: Site, url: str) -> list[list[Any]]:
        """Each row's values, column by column (`url`, the site's, makes the links)."""
        return [[c.get(_Ref(v, site, url)) for c in self.columns] for v in self.views(site)]


def _latest(v: TaskView) -> Any:
    return v.state.history[-1] if v.state.history else None


def _updated(attribute: str) -> Callable[[_Ref], Any]:
    """A column of the task's latest update; None when it has none."""
    return lambda r: getattr(_latest(r.v), attribute) if _latest(r.v) else None


def _measured(attribute: str) -> Callable[[_Ref], Any]:
    """A column of the KPI's latest measurement; None when it has none."""
    return lambda r: getattr(r.v.state.latest, attribute) if r.v.state.latest else None


def _names(site: Site, ids: list[str]) -> list[str]:
    return [site.unit_names[i].name for i in ids]


def _english(record: BaseModel, name: str) -> Any:
    """The English of field `name` on `record`: None (a list: []) where the plan gives none."""
    value = getattr(record, english_name(name))
    return list(value) if isinstance(value, list) else value


def _names_en(site: Site, ids: list[str]) -> list[str]:
    """The units' English names; [] unless every one of them has one (never half a list)."""
    names = [site.unit_names[i].name_en for i in ids]
    return [n for n in names if n] if all(names) else []


TASK_COLUMNS = [
    Col(
        "ma",
        "string",
        "Mã nhiệm vụ, cố định (ví dụ II.1.3.b).",
        lambda r: r.v.task.id,
        name_en="id",
        description_en="Task id, stable (e.g. II.1.3.b).",
    ),
    Col(
        "linh_vuc",
        "string",
        "Mã lĩnh vực (số La Mã).",
        lambda r: r.v.area.id,
        name_en="area",
        description_en="Reform area id (a Roman numeral).",
    ),
    Col(
        "ten_linh_vuc",
        "string",
        "Tên lĩnh vực.",
        lambda r: r.v.area.title,
        name_en="area_title",
        description_en="Name of the reform area, in Vietnamese.",
    ),
    Col(
        "ten_linh_vuc_en",
        "string",
        "Tên lĩnh vực bằng tiếng Anh; trống nếu kế hoạch chưa có.",
        lambda r: _english(r.v.area, "title"),
        name_en="area_title_en",
        description_en="Name of the reform area in English; empty where the plan gives none.",
    ),
    Col(
        "nhom",
        "string",
        "Mã nhóm trong lĩnh vực, nếu có.",
        lambda r: r.v.group.id if r.v.group else None,
        name_en="group",
        description_en="Id of the group within the area, if any.",
    ),
    Col(
        "ma_muc_tieu",
        "string",
        "Mã mục tiêu mà nhiệm vụ phục vụ.",
        lambda r: r.v.target.id,
        name_en="target_id",
        description_en="Id of the target the task serves.",
    ),
    Col(
        "muc_tieu",
        "string",
        "Mục tiêu, đúng lời văn của kế hoạch.",
        lambda r: r.v.target.text,
        name_en="target",
        description_en="The target, in the plan's own Vietnamese words.",
    ),
    Col(
        "muc_tieu_en",
        "string",
        "Mục tiêu bằng tiếng Anh; trống nếu kế hoạch chưa có.",
        lambda r: _english(r.v.target, "text"),
        name_en="target_en",
        description_en="The target in English; empty where the plan gives none.",
    ),
    Col(
        "nhiem_vu",
        "string",
        "Nhiệm vụ cụ thể, đúng lời văn của kế hoạch.",
        lambda r: r.v.task.title,
        name_en="task",
        description_en="The specific task, in the plan's own Vietnamese words.",
    ),
    Col(
        "nhiem_vu_en",
        "string",
        "Nhiệm vụ cụ thể bằng tiếng Anh; trống nếu kế hoạch chưa có.",
        lambda r: _english(r.v.task, "title"),
        name_en="task_en",
        description_en="The specific task in English; empty where the plan gives none.",
    ),
    Col(
        "cac_y",
        "list",
        "Các ý liệt kê trong nhiệm vụ.",
        lambda r: list(r.v.task.items),
        name_en="items",
        description_en="The points listed in the task, in Vietnamese.",
    ),
    Col(
        "cac_y_en",
        "list",
        "Các ý liệt kê bằng tiếng Anh; trống nếu kế hoạch chưa có.",
        lambda r: _english(r.v.task, "items"),
        name_en="items_en",
        description_en="The points listed in the task, in English; empty where the plan gives none.",
    ),
    Col(
        "san_pham",
        "list",
        "Sản phẩm phải có.",
        lambda r: list(r.v.task.products),
        name_en="products",
        description_en="The required products (deliverables), in Vietnamese.",
    ),
    Col(
        "san_pham_en",
        "list",
        "Sản phẩm bằng tiếng Anh; trống nếu kế hoạch chưa có.",
        lambda r: _english(r.v.task, "products"),
        name_en="products_en",
        description_en="The required products in English; empty where the plan gives none.",
    ),
    Col(
        "chu_tri",
        "list",
        "Cơ quan, đơn vị chủ trì.",
        lambda r: _names(r.site, r.v.task.lead),
        name_en="lead",
        description_en="Lead agencies or units, by their Vietnamese names.",
    ),
    Col(
        "chu_tri_en",
        "list",
        "Tên tiếng Anh chính thức của các đơn vị chủ trì; trống nếu một đơn vị chưa có.",
        lambda r: _names_en(r.site, r.v.task.lead),
        name_en="lead_en",
        description_en="Official English names of the lead units; empty unless each has one.",
    ),
    Col(
        "phoi_hop",
        "list",
        "Cơ quan, đơn vị phối hợp.",
        lambda r: _names(r.site, r.v.task.partners),
        name_en="partners",
        description_en="Supporting agencies or units, by their Vietnamese names.",
    ),
    Col(
        "phoi_hop_en",
        "list",
        "Tên tiếng Anh chính thức của các đơn vị phối hợp; trống nếu một đơn vị chưa có.",
        lambda r: _names_en(r.site, r.v.task.partners),
        name_en="partners_en",
        description_en="Official English names of the supporting units; empty unless each has one.",
    ),
    Col(
        "thoi_han",
        "string",
        "Thời gian hoàn thành, ghi đúng như kế hoạch.",
        lambda r: r.v.task.deadline.text,
        name_en="deadline",
        description_en="The deadline as the plan words it, in Vietnamese.",
    ),
    Col(
        "thoi_han_en",
        "string",
        "Thời gian hoàn thành bằng tiếng Anh; trống nếu kế hoạch chưa có.",
        lambda r: _english(r.v.task.deadline, "text"),
        name_en="deadline_en",
        description_en="The deadline in English; empty where the plan gives none.",
    ),
    Col(
        "loai_thoi_han",
        "string",
        "Loại thời hạn: date, month, quarter, ongoing (thường xuyên), condition, schedule.",
        lambda r: r.v.task.deadline.kind.value,
        name_en="deadline_kind",
        description_en="Kind of deadline: date, month, quarter, ongoing, condition (once a decision "
        "is made), schedule (as an approved schedule says).",
    ),
    Col(
        "han_cuoi",
        "date",
        "Hạn cuối tính được tại ngày chốt số liệu; trống nếu thường xuyên hoặc chưa có hạn.",
        lambda r: r.v.state.due,
        name_en="due",
        description_en="Due date computed at the as-of date; empty when ongoing or not yet fixed.",
    ),
    Col(
        "trang_thai",
        "string",
        "Mã trạng thái: not_reported (chưa cập nhật), not_started, in_progress, done, paused, "
        "cancelled, waiting.",
        lambda r: r.v.state.shown.value,
        name_en="status",
        description_en="Status code: not_reported (no report yet), not_started, in_progress, done, paused, "
        "cancelled, waiting.",
    ),
    Col(
        "trang_thai_ten",
        "string",
        "Trạng thái bằng lời.",
        lambda r: SHOWN_LABELS[r.v.state.shown],
        name_en="status_label",
        description_en="The status in words, in Vietnamese (the code is in status).",
    ),
    Col(
        "qua_han",
        "boolean",
        "true nếu đã quá hạn mà chưa hoàn thành (hoặc hủy).",
        lambda r: r.v.state.overdue,
        name_en="overdue",
        description_en="true when the task is past its due date and neither done nor cancelled.",
    ),
    Col(
        "hoan_thanh_tre",
        "boolean",
        "true nếu hoàn thành sau hạn.",
        lambda r: r.v.state.done_late,
        name_en="done_late",
        description_en="true when the task was done after its due date.",
    ),
    Col(
        "so_lan_cap_nhat",
        "integer",
        "Số lần cập nhật đến ngày chốt số liệu.",
        lambda r: len(r.v.state.history),
        name_en="updates",
        description_en="Number of progress updates up to the as-of date.",
    ),
    Col(
        "ngay_cap_nhat",
        "date",
        "Ngày của lần cập nhật mới nhất.",
        _updated("date"),
        name_en="updated",
        description_en="Date of the latest update.",
    ),
    Col(
        "phan_tram",
        "integer",
        "Phần trăm khối lượng trong lần cập nhật mới nhất, nếu có.",
        _updated("percent"),
        name_en="percent",
        description_en="Percentage of the work done, as of the latest update, if given.",
    ),
    Col(
        "ghi_chu",
        "string",
        "Ghi chú của lần cập nhật mới nhất.",
        lambda r: (_latest(r.v).note or None) if _latest(r.v) else None,
        name_en="note",
        description_en="Note of the latest update, in Vietnamese as reported.",
    ),
    Col(
        "minh_chung",
        "list",
        "Địa chỉ các tài liệu minh chứng của lần cập nhật mới nhất.",
        lambda r: [e.url for e in _latest(r.v).evidence] if _latest(r.v) else [],
        name_en="evidence",
        description_en="Links to the evidence documents of the latest update.",
    ),
    Col(
        "lien_ket",
        "string",
        "Địa chỉ của nhiệm vụ trên trang này.",
        lambda r: f"{r.url}{routes.url(r.v.page)}#{routes.task_anchor(r.v.task.id)}",
        name_en="url",
        description_en="Address of the task on this site.",
    ),
]

KPI_COLUMNS = [
    Col(
        "ma_muc_tieu",
        "string",
        "Mã mục tiêu nêu chỉ tiêu.",
        lambda r: r.v.target.id,
        name_en="target_id",
        description_en="Id of the target that states the KPI.",
    ),
    Col(
        "ma_chi_tieu",
        "string",
        "Mã chỉ tiêu trong mục tiêu.",
        lambda r: r.v.kpi.id,
        name_en="id",
        description_en="KPI id within its target.",
    ),
    Col(
        "linh_vuc",
        "string",
        "Mã lĩnh vực.",
        lambda r: r.v.area.id,
        name_en="area",
        description_en="Reform area id.",
    ),
    Col(
        "dai_luong",
        "string",
        "Đại lượng được đo.",
        lambda r: r.v.kpi.metric,
        name_en="metric",
        description_en="What is measured, in Vietnamese.",
    ),
    Col(
        "dai_luong_en",
        "string",
        "Đại lượng được đo, bằng tiếng Anh; trống nếu kế hoạch chưa có.",
        lambda r: _english(r.v.kpi, "metric"),
        name_en="metric_en",
        description_en="What is measured, in English; empty where the plan gives none.",
    ),
    Col(
        "so_sanh",
        "string",
        "Cách so sánh với ngưỡng: at_least (tối thiểu), at_most (tối đa), equal (bằng).",
        lambda r: r.v.kpi.comparison.value,
        name_en="comparison",
        description_en="How a value is compared with the threshold: at_least, at_most, equal.",
    ),
    Col(
        "nguong",
        "number",
        "Ngưỡng phải đạt.",
        lambda r: r.v.kpi.value,
        name_en="threshold",
        description_en="The threshold to reach.",
    ),
    Col(
        "don_vi",
        "string",
        "Đơn vị của ngưỡng và số liệu, ví dụ %.",
        lambda r: r.v.kpi.unit,
        name_en="unit",
        description_en="Unit of the threshold and the values, e.g. %.",
    ),
    Col(
        "so_lan_do",
        "integer",
        "Số lần có số liệu đến ngày chốt.",
        lambda r: len(r.v.state.measurements),
        name_en="measurements",
        description_en="Number of measurements up to the as-of date.",
    ),
    Col(
        "gia_tri_moi_nhat",
        "number",
        "Số liệu mới nhất đến ngày chốt.",
        _measured("value"),
        name_en="latest_value",
        description_en="Latest measured value up to the as-of date.",
    ),
    Col(
        "ngay_so_lieu",
        "date",
        "Ngày của số liệu mới nhất.",
        _measured("date"),
        name_en="measured",
        description_en="Date of the latest measurement.",
    ),
    Col(
        "nguon",
        "string",
        "Nguồn của số liệu mới nhất.",
        _measured("source"),
        name_en="source",
        description_en="Source of the latest measurement, in Vietnamese as reported.",
    ),
    Col(
        "lien_ket_nguon",
        "string",
        "Liên kết tới nguồn số liệu, nếu có.",
        _measured("url"),
        name_en="source_url",
        description_en="Link to the source of the measurement, if any.",
    ),
    Col(
        "ket_qua",
        "string",
        "met (đạt), not_met (chưa đạt), not_measured (chưa có số liệu).",
        lambda r: r.v.state.result.value,
        name_en="result",
        description_en="met, not_met, or not_measured (no measurement yet).",
    ),
    Col(
        "ket_qua_ten",
        "string",
        "Kết quả bằng lời.",
        lambda r: KPI_LABELS[r.v.state.result],
        name_en="result_label",
        description_en="The result in words, in Vietnamese (the code is in result).",
    ),
]


DATASETS = [
    Dataset(
        "nhiem-vu",
        "Nhiệm vụ",
        "Mỗi dòng một nhiệm vụ của kế hoạch, với trạng thái tính tại ngày chốt số liệu.",
        TASK_COLUMNS,
        lambda site: site.tasks,
        name_en="tasks",
        title_en="Tasks",
        description_en="One row per task of the plan, with its status computed at the as-of date.",
    ),
    Dataset(
        "chi-tieu",
        "Chỉ tiêu",
        "Mỗi dòng một chỉ tiêu số của các mục tiêu, với số liệu mới nhất và kết quả.",
        KPI_COLUMNS,
        lambda site: site.kpis,
        name_en="kpis",
        title_en="KPIs",
        description_en="One row per numeric KPI of the targets, with its latest measurement and result.",
    ),
]
