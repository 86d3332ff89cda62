"""A file YAML cannot read: where staff made the mistake, and what to type instead.

PyYAML notices a mistake where it can no longer read on, often a line later, in parser
words ("could not find expected ':'"); the source lines around its mark tell which of
the mistakes staff make it is, and on which line. Each mistake is one function of
MISTAKES, tried in order: the first that recognises it words it, in plain Vietnamese.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import yaml

from .. import chars
from .places import LINE_BREAK
from .slips import Slip, repaired, slips

# `status:in_progress`: a key and its value with no space after the colon (not `http://`).
_NO_SPACE = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_]*):(?=[^\s/])(.*)$")
_KEY_VALUE = re.compile(r"^\s*(?:-\s+)?[A-Za-z_][A-Za-z0-9_]*:\s+\S")
# A key with a text value on its line (not a list, a mapping or a block of text).
_KEY_TEXT = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_]*): +([^\s\[{|>&*!#].*?)(?:\s+#.*)?$")

# (line, col, message): where the mistake is, 1-based, and what to do about it.
Found = tuple[int, int, str]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _key_column(line: str) -> int:
    """Where the key of a line starts: after its indentation and any '- '."""
    stripped = line.lstrip(" ")
    return _indent(line) + (len(stripped) - len(stripped[1:].lstrip(" ")) if stripped[:1] == "-" else 0)


def _reindented(lead: str, line: str, want: int) -> str:
    """How to fix the indentation of `line`, written with `lead` before it: 'Sửa «...» thành «...»'."""
    return f"Sửa «{lead}{_shown(line)}» thành «{' ' * want}{_shown(line)}»"


def _shown(text: str, most: int = 60) -> str:
    """A line of the file as quoted in a message: without its comment, and short."""
    text = re.sub(r"\s+#.*$", "", text.strip())
    return text if len(text) <= most else text[: most - 3] + "..."


def _previous(lines: list[str], line: int) -> int | None:
    """The 1-based number of the last non-blank, non-comment line before `line`."""
    for number in range(min(line - 1, len(lines)), 0, -1):
        stripped = lines[number - 1].strip()
        if stripped and not stripped.startswith("#"):
            return number
    return None


@dataclass(frozen=True)
class _Said:
    """What PyYAML said about a mistake, with the lines of the file around its marks."""

    text: str
    lines: list[str]
    line: int  # where PyYAML stopped reading (1-based)
    col: int
    problem: str
    context: str
    context_line: int  # where PyYAML's context (what it was reading) starts; 0 when not given
    context_col: int

    @property
    def at(self) -> str:
        """The line PyYAML stopped at."""
        return self.lines[self.line - 1] if self.line <= len(self.lines) else ""

    @property
    def above(self) -> int | None:
        return _previous(self.lines, self.line)

    @property
    def simple_key(self) -> int | None:
        """The line of the key PyYAML was reading when it stopped, if it was reading one."""
        return (
            self.context_line if self.context == "while scanning a simple key" and self.context_line else None
        )

    @property
    def english(self) -> str:
        return f"[YAML: {self.problem or self.context}]"

    def here(self, message: str) -> Found:
        """`message` at the place PyYAML stopped."""
        return self.line, self.col, message

    def line_text(self, number: int) -> str:
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""


def _said(err: yaml.MarkedYAMLError, text: str) -> _Said:
    mark = err.problem_mark or err.context_mark
    context = err.context_mark
    return _Said(
        text,
        LINE_BREAK.split(text),
        mark.line + 1 if mark else 1,
        mark.column + 1 if mark else 1,
        err.problem or "",
        err.context or "",
        context.line + 1 if context else 0,
        context.column + 1 if context else 0,
    )


def _open_quote_before(text: str, error_line: int) -> tuple[int, int] | None:
    """Start of a quoted text that runs over several lines and ends on `error_line` (1-based)."""
    found = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            start, end = token.start_mark, token.end_mark
            if start.line + 1 > error_line:
                break
            quoted = isinstance(token, yaml.ScalarToken) and token.style in ('"', "'")
            if quoted and start.line < end.line and end.line + 1 == error_line:
                found = (start.line + 1, start.column + 1)
    except (yaml.YAMLError, RecursionError):
        pass
    return found


# A slip is blamed only once the file, with it repaired, reads further: one that does no
# harm (a curly quote around a title without ':') is tidy's, not the error's. The check
# parses the file again, a few times at most, and not for files far larger than a plan.
_TRIES = 3
_CHECKED_SIZE = 2_000_000
TIDY = "python -m generator tidy --write"

_SLIP_WORDS = {
    "indent": "ở đầu dòng, trong phần thụt lề: trông như dấu cách nhưng YAML đọc là chữ, nên dòng "
    "này lệch khỏi cấp của nó. Hãy xóa và thụt lề lại bằng dấu cách thường",
    "dash": "sau dấu '-' của mục danh sách: YAML chỉ nhận dấu cách thường ở đó. Hãy xóa và gõ lại "
    "một dấu cách",
    "key": "trong tên trường: tên trường khác đi dù trông như cũ. Hãy xóa ký tự đó",
    "colon": "thay cho dấu ':' của YAML (bộ gõ tiếng Việt hay gõ ra): YAML không thấy dấu hai chấm "
    "nào. Hãy gõ lại dấu ':' thường",
    "after-colon": "ngay sau dấu hai chấm: YAML chỉ nhận dấu cách thường ở đó, nên không thấy dấu "
    "hai chấm này. Hãy xóa và gõ lại một dấu cách thường",
    "quote": "bao quanh nội dung: Word và Outlook tự đổi ngoặc kép thẳng thành ngoặc cong, mà YAML "
    'chỉ nhận ngoặc kép thẳng ". Hãy gõ lại hai dấu ngoặc kép thẳng',
    "flow": "trong dòng {...} hoặc [...]: YAML chỉ nhận dấu cách thường ở đó. Hãy xóa và gõ lại "
    "một dấu cách thường",
}
_SLIP_ENGLISH = {
    "quote": "curly quotes are not YAML quotes",
    "colon": "fullwidth colon is not YAML's ':'",
}


def _reads_further(text: str, said: _Said) -> bool:
    """Whether `text` (one slip repaired) reads past the line where `said` stopped."""
    try:
        for _ in yaml.parse(text, Loader=yaml.SafeLoader):
            pass
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        return mark is not None and mark.line + 1 > said.line
    except (yaml.YAMLError, RecursionError):
        return False
    return True


def _excerpt(line: str, start: int, end: int) -> str:
    """The line from its first word as a message quotes it, hidden characters by code; short,
    but never cut before the part at [start, end)."""
    begin = len(line) - len(line.lstrip(" "))
    shown = re.sub(r"\s+#[^\"']*$", "", line[min(begin, start) :])
    keep = max(60, end - min(begin, start) + 10)
    shown = shown if len(shown) <= keep + 3 else shown[:keep] + "..."
    return chars.visible(shown)


def _slip_words(slip: Slip, said: _Said) -> str:
    line = said.line_text(slip.line)
    fixed = repaired(line, [Slip(1, slip.col, slip.old, slip.new, slip.place)])
    end = slip.col - 1 + len(slip.old)
    before, after = _excerpt(line, slip.col - 1, end), _excerpt(fixed, slip.col - 1, end)
    what = slip.characters if slip.place != "quote" else "ngoặc kép cong “ ” (hoặc ‘ ’)"
    english = _SLIP_ENGLISH.get(slip.place, "invisible or odd character where YAML expects a space")
    return (
        f"có {what} {_SLIP_WORDS[slip.place]}. Sửa «{before}» thành «{after}» (hoặc chạy {TIDY} "
        f"để sửa tự động) [{english}]"
    )


def _slip(said: _Said) -> Found | None:
    found = [slip for slip in slips(said.text, said.line) if slip.breaks]
    if not found:
        return None
    checked = len(said.text) <= _CHECKED_SIZE
    for slip in found[:_TRIES] if checked else [s for s in found if s.place != "quote"][:1]:
        if not checked or _reads_further(repaired(said.text, [slip]), said):
            return slip.line, slip.col, _slip_words(slip, said)
    return None


def _unclosed_quote(said: _Said) -> Found | None:
    # An unclosed quote swallows the next lines, so PyYAML stops lines later: point at the
    # quote that opened the runaway text. One still open at the end of the file: PyYAML
    # knows where it opened.
    if said.context == "while scanning a quoted scalar" and said.context_line:
        opened: tuple[int, int] | None = (said.context_line, said.context_col)
    else:
        opened = _open_quote_before(said.text, said.line)
    if opened is None:
        return None
    key = _shown(said.line_text(opened[0])).partition(":")[0].removeprefix("- ") or "title"
    return (
        *opened,
        f"dấu ngoặc kép mở ở đây chưa được đóng, nên nội dung kéo sang tới dòng {said.line}. Hãy thêm "
        f'dấu ngoặc kép đóng ở cuối nội dung. Ví dụ: sai «{key}: "nội dung» → đúng '
        f'«{key}: "nội dung"» [unclosed quote]',
    )


def _tab(said: _Said) -> Found | None:
    if "found character '\\t'" not in said.problem:
        return None
    at, above = said.at, said.above
    want = _key_column(said.lines[above - 1]) if above else 0
    tabs = at[: len(at) - len(at.lstrip(" \t"))].replace("\t", "⇥")  # ⇥ stands for a Tab, as in the guide
    return said.here(
        "có ký tự Tab; tệp kế hoạch chỉ thụt lề bằng dấu cách. Hãy xóa Tab và gõ dấu cách cho thẳng "
        f"hàng với các dòng cùng cấp. {_reindented(tabs, at, want)} "
        "[tab character: indent with spaces]",
    )


def _no_space_after_colon(said: _Said) -> Found | None:
    # On the line PyYAML names, or the one or two above it.
    candidates = [said.line - 1, said.line, said.line - 2]
    if said.simple_key:
        candidates.insert(0, said.simple_key)
    for number in candidates:
        if 1 <= number <= min(said.line, len(said.lines)):
            found = _NO_SPACE.match(said.lines[number - 1])
            if found and not said.lines[number - 1].lstrip().startswith("#"):
                lead, key, value = found.groups()
                before = f"{key}:{_shown(value)}"
                after = f"{key}: {_shown(value)}"
                return (
                    number,
                    len(lead) + len(key) + 1,
                    f"thiếu dấu cách sau dấu hai chấm. Sửa «{before}» thành «{after}» "
                    "(sau ':' luôn có một dấu cách) [missing space after ':']",
                )
    return None


def _deeper_than_above(said: _Said) -> Found | None:
    if "mapping values are not allowed" not in said.problem or not said.above:
        return None
    at, above = said.at, said.above
    prev = said.lines[above - 1]
    if not (_indent(at) > _key_column(prev) and _KEY_VALUE.match(prev)):
        return None
    want = _key_column(prev)
    return (
        said.line,
        _indent(at) + 1,
        f"dòng này thụt vào sâu hơn dòng {above} ({_indent(at)} dấu cách, cần {want}); các "
        f"trường cùng cấp phải thẳng hàng. {_reindented(' ' * _indent(at), at, want)} [wrong indentation]",
    )


def _colon_in_text(said: _Said) -> Found | None:
    if "mapping values are not allowed" not in said.problem:
        return None
    key, _, value = _shown(said.at).partition(": ")
    key = key.removeprefix("- ")
    return said.here(
        "nội dung có dấu hai chấm ':' nên phải đặt trong ngoặc kép. "
        f'Sửa «{key}: {value}» thành «{key}: "{value}"» [quote text that contains a colon]',
    )


def _item_without_dash(said: _Said) -> Found | None:
    number = said.simple_key
    if not number:
        return None
    item = said.line_text(number)
    prev_number = _previous(said.lines, number)
    prev = said.lines[prev_number - 1] if prev_number else ""
    if not (prev_number and _indent(prev) == _indent(item) and prev.lstrip().startswith("- ")):
        return None
    return (
        number,
        _indent(item) + 1,
        f"dòng này là một mục của danh sách nhưng thiếu '- ' ở đầu, như dòng {prev_number}. "
        f"Sửa «{_shown(item)}» thành «- {_shown(item)}» [list item without '- ']",
    )


def _broken_text(said: _Said) -> Found | None:
    """A value that runs on to the next line (a title pasted with its line break)."""
    number = said.simple_key
    if not number:
        return None
    line = said.line_text(number)
    above = _previous(said.lines, number)
    found = _KEY_TEXT.match(said.line_text(above)) if above else None
    if not found or ":" in line or line.lstrip().startswith(("- ", "#")):
        return None
    key, value = found.group(2), found.group(3).rstrip()
    if value[:1] in "'\"":
        if len(value) < 2 or value[-1] != value[0]:
            return None
        value = value[1:-1]
    joined = f'{key}: "{value} {_shown(line, len(line))}"'
    return (
        number,
        _indent(line) + 1,
        f"dòng này là phần tiếp của nội dung '{key}' ở dòng {above}: nội dung bị ngắt xuống dòng "
        f"(thường do dán từ Word hay PDF), nên YAML đọc dòng này như một tên trường thiếu dấu hai "
        f"chấm. Hãy nối hai dòng làm một và đặt cả nội dung trong ngoặc kép: «{_shown(joined, 100)}» "
        "[text broken across lines]",
    )


def _missing_colon(said: _Said) -> Found | None:
    number = said.simple_key
    if not number:
        return None
    return (
        number,
        _indent(said.line_text(number)) + 1,
        "dòng này thiếu dấu hai chấm giữa tên trường và giá trị. Ví dụ: sai «status done» → "
        f"đúng «status: done» {said.english}",
    )


def _text_after_quote(said: _Said) -> Found | None:
    problem = said.problem
    if not (
        "expected <block end>" in problem and "'<scalar>'" in problem and said.col - 1 > _indent(said.at)
    ):
        return None
    return said.here(
        "còn chữ phía sau dấu ngoặc kép đóng. Đặt cả nội dung trong một cặp ngoặc kép, ví dụ sửa "
        '«title: "Nhiệm vụ" thử» thành «title: "Nhiệm vụ thử"» [text after the closing quote]',
    )


def _lost_block(said: _Said) -> bool:
    """PyYAML lost track of which list or mapping a line belongs to."""
    return "expected <block end>" in said.problem or "did not find expected" in said.problem


def _item_or_field(said: _Said) -> Found | None:
    """A line at the level of a list's '- ', without one: a new item, or a field too far left."""
    if not _lost_block(said):
        return None
    at, item = said.at, said.line_text(said.context_line)
    in_list = said.context == "while parsing a block collection" and item.lstrip().startswith("- ")
    if not (in_list and _indent(at) == _indent(item) and not at.lstrip().startswith("-")):
        return None
    return (
        said.line,
        _indent(at) + 1,
        f"dòng này thẳng hàng với dấu '- ' của danh sách ở dòng {said.context_line} nhưng không bắt đầu "
        f"bằng '- '. Nếu đây là một mục mới, sửa «{_shown(at)}» thành «- {_shown(at)}»; nếu là "
        f"một trường của mục phía trên, thụt vào {_key_column(item)} dấu cách cho thẳng hàng với các "
        "trường của mục đó [list item without '- ', or wrong indentation]",
    )


def _wrong_indentation(said: _Said) -> Found | None:
    if not _lost_block(said):
        return None
    at, above = said.at, said.above
    want = _key_column(said.lines[above - 1]) if above else 0
    return (
        said.line,
        _indent(at) + 1,
        f"thụt lề sai: dòng này có {_indent(at)} dấu cách đầu dòng, không thẳng hàng với các dòng "
        f"cùng cấp phía trên (dòng {above} có {want}). {_reindented(' ' * _indent(at), at, want)} "
        "nếu cùng cấp với dòng đó [wrong indentation]",
    )


def _second_document(said: _Said) -> Found | None:
    if "expected a single document" not in said.context:
        return None
    return said.here(
        "tệp chỉ chứa một kế hoạch: hãy xóa dòng '---' này và phần sau nó [one document]",
    )


# In order: where two could word one mistake, the first is the more precise.
MISTAKES: tuple[Callable[[_Said], Found | None], ...] = (
    _slip,
    _unclosed_quote,
    _tab,
    _no_space_after_colon,
    _deeper_than_above,
    _colon_in_text,
    _item_without_dash,
    _broken_text,
    _missing_colon,
    _text_after_quote,
    _item_or_field,
    _wrong_indentation,
    _second_document,
)


def syntax_problem(err: yaml.MarkedYAMLError, text: str) -> Found:
    """Where staff made a syntax mistake, and what to type instead, in plain Vietnamese."""
    said = _said(err, text)
    for mistake in MISTAKES:
        found = mistake(said)
        if found is not None and not _same_fix(found[2]):
            return found
    return said.here(
        f"không đọc được dòng này; hãy kiểm tra dấu cách đầu dòng, dấu ':', ngoặc kép {said.english}",
    )


_FIX = re.compile(r"Sửa «(.*?)» thành «(.*?)»")


def _same_fix(message: str) -> bool:
    """Advice whose fix is the text as it already is (a character nobody sees between them)."""
    return any(before == after for before, after in _FIX.findall(message))


def unreadable_character(err: yaml.reader.ReaderError, text: str) -> Found:
    """A control character (NUL, BEL...) PyYAML's reader refuses: at the character itself."""
    pos = err.position
    line, col = text.count("\n", 0, pos) + 1, pos - (text.rfind("\n", 0, pos) + 1) + 1
    code = f" #x{err.character:04x}" if isinstance(err.character, int) else ""
    return line, col, f"ký tự điều khiển{code} không được phép, hãy xóa nó [control character not allowed]"
