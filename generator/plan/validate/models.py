"""The plan's models as validation walks them: which model checks a path, and a plan
salvaged from the fields that are valid, for the cross-checks when the shape is wrong."""

from __future__ import annotations

import contextlib
import functools
import types
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from ..model import FieldPath, Plan

_M = TypeVar("_M", bound=BaseModel)


def _unwrap(annotation: Any) -> type[BaseModel] | None:
    """The model inside a field's annotation: Task for list[Task], Trigger for Trigger | None."""
    origin = get_origin(annotation)
    if origin in (list, Union, types.UnionType):
        for arg in get_args(annotation):
            found = _unwrap(arg)
            if found is not None:
                return found
        return None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def model_at(path: FieldPath) -> type[BaseModel] | None:
    """The model class that a mapping at `path` is validated against."""
    model: type[BaseModel] = Plan
    for part in path:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return None
        inner = _unwrap(field.annotation)
        if inner is None:
            return None
        model = inner
    return model


@functools.cache
def _leaf(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    field = model.model_fields[name]
    annotation: Any = field.annotation
    if field.metadata:  # constraints such as ge/le/pattern live beside the annotation
        annotation = Annotated[annotation, *field.metadata]
    return TypeAdapter(annotation)


def salvage(model: type[_M], data: Any) -> _M:
    """`model` built (unchecked) from the fields of `data` that are valid on their own.

    Nested models are salvaged the same way and lists keep every item, so positions (and
    so line numbers) stay those of the file. Fields that are wrong are simply absent: the
    cross-checks skip what they cannot read, since the shape errors already name it.
    """
    values: dict[str, Any] = {}
    given = data if isinstance(data, dict) else {}
    for name, field in model.model_fields.items():
        inner = _unwrap(field.annotation)
        value = given.get(name)
        if inner is not None and get_origin(field.annotation) is list:
            values[name] = [salvage(inner, v) for v in value] if isinstance(value, list) else []
        elif inner is not None:
            if isinstance(value, dict) or field.is_required():
                values[name] = salvage(inner, value)
        elif name in given:
            with contextlib.suppress(ValidationError):
                values[name] = _leaf(model, name).validate_python(value)
    return model.model_construct(**values)


def got(item: BaseModel, name: str) -> Any:
    """A field of a possibly salvaged model: None when it was missing or wrong."""
    return getattr(item, name, None)
