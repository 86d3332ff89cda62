"""`diff`, attacked: its revision cannot be an option to git, and its summary, read on
GitHub by a reviewer, shows plan text as typed and never as markup.

The summary is rendered with cmark-gfm, GitHub's own Markdown (with raw HTML kept, as
GitHub keeps it before its sanitiser): no image, link, HTML tag, comment, table cell,
heading, emphasis or math may come out of plan text.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import subprocess
from pathlib import Path
from typing import Any

import cmarkgfm
import pytest
import yaml
from bs4 import BeautifulSoup, Comment
from cmarkgfm.cmark import Options
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.diff import md_text
from generator.plan.check import check

from .conftest import ROOT, SAMPLE_PLAN, run_generator
from .test_hostile import Poison

# Markdown that GitHub would turn into something else than its text.
MARKDOWN = [
    "![ảnh](https://evil.example/p.png)",
    "[Báo cáo chính thức](https://evil.example/phish)",
    "<https://evil.example/auto>",
    "xem https://evil.example/bare và www.evil.example/w",
    "HTTPS://EVIL.EXAMPLE/UP ftp://evil.example/f",
    "liên hệ ai@evil.example, xmpp:ai@evil.example hoặc @octocat",
    "<img src=https://evil.example/i.png>",
    "<!-- giấu phần sau",
    "--> <details open><summary>x</summary>",
    "| ô | bảng | thừa |",
    "# tiêu đề giả",
    "**đậm** __đậm__ *nghiêng* _nghiêng_ ~~gạch~~ ~gạch~",
    "`mã` ``hai`` \\`",
    "$\\color{red}{\\text{Đã duyệt}}$ $$x$$",
    "&lt;img src=x&gt; &#60;b&#62; &amp; &copy;",
    "[^1] [x]: https://evil.example/ref [x]",
    "\\<script>alert(1)\\</script> \\",
    '<a href="https://evil.example/">liên kết</a>',
    "](https://evil.example/) ![",
    "- [ ] việc 1. danh sách > trích dẫn",
]
# Links that pass validation (http(s), no spaces) and still hold Markdown.
LINKS = [
    "https://evil.example/x)![i](https://evil.example/p.png",
    "https://evil.example/<!--",
    "https://evil.example/`code`|a|b",
    "https://evil.example/<img/src=https://evil.example/q.png>",
    "https://evil.example/a_b*c*~d~$e$[f](g)",
    "https://evil.example/``",
]
ALLOWED_TAGS = {"p", "h3", "ul", "li", "strong", "code", "table", "thead", "tbody", "tr", "th", "td"}
SECTIONS = re.compile(
    r"(Thông tin chung|Nhiệm vụ mới|Nhiệm vụ bị xóa|Trạng thái thay đổi|Cập nhật tiến độ mới"
    r"|Cập nhật cũ bị xóa hoặc sửa \(xem kỹ\)|Nhiệm vụ sửa nội dung|Chỉ tiêu \(KPI\)"
    r"|Mục tiêu, lĩnh vực và đơn vị|Lời tiếng Anh) \(\d+\)"
)


def _flat(text: str) -> str:
    return " ".join(text.split())


def github(markdown: str) -> BeautifulSoup:
    """The summary as GitHub renders it, raw HTML kept."""
    html = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    return BeautifulSoup(html, "html.parser")


def assert_plain(soup: BeautifulSoup) -> None:
    """Only the structure the summary writes itself: no tag, link or comment from plan text."""
    assert {tag.name for tag in soup.find_all(True)} <= ALLOWED_TAGS, soup
    assert soup.find_all(string=lambda s: isinstance(s, Comment)) == []


@pytest.fixture(scope="module")
def hostile_diff(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Any]:
    """The sample plan against the same plan with every text and link replaced."""
    data: dict[str, Any] = yaml.safe_load(SAMPLE_PLAN.read_text(encoding="utf-8"))
    texts = itertools.cycle(MARKDOWN)
    Poison(texts, itertools.cycle(MARKDOWN), itertools.cycle(LINKS))(data)
    links = itertools.cycle(LINKS)
    targets = [t for a in data["areas"] for g in a.get("groups", []) for t in g["targets"]]
    targets += [t for a in data["areas"] for t in a.get("targets", [])]
    # A first report on every task without one: its status changes, a table row names it.
    for task in (task for target in targets for task in target["tasks"] if not task.get("updates")):
        evidence = [{"title": next(texts), "url": next(links)}]
        update = {"status": "in_progress", "percent": 50, "note": next(texts), "evidence": evidence}
        # A date object of its own: one shared object would be dumped as a YAML alias.
        task["updates"] = [{"date": dt.date.fromordinal(data["plan"]["as_of"].toordinal()), **update}]
    # One task more and one less: "new" and "removed" lines name tasks by their titles.
    tasks = targets[-1]["tasks"]
    tasks.append({**tasks[0], "id": tasks[0]["id"][:-1] + "z", "title": next(texts), "updates": []})
    tasks.pop(0)
    work = tmp_path_factory.mktemp("hostile-diff")
    new = work / "new.yaml"
    new.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_generator("diff", str(SAMPLE_PLAN), str(new))
    assert result.returncode == 0, result.stderr
    return result.stdout, check(new)


def test_no_plan_text_becomes_markup_on_github(hostile_diff: tuple[str, Any]) -> None:
    out, _ = hostile_diff
    soup = github(out)
    assert_plain(soup)
    # Every heading is one of the summary's sections; every table row has its three cells.
    assert [_flat(h.get_text()) for h in soup.find_all("h3") if not SECTIONS.fullmatch(h.get_text())] == []
    rows = soup.find_all("tr")
    assert len(rows) > 3
    assert [len(r.find_all(["td", "th"])) for r in rows] == [3] * len(rows)
    # Bold only for ids and the summary's own words.
    strong = {s.get_text() for s in soup.find_all("strong")}
    assert {s for s in strong if not re.fullmatch(r"[A-Za-z0-9.\-]+|Ngày chốt số liệu:", s)} == set()
    for payload in ("https://evil.example", "ai@evil.example", "@octocat", "www.evil.example"):
        assert payload in out
        # Addresses only ever show as code, where GitHub links nothing.
        assert all(payload not in t for t in soup.find_all(string=True) if t.parent.name != "code")


def test_plan_text_reads_as_typed_on_github(hostile_diff: tuple[str, Any]) -> None:
    out, plan = hostile_diff
    shown = _flat(github(out).get_text())
    texts = [t.title for t in plan.tasks()] + [u.name for u in plan.units] + [a.title for a in plan.areas]
    texts += [u.note for t in plan.tasks() for u in t.updates if u.note]
    links = [e for t in plan.tasks() for u in t.updates for e in u.evidence]
    texts += [e.title for e in links] + [e.url for e in links]
    assert set(LINKS) <= {e.url for e in links}
    missing = [t for t in texts if _flat(t) not in shown]
    assert missing == []


# Text as staff could type it (any character but the NUL that Markdown replaces), mixed
# with pieces GitHub reads as syntax.
SYNTAX = ["https://", "HTTP://", "www.", "@", "a@b.vn", ".", ":", "<", "<!--", "-->", "![", "](", "[", "]"]
SYNTAX += ["|", "`", "``", "*", "_", "~", "#", "\\", "&", "&amp;", "&#60;", ";", "$", "-", ">"]
SYNTAX += ["\n", " ", "\t"]
TEXT = st.lists(
    st.one_of(
        st.sampled_from(SYNTAX),
        st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=5),
    ),
    max_size=12,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_any_text_shows_as_typed_in_a_line(text: str) -> None:
    soup = github(f"- nhiệm vụ: {md_text(text)} → mới")
    assert_plain(soup)
    assert _flat(soup.get_text()) == _flat(f"nhiệm vụ: {text} → mới")


@settings(max_examples=400, deadline=None)
@given(TEXT, TEXT)
def test_any_text_stays_in_its_table_cell(first: str, second: str) -> None:
    soup = github(f"| a | b | c |\n|---|---|---|\n| {md_text(first)} | {md_text(second)} | x |\n")
    assert_plain(soup)
    cells = [_flat(td.get_text()) for td in soup.find_all("td")]
    assert cells == [_flat(first), _flat(second), "x"]


# --- --git takes a revision, never an option --------------------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with the sample plan committed at its top."""
    (tmp_path / "plan.yaml").write_text(SAMPLE_PLAN.read_text(encoding="utf-8"), encoding="utf-8")
    env = ["-c", "user.name=Thử", "-c", "user.email=thu@example.invalid", "-c", "commit.gpgsign=false"]
    for args in (["init", "-q"], ["add", "."], [*env, "commit", "-q", "-m", "kế hoạch"]):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)
    return tmp_path


@pytest.mark.parametrize(
    "rev",
    [
        "--output=FILE",
        "--output=FILE:x",
        "-oFILE",
        "--no-index",
        "--exec=touch FILE",
        "HEAD:plan.yaml",  # a file, not a commit
        "HEAD^{tree}",
        "khong-co-nhanh-nay",
    ],
)
def test_git_takes_a_commit_and_nothing_else(repo: Path, rev: str) -> None:
    before = sorted(p.name for p in repo.iterdir())
    result = run_generator("diff", f"--git={rev}", "--plan", str(repo / "plan.yaml"))
    # Nothing written: not in the repository, not where the command ran.
    assert sorted(p.name for p in repo.iterdir()) == before
    assert not list(ROOT.glob("FILE*"))
    assert result.returncode == 1, result.stdout
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert f"phiên bản '{rev}': đó không phải một commit" in result.stderr
    assert "[--git takes a commit, branch or tag]" in result.stderr


def test_git_revisions_of_every_form_still_work(repo: Path) -> None:
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True).stdout
    subprocess.run(["git", "tag", "v1"], cwd=repo, check=True)
    for rev in ("HEAD", commit.strip(), commit[:8], "v1", _branch(repo)):
        result = run_generator("diff", "--git", rev, "--plan", str(repo / "plan.yaml"))
        assert (result.returncode, result.stdout, result.stderr) == (0, "", ""), rev


def _branch(repo: Path) -> str:
    done = subprocess.run(["git", "branch", "--show-current"], cwd=repo, capture_output=True, text=True)
    return done.stdout.strip()
