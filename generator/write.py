"""Stage 5: write the rendered files into docs/, touching only what changed."""

from __future__ import annotations

from pathlib import Path


def write_tree(out_dir: Path, files: dict[str, bytes]) -> list[str]:
    """Make `out_dir` hold exactly `files`; return the paths that were written or removed.

    A file whose bytes are unchanged is not rewritten, so MkDocs' live reload and
    file timestamps only see real changes. Files we no longer produce are removed.
    """
    changed: list[str] = []
    out_dir.mkdir(parents=True, exist_ok=True)
    for rel, content in sorted(files.items()):
        target = out_dir / rel
        if target.is_file() and target.read_bytes() == content:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_bytes(content)
        tmp.replace(target)
        changed.append(rel)
    for existing in sorted(out_dir.rglob("*"), reverse=True):
        rel = existing.relative_to(out_dir).as_posix()
        if existing.is_file() and rel not in files:
            existing.unlink()
            changed.append(rel)
        elif existing.is_dir() and not any(existing.iterdir()):
            existing.rmdir()
    return changed
