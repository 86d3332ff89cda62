"""English text beside the Vietnamese: the `<field>_en` fields, and the text shown in a language.

A translatable field `title` has its English in `title_en` on the same record (a list
such as `products` in `products_en`, item for item). The model declares them; this
module is the one place that knows the naming, so that `check`, the workbook, search,
open data and the pages ask here instead of spelling "_en" themselves.

Where a record has no English, the English edition shows the Vietnamese original marked
as such (`Localized.translated` is False): never a machine or invented translation.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from .model import FieldPath, Kpi

Lang = Literal["vi", "en"]
VI: Lang = "vi"
EN: Lang = "en"
LANGS: tuple[Lang, ...] = (VI, EN)
SUFFIX = "_en"


def english_name(field: str) -> str:
    """The name of the English twin of `field`: 'title' -> 'title_en'."""
    return field + SUFFIX


@functools.cache
def translated_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of `model` that have an English twin, in the model's order: ('title', 'text')."""
    names = model.model_fields
    return tuple(
        n.removesuffix(SUFFIX) for n in names if n.endswith(SUFFIX) and n.removesuffix(SUFFIX) in names
    )


def _inner(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds: Task for list[Task], Trigger for Trigger | None."""
    if get_origin(annotation) in (list, Union, types.UnionType):
        found = [m for m in (_inner(a) for a in get_args(annotation)) if m is not None]
        return found[0] if found else None
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def english_field(model: type[BaseModel], dotted: str) -> str | None:
    """The English twin of a dotted field below `model` ('deadline.text' -> 'deadline.text_en'),
    or None when that field is not translated."""
    *parents, last = dotted.split(".")
    record: type[BaseModel] | None = model
    for name in parents:
        field = record.model_fields.get(name) if record is not None else None
        record = _inner(field.annotation) if field is not None else None
    if record is None or last not in translated_fields(record):
        return None
    return ".".join([*parents, english_name(last)])


def records(item: BaseModel, path: FieldPath = ()) -> Iterator[tuple[BaseModel, FieldPath]]:
    """`item` and every record below it, each with its path: the whole plan, walked once.

    Reads fields with getattr's default, so a plan salvaged from a file with shape errors
    (fields missing) is walked as far as it goes.
    """
    yield item, path
    for name in type(item).model_fields:
        value = getattr(item, name, None)
        if isinstance(value, BaseModel):
            yield from records(value, (*path, name))
        elif isinstance(value, list):
            for i, member in enumerate(value):
                if isinstance(member, BaseModel):
                    yield from records(member, (*path, name, i))


def english_texts(record: BaseModel, field: str) -> list[str]:
    """The English of `field` on `record` as a list of texts (a list field's items), [] when none."""
    value = getattr(record, english_name(field), None)
    if not value:
        return []
    return list(value) if isinstance(value, list) else [value]


def english_places(item: BaseModel) -> dict[tuple[str, str], str]:
    """Every English text below `item` by (place, field), places named by ids so that they
    survive reordering: ('II.1.6.a', 'title_en'), ('II.1.6.a', 'deadline.text_en'),
    ('II.2.2 ho-so-dung-han', 'metric_en'), ('van-phong', 'name_en'), ('', 'plan.title_en').
    A list's items are joined by '; '."""
    out: dict[tuple[str, str], str] = {}

    def visit(record: BaseModel, place: str, prefix: str) -> None:
        for field in translated_fields(type(record)):
            if texts := english_texts(record, field):
                out[(place, prefix + english_name(field))] = "; ".join(texts)
        for name in type(record).model_fields:
            value = getattr(record, name, None)
            for child in value if isinstance(value, list) else [value]:
                if not isinstance(child, BaseModel):
                    continue
                ident = getattr(child, "id", None)
                if isinstance(ident, str):  # a KPI id is unique only within its target
                    visit(child, f"{place} {ident}" if isinstance(child, Kpi) else ident, "")
                else:
                    visit(child, place, f"{prefix}{name}.")

    visit(item, "", "")
    return out


@dataclass(frozen=True)
class Localized:
    """A text in the language asked for, or its Vietnamese original marked as untranslated."""

    text: str
    lang: Lang  # the language `text` is written in: for the page's lang attribute
    translated: bool  # False: the English was asked for, and this is the Vietnamese original

    def __str__(self) -> str:
        return self.text


def localized(record: BaseModel, field: str, lang: Lang) -> Localized | None:
    """The text of `field` in `lang`: its English twin when asked for and given, else the
    Vietnamese (marked untranslated when the English was asked for). None when the record
    has no Vietnamese text there either (an optional field left empty)."""
    original = getattr(record, field)
    if not original:
        return None
    if lang == EN:
        english = getattr(record, english_name(field), None)
        if english:
            return Localized(english, EN, True)
        return Localized(original, VI, False)
    return Localized(original, VI, True)


def localized_list(record: BaseModel, field: str, lang: Lang) -> list[Localized]:
    """The items of list field `field` in `lang`, the same way; the English list is used whole
    or not at all (check requires it to match the Vietnamese item for item)."""
    originals: list[str] = getattr(record, field)
    english: list[str] = (getattr(record, english_name(field), None) or []) if lang == EN else []
    if english and len(english) == len(originals):
        return [Localized(text, EN, True) for text in english]
    return [Localized(text, VI, lang == VI) for text in originals]
