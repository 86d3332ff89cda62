"""What the open data publishes: each dataset, and each of its columns declared once.

A column is a name, a JSON type, a description and how to read its value from the site;
the CSV, XLSX and JSON files, their schemas and the "Dữ liệu mở" page all come from these
lists (opendata.py), so a column cannot be published without its description.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..derive import routes
from ..derive.views import Site, TaskView
from ..plan.labels import KPI_LABELS, SHOWN_LABELS


@dataclass(frozen=True)
class Col:
    """One published column: its name, JSON type, description and value."""

    name: str
    kind: str  # "string", "integer", "number", "boolean", "date", "list"
    description: str
    get: Callable[[Any], Any]

    def schema(self) -> dict[str, Any]:
        types: dict[str, dict[str, Any]] = {
            "string": {"type": ["string", "null"]},
            "integer": {"type": ["integer", "null"]},
            "number": {"type": ["number", "null"]},
            "boolean": {"type": "boolean"},
            "date": {"type": ["string", "null"], "format": "date"},
            "list": {"type": "array", "items": {"type": "string"}},
        }
        return {**types[self.kind], "description": self.description}

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


@dataclass(frozen=True)
class _Ref:
    """What a column getter receives: the view, the site and the site's URL."""

    v: Any
    site: Site
    url: str


@dataclass(frozen=True)
class Dataset:
    """One published table: its file stem (nhiem-vu), title, description, columns, rows."""

    name: str
    title: str
    description: str
    columns: list[Col]
    views: Callable[[Site], Sequence[Any]]  # a row for each: the site's tasks, or its KPIs

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


TASK_COLUMNS = [
    Col("ma", "string", "Mã nhiệm vụ, cố định (ví dụ II.1.3.b).", lambda r: r.v.task.id),
    Col("linh_vuc", "string", "Mã lĩnh vực (số La Mã).", lambda r: r.v.area.id),
    Col("ten_linh_vuc", "string", "Tên lĩnh vực.", lambda r: r.v.area.title),
    Col("nhom", "string", "Mã nhóm trong lĩnh vực, nếu có.", lambda r: r.v.group.id if r.v.group else None),
    Col("ma_muc_tieu", "string", "Mã mục tiêu mà nhiệm vụ phục vụ.", lambda r: r.v.target.id),
    Col("muc_tieu", "string", "Mục tiêu, đúng lời văn của kế hoạch.", lambda r: r.v.target.text),
    Col("nhiem_vu", "string", "Nhiệm vụ cụ thể, đúng lời văn của kế hoạch.", lambda r: r.v.task.title),
    Col("cac_y", "list", "Các ý liệt kê trong nhiệm vụ.", lambda r: list(r.v.task.items)),
    Col("san_pham", "list", "Sản phẩm phải có.", lambda r: list(r.v.task.products)),
    Col("chu_tri", "list", "Cơ quan, đơn vị chủ trì.", lambda r: _names(r.site, r.v.task.lead)),
    Col("phoi_hop", "list", "Cơ quan, đơn vị phối hợp.", lambda r: _names(r.site, r.v.task.partners)),
    Col(
        "thoi_han", "string", "Thời gian hoàn thành, ghi đúng như kế hoạch.", lambda r: r.v.task.deadline.text
    ),
    Col(
        "loai_thoi_han",
        "string",
        "Loại thời hạn: date, month, quarter, ongoing (thường xuyên), condition, schedule.",
        lambda r: r.v.task.deadline.kind.value,
    ),
    Col(
        "han_cuoi",
        "date",
        "Hạn cuối tính được tại ngày chốt số liệu; trống nếu thường xuyên hoặc chưa có hạn.",
        lambda r: r.v.state.due,
    ),
    Col(
        "trang_thai",
        "string",
        "Mã trạng thái: not_reported (chưa cập nhật), not_started, in_progress, done, paused, "
        "cancelled, waiting.",
        lambda r: r.v.state.shown.value,
    ),
    Col("trang_thai_ten", "string", "Trạng thái bằng lời.", lambda r: SHOWN_LABELS[r.v.state.shown]),
    Col(
        "qua_han",
        "boolean",
        "true nếu đã quá hạn mà chưa hoàn thành (hoặc hủy).",
        lambda r: r.v.state.overdue,
    ),
    Col("hoan_thanh_tre", "boolean", "true nếu hoàn thành sau hạn.", lambda r: r.v.state.done_late),
    Col(
        "so_lan_cap_nhat",
        "integer",
        "Số lần cập nhật đến ngày chốt số liệu.",
        lambda r: len(r.v.state.history),
    ),
    Col("ngay_cap_nhat", "date", "Ngày của lần cập nhật mới nhất.", _updated("date")),
    Col(
        "phan_tram",
        "integer",
        "Phần trăm khối lượng trong lần cập nhật mới nhất, nếu có.",
        _updated("percent"),
    ),
    Col(
        "ghi_chu",
        "string",
        "Ghi chú của lần cập nhật mới nhất.",
        lambda r: (_latest(r.v).note or None) if _latest(r.v) else None,
    ),
    Col(
        "minh_chung",
        "list",
        "Địa chỉ các tài liệu minh chứng của lần cập nhật mới nhất.",
        lambda r: [e.url for e in _latest(r.v).evidence] if _latest(r.v) else [],
    ),
    Col(
        "lien_ket",
        "string",
        "Địa chỉ của nhiệm vụ trên trang này.",
        lambda r: f"{r.url}{routes.url(r.v.page)}#{routes.task_anchor(r.v.task.id)}",
    ),
]

KPI_COLUMNS = [
    Col("ma_muc_tieu", "string", "Mã mục tiêu nêu chỉ tiêu.", lambda r: r.v.target.id),
    Col("ma_chi_tieu", "string", "Mã chỉ tiêu trong mục tiêu.", lambda r: r.v.kpi.id),
    Col("linh_vuc", "string", "Mã lĩnh vực.", lambda r: r.v.area.id),
    Col("dai_luong", "string", "Đại lượng được đo.", lambda r: r.v.kpi.metric),
    Col(
        "so_sanh",
        "string",
        "Cách so sánh với ngưỡng: at_least (tối thiểu), at_most (tối đa), equal (bằng).",
        lambda r: r.v.kpi.comparison.value,
    ),
    Col("nguong", "number", "Ngưỡng phải đạt.", lambda r: r.v.kpi.value),
    Col("don_vi", "string", "Đơn vị của ngưỡng và số liệu, ví dụ %.", lambda r: r.v.kpi.unit),
    Col("so_lan_do", "integer", "Số lần có số liệu đến ngày chốt.", lambda r: len(r.v.state.measurements)),
    Col("gia_tri_moi_nhat", "number", "Số liệu mới nhất đến ngày chốt.", _measured("value")),
    Col("ngay_so_lieu", "date", "Ngày của số liệu mới nhất.", _measured("date")),
    Col("nguon", "string", "Nguồn của số liệu mới nhất.", _measured("source")),
    Col("lien_ket_nguon", "string", "Liên kết tới nguồn số liệu, nếu có.", _measured("url")),
    Col(
        "ket_qua",
        "string",
        "met (đạt), not_met (chưa đạt), not_measured (chưa có số liệu).",
        lambda r: r.v.state.result.value,
    ),
    Col("ket_qua_ten", "string", "Kết quả bằng lời.", lambda r: KPI_LABELS[r.v.state.result]),
]


DATASETS = [
    Dataset(
        "nhiem-vu",
        "Nhiệm vụ",
        "Mỗi dòng một nhiệm vụ của kế hoạch, với trạng thái tính tại ngày chốt số liệu.",
        TASK_COLUMNS,
        lambda site: site.tasks,
    ),
    Dataset(
        "chi-tieu",
        "Chỉ tiêu",
        "Mỗi dòng một chỉ tiêu số của các mục tiêu, với số liệu mới nhất và kết quả.",
        KPI_COLUMNS,
        lambda site: site.kpis,
    ),
]
