"""The examples of the guide page "Hướng dẫn cập nhật tiến độ", as edits of content/plan.yaml.

The page (generator/pages/templates/guide.md.j2) shows these texts, and tests/test_guide.py applies
them to a copy of the real plan exactly as the page tells staff to, so that an example
which no longer fits the real file (its indentation, its keys, the model) fails a test.
Every text keeps the real file's indentation: tasks of a group sit 16 spaces deep.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..plan.model import Status


@dataclass(frozen=True)
class Edit:
    """One change to a list item (task or KPI) of the plan, as staff type it."""

    item: str  # the id of the task or KPI whose lines change, e.g. "II.1.3.b"
    text: str  # the lines to type, with their real indentation, ending with a newline
    replace: str = ""  # key of the item's line that `text` replaces; "" adds at the item's end


@dataclass(frozen=True)
class Mistake:
    """A mistake staff commonly make, shown as the wrong text and the right one."""

    title: str
    explain: str  # plain Vietnamese: what is wrong and what to type instead
    before: Edit
    after: Edit


# When each status code is used; the words shown on the site come from labels.py.
STATUS_MEANINGS: dict[Status, str] = {
    Status.NOT_STARTED: "Đã báo cáo nhưng chưa bắt đầu thực hiện.",
    Status.IN_PROGRESS: (
        "Đang làm; có thể ghi thêm percent. Báo cáo hằng quý của nhiệm vụ thường xuyên thường dùng mã này."
    ),
    Status.DONE: "Đã có sản phẩm theo kế hoạch (không dùng cho nhiệm vụ thường xuyên).",
    Status.PAUSED: "Tạm dừng hoặc lùi thời gian; nêu lý do trong note.",
    Status.CANCELLED: "Không thực hiện nữa; nêu lý do và văn bản trong note, evidence.",
    Status.WAITING: "Đang chờ chủ trương, hướng dẫn hoặc phê duyệt của cấp trên.",
}

EXAMPLE_TASK = "II.1.3.b"
# The task's lines as they are in content/plan.yaml (a test checks they still are).
EXAMPLE_CONTEXT = """\
              - id: "II.1.3.b"
                title: "Công khai bộ TTHC kịp thời trên Cổng dịch vụ công của tỉnh"
                products: ["TTHC đồng bộ từ Cổng dịch vụ công quốc gia về Cổng DVC của tỉnh"]
                lead: ["thanh-tra"]
                partners: ["cac-don-vi"]
                deadline: {text: "Thường xuyên", kind: "ongoing"}
"""
EXAMPLE_NEXT = '              - id: "II.1.3.c"\n'

# How English text is added beside the Vietnamese: an illustration of the typing only. The
# real plan holds English only where an official translation exists (none today).
ENGLISH = Edit(
    EXAMPLE_TASK,
    "                title_en: \"Publish the administrative procedures on the province's online public "
    'services portal in good time"\n'
    '                products_en: ["Procedures synchronised from the national to the provincial portal"]\n',
)

# Illustration only: no such report exists; staff write their own date, note and link.
UPDATE = Edit(
    EXAMPLE_TASK,
    """\
                updates:
                  - date: 2022-12-26
                    status: in_progress
                    percent: 75
                    note: "Quý IV/2022: đã đồng bộ 45/60 TTHC lên Cổng DVC của tỉnh."
                    evidence:
                      - title: "Báo cáo số 123/BC-SCT ngày 26/12/2022"
                        url: "https://congthuong.dongnai.gov.vn/bao-cao-123-bc-sct.pdf"
""",
)

# A late report for the previous quarter, then the report of the current one.
QUARTERS = Edit(
    EXAMPLE_TASK,
    """\
                updates:
                  - date: 2022-10-05
                    period: 2022-Q3
                    status: in_progress
                    note: "Báo cáo muộn cho quý III/2022: đã đồng bộ 30/60 TTHC."
                  - date: 2022-12-26
                    status: in_progress
                    note: "Quý IV/2022: đã đồng bộ 45/60 TTHC."
""",
)

TRIGGER_TASK = "II.2.1.c"
TRIGGER_BEFORE = '                deadline: {text: "Khi có chủ trương của UBND tỉnh", kind: "condition"}\n'
TRIGGER = Edit(
    TRIGGER_TASK,
    """\
                deadline:
                  text: "Khi có chủ trương của UBND tỉnh"
                  kind: "condition"
                  trigger:
                    date: 2022-09-15
                    due: 2022-12-31
                    note: "Kế hoạch số 456/KH-UBND ngày 15/9/2022 của UBND tỉnh"
                    evidence:
                      - title: "Kế hoạch số 456/KH-UBND"
                        url: "https://dongnai.gov.vn/ke-hoach-456-kh-ubnd.pdf"
""",
    replace="deadline",
)

KPI_ID = "tthc-cong-khai-dung-han"
KPI_CONTEXT = """\
              - id: "tthc-cong-khai-dung-han"
                metric: "Tỷ lệ TTHC công khai đúng hạn"
                comparison: "at_least"
                value: 100
                unit: "%"
"""
MEASUREMENT = Edit(
    KPI_ID,
    """\
                measurements:
                  - date: 2022-12-26
                    value: 75
                    source: "Báo cáo số 123/BC-SCT ngày 26/12/2022"
                    url: "https://congthuong.dongnai.gov.vn/bao-cao-123-bc-sct.pdf"
""",
)

# The mistakes use a task with a quarter deadline (it can be "done") at the same depth.
DATED_TASK = "II.1.5.a"


def _update(
    date: str = "2022-09-30", status: str = "done", note: str = '"Đã ban hành Quyết định phê duyệt."'
) -> str:
    return (
        "                updates:\n"
        f"                  - date: {date}\n"
        f"                    status: {status}\n"
        f"                    note: {note}\n"
    )


_RIGHT = Edit(DATED_TASK, _update())

MISTAKES: tuple[Mistake, ...] = (
    Mistake(
        "Thiếu dấu cách sau dấu hai chấm",
        "Sau mỗi dấu `:` của tên trường phải có một dấu cách. Không có dấu cách, YAML đọc cả dòng "
        "là một chữ, và báo lỗi ở dòng đó hoặc dòng ngay sau.",
        Edit(DATED_TASK, _update().replace("status: done", "status:done")),
        _RIGHT,
    ),
    Mistake(
        "Thụt lề sai",
        "Các trường của cùng một lần cập nhật (`date`, `status`, `note`) phải thẳng cột với nhau. "
        "Đếm dấu cách đầu dòng, hoặc so với dòng ngay trên.",
        Edit(DATED_TASK, _update().replace("                    note:", "                  note:")),
        _RIGHT,
    ),
    Mistake(
        "Mục danh sách thiếu dấu gạch đầu dòng",
        "Mỗi lần cập nhật là một mục của danh sách `updates:` và phải bắt đầu bằng `- ` "
        "(gạch ngang và một dấu cách) trước trường đầu tiên.",
        Edit(DATED_TASK, _update().replace("                  - date:", "                    date:")),
        _RIGHT,
    ),
    Mistake(
        "Ngoặc kép chưa đóng",
        'Chữ mở bằng `"` phải đóng bằng `"` trên cùng dòng. Thiếu dấu đóng, YAML đọc tràn sang các '
        "dòng sau; thông báo chỉ vào chỗ mở ngoặc.",
        Edit(DATED_TASK, _update(note='"Đã ban hành Quyết định phê duyệt.')),
        _RIGHT,
    ),
    Mistake(
        "Dùng phím Tab để thụt lề",
        "YAML không nhận ký tự Tab (trong ví dụ, mỗi ⇥ là một Tab). Xóa Tab và gõ dấu cách. "
        "Trên GitHub, phím Tab trong ô soạn thảo có thể chèn Tab: hãy dùng phím cách.",
        Edit(DATED_TASK, _update().replace("                    status:", "\t\t\t\t\tstatus:")),
        _RIGHT,
    ),
    Mistake(
        "Dấu hai chấm trong nội dung chưa đặt trong ngoặc kép",
        'Nội dung có dấu `:` (ví dụ "Kết quả: ...") phải đặt trong ngoặc kép `"..."`. '
        "Cách an toàn: luôn đặt ghi chú và tên tài liệu trong ngoặc kép.",
        Edit(DATED_TASK, _update(note="Kết quả: đã ban hành Quyết định phê duyệt.")),
        Edit(DATED_TASK, _update(note='"Kết quả: đã ban hành Quyết định phê duyệt."')),
    ),
    Mistake(
        "Trạng thái gõ bằng tiếng Việt",
        "Trường `status` nhận một mã tiếng Anh trong bảng trạng thái ở trên: "
        "`xong`, `hoàn thành` là `done`; `đang làm` là `in_progress`.",
        Edit(DATED_TASK, _update(status="xong")),
        _RIGHT,
    ),
    Mistake(
        "Ngày gõ theo kiểu ngày/tháng/năm",
        "Ngày viết dạng NĂM-THÁNG-NGÀY, đủ hai chữ số: ngày 30/09/2022 viết là `2022-09-30`.",
        Edit(DATED_TASK, _update(date="30/09/2022")),
        _RIGHT,
    ),
    Mistake(
        "Đơn vị chưa được khai báo",
        "Chủ trì và phối hợp ghi bằng mã đơn vị đã khai báo ở phần `units:` đầu tệp "
        "(ví dụ `thanh-tra`, `van-phong`), không ghi tên đầy đủ. Đơn vị mới thì khai báo thêm "
        "một dòng ở `units:` trước.",
        Edit(DATED_TASK, '                partners: ["thanh-tra-so"]\n', replace="partners"),
        Edit(DATED_TASK, '                partners: ["thanh-tra"]\n', replace="partners"),
    ),
    Mistake(
        "Ngày cập nhật sau ngày chốt số liệu",
        "Ngày cập nhật không được sau `plan.as_of` (ngày chốt số liệu ở đầu tệp). Thường là gõ "
        "nhầm năm; nếu ngày đúng, hãy dời `as_of` tới ngày công bố số liệu mới.",
        Edit(DATED_TASK, _update(date="2032-09-30")),
        _RIGHT,
    ),
    Mistake(
        "Ngoặc kép cong của Word",
        'Word, Outlook và nhiều trang web tự đổi ngoặc kép thẳng `"` thành ngoặc cong `“ ”`. YAML chỉ '
        "nhận ngoặc kép thẳng; thông báo lỗi gọi tên ngoặc cong. Gõ lại ngoặc kép, hoặc chạy "
        "`python -m generator tidy --write` (`make tidy WRITE=1`) để sửa tự động.",
        Edit(DATED_TASK, _update(note="“Kết quả: đã ban hành Quyết định phê duyệt.”")),
        Edit(DATED_TASK, _update(note='"Kết quả: đã ban hành Quyết định phê duyệt."')),
    ),
    Mistake(
        "Hai dòng updates trong một nhiệm vụ",
        "Mỗi nhiệm vụ chỉ có một dòng `updates:`. Lần báo cáo sau chỉ thêm một mục `- date:` mới ở "
        "cuối danh sách đã có, không thêm dòng `updates:` nữa.",
        Edit(DATED_TASK, _update() + _update(date="2022-12-26", status="done", note='"Đã nghiệm thu."')),
        Edit(
            DATED_TASK,
            _update() + _update(date="2022-12-26", status="done", note='"Đã nghiệm thu."').split("\n", 1)[1],
        ),
    ),
    Mistake(
        "Tên trường gõ bằng tiếng Việt",
        "Tên trường giữ đúng chữ tiếng Anh như mẫu (`note`, `status`, `percent`, `evidence`...); chỉ "
        "nội dung sau dấu hai chấm mới viết tiếng Việt.",
        Edit(DATED_TASK, _update().replace("note:", "ghi chú:")),
        _RIGHT,
    ),
)


def _item_block(lines: list[str], item: str) -> tuple[int, int]:
    """First and past-last line index of the list item `- id: "item"`."""
    head = re.compile(rf'^(\s*)- id: "{re.escape(item)}"\s*$')
    for i, line in enumerate(lines):
        match = head.match(line)
        if match:
            depth = len(match[1])
            end = i + 1
            while end < len(lines) and (
                not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > depth
            ):
                end += 1
            return i, end
    raise LookupError(f'no line `- id: "{item}"` in the plan')


def apply(plan_text: str, edit: Edit) -> str:
    """The plan text after `edit`, done as the guide tells staff to do it."""
    lines = plan_text.splitlines(keepends=True)
    start, end = _item_block(lines, edit.item)
    new = edit.text.splitlines(keepends=True)
    if edit.replace:
        key = re.compile(rf"^\s*{re.escape(edit.replace)}:")
        at = next(i for i in range(start + 1, end) if key.match(lines[i]))
        return "".join(lines[:at] + new + lines[at + 1 :])
    first_key = new[0].strip()
    if first_key.endswith(":") and any(line.strip() == first_key for line in lines[start:end]):
        # The guide: when the item already has `updates:`, add only the new entries below it.
        new = new[1:]
    while end > start and not lines[end - 1].strip():
        end -= 1
    return "".join(lines[:end] + new + lines[end:])
