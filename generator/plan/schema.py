"""JSON Schema of the plan file, for autocompletion and hints in staff's editors.

VS Code (YAML extension) and other editors read the `# yaml-language-server:
$schema=...` line at the top of content/plan.yaml; the descriptions shown are
the model's own field descriptions, in Vietnamese.
"""

from __future__ import annotations

import json
from pathlib import Path

from .model import Plan

SCHEMA_FILE = Path("content/plan.schema.json")


def plan_schema() -> str:
    """The schema as stable, readable JSON text (sorted keys, trailing newline)."""
    schema = Plan.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Kế hoạch cải cách hành chính (content/plan.yaml)"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
