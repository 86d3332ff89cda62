"""What the plan does not yet say about the agency: a notice, never an error.

Nghị định 42/2022/NĐ-CP (art. 4) asks a state body's site for its address, phone,
email and a named contact; the real plan leaves them empty until the agency gives them
(nothing is guessed), so `check` names what is missing and the build goes on.
"""

from __future__ import annotations

from ...errors import Problem
from ..load import Located
from ..model import Plan

# The identity fields the site shows (footer, "Liên hệ" page), as staff write their keys.
IDENTITY_FIELDS: tuple[str, ...] = (
    "parent",
    "contact.address",
    "contact.phone",
    "contact.email",
    "contact.website",
    "contact.person.name",
    "document.number",
    "document.date",
    "document.url",
    "feedback",
)


def _given(meta: object, dotted: str) -> bool:
    value = meta
    for key in dotted.split("."):
        value = getattr(value, key, None)
        if value is None:
            return False
    return bool(value) and (dotted != "feedback" or any(getattr(value, k) for k in ("url", "phone", "email")))


def missing_identity(plan: Plan, located: Located) -> list[Problem]:
    """One notice naming the identity fields the plan leaves empty (none when all are given)."""
    missing = [name for name in IDENTITY_FIELDS if not _given(plan.plan, name)]
    if not missing:
        return []
    names = ", ".join(f"plan.{name}" for name in missing)
    message = (
        f"thông tin: chưa có {names}. Trang vẫn được dựng; trang Liên hệ ghi các mục này là "
        '"chưa có trong dữ liệu". Khi cơ quan cung cấp, hãy điền (không đoán) '
        "[info: identity fields missing, shown as not in the data]"
    )
    return [located.problem(("plan",), message, key=True)]
