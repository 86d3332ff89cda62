"""The build's fingerprint: one digest of everything a build reads. Equal fingerprints
give the same docs/.

A build's output depends on the plan files' bytes, the as-of date given on the
command line (without it the plan's own `plan.as_of`, part of its bytes), SITE_URL,
the generator's own code, templates and assets, the libraries that write bytes
(Jinja, pydantic, openpyxl, lxml, feedgen...) and Python with its zlib. `digest()`
hashes exactly these; stamp.py stores the fingerprint in the output folder, so a build
whose fingerprint and output folder are those of the last build has nothing to do.

Imports nothing heavy: `python -m generator build` answers a no-op in ~0.1 s,
before pydantic, Jinja or openpyxl are loaded.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import sys
import zlib
from collections.abc import Sequence
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
ROOT = PACKAGE.parent
DEFAULT_PLAN = Path("content/plan.yaml")
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"
# Distributions whose versions can change the bytes written (dist-info names, normalized).
LIBRARIES = frozenset(
    {
        "jinja2",
        "markupsafe",
        "pydantic",
        "pydantic_core",
        "pyyaml",
        "openpyxl",
        "et_xmlfile",
        "lxml",
        "feedgen",
        "python_dateutil",
    }
)
FORMAT = b"cchc-inputs 1"  # change when the digest's recipe changes


def site_url() -> str:
    """Public address of the site; CI sets SITE_URL from GitHub Pages, mkdocs.yml reads it too."""
    return os.environ.get("SITE_URL") or DEFAULT_SITE_URL


def _add(h: hashlib._Hash, label: str, data: bytes) -> None:
    # Length-prefixed, so that no two different inputs give the same stream of bytes.
    h.update(f"{label}\0{len(data)}\0".encode())
    h.update(data)


def _own_files(code: bool) -> list[Path]:
    """The generator's Python modules (code=True) or its templates and assets (False)."""
    found = []
    for folder, dirs, names in os.walk(PACKAGE):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            if name.endswith((".pyc", ".pyo")):
                continue
            if name.endswith(".py") == code:
                found.append(Path(folder) / name)
    return found


def _files_digest(files: list[Path]) -> bytes:
    h = hashlib.sha256()
    for path in files:
        _add(h, path.relative_to(PACKAGE).as_posix(), path.read_bytes())
    return h.digest()


@functools.cache
def _code() -> bytes:
    """The modules as this process first saw them: a long-running `serve` keeps running the
    code it imported, so its builds are stamped with that code, not with later edits."""
    return _files_digest(_own_files(code=True))


@functools.cache
def _runtime() -> bytes:
    """Python, zlib (it compresses the XLSX) and the versions of LIBRARIES."""
    found = {sys.version, zlib.ZLIB_RUNTIME_VERSION}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue  # a zip file or a folder that is gone
        for name in names:
            stem, dot, kind = name.rpartition(".")
            if dot and kind in ("dist-info", "egg-info"):
                project = stem.partition("-")[0].lower().replace("-", "_").replace(".", "_")
                if project in LIBRARIES:
                    found.add(stem)
    return "\n".join(sorted(found)).encode()


def digest(plans: Sequence[Path], as_of: dt.date | None) -> str | None:
    """The fingerprint: a hex digest of everything the output depends on; None when a
    plan cannot be read.

    Taken before the plans are loaded: a plan saved during the build then makes the
    stored fingerprint older than the output, and the next build runs again (never the
    reverse).
    """
    h = hashlib.sha256(FORMAT)
    for plan in plans:
        try:
            _add(h, "plan", plan.read_bytes())
        except OSError:
            return None
    _add(h, "as-of", as_of.isoformat().encode() if as_of else b"plan.as_of")
    _add(h, "site-url", site_url().encode())
    _add(h, "code", _code())
    _add(h, "templates", _files_digest(_own_files(code=False)))
    _add(h, "runtime", _runtime())
    return h.hexdigest()
