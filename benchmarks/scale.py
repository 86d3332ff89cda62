"""How the build grows with the number of tasks: seeded synthetic plans, every stage timed.

Usage: .venv/bin/python benchmarks/scale.py [--large] [--zensical] [--query Q] [N ...]
  (default sizes 57 500 5000; --large adds 50000; --zensical also builds each plan with
   Zensical from .venv-zensical/, see `make zensical`)

For each size it writes a plan (7 areas, groups of targets of 3 to 12 tasks, 12 units
plus one per 500 tasks, KPIs with measurements, updates with notes and evidence; text
Vietnamese, with English titles of the areas and of 30% of tasks for the English edition;
drawn from a seeded random generator so every run builds the same
plan), then runs the real commands as a user does, each in its own process:
`python -m generator check`, `python -m generator build` and `mkdocs build --strict`,
and prints a table of seconds, pages, sizes, the search payload of one query and peak
memory (max RSS of each process, from wait4). At 5,000 tasks it also measures a no-op
rebuild (with the inputs digest, and without it), a one-task edit: seconds and files
rewritten under docs/, then MkDocs after it. (`make serve` from a saved edit to the
browser showing it: benchmarks/serve.py, in Chromium.)

Reports what it measured on this machine; it asserts nothing (timings belong here,
not in tests).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import importlib
import itertools
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
STAMP = ".generator-input"  # generator/build/stamp.py: the fingerprint of the last build
ZENSICAL = ROOT / ".venv-zensical" / "bin" / "zensical"
SEED = 2022
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII"]
LETTERS = "abcdefghijklmnopqrstuvwxyz"

AREA_TITLES = [
    "Cải cách thể chế",
    "Cải cách thủ tục hành chính",
    "Cải cách tổ chức bộ máy hành chính nhà nước",
    "Cải cách chế độ công vụ",
    "Cải cách tài chính công",
    "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số",
    "Công tác chỉ đạo, điều hành và thông tin, tuyên truyền",
]
VERBS = [
    "Rà soát",
    "Triển khai",
    "Tổ chức",
    "Kiểm tra",
    "Công khai",
    "Nâng cao chất lượng",
    "Số hóa",
    "Xây dựng kế hoạch",
    "Đẩy mạnh",
    "Hướng dẫn",
    "Tuyên truyền, phổ biến",
    "Đánh giá",
    "Cập nhật",
    "Kiện toàn",
    "Thực hiện",
]
OBJECTS = [
    "thủ tục hành chính thuộc thẩm quyền giải quyết của Sở",
    "hồ sơ, kết quả giải quyết thủ tục hành chính",
    "dịch vụ công trực tuyến toàn trình",
    "văn bản quy phạm pháp luật do tỉnh ban hành",
    "quy trình nội bộ giải quyết TTHC",
    "việc tiếp nhận, xử lý phản ánh, kiến nghị của người dân, doanh nghiệp",
    "chữ ký số trong văn bản điện tử",
    "hệ thống quản lý chất lượng theo tiêu chuẩn TCVN ISO 9001:2015",
    "cơ sở dữ liệu chuyên ngành công thương",
    "vị trí việc làm và cơ cấu ngạch công chức",
    "kỷ luật, kỷ cương hành chính",
    "thanh toán trực tuyến phí, lệ phí",
    "Bộ phận Một cửa của Sở",
    "chỉ số hài lòng của người dân (SIPAS)",
    "cơ chế tự chủ tài chính của đơn vị sự nghiệp công lập",
]
QUALIFIERS = [
    "theo Quyết định số 468/QĐ-TTg",
    "trên Cổng dịch vụ công quốc gia",
    "đúng quy định",
    "tại các phòng, đơn vị thuộc Sở",
    "năm 2022",
    "theo hướng dẫn của UBND tỉnh",
    "bảo đảm công khai, minh bạch",
    "",
]
PRODUCTS = [
    "Báo cáo",
    "Kế hoạch",
    "Quyết định",
    "Văn bản hướng dẫn",
    "Danh mục TTHC",
    "Biên bản kiểm tra",
    "Hồ sơ điện tử",
    "Tài liệu tuyên truyền",
]
UNIT_NAMES = [
    ("van-phong", "Văn phòng Sở", "VP"),
    ("thanh-tra", "Thanh tra Sở", "TTr"),
    ("ke-hoach-tai-chinh", "Phòng Kế hoạch – Tài chính – Tổng hợp", "KHTC"),
    ("quan-ly-thuong-mai", "Phòng Quản lý thương mại", "QLTM"),
    ("quan-ly-cong-nghiep", "Phòng Quản lý công nghiệp", "QLCN"),
    ("quan-ly-nang-luong", "Phòng Quản lý năng lượng", "QLNL"),
    ("ky-thuat-an-toan", "Phòng Kỹ thuật an toán – Môi trường", "KTAT"),
    ("khuyen-cong", "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp", "TTKC"),
    ("xuc-tien-thuong-mai", "Trung tâm Xúc tiến thương mại", "TTXT"),
    ("quan-ly-thi-truong", "Cục Quản lý thị trường", "QLTT"),
    ("phap-che", "Bộ phận Pháp chế", "PC"),
    ("mot-cua", "Bộ phận Một cửa", "MC"),
]
NOTES = [
    "Đã ban hành kế hoạch thực hiện.",
    "Đang lấy ý kiến các phòng, đơn vị.",
    "Hoàn thành rà soát 12/15 thủ tục.",
    "Chờ hướng dẫn của Bộ Công Thương.",
    "Đã trình UBND tỉnh phê duyệt.",
    "",
]
METRICS = [
    ("ho-so-dung-han", "Tỷ lệ hồ sơ giải quyết đúng hạn", "%"),
    ("dvc-truc-tuyen", "Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến toàn trình", "%"),
    ("hai-long", "Mức độ hài lòng của người dân, doanh nghiệp", "%"),
    ("so-hoa", "Tỷ lệ hồ sơ được số hóa", "%"),
]
AS_OF = dt.date(2022, 10, 15)


# The English edition (issue 19): every area's title and a seeded share of task titles have
# English (`_en`), the rest is shown in Vietnamese, marked. Drawn from their own generator,
# so the Vietnamese plan is the one it was before English was added.
AREA_TITLES_EN = [
    "Institutional reform",
    "Administrative procedure reform",
    "Reform of the state administrative apparatus",
    "Civil service reform",
    "Public finance reform",
    "Building e-government and digital government",
    "Direction, management, information and communication",
]
TASK_TITLES_EN = 0.3  # share of tasks with an English title
VERBS_EN = ["Review", "Deploy", "Organize", "Inspect", "Publish", "Improve", "Digitize", "Update"]
OBJECTS_EN = [
    "administrative procedures under the department's authority",
    "full-process online public services",
    "the internal procedure for handling administrative procedures",
    "digital signatures in electronic documents",
    "the one-stop shop of the department",
    "the citizen satisfaction index (SIPAS)",
    "online payment of fees and charges",
    "administrative discipline",
]


def _title(rng: random.Random) -> str:
    qualifier = rng.choice(QUALIFIERS)
    return f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}{' ' + qualifier if qualifier else ''}"


def _deadline(rng: random.Random) -> dict[str, Any]:
    kind = rng.choices(["date", "month", "quarter", "ongoing", "condition"], [3, 3, 3, 2, 1])[0]
    if kind == "date":
        day = dt.date(2022, rng.randint(1, 12), rng.randint(1, 28))
        return {"text": f"Trước {day:%d/%m/%Y}", "kind": "date", "date": day}
    if kind == "month":
        month = rng.randint(1, 12)
        return {"text": f"Tháng {month:02d}/2022", "kind": "month", "month": f"2022-{month:02d}"}
    if kind == "quarter":
        q = rng.randint(1, 4)
        return {
            "text": f"Quý {['I', 'II', 'III', 'IV'][q - 1]}/2022",
            "kind": "quarter",
            "quarter": f"2022-Q{q}",
        }
    if kind == "ongoing":
        return {"text": "Thường xuyên", "kind": "ongoing"}
    return {"text": "Khi có chủ trương của UBND tỉnh", "kind": "condition"}


def _updates(rng: random.Random, ongoing: bool) -> list[dict[str, Any]]:
    updates: list[dict[str, Any]] = []
    percent = 0
    day = dt.date(2022, 1, 10)
    for n in range(rng.choice([0, 1, 2, 2, 3])):
        day = min(AS_OF, day + dt.timedelta(days=rng.randint(20, 90)))
        percent = min(100, percent + rng.randint(10, 50))
        done = percent == 100 and not ongoing
        update: dict[str, Any] = {"date": day, "status": "done" if done else "in_progress"}
        if not done:
            update["percent"] = percent
        note = rng.choice(NOTES)
        if note:
            update["note"] = note
        if rng.random() < 0.2:
            update["evidence"] = [
                {"title": f"Báo cáo số {rng.randint(1, 300)}/BC-SCT", "url": f"https://example.gov.vn/bc/{n}"}
            ]
        if ongoing:
            update["period"] = f"2022-Q{(day.month - 1) // 3 + 1}"
        updates.append(update)
        if done:
            break
    return updates


def synthetic_plan(tasks: int, seed: int = SEED) -> dict[str, Any]:
    """A valid plan of exactly `tasks` tasks; the same `tasks` and `seed` give the same plan."""
    rng = random.Random(seed * 1_000_003 + tasks)
    english = random.Random(seed * 1_000_033 + tasks)
    units = [{"id": i, "name": n, "short": s} for i, n, s in UNIT_NAMES]
    units += [
        {"id": f"phong-{n}", "name": f"Phòng chuyên môn số {n}", "short": f"P{n}"}
        for n in range(tasks // 500)
    ]
    unit_ids = [u["id"] for u in units]
    # Tasks per target: 3..12, until the count is reached; then dealt round-robin to areas.
    sizes: list[int] = []
    while sum(sizes) < tasks:
        sizes.append(min(rng.randint(3, 12), tasks - sum(sizes)))
    per_area: list[list[int]] = [[] for _ in ROMAN]
    for n, size in enumerate(sizes):
        per_area[n % len(ROMAN)].append(size)
    areas = []
    for a, (roman, title, title_en) in enumerate(zip(ROMAN, AREA_TITLES, AREA_TITLES_EN, strict=True)):
        groups = []
        # Groups of up to 8 targets: II.3 holds targets II.3.1 .. II.3.8.
        targets_here = per_area[a]
        for g in range(math.ceil(len(targets_here) / 8)):
            group_id = f"{roman}.{g + 1}"
            targets = []
            for t, size in enumerate(targets_here[g * 8 : g * 8 + 8]):
                target_id = f"{group_id}.{t + 1}"
                items = []
                for n in range(size):
                    deadline = _deadline(rng)
                    lead = rng.choice(unit_ids)
                    task: dict[str, Any] = {
                        "id": f"{target_id}.{LETTERS[n]}",
                        "title": _title(rng),
                        "products": rng.sample(PRODUCTS, rng.randint(1, 2)),
                        "lead": [lead],
                        "partners": rng.sample([u for u in unit_ids if u != lead], rng.randint(0, 2)),
                        "deadline": deadline,
                        "updates": _updates(rng, deadline["kind"] == "ongoing"),
                    }
                    if rng.random() < 0.1:
                        task["items"] = [_title(rng) for _ in range(rng.randint(2, 3))]
                    if english.random() < TASK_TITLES_EN:
                        task["title_en"] = f"{english.choice(VERBS_EN)} {english.choice(OBJECTS_EN)}"
                    items.append(task)
                kpis = []
                if rng.random() < 0.3:
                    kpi_id, metric, unit = rng.choice(METRICS)
                    kpis.append(
                        {
                            "id": kpi_id,
                            "metric": metric,
                            "comparison": "at_least",
                            "value": rng.choice([80, 90, 95, 100]),
                            "unit": unit,
                            "measurements": [
                                {
                                    "date": dt.date(2022, m, 28),
                                    "value": round(rng.uniform(70, 100), 1),
                                    "source": f"Báo cáo CCHC tháng {m}/2022",
                                }
                                for m in range(3, 10, 3)
                            ],
                        }
                    )
                targets.append({"id": target_id, "text": _title(rng), "kpis": kpis, "tasks": items})
            groups.append(
                {"id": group_id, "title": f"Nhóm {g + 1}: {rng.choice(OBJECTS)}", "targets": targets}
            )
        areas.append({"id": roman, "title": title, "title_en": title_en, "groups": groups})
    meta = {
        "title": "Kế hoạch cải cách hành chính (thử tải)",
        "organization": "Sở Công Thương tỉnh thử",
        "year": 2022,
        "as_of": AS_OF,
        "source": "Dữ liệu tổng hợp cho bài đo hiệu năng",
        "sample": True,
    }
    return {"plan": meta, "units": units, "areas": areas}


def dump_plan(plan: dict[str, Any]) -> str:
    """A plan as YAML text (libyaml's dumper when there: 50,000 tasks in seconds)."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(plan, Dumper=dumper, allow_unicode=True, sort_keys=False)


def plan_yaml(tasks: int) -> str:
    """The synthetic plan of `tasks` tasks as YAML text."""
    return dump_plan(synthetic_plan(tasks))


def generator_args(command: str, plans: Sequence[Path], out: Path | None = None) -> list[str]:
    """The arguments of `python -m generator COMMAND` as the Makefile passes them: one
    `--plan` per plan file, then `--out` (docs/ of the working folder) when given."""
    args = [command, *(arg for plan in plans for arg in ("--plan", str(plan)))]
    return [*args, "--out", str(out)] if out is not None else args


def generator_cmd(command: str, plans: Sequence[Path], out: Path | None = None) -> list[str]:
    """`python -m generator COMMAND --plan ... [--out ...]` with this interpreter."""
    return [sys.executable, "-m", "generator", *generator_args(command, plans, out)]


def mkdocs_cmd(work: Path, *extra: str) -> list[str]:
    """`mkdocs build --strict` of the working folder made by site_folder(), quietly."""
    return [sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-f", str(work / "mkdocs.yml"), *extra]


def site_folder(work: Path) -> None:
    """What `make site` reads besides the plan: mkdocs.yml and the theme overrides."""
    shutil.copy(ROOT / "mkdocs.yml", work / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", work / "overrides")


def write_plan(tasks: int, path: Path) -> None:
    """The synthetic plan of `tasks` tasks written to `path` by a child process: a child's
    peak RSS (wait4) counts the pages it shared with this process when forked, and making
    the 50,000-task plan here takes 770 MB."""
    write = f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import scale; "
    write += f"open({str(path)!r}, 'w', encoding='utf-8').write(scale.plan_yaml({tasks}))"
    subprocess.run([sys.executable, "-c", write], check=True)


@dataclass
class Run:
    """One process: wall seconds, CPU seconds (user + system) and peak resident memory (MB)."""

    seconds: float
    cpu: float
    rss_mb: float


def run_measured(cmd: list[str], cwd: Path, env: dict[str, str]) -> Run:
    """Like run(), with the child's own peak RSS from os.wait4 (Linux reports KB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise subprocess.CalledProcessError(proc.returncode, cmd, output.decode(errors="replace"))
    return Run(took, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def _search_module() -> ModuleType | None:
    """generator/outputs/search_keys.py when this checkout has the site's own search index."""
    try:
        return importlib.import_module("generator.outputs.search_keys")
    except ImportError:
        return None


def _query_keys(module: ModuleType, abbr: dict[str, str], query: str) -> list[str]:
    """The keys search.js looks up: each word, or the meaning meta.json's `abbr` gives it,
    as syllables, then each pair of neighbouring syllables."""
    syllables: list[str] = []
    for word in module.words(query):
        meaning = abbr.get(module.key(word))
        syllables += module.words(meaning) if meaning else [word]
    keys = [module.key(w) for w in syllables]
    return keys + [f"{a} {b}" for a, b in itertools.pairwise(keys)]


def _gz(data: bytes) -> int:
    return len(gzip.compress(data, 9, mtime=0))


def search_payload(site: Path, query: str) -> tuple[int, str]:
    """Bytes (gzip) a reader downloads to see the results of `query`, and what they are.

    With Material's search plugin the whole search_index.json is fetched. With our own
    index (generator/outputs/search.py) the client fetches meta.json, the shards of the query's
    keys and the document chunks of the top results: the same steps as search.js.
    """
    material = site / "search" / "search_index.json"
    if material.is_file():
        return _gz(material.read_bytes()), "search_index.json"
    module = _search_module()
    if module is None or not (site / "search" / "meta.json").is_file():
        return 0, "no index"
    meta = json.loads((site / "search" / "meta.json").read_bytes())
    keys = _query_keys(module, meta["abbr"], query)
    shards = sorted({module.fnv1a(k) % meta["shards"] for k in keys})
    total = _gz((site / "search" / "meta.json").read_bytes())
    postings: dict[str, Any] = {}
    for n in shards:
        raw = (site / "search" / "s" / f"{n}.json").read_bytes()
        total += _gz(raw)
        loaded = json.loads(raw)
        postings.update({k: loaded[k] for k in keys if k in loaded})
    # Top results, scored roughly as search.js does (an unaccented query: every form counts).
    scores: dict[int, float] = {}
    for k in keys:
        if k not in postings:
            continue
        flat = postings[k][1]
        idf = math.log(1 + meta["docs"] / (len(flat) / 3))
        doc = 0
        for j in range(0, len(flat), 3):
            doc += flat[j]
            scores[doc] = scores.get(doc, 0.0) + idf * flat[j + 1] * (1 if " " not in k else 2)
    top = sorted(scores, key=lambda d: (-scores[d], d))[:20]
    chunks = sorted({d // meta["chunk"] for d in top})
    for n in chunks:
        total += _gz((site / "search" / "d" / f"{n}.json").read_bytes())
    return total, f"meta + {len(shards)} shards + {len(chunks)} chunks"


@dataclass
class Row:
    tasks: int
    check: Run
    generate: Run
    mkdocs: Run
    pages: int
    site_mb: float
    biggest_kb: float
    biggest: str
    search_kb: float
    search_how: str
    zensical: Run | None = None
    zensical_note: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def _env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1665792000"}


def _rewritten(docs: Path, before: dict[str, tuple[int, int]]) -> int:
    """Files under docs/ that are new or whose inode or mtime changed since `before`
    (not counting the generator's stamp, which follows every change of its inputs)."""
    after = _stamps(docs)
    before = {k: v for k, v in before.items() if k != STAMP}
    after.pop(STAMP, None)
    return sum(1 for rel, stamp in after.items() if before.get(rel) != stamp) + sum(
        1 for rel in before if rel not in after
    )


def _stamps(docs: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(docs).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in docs.rglob("*")
        if p.is_file()
    }


def measure(tasks: int, query: str, zensical: bool, edits: bool) -> Row:
    env = _env()
    with tempfile.TemporaryDirectory(prefix="cc-bench-") as tmp:
        work = Path(tmp)
        plan_file = work / "plan.yaml"
        write_plan(tasks, plan_file)
        site_folder(work)
        docs = work / "docs"
        check = run_measured(generator_cmd("check", [plan_file]), ROOT, env)
        build = generator_cmd("build", [plan_file], docs)
        generate = run_measured(build, ROOT, env)
        mkdocs = run_measured(mkdocs_cmd(work), work, env)
        site = work / "site"
        pages = sorted(site.rglob("*.html"))
        biggest = max(pages, key=lambda p: p.stat().st_size)
        size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
        payload, how = search_payload(site, query)
        row = Row(
            tasks=tasks,
            check=check,
            generate=generate,
            mkdocs=mkdocs,
            pages=len([p for p in pages if p.name != "404.html"]),
            site_mb=size / 1e6,
            biggest_kb=biggest.stat().st_size / 1e3,
            biggest=biggest.relative_to(site).as_posix(),
            search_kb=payload / 1e3,
            search_how=how,
        )
        if edits:
            before = _stamps(docs)
            again = run_measured(build, ROOT, env)
            row.extra["no-op rebuild (inputs digest unchanged)"] = (
                f"{again.seconds:.2f} s ({again.cpu:.2f} s CPU), {_rewritten(docs, before)} files rewritten"
            )
            stamp = docs / STAMP
            if stamp.is_file():
                stamp.write_text("inputs -\noutput -\n", encoding="utf-8")  # as if made without it
                before = _stamps(docs)
                full = run_measured(build, ROOT, env)
                row.extra["no-op rebuild without the stamp (every stage runs)"] = (
                    f"{full.seconds:.2f} s ({full.cpu:.1f} s CPU), {_rewritten(docs, before)} files rewritten"
                )
            text = plan_file.read_text(encoding="utf-8")
            # One task's title changes: the area page, its unit pages and the search index show it.
            edited = re.sub(r"(title: )(Rà soát|Triển khai|Tổ chức)", r"\1Đã sửa \2", text, count=1)
            plan_file.write_text(edited, encoding="utf-8")
            before = _stamps(docs)
            one = run_measured(build, ROOT, env)
            row.extra["one-task edit"] = (
                f"{one.seconds:.2f} s ({one.cpu:.1f} s CPU), {_rewritten(docs, before)} files rewritten"
            )
            # --dirty rebuilds only pages whose source is newer than their HTML (write.py keeps
            # unchanged files' mtimes): an edit's cost when MkDocs runs as a command (make serve
            # builds the changed pages in its own process, build/serve.py).
            dirty = run_measured(mkdocs_cmd(work, "--dirty"), work, env)
            row.extra["mkdocs build --dirty after the edit"] = (
                f"{dirty.seconds:.2f} s ({dirty.cpu:.1f} s CPU)"
            )
            rebuild = run_measured(mkdocs_cmd(work), work, env)
            row.extra["full mkdocs build after the edit"] = (
                f"{rebuild.seconds:.2f} s ({rebuild.cpu:.1f} s CPU)"
            )
        if zensical:
            row.zensical, row.zensical_note = zensical_build(work, env)
    return row


def zensical_build(work: Path, env: dict[str, str]) -> tuple[Run | None, str]:
    """Build the same docs/ with Zensical into zensical-site/; None and the reason on failure."""
    if not ZENSICAL.is_file():
        return None, f"skipped: {ZENSICAL.relative_to(ROOT)} missing (make zensical installs it)"
    shutil.copy(ROOT / "zensical.yml", work / "zensical.yml")  # inherits mkdocs.yml
    cmd = [str(ZENSICAL), "build", "--clean", "--strict", "-f", str(work / "zensical.yml")]
    try:
        # mkdocs.yml names the slugify hook generator.plan.slug.slugify: import it from here.
        result = run_measured(cmd, work, {**env, "PYTHONPATH": str(ROOT)})
    except subprocess.CalledProcessError as err:
        last = err.output.strip().splitlines()[-1] if err.output.strip() else ""
        return None, f"failed (exit {err.returncode}): {last[:300]}"
    pages = len(list((work / "zensical-site").rglob("*.html")))
    return result, f"{pages} HTML files"


def _s(run: Run) -> str:
    return f"{run.seconds:.1f} ({run.cpu:.1f})"


def print_table(rows: list[Row]) -> None:
    print("Seconds are wall clock (CPU in brackets: user + system, steadier on a shared machine).")
    head = (
        "| tasks | check s | generate s | MkDocs s | pages | site MB | biggest page KB "
        "| search KB gzip | peak RSS MB | Zensical s |"
    )
    print(head)
    print("|" + "---:|" * 10)
    for r in rows:
        peak = max(r.check.rss_mb, r.generate.rss_mb, r.mkdocs.rss_mb)
        zen = _s(r.zensical) if r.zensical else (r.zensical_note or "-")
        print(
            f"| {r.tasks:,} | {_s(r.check)} | {_s(r.generate)} | {_s(r.mkdocs)} "
            f"| {r.pages} | {r.site_mb:.1f} | {r.biggest_kb:,.0f} | {r.search_kb:,.0f} "
            f"| {peak:.0f} (gen {r.generate.rss_mb:.0f}, mkdocs {r.mkdocs.rss_mb:.0f}) | {zen} |"
        )
    print()
    for r in rows:
        print(f"{r.tasks:,} tasks: biggest page {r.biggest}; search payload = {r.search_how}")
        for label, value in r.extra.items():
            print(f"  {label}: {value}")
        if r.zensical:
            print(f"  Zensical: {r.zensical.seconds:.1f} s, {r.zensical.rss_mb:.0f} MB, {r.zensical_note}")
        elif r.zensical_note:
            print(f"  Zensical: {r.zensical_note}")
    by = {r.tasks: r for r in rows}

    def total(r: Row, cpu: bool) -> float:
        return (r.generate.cpu + r.mkdocs.cpu) if cpu else (r.generate.seconds + r.mkdocs.seconds)

    for small, large in ((500, 5000), (5000, 50000)):
        if small in by and large in by:
            a, b = by[small], by[large]
            print(
                f"t({large:,})/t({small:,}) in CPU seconds: "
                f"generate+MkDocs {total(b, True) / total(a, True):.1f}, "
                f"generate {b.generate.cpu / a.generate.cpu:.1f}, MkDocs {b.mkdocs.cpu / a.mkdocs.cpu:.1f}; "
                f"wall clock: generate+MkDocs {total(b, False) / total(a, False):.1f}"
            )
        elif small in by and large == 50000:
            print(f"t({large:,})/t({small:,}): {large:,} tasks skipped (run with --large)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, help="task counts (default 57 500 5000)")
    parser.add_argument("--large", action="store_true", help="also 50,000 tasks (several minutes)")
    parser.add_argument("--zensical", action="store_true", help="also build each plan with Zensical")
    parser.add_argument("--query", default="ra soat thu tuc", help="search query to size the payload of")
    args = parser.parse_args()
    sizes = args.sizes or [57, 500, 5000] + ([50000] if args.large else [])
    if not args.sizes and not args.large:
        print("50,000 tasks skipped (several minutes; run `make bench LARGE=1` or add --large)")
    rows = []
    for n in sizes:
        try:
            rows.append(measure(n, args.query, args.zensical, edits=n == 5000))
        except subprocess.CalledProcessError as err:
            sys.exit(f"{n:,} tasks: {' '.join(err.cmd)} failed:\n{err.output[-4000:]}")
        print(f"... {n:,} tasks measured", file=sys.stderr, flush=True)
    print_table(rows)


if __name__ == "__main__":
    main()
