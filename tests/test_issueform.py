"""The issue form "Báo cáo tiến độ nhiệm vụ": the form file, the body GitHub renders, the update.

Bodies are shaped exactly as GitHub renders a submitted issue form: "### <label>", a blank
line, the answer, a blank line; "_No response_" for a field left empty.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import FormError
from generator.office import issueform
from generator.office.issueform import FIELDS, FORM_FILE, NO_RESPONSE, apply, form_yaml, read_body
from generator.plan import yamledit
from generator.plan.check import check
from generator.plan.load import load_text
from generator.plan.validate import validate

from .conftest import ONE_TASK, PLAN_HEAD, PRISTINE_PLAN, REAL_PLAN, ROOT, run_generator

TASK_OPTION = "II.1.3.b — Công khai bộ TTHC kịp thời trên Cổng dịch vụ công của tỉnh"
GOOD = {
    "task": TASK_OPTION,
    "status": "Đang thực hiện",
    "date": "26/12/2022",
    "percent": "75",
    "note": "Quý IV/2022: đã đồng bộ 45/60 TTHC lên Cổng DVC của tỉnh.",
    "evidence-title": "Báo cáo số 123/BC-SCT ngày 26/12/2022",
    "evidence-url": "https://congthuong.dongnai.gov.vn/bao-cao-123-bc-sct.pdf",
}


def body(**answers: str | None) -> str:
    """An issue body as GitHub renders the form: every field, in order, empty ones as _No response_."""
    values = {**GOOD, **{k.replace("_", "-"): v for k, v in answers.items()}}
    return "\n\n".join(f"### {f.label}\n\n{values[f.id] or NO_RESPONSE}" for f in FIELDS)


def plan_text() -> str:
    return PRISTINE_PLAN.read_text(encoding="utf-8")


def errors_of(text: str) -> list[str]:
    with pytest.raises(FormError) as caught:
        apply(text, plan_text(), "content/plan.yaml")
    return caught.value.messages


# --- the form file ---------------------------------------------------------------------------


def test_the_committed_form_is_the_one_the_plan_makes() -> None:
    """CI fails when a task is added, removed or renamed and the form was not regenerated."""
    made = form_yaml(check(REAL_PLAN))
    committed = (ROOT / FORM_FILE).read_text(encoding="utf-8") if (ROOT / FORM_FILE).exists() else ""
    assert committed == made, (
        f"{FORM_FILE} đã cũ so với content/plan.yaml [the issue form is stale]: "
        f"chạy {issueform.REGENERATE} rồi commit tệp đó"
    )


def test_the_form_lists_every_task_and_the_status_labels() -> None:
    plan = check(REAL_PLAN)
    form = yaml.safe_load(form_yaml(plan))
    assert form["name"] == "Báo cáo tiến độ nhiệm vụ" and form["labels"] == ["bao-cao-tien-do"]
    fields = {item["id"]: item for item in form["body"] if "id" in item}
    assert list(fields) == [f.id for f in FIELDS]
    options = fields["task"]["attributes"]["options"]
    assert len(options) == len(plan.tasks()) == len(set(options))
    assert TASK_OPTION in options
    assert all(len(option) <= issueform.OPTION_WIDTH for option in options)
    assert fields["status"]["attributes"]["options"] == [
        "Chưa triển khai",
        "Đang thực hiện",
        "Đã hoàn thành",
        "Tạm dừng",
        "Đã hủy bỏ",
        "Chờ điều kiện",
    ]
    required = {i for i, item in fields.items() if item.get("validations", {}).get("required")}
    assert required == {"task", "status", "date"}
    assert {item["type"] for item in fields.values()} == {"dropdown", "input", "textarea"}


def test_a_renamed_task_makes_the_form_stale(tmp_path: Path) -> None:
    """The staleness test can fail: a renamed task changes the form."""
    renamed = plan_text().replace(
        '"Công khai bộ TTHC kịp thời trên Cổng dịch vụ công của tỉnh"', '"Tên mới"', 1
    )
    plan = validate(load_text(renamed, "plan.yaml"))
    assert form_yaml(plan) != form_yaml(check(PRISTINE_PLAN))
    assert "II.1.3.b — Tên mới" in form_yaml(plan)


# --- reading the body ----------------------------------------------------------------------------


def test_a_good_form_becomes_an_update_appended_to_the_task() -> None:
    report = apply(body(), plan_text(), "content/plan.yaml")
    assert report.task_id == "II.1.3.b"
    task = next(t for t in report.plan.tasks() if t.id == "II.1.3.b")
    (update,) = task.updates
    assert update.date == dt.date(2022, 12, 26) and update.status.value == "in_progress"
    assert update.percent == 75 and update.note == GOOD["note"]
    assert [(e.title, e.url) for e in update.evidence] == [(GOOD["evidence-title"], GOOD["evidence-url"])]
    # Only lines were added, right after the task's deadline, laid out as the guide shows.
    old, new = plan_text().splitlines(), report.text.splitlines()
    at = new.index('              - id: "II.1.3.b"') + 6
    assert new[:at] == old[:at] and new[at + 8 :] == old[at:]
    assert new[at : at + 8] == [
        "                updates:",
        "                  - date: 2022-12-26",
        '                    status: "in_progress"',
        "                    percent: 75",
        f'                    note: "{GOOD["note"]}"',
        "                    evidence:",
        f'                      - title: "{GOOD["evidence-title"]}"',
        f'                        url: "{GOOD["evidence-url"]}"',
    ]


def test_empty_optional_fields_are_left_out_and_iso_dates_are_accepted() -> None:
    report = apply(
        body(date="2022-12-26", percent=None, note=None, evidence_title=None, evidence_url=None),
        plan_text(),
        "content/plan.yaml",
    )
    assert report.update == {"date": dt.date(2022, 12, 26), "status": "in_progress"}


def test_windows_line_endings_and_a_percent_sign_are_read() -> None:
    report = apply(body(percent="60 %").replace("\n", "\r\n"), plan_text(), "content/plan.yaml")
    assert report.update["percent"] == 60


def test_every_mistake_is_named_by_the_forms_label_all_at_once() -> None:
    messages = errors_of(
        body(task="II.9.9.z — Không có", status="Xong", date="31/02/2022", percent="75,5", evidence_url=None)
    )
    assert len(messages) == 5, messages
    by_label = {m.split("»", 1)[0].lstrip("«"): m for m in messages}
    assert set(by_label) == {
        "Nhiệm vụ",
        "Trạng thái",
        "Ngày báo cáo",
        "Tỷ lệ hoàn thành (%)",
        "Liên kết minh chứng",
    }
    assert "Bấm Edit và chọn lại nhiệm vụ" in by_label["Nhiệm vụ"]
    assert "Đang thực hiện" in by_label["Trạng thái"]
    assert "ví dụ 26/12/2022" in by_label["Ngày báo cáo"]
    assert "số nguyên từ 0 đến 100" in by_label["Tỷ lệ hoàn thành (%)"]
    # Never a YAML path or key.
    for message in messages:
        assert "areas[" not in message and "updates" not in message and "percent:" not in message


def test_an_unknown_task_gets_the_nearest_ids() -> None:
    (message,) = errors_of(body(task="II.1.3.x — Công khai"))
    assert "«II.1.3.x — Công khai»" in message and "II.1.3.a" in message


def test_a_date_after_the_as_of_date_is_said_in_words() -> None:
    as_of = check(PRISTINE_PLAN).plan.as_of
    late = as_of + dt.timedelta(days=1)
    (message,) = errors_of(body(date=f"{late:%d/%m/%Y}"))
    assert message.startswith(
        f"«Ngày báo cáo»: ngày {late:%d/%m/%Y} sau ngày chốt số liệu của kế hoạch ({as_of:%d/%m/%Y})"
    )


def test_a_report_older_than_the_last_one_is_refused(tmp_path: Path) -> None:
    first = apply(body(), plan_text(), "content/plan.yaml")
    with pytest.raises(FormError) as caught:
        apply(body(date="01/12/2022"), first.text, "content/plan.yaml")
    (message,) = caught.value.messages
    assert "trước lần báo cáo gần nhất của nhiệm vụ này (26/12/2022)" in message
    second = apply(body(date="30/12/2022", percent="90"), first.text, "p.yaml")
    task = next(t for t in second.plan.tasks() if t.id == "II.1.3.b")
    assert [u.date.day for u in task.updates] == [26, 30]


def test_the_plans_own_rules_apply_and_are_said_with_the_forms_label() -> None:
    """An ongoing task is never 'done': the validator's rule, said under «Trạng thái»."""
    messages = errors_of(body(status="Đã hoàn thành", percent="100"))
    assert messages and all(m.startswith("«Trạng thái»: ") for m in messages), messages


def test_a_link_the_checker_refuses_is_said_under_the_links_label() -> None:
    (message,) = errors_of(body(evidence_url="congthuong.dongnai.gov.vn/a.pdf"))
    assert message.startswith("«Liên kết minh chứng»: liên kết phải bắt đầu bằng")


def test_done_below_100_percent_is_refused() -> None:
    """A task with a set deadline may be done; then its percent cannot be below 100."""
    text = PLAN_HEAD + ONE_TASK
    messages = []
    with pytest.raises(FormError) as caught:
        apply(body(task="I.1.a — Nhiệm vụ thử", status="Đã hoàn thành", percent="80"), text, "p.yaml")
    messages = caught.value.messages
    assert len(messages) == 1 and messages[0].startswith("«Tỷ lệ hoàn thành (%)»: 80%"), messages


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Tôi muốn báo cáo nhiệm vụ II.1.3.b đã xong",
        body().replace("### Trạng thái", "### Tình trạng"),
        body().replace("### Tên minh chứng\n\n", ""),
        "x" * 70_000,
    ],
)
def test_a_body_that_is_not_the_forms_is_refused_with_what_to_do(text: str) -> None:
    (message,) = errors_of(text)
    assert "không đúng mẫu «Báo cáo tiến độ nhiệm vụ»" in message and "New issue" in message


HOSTILE = [
    "$(rm -rf /)",
    '"; echo pwned; "',
    "`id`",
    "'; DROP TABLE x; --",
    "${{ github.token }}",
    "<script>alert(1)</script>",
    "@admin #1 [x](javascript:alert(1))",
    "a\u202eb\u200bc",
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_stays_text(hostile: str) -> None:
    """Typed into the note and the evidence title, it lands in the plan as text, byte for byte."""
    report = apply(body(note=hostile, evidence_title=hostile), plan_text(), "content/plan.yaml")
    task = next(t for t in report.plan.tasks() if t.id == "II.1.3.b")
    assert task.updates[0].note == hostile
    assert " ".join(task.updates[0].evidence[0].title.split()) == " ".join(hostile.split())


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_in_a_choice_or_a_date_is_refused_and_shown_inert(hostile: str) -> None:
    messages = errors_of(body(task=hostile, status=hostile, date=hostile, percent=hostile))
    assert len(messages) == 4


def test_a_fake_heading_typed_in_the_result_does_not_move_the_other_answers() -> None:
    fake = "Xong.\n\n### Liên kết minh chứng\n\nhttps://evil.example/x"
    answers = read_body(body(note=fake))
    assert answers["note"] == fake
    assert answers["evidence-url"] == GOOD["evidence-url"]


# --- yamledit: appending keeps the file --------------------------------------------------------

WITH_COMMENTS = (
    PLAN_HEAD
    + """\
areas:
  - id: "I"
    title: "Cải cách thể chế"  # tên lĩnh vực
    targets:
      - id: "I.1"
        text: "Mục tiêu thử"
        tasks:
          # nhiệm vụ đầu
          - id: "I.1.a"
            title: "Nhiệm vụ thử"
            products: ["Quyết định"]
            lead: ["van-phong"]
            deadline: {text: "Thường xuyên", kind: "ongoing"}
            note: 'ghi chú trong nháy đơn'  # chú thích cuối dòng
          # chú thích trước I.1.b
          - id: "I.1.b"
            title: "Nhiệm vụ hai"
            products: ["Quyết định"]
            lead: ["van-phong"]
            deadline: {text: "Thường xuyên", kind: "ongoing"}
            updates:
              - date: 2022-03-01
                status: in_progress  # lần đầu
                evidence:
                  - title: "Báo cáo"
                    url: "https://a.vn/x"
              # sau lần cập nhật cuối của I.1.b
          # chú thích trước I.1.c
          - id: "I.1.c"
            title: "Nhiệm vụ ba"
            products: ["Quyết định"]
            lead: ["van-phong"]
            deadline: {text: "Thường xuyên", kind: "ongoing"}
# cuối tệp
"""
)
UPDATE = {"date": dt.date(2022, 6, 1), "status": "in_progress", "percent": 50, "note": "Nửa năm"}
ADDED = [
    "              - date: 2022-06-01",
    '                status: "in_progress"',
    "                percent: 50",
    '                note: "Nửa năm"',
]


def test_append_update_keeps_every_comment_quote_and_line_in_place() -> None:
    tree = yamledit.load(WITH_COMMENTS)
    for task_id in ("I.1.a", "I.1.b", "I.1.c"):
        yamledit.append_update(tree, task_id, UPDATE)
    new = yamledit.dump(tree).splitlines()
    old = WITH_COMMENTS.splitlines()
    # Every old line is still there, in order (a subsequence), and only the updates were added.
    rest = iter(new)
    assert all(line in rest for line in old)
    assert len(new) == len(old) + 2 + 3 * len(ADDED)
    a = new.index("            note: 'ghi chú trong nháy đơn'  # chú thích cuối dòng")
    assert new[a + 1 : a + 2 + len(ADDED)] == ["            updates:", *ADDED]
    assert new[a + 2 + len(ADDED)] == "          # chú thích trước I.1.b"
    b = new.index('                    url: "https://a.vn/x"')
    assert new[b + 1 : b + 1 + len(ADDED)] == ADDED
    assert new[b + 1 + len(ADDED) :][:2] == [
        "              # sau lần cập nhật cuối của I.1.b",
        "          # chú thích trước I.1.c",
    ]
    assert new[-len(ADDED) - 2 :] == ["            updates:", *ADDED, "# cuối tệp"]
    plan = validate(load_text("\n".join(new) + "\n", "p.yaml"))
    assert [len(t.updates) for t in plan.tasks()] == [1, 2, 1]


def test_an_unchanged_round_trip_is_byte_for_byte() -> None:
    """The refactored comment handling still gives back an untouched file exactly."""
    for text in (WITH_COMMENTS, REAL_PLAN.read_text(encoding="utf-8")):
        assert yamledit.dump(yamledit.load(text)) == text


def test_append_update_to_an_unknown_task_raises() -> None:
    with pytest.raises(KeyError):
        yamledit.append_update(yamledit.load(WITH_COMMENTS), "I.9.z", UPDATE)


# --- the command the workflow runs ---------------------------------------------------------------


def _event(tmp_path: Path, text: str | None) -> Path:
    event = {
        "action": "opened",
        "issue": {"number": 42, "body": text, "labels": [{"name": "bao-cao-tien-do"}]},
    }
    path = tmp_path / "event.json"
    path.write_text(json.dumps(event, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_issue_command_writes_the_plan_the_pull_request_and_the_answer(tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = run_generator(
        "issue", "--event", str(_event(tmp_path, body())), "--plan", str(PRISTINE_PLAN), "--out", str(out)
    )
    assert done.returncode == 0, done.stderr
    assert (out / "outputs").read_text(encoding="utf-8") == "ok=true\ntask=II.1.3.b\n"
    assert validate(load_text((out / "plan.yaml").read_text(encoding="utf-8"), "p.yaml"))
    assert (out / "pr-title.txt").read_text(
        encoding="utf-8"
    ) == "Báo cáo tiến độ II.1.3.b (26/12/2022, #42)\n"
    pr_body = (out / "pr-body.md").read_text(encoding="utf-8")
    assert "Closes #42" in pr_body and "II.1.3.b" in pr_body and "Thay đổi trên trang công khai" in pr_body
    answer = (out / "answer.md").read_text(encoding="utf-8")
    assert "Biểu mẫu hợp lệ" in answer and "Tỷ lệ hoàn thành (%): 75" in answer


@pytest.mark.parametrize("text", [None, body(percent="$(rm -rf /)", note='"; echo pwned')])
def test_the_issue_command_answers_what_to_correct(tmp_path: Path, text: str | None) -> None:
    out = tmp_path / "out"
    done = run_generator(
        "issue", "--event", str(_event(tmp_path, text)), "--plan", str(PRISTINE_PLAN), "--out", str(out)
    )
    assert done.returncode == 0, done.stderr
    assert (out / "outputs").read_text(encoding="utf-8") == "ok=false\n"
    assert not (out / "plan.yaml").exists() and not (out / "pr-body.md").exists()
    answer = (out / "answer.md").read_text(encoding="utf-8")
    assert "Chưa tạo được pull request" in answer and "Edit" in answer
    if text is not None:
        assert "«Tỷ lệ hoàn thành (%)»: «\\$(rm -rf /)»" in answer, answer


# --- the guide and the README say what the form says -------------------------------------------


def test_the_guide_names_the_form_and_its_fields_as_the_form_does() -> None:
    from generator.derive.views import derive
    from generator.pages.render import iter_pages

    plan = check(REAL_PLAN)
    page = dict(iter_pages(derive(plan, plan.plan.as_of)))["huong-dan.md"]
    section = page.split("{#bieu-mau}", 1)[1].split("\n## ", 1)[0]
    assert f"«{issueform.FORM_NAME}»" in page
    for f in FIELDS:
        assert f"**{f.label}**" in section, f.label
    for label in issueform.STATUS.options:
        assert f"«{label}»" in section
    assert "Approve and run" in page and "https://" in section
    from generator.prcomment import ANSWER_OK, ANSWER_WRONG

    assert f"**{ANSWER_OK}**" in section and f"**{ANSWER_WRONG}**" in section
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert issueform.FORM_LABEL in readme and "make forms" in readme
    assert "Allow GitHub Actions to create and approve pull requests" in readme


# --- any body: an update or a FormError, never a crash; answers come back as typed -----------

_LINE = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\x85\u2028\u2029"))
_TEXT = st.text(st.characters(blacklist_categories=("Cs",)))
PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(answers=st.fixed_dictionaries({f.id: (_TEXT if f.kind == "textarea" else _LINE) for f in FIELDS}))
def test_any_answers_come_back_as_typed(answers: dict[str, str]) -> None:
    """Whatever is typed (a fake heading in the result included), each field reads back as
    GitHub showed it: trimmed, and None when empty or GitHub's own _No response_."""
    text = "\n\n".join(f"### {f.label}\n\n{answers[f.id].strip() or NO_RESPONSE}" for f in FIELDS)
    read = read_body(text)
    for f in FIELDS:
        typed = answers[f.id].replace("\r\n", "\n").replace("\r", "\n").strip()
        if f.kind == "textarea":
            continue  # a line break typed inside it may be a CR: compared below without them
        assert read[f.id] == (None if typed in ("", NO_RESPONSE) else typed)
    note = answers["note"].replace("\r\n", "\n").replace("\r", "\n").strip()
    assert read["note"] == (None if note in ("", NO_RESPONSE) else note)


SMALL_PLAN = PLAN_HEAD + ONE_TASK  # small: each example validates a whole plan twice


@PROPERTY
@given(body_text=_TEXT, field=st.sampled_from(FIELDS), value=_TEXT)
def test_any_body_gives_an_update_or_form_errors_never_a_crash(
    body_text: str, field: object, value: str
) -> None:
    answers = {"task": "I.1.a — Nhiệm vụ thử", field.id.replace("-", "_"): value}  # type: ignore[attr-defined]
    for text in (body_text, body(**answers)):
        try:
            report = apply(text, SMALL_PLAN, "p.yaml")
        except FormError as err:
            assert err.messages and all(m.startswith(("«", "Nội dung không đúng mẫu")) for m in err.messages)
        else:
            assert validate(load_text(report.text, "p.yaml")) == report.plan


def test_a_warning_about_the_report_is_said_under_the_forms_label(tmp_path: Path) -> None:
    report = apply(body(note="Xong\u200b một nửa"), plan_text(), "content/plan.yaml")
    (warning,) = report.warnings
    assert warning.startswith('«Kết quả»: cảnh báo: có ký tự vô hình "khoảng trắng độ rộng 0"')
    out = tmp_path / "out"
    event = _event(tmp_path, body(note="Xong\u200b một nửa"))
    done = run_generator("issue", "--event", str(event), "--plan", str(PRISTINE_PLAN), "--out", str(out))
    assert done.returncode == 0, done.stderr
    answer = (out / "answer.md").read_text(encoding="utf-8")
    assert "Lưu ý" in answer and "«Kết quả»: cảnh báo" in answer


def test_forms_replaces_its_own_file_and_no_other(tmp_path: Path) -> None:
    own, other = tmp_path / "form.yml", tmp_path / "config.yml"
    for _ in range(2):  # made, then replaced
        result = run_generator("forms", "--plan", str(REAL_PLAN), "--out", str(own))
        assert result.returncode == 0, result.stderr
    other.write_text("blank_issues_enabled: false\n", encoding="utf-8")
    refused = run_generator("forms", "--plan", str(REAL_PLAN), "--out", str(other))
    assert refused.returncode == 1 and "--force" in refused.stderr
    assert other.read_text(encoding="utf-8") == "blank_issues_enabled: false\n"
    forced = run_generator("forms", "--plan", str(REAL_PLAN), "--out", str(other), "--force")
    assert forced.returncode == 0 and other.read_text(encoding="utf-8") == own.read_text(encoding="utf-8")
