"""The one typed model of a plan, as staff write it in `content/plan.yaml`.

Every field carries a description: they are what staff see in their editor
(through the JSON Schema) and a test fails when one is missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .fields import AreaId, Email, KpiId, Month, Number, PlanId, Quarter, Text, UnitId, Url, WholeNumber

# English text sits beside the Vietnamese in a field of the same name ending in "_en"
# (english.py reads them); the Vietnamese stays the original, the English is optional.
_UNTRANSLATED = (
    "Bỏ trống thì trang tiếng Anh hiện lời tiếng Việt, ghi rõ là chưa dịch; chỉ ghi bản dịch đã được "
    "duyệt, không dùng bản dịch máy."
)


def _english(what: str) -> str:
    """The description of an English field: what it translates, and what an empty one means."""
    return f"{what} bằng tiếng Anh (không bắt buộc). {_UNTRANSLATED}"


# Where a value sits in the plan: keys and list positions from the top, e.g.
# ("areas", 1, "targets", 0, "tasks", 2, "title"). Problems, positions and walks use it.
FieldPath = tuple[str | int, ...]

# --- vocabularies -----------------------------------------------------------


class Status(StrEnum):
    """What staff report about a task. "Not reported" is the absence of any update."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    PAUSED = "paused"
    CANCELLED = "cancelled"
    WAITING = "waiting"


class DeadlineKind(StrEnum):
    """How the appendix states a deadline."""

    DATE = "date"  # "Trước 15/11/2022"
    MONTH = "month"  # "Tháng 01/2022", "Trong tháng 11/2022"
    QUARTER = "quarter"  # "Quý III/2022"
    ONGOING = "ongoing"  # "Thường xuyên"
    CONDITION = "condition"  # "Khi có chủ trương của UBND tỉnh"
    SCHEDULE = "schedule"  # "Theo tiến độ phê duyệt"


# The kinds whose due date is fixed later, by a dated trigger (a decision or an approval).
TRIGGER_KINDS = frozenset({DeadlineKind.CONDITION, DeadlineKind.SCHEDULE})


class Comparison(StrEnum):
    """How a KPI's measured value is compared with its threshold."""

    AT_LEAST = "at_least"  # "tối thiểu 96%"
    AT_MOST = "at_most"
    EQUAL = "equal"


class Shown(StrEnum):
    """A task's status as the public sees it: the reported status, or not reported."""

    NOT_REPORTED = "not_reported"
    NOT_STARTED = Status.NOT_STARTED.value
    IN_PROGRESS = Status.IN_PROGRESS.value
    DONE = Status.DONE.value
    PAUSED = Status.PAUSED.value
    CANCELLED = Status.CANCELLED.value
    WAITING = Status.WAITING.value


class KpiResult(StrEnum):
    """Whether a KPI's latest measurement meets its threshold."""

    MET = "met"
    NOT_MET = "not_met"
    NOT_MEASURED = "not_measured"


class _Model(BaseModel):
    # Unknown keys are typos ("titel:"): reject them, never silently ignore them.
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- the plan ------------------------------------------------------------------


class Link(_Model):
    """A piece of evidence: a decision, report or page anyone can open."""

    title: Text = Field(description="Tên tài liệu, ví dụ 'Quyết định số 123/QĐ-SCT'.")
    url: Url = Field(
        description="Địa chỉ web đầy đủ, bắt đầu bằng https:// (http:// được nhận nhưng bị cảnh báo)."
    )


class Update(_Model):
    """One dated progress report on a task; the latest one is the task's status."""

    date: dt.date = Field(description="Ngày báo cáo, dạng YYYY-MM-DD.")
    status: Status = Field(description="Trạng thái tại ngày báo cáo.")
    percent: WholeNumber | None = Field(
        default=None,
        ge=0,
        le=100,
        description="Phần trăm khối lượng đã làm, nếu có: số nguyên từ 0 đến 100, không có phần thập phân "
        "(75, không phải 0.75 hay 75,5), không kèm dấu %.",
    )
    period: Quarter | None = Field(
        default=None,
        description=(
            "Kỳ báo cáo (quý) của nhiệm vụ thường xuyên, dạng 2022-Q3; mặc định là quý chứa ngày báo cáo."
        ),
    )
    note: str = Field(default="", description="Ghi chú ngắn về kết quả.")
    evidence: list[Link] = Field(default_factory=list, description="Tài liệu minh chứng.")


class Trigger(_Model):
    """The dated event that fixed the due date of a conditional or scheduled task."""

    date: dt.date = Field(description="Ngày có chủ trương, hướng dẫn hoặc phê duyệt.")
    due: dt.date = Field(description="Hạn hoàn thành được ấn định từ đó, dạng YYYY-MM-DD.")
    note: str = Field(default="", description="Văn bản nào ấn định hạn, ví dụ số quyết định.")
    evidence: list[Link] = Field(default_factory=list, description="Tài liệu minh chứng.")


class Deadline(_Model):
    """A deadline as the appendix writes it and as a typed value."""

    text: Text = Field(description="Thời gian hoàn thành, ghi đúng như trong kế hoạch.")
    text_en: Text | None = Field(default=None, description=_english("Thời gian hoàn thành"))
    kind: DeadlineKind = Field(description="Loại thời hạn chính.")
    date: dt.date | None = Field(default=None, description="Ngày hết hạn (khi kind: date).")
    month: Month | None = Field(default=None, description="Tháng hết hạn (khi kind: month).")
    quarter: Quarter | None = Field(default=None, description="Quý hết hạn (khi kind: quarter).")
    also: list[DeadlineKind] = Field(
        default_factory=list,
        description="Các loại thời hạn khác cùng ghi trong ô, ví dụ 'Thường xuyên; Khi có ...'.",
    )
    trigger: Trigger | None = Field(
        default=None,
        description="Khi điều kiện đã có (chủ trương, phê duyệt): ngày và hạn được ấn định.",
    )

    @model_validator(mode="after")
    def _fields_match_kind(self) -> Deadline:
        wanted = {
            DeadlineKind.DATE: "date",
            DeadlineKind.MONTH: "month",
            DeadlineKind.QUARTER: "quarter",
        }.get(self.kind)
        for name in ("date", "month", "quarter"):
            given = getattr(self, name) is not None
            if name == wanted and not given:
                raise ValueError(f"thời hạn loại '{self.kind}' cần trường '{name}'")
            if name != wanted and given:
                raise ValueError(f"trường '{name}' chỉ dùng khi kind: {name}")
        if self.trigger is not None and not ({self.kind, *self.also} & TRIGGER_KINDS):
            raise ValueError(
                "trường 'trigger' chỉ dùng cho thời hạn có điều kiện (condition) "
                "hoặc theo tiến độ phê duyệt (schedule)"
            )
        return self


class Task(_Model):
    """One row of the appendix: a specific task with its product, units and deadline."""

    id: PlanId = Field(description="Mã nhiệm vụ, cố định: mã mục tiêu + chữ cái, ví dụ II.1.3.b.")
    title: Text = Field(description="Nhiệm vụ cụ thể, đúng lời văn của kế hoạch.")
    title_en: Text | None = Field(default=None, description=_english("Nhiệm vụ cụ thể"))
    items: list[Text] = Field(
        default_factory=list, description="Các ý liệt kê trong nhiệm vụ (dòng bắt đầu bằng '-')."
    )
    items_en: list[Text] = Field(
        default_factory=list,
        description=_english("Các ý liệt kê") + " Cùng số ý, cùng thứ tự với 'items'.",
    )
    products: list[Text] = Field(min_length=1, description="Sản phẩm phải có.")
    products_en: list[Text] = Field(
        default_factory=list,
        description=_english("Sản phẩm") + " Cùng số mục, cùng thứ tự với 'products'.",
    )
    lead: list[UnitId] = Field(min_length=1, description="Mã các đơn vị chủ trì.")
    partners: list[UnitId] = Field(default_factory=list, description="Mã các đơn vị phối hợp.")
    deadline: Deadline = Field(description="Thời gian hoàn thành.")
    note: str = Field(default="", description="Ghi chú công khai về nhiệm vụ, in dưới nhiệm vụ.")
    note_en: Text | None = Field(default=None, description=_english("Ghi chú công khai"))
    transcription_note: str = Field(
        default="",
        description=(
            "Ghi chú của người chép lại: ô nào bị hỏng, đã đọc thế nào. Chỉ in ở trang Nguồn dữ liệu, "
            "cạnh lời văn gốc; không phải ghi chú công khai của nhiệm vụ."
        ),
    )
    updates: list[Update] = Field(
        default_factory=list, description="Nhật ký cập nhật tiến độ, mỗi lần một mục có ngày."
    )


class Measurement(_Model):
    """One dated measured value of a KPI."""

    date: dt.date = Field(description="Ngày số liệu.")
    value: Number = Field(description="Giá trị đo được, cùng đơn vị với chỉ tiêu.")
    source: Text = Field(description="Nguồn số liệu, ví dụ 'Báo cáo CCHC quý III/2022'.")
    url: Url | None = Field(default=None, description="Liên kết tới nguồn, nếu có.")


class Kpi(_Model):
    """A numeric threshold stated by a target, e.g. "tối thiểu 96%"."""

    id: KpiId = Field(description="Mã chỉ tiêu trong mục tiêu, ví dụ hs-dung-han.")
    metric: Text = Field(description="Đại lượng được đo, ví dụ 'Tỷ lệ hồ sơ giải quyết đúng hạn'.")
    metric_en: Text | None = Field(default=None, description=_english("Đại lượng được đo"))
    comparison: Comparison = Field(description="Cách so sánh: at_least (tối thiểu), at_most, equal.")
    value: Number = Field(description="Ngưỡng phải đạt.")
    unit: Text = Field(description="Đơn vị, ví dụ '%'.")
    measurements: list[Measurement] = Field(default_factory=list, description="Số liệu theo thời gian.")


class Target(_Model):
    """A target (mục tiêu) and the tasks that serve it."""

    id: PlanId = Field(description="Mã mục tiêu theo số thứ tự của phụ lục, ví dụ II.2.2.")
    title: Text | None = Field(default=None, description="Tên nội dung, khi phụ lục có (ví dụ I.1).")
    text: Text = Field(description="Mục tiêu, đúng lời văn của kế hoạch.")
    title_en: Text | None = Field(default=None, description=_english("Tên nội dung"))
    text_en: Text | None = Field(default=None, description=_english("Mục tiêu"))
    kpis: list[Kpi] = Field(default_factory=list, description="Các ngưỡng số mục tiêu nêu ra.")
    tasks: list[Task] = Field(min_length=1, description="Các nhiệm vụ cụ thể.")


class Group(_Model):
    """A numbered heading inside an area (e.g. II.1) that groups targets."""

    id: PlanId = Field(description="Mã nhóm, ví dụ II.1.")
    title: Text = Field(description="Tên nhóm, đúng lời văn của kế hoạch.")
    title_en: Text | None = Field(default=None, description=_english("Tên nhóm"))
    targets: list[Target] = Field(min_length=1, description="Các mục tiêu trong nhóm.")


class Area(_Model):
    """A reform area (lĩnh vực), numbered I to VII."""

    id: AreaId = Field(description="Số La Mã, ví dụ II.")
    title: Text = Field(description="Tên lĩnh vực.")
    title_en: Text | None = Field(default=None, description=_english("Tên lĩnh vực"))
    groups: list[Group] = Field(default_factory=list, description="Các nhóm (nếu lĩnh vực chia nhóm).")
    targets: list[Target] = Field(
        default_factory=list,
        description="Các mục tiêu không thuộc nhóm nào (đứng sau các nhóm, như trong phụ lục).",
    )

    @model_validator(mode="after")
    def _groups_or_targets(self) -> Area:
        if not self.groups and not self.targets:
            raise ValueError("lĩnh vực cần 'groups' hoặc 'targets' (hoặc cả hai)")
        return self


class Unit(_Model):
    """An agency or division named in the plan, declared once and referenced by id."""

    id: UnitId = Field(description="Mã đơn vị, chữ thường không dấu, ví dụ thanh-tra.")
    name: Text = Field(description="Tên đầy đủ, ví dụ 'Thanh tra Sở'.")
    short: Text = Field(description="Tên ngắn dùng trong bảng.")
    name_en: Text | None = Field(
        default=None, description=_english("Tên chính thức") + " Ví dụ 'Department Inspectorate'."
    )
    short_en: Text | None = Field(default=None, description=_english("Tên ngắn"))
    collective: bool = Field(
        default=False, description="true nếu là mục tập hợp, như 'Các phòng, đơn vị thuộc Sở'."
    )


class Person(_Model):
    """A named contact: who answers the public for the plan."""

    name: Text = Field(description="Họ và tên.")
    title: Text | None = Field(default=None, description="Chức vụ, ví dụ 'Chánh Văn phòng'.")
    unit: Text | None = Field(default=None, description="Phòng, đơn vị công tác.")
    phone: Text | None = Field(default=None, description="Số điện thoại.")
    email: Email | None = Field(default=None, description="Thư điện tử.")


class Contact(_Model):
    """How to reach the agency, as Nghị định 42/2022/NĐ-CP (điều 4) asks a state body's site to say."""

    address: Text | None = Field(default=None, description="Địa chỉ trụ sở.")
    phone: Text | None = Field(default=None, description="Số điện thoại.")
    email: Email | None = Field(default=None, description="Thư điện tử.")
    website: Url | None = Field(default=None, description="Cổng hoặc trang thông tin điện tử của cơ quan.")
    person: Person | None = Field(default=None, description="Người đầu mối trả lời về kế hoạch.")


class PlanDocument(_Model):
    """The signed document that issued the plan."""

    number: Text | None = Field(default=None, description="Số, ký hiệu, ví dụ '123/KH-SCT'.")
    date: dt.date | None = Field(default=None, description="Ngày ký, dạng YYYY-MM-DD.")
    signer: Text | None = Field(default=None, description="Người ký, ví dụ 'Phó Giám đốc Nguyễn Văn A'.")
    url: Url | None = Field(default=None, description="Đường dẫn tới văn bản đã ký (PDF).")


class Feedback(_Model):
    """Where the public sends feedback or complaints about the plan (phản ánh, kiến nghị)."""

    url: Url | None = Field(default=None, description="Trang tiếp nhận phản ánh, kiến nghị.")
    phone: Text | None = Field(default=None, description="Số điện thoại đường dây nóng.")
    email: Email | None = Field(default=None, description="Thư điện tử nhận góp ý.")
    note: Text | None = Field(default=None, description="Lời dặn ngắn cho người gửi, nếu cần.")


class ReportSettings(_Model):
    """What the official progress report (generator report --docx) prints around its body."""

    recipients: list[Text] = Field(
        default_factory=list, description="Nơi nhận, mỗi dòng một nơi, ví dụ 'UBND tỉnh (b/c)'."
    )
    signing_title: Text | None = Field(
        default=None, description="Thẩm quyền ký, ví dụ 'GIÁM ĐỐC' hoặc 'KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC'."
    )
    signer: Text | None = Field(default=None, description="Họ và tên người ký.")


class PlanMeta(_Model):
    """Title, owner and reporting date of the plan."""

    title: Text = Field(description="Tên kế hoạch.")
    organization: Text = Field(description="Cơ quan ban hành.")
    title_en: Text | None = Field(default=None, description=_english("Tên kế hoạch"))
    organization_en: Text | None = Field(
        default=None,
        description=(
            "Tên tiếng Anh CHÍNH THỨC của cơ quan (không bắt buộc), ví dụ tên trên cổng thông tin "
            "tiếng Anh của tỉnh; không tự dịch. " + _UNTRANSLATED
        ),
    )
    agency: UnitId | None = Field(
        default=None,
        description=(
            "Mã cơ quan, chữ thường không dấu, ví dụ so-cong-thuong: đường dẫn của kế hoạch khi một "
            "trang có nhiều kế hoạch (so-cong-thuong/2023/); mặc định lấy từ tên cơ quan."
        ),
    )
    year: WholeNumber = Field(ge=2000, le=2100, description="Năm kế hoạch.")
    as_of: dt.date = Field(
        description=(
            "Ngày chốt số liệu, dạng YYYY-MM-DD: mọi trạng thái tính tại ngày này, và không cập nhật "
            "nào được ghi ngày sau nó. Người giữ tệp ghi ngày này (ví dụ ngày kiểm tra bản chép)."
        )
    )
    source: Text = Field(description="Văn bản gốc (phụ lục) mà dữ liệu được chép lại.")
    sample: bool = Field(default=False, description="true nếu là dữ liệu minh họa, không phải số liệu thật.")
    parent: Text | None = Field(
        default=None,
        description="Cơ quan cấp trên trực tiếp, ví dụ 'UBND tỉnh Đồng Nai': in trên tên cơ quan.",
    )
    parent_en: Text | None = Field(default=None, description=_english("Tên chính thức của cơ quan cấp trên"))
    short_name: Text | None = Field(
        default=None,
        description="Chữ viết tắt tên cơ quan trong số, ký hiệu văn bản, ví dụ SCT trong '123/BC-SCT'.",
    )
    place: Text | None = Field(
        default=None, description="Địa danh ghi trên văn bản: 'Đồng Nai, ngày … tháng … năm …'."
    )
    contact: Contact | None = Field(
        default=None, description="Địa chỉ, điện thoại, thư điện tử, người đầu mối."
    )
    logo: Text | None = Field(
        default=None, description="Tệp biểu trưng của cơ quan (SVG hoặc PNG), đường dẫn tính từ tệp kế hoạch."
    )
    document: PlanDocument | None = Field(default=None, description="Văn bản ban hành kế hoạch.")
    feedback: Feedback | None = Field(
        default=None, description="Kênh tiếp nhận góp ý, phản ánh của người dân."
    )
    report: ReportSettings | None = Field(
        default=None, description="Nơi nhận và người ký của báo cáo tiến độ."
    )


class Plan(_Model):
    """The whole file: metadata, units and the seven reform areas."""

    plan: PlanMeta = Field(description="Thông tin chung của kế hoạch.")
    units: list[Unit] = Field(min_length=1, description="Danh sách đơn vị, khai báo một lần.")
    areas: list[Area] = Field(min_length=1, description="Các lĩnh vực cải cách.")

    def targets(self) -> list[Target]:
        """Every target, in the order of the appendix: in each area, those in groups first."""
        return [placed.target for placed in walk_targets(self)]

    def tasks(self) -> list[Task]:
        """Every task, in the order of the appendix."""
        return [placed.task for placed in walk(self)]


# --- the one walk of the tree ---------------------------------------------------------
# Validation, derive (and later exports) all need "each target/task with where it sits";
# they ask here instead of each nesting its own loops over areas, groups and targets.


@dataclass(frozen=True)
class PlacedTarget:
    """A target with its area, its group (None for an area's own targets) and its path."""

    area: Area
    group: Group | None
    target: Target
    path: FieldPath  # e.g. ("areas", 1, "groups", 0, "targets", 2)


@dataclass(frozen=True)
class PlacedTask:
    """A task with its area, group, target and path, e.g. (..., "targets", 2, "tasks", 1)."""

    area: Area
    group: Group | None
    target: Target
    task: Task
    path: FieldPath


def area_targets(area: Area, index: int) -> Iterator[PlacedTarget]:
    """The targets of the area at `index`, in the appendix's order: grouped ones first."""
    for g, group in enumerate(area.groups):
        for t, target in enumerate(group.targets):
            yield PlacedTarget(area, group, target, ("areas", index, "groups", g, "targets", t))
    for t, target in enumerate(area.targets):
        yield PlacedTarget(area, None, target, ("areas", index, "targets", t))


def walk_targets(plan: Plan) -> Iterator[PlacedTarget]:
    """Every target of the plan, placed."""
    for a, area in enumerate(plan.areas):
        yield from area_targets(area, a)


def walk(plan: Plan) -> Iterator[PlacedTask]:
    """Every task of the plan with its area, group, target and path, in the appendix's order."""
    for placed in walk_targets(plan):
        for n, task in enumerate(placed.target.tasks):
            yield PlacedTask(placed.area, placed.group, placed.target, task, (*placed.path, "tasks", n))
