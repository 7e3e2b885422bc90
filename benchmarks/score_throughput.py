"""Throughput and peak memory of `recognise score` against a bare pipeline written with the standard library only.

The reference (`--reference`, run as its own process) imports nothing from this project: Python's `csv` module
reads the sheet, the indicator points are summed, the total is graded by the set's bands (handed
over on the command line by the parent, which reads them from the criteria file) and one CSV line is written per
subject. It is what a clerk's own script would do, and what `recognise score` is measured against.

For one points set (default dvht-tt22-2020) this script generates N board-like subjects as a CSV score sheet, then
runs in the same run, each as a child process:

1. the reference;
2. `recognise score SHEET --criteria ID --output out.csv --show 0` (and `.json`, `.xlsx` with --formats), in the
   default mode and, with --single, with RECOGNISE_WORKERS=1;

and prints per run wall seconds, CPU seconds, subjects/s, the ratio recognise/reference (speed: higher is better,
1.0 = as fast as the bare pipeline; from wall time, and from CPU time beside it, which a busy machine disturbs less),
the peak RSS of the largest single process (wait4) and the sampled PSS of the whole process tree.
It checks that every subject's total and grade in recognise's CSV equal the reference's.
It reports; it does not assert: the exit code is 0 whatever the figures.

    python benchmarks/score_throughput.py [--n 200000] [--set dvht-tt22-2020] [--formats csv,json,xlsx] [--single]
    python benchmarks/score_throughput.py --n 2000000 --formats csv,json      # memory at 2 million rows
"""

from __future__ import annotations

import argparse
import compileall
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_SET = "dvht-tt22-2020"
GOALS = {"csv": 0.5, "json": 0.25, "xlsx": 0.1}  # speed ratio to the bare pipeline, per output format
GOAL_RSS_MB = 300
HOUSEHOLDS = 27_000_000
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
GIVEN = ["Văn An", "Thị Bình", "Đức Cường", "Thị Dung", "Minh Đức", "Thu Hà", "Quang Huy", "Ngọc Lan", "Bảo Long",
         "Thị Mai", "Hữu Nghĩa", "Thanh Phương", "Đình Quý", "Thị Sương", "Công Thành", "Thị Yến"]
PLACES = ["Tân Phú", "Hòa Bình", "Phú Lộc", "Quảng Điền", "Đồng Xoài", "Yên Thế", "Mường Tè", "Bắc Quang",
          "Đắk Mil", "Cái Nước", "Hương Khê", "Thạch Hà", "Ea Súp", "Lộc Ninh", "Krông Pắc", "Điện Biên Đông"]
PROVINCES = ["Hà Giang", "Lai Châu", "Nghệ An", "Hà Tĩnh", "Quảng Nam", "Đắk Lắk", "Bình Phước", "Cà Mau",
             "Thừa Thiên Huế", "Bắc Giang"]
UNIT_KINDS = ["Trường Tiểu học", "Trường THCS", "Trường THPT", "Ủy ban nhân dân xã", "Công ty TNHH",
              "Hợp tác xã", "Bệnh viện huyện", "Phòng Giáo dục và Đào tạo"]
SUBJECT_PREFIX = {"unit": "Đơn vị", "commune": "Xã", "district": "Huyện", "province": "Tỉnh", "village": "Thôn",
                  "household": "Hộ", "clan": "Dòng họ"}


# --- board-like sheets ----------------------------------------------------------------------

def _half(value: float) -> str:
    """A whole or half point as a board writes it: `7`, `7,5`."""
    whole = int(value)
    return str(whole) if value == whole else f"{whole},5"


def _tenths(tenths: int) -> str:
    """A percentage with one decimal: `72,5`, `80`."""
    return str(tenths // 10) if tenths % 10 == 0 else f"{tenths // 10},{tenths % 10}"


def _points_value(rng: random.Random, top: float, quality: tuple[float, float]) -> str:
    """Most subjects near the top: often the maximum, otherwise a few half points below it."""
    full, scale = quality
    if rng.random() < full:
        return _half(top)
    halves = 1 + int(rng.expovariate(1.0) * scale * top * 2)
    return _half(max(0.0, top - 0.5 * halves))


QUALITIES = [((0.75, 0.08), 0.70), ((0.45, 0.20), 0.25), ((0.15, 0.45), 0.05)]  # (p(full), deficit scale), weight


def _input_value(rng: random.Random, inp, quality: tuple[float, float], whole: str | None = None) -> str:
    if whole is not None:  # a part of another input (“trong đó”, e.g. 5.2b of 5.2a): 8–30 %, never above it
        cap = round(float(whole.replace(",", ".")) * 10)
        return _tenths(min(cap, rng.randint(80, 300)))
    if inp.kind == "points":
        return _points_value(rng, float(inp.max or 10), quality)
    if inp.kind == "boolean":
        return "đạt" if rng.random() < 0.97 else "không đạt"
    if inp.kind == "level":
        top = int(inp.max or 3)
        low = max(0, min(2, top - 1))  # levels 2–3 (1–2 where the maximum is 2)
        return str(top if rng.random() < 0.7 else low)
    if inp.kind == "percent":
        return _tenths(rng.randint(400, 950))  # 40–95 %, one decimal
    return _tenths(rng.randint(0, 1000))


def _attribute_value(rng: random.Random, attr) -> str:
    if attr.kind == "boolean":
        return "có" if rng.random() < 0.2 else "không"  # vùng khó khăn for about 20 %
    return rng.choice(list(attr.values()))


def write_sheet(cs, path: Path, n: int, seed: int = 20240212) -> None:
    rng = random.Random(seed)
    inputs = [inp for _, ind in cs.indicators() for inp in ind.input_list()]
    header = ["ma", "ten", "dia_ban", *[a.key for a in cs.attributes], *[inp.key for inp in inputs]]
    kinds, weights = zip(*QUALITIES, strict=True)
    prefix = SUBJECT_PREFIX.get(cs.subject_kind, "Đối tượng")
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        out.writerow(header)
        for i in range(1, n + 1):
            quality = rng.choices(kinds, weights)[0]
            place = rng.choice(PLACES)
            if cs.subject_kind == "unit":
                name = f"{rng.choice(UNIT_KINDS)} {rng.choice(SURNAMES)} {rng.choice(GIVEN)}"
            elif cs.subject_kind in ("household", "clan"):
                name = f"{prefix} {rng.choice(SURNAMES)} {rng.choice(GIVEN)}"
            else:
                name = f"{prefix} {place} {i}"
            area = f"Huyện {place}, tỉnh {rng.choice(PROVINCES)}"
            values: dict[str, str] = {}
            for inp in sorted(inputs, key=lambda x: bool(getattr(x, "at_most", None))):  # wholes before parts
                whole = getattr(inp, "at_most", None)
                values[inp.key] = _input_value(rng, inp, quality, values.get(whole) if whole else None)
            out.writerow([f"BENCH-{i:08d}", name, area, *[_attribute_value(rng, a) for a in cs.attributes],
                          *[values[inp.key] for inp in inputs]])


# --- the bare reference: standard library only -------------------------------------------------

def reference_run(sheet: Path, out: Path, spec_text: str) -> int:
    """Read with `csv`, sum the points as floats (halves and tenths add up exactly enough to grade these sheets),
    grade by the bands, write one CSV line per subject: the leanest honest pipeline, nothing formatted."""
    spec = json.loads(spec_text)
    bands = [(float(b["min"]), float("inf") if b["below"] is None else float(b["below"]), b["name"],
              "có" if b["recognised"] else "không") for b in spec["bands"]]
    fail = spec["fail"]
    with sheet.open(encoding="utf-8-sig", newline="") as source, out.open("w", encoding="utf-8", newline="") as target:
        rows = csv.reader(source, delimiter=";")
        header = next(rows)
        where = [header.index(k) for k in spec["keys"]]
        ma, ten, area = header.index("ma"), header.index("ten"), header.index("dia_ban")
        write = csv.writer(target, delimiter=";").writerow
        write(["ma", "ten", "dia_ban", "tong_diem", "ket_qua", "cong_nhan"])
        for cells in rows:
            total = sum(float(cells[i].replace(",", ".")) for i in where)
            grade, recognised = fail, "không"
            for low, below, name, granted in bands:
                if low <= total < below:
                    grade, recognised = name, granted
                    break
            write((cells[ma], cells[ten], cells[area], total, grade, recognised))
    project = sorted(m for m in sys.modules if m.split(".")[0] in ("engine", "cli", "web"))
    if project:
        print(f"the reference imported project modules: {project}", file=sys.stderr)
        return 2
    return 0


def reference_spec(cs) -> str:
    """The set's bands and input columns, for the reference (which cannot read the criteria file itself)."""
    if cs.scheme != "points" or cs.knockouts:
        raise SystemExit(f"{cs.id}: the bare reference covers points sets without knock-outs only")
    bands = [{"min": str(g.min), "below": None if g.below is None else str(g.below), "name": g.name,
              "recognised": g.recognised} for g in cs.grades]
    keys = [inp.key for _, ind in cs.indicators() for inp in ind.input_list()]
    return json.dumps({"bands": bands, "fail": cs.fail_grade, "keys": keys}, ensure_ascii=False)


def agree(recognised_csv: Path, reference_csv: Path) -> str:
    """Every subject's total and grade in recognise's CSV equal the reference's."""
    def decided(path: Path) -> dict[str, tuple[Decimal, str]]:
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = csv.reader(f, delimiter=";")
            head = next(rows)
            ma, total, grade = head.index("ma"), head.index("tong_diem"), head.index("ket_qua")
            return {r[ma]: (Decimal(r[total].replace(",", ".")), r[grade]) for r in rows if r[total]}

    a, b = decided(recognised_csv), decided(reference_csv)
    differ = [k for k in b if a.get(k) != b[k]]
    if len(a) != len(b) or differ:
        first = differ[0] if differ else None
        return (f"DIFFER: {len(a)} vs {len(b)} subjects, {len(differ)} differ"
                + (f" (first {first}: {a.get(first)} vs {b[first]})" if first else ""))
    return f"all {len(b):,} totals and grades agree"


# --- measuring ------------------------------------------------------------------------------

@dataclass
class Measure:
    seconds: float
    cpu: float
    rss_mb: float  # the largest single process (the child or a worker it reaped), from wait4
    tree_mb: float  # the largest sum of PSS over the child and its descendants, sampled
    processes: int  # the most processes seen at once in the tree
    code: int
    stderr: str
    stdout: str


def process_tree(pid: int) -> list[int]:
    """A process and all its descendants, read from /proc."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except OSError:
            continue
    return out


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class _Sampler(threading.Thread):
    """The memory of a process tree, summed (PSS, so that pages shared by forked workers count once)."""

    def __init__(self, pid: int, every: float = 0.1):
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.peak_kb = self.processes = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            pids = process_tree(self.pid)
            self.processes = max(self.processes, len(pids))
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(p) for p in pids))
            self.done.wait(self.every)


def measure(cmd: list[str], log: Path, env: dict | None = None) -> Measure:
    """Run one command as a child; its own peak RSS comes from wait4 (not the max over all children)."""
    err_path = Path(str(log) + ".err")
    with log.open("wb") as out, err_path.open("wb") as err:
        start = time.perf_counter()
        child = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                 env={**os.environ, **(env or {})})
        sampler = _Sampler(child.pid)
        sampler.start()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        sampler.done.set()
        sampler.join()
    stderr = err_path.read_text(encoding="utf-8", errors="replace")
    stdout = log.read_text(encoding="utf-8", errors="replace")
    return Measure(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, sampler.peak_kb / 1024,
                   sampler.processes, child.returncode, stderr, stdout)


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    hours, rest = divmod(int(round(seconds)), 3600)
    return f"{hours} h {rest // 60:02d} min" if hours else f"{rest // 60} min {rest % 60:02d} s"


def recognise_command() -> str:
    beside = Path(sys.executable).parent / "recognise"
    return str(beside) if beside.exists() else (shutil.which("recognise") or "recognise")



def bench(set_id: str, n: int, work: Path, formats: list[str], single: bool) -> list[dict]:
    from engine.criteria.catalogue import find

    cs = find(set_id).criteria
    spec = reference_spec(cs)
    sheet = work / f"{set_id}.csv"
    start = time.perf_counter()
    write_sheet(cs, sheet, n)
    print(f"\n== {set_id} ({cs.scheme}): sheet of {n:,} subjects, {sheet.stat().st_size / 1e6:.1f} MB, "
          f"generated in {time.perf_counter() - start:.1f} s", flush=True)
    ref_out = work / "reference.csv"
    runs = {"reference": measure([sys.executable, str(Path(__file__).resolve()), "--reference", str(sheet),
                                  "--out", str(ref_out), "--spec", spec], work / "reference.log")}
    modes = [("", {})] + ([(" 1w", {"RECOGNISE_WORKERS": "1"})] if single else [])
    for fmt in formats:
        for label, env in modes:
            out = work / f"recognise{label.strip()}.{fmt}"
            runs[f"{fmt}{label}"] = measure([recognise_command(), "score", str(sheet), "--criteria", set_id,
                                            "--output", str(out), "--show", "0"], work / f"{fmt}{label}.log", env)
    print(f"  {'run':10} {'seconds':>8} {'cpu s':>7} {'subjects/s':>11} {'ratio':>6} {'cpu ratio':>9} {'goal':>5} "
          f"{'peak RSS MB':>11} {'tree PSS MB':>11} {'procs':>5} {'exit':>4}")
    ref = runs["reference"]
    out = []
    for name, m in runs.items():
        ratio = ref.seconds / m.seconds
        goal = GOALS.get(name.split()[0])
        print(f"  {name:10} {m.seconds:>8.2f} {m.cpu:>7.2f} {n / m.seconds:>11,.0f} {ratio:>6.3f} {ref.cpu / m.cpu:>9.3f} "
              f"{'' if goal is None else f'{goal:.2f}':>5} {m.rss_mb:>11.1f} {m.tree_mb:>11.1f} {m.processes:>5} "
              f"{m.code:>4}")
        if m.code != 0:
            print(f"    {name} exited {m.code}: …{(m.stderr.strip() or m.stdout.strip())[-800:]}")
        if name != "reference":
            out.append({"run": name, "ratio": ratio, "rss": m.rss_mb, "goal": goal, "code": m.code})
    if "csv" in formats:
        print(f"  recognise CSV vs reference: {agree(work / 'recognise.csv', ref_out)}")
    best = max(n / m.seconds for name, m in runs.items() if name != "reference")
    print(f"  {HOUSEHOLDS:,} subjects at the best rate here ({best:,.0f}/s): {_duration(HOUSEHOLDS / best)}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200_000, help="subjects (default 200000)")
    parser.add_argument("--set", default=DEFAULT_SET, help=f"a points criteria set id (default {DEFAULT_SET})")
    parser.add_argument("--formats", default="csv,json,xlsx", help="outputs to time, one run each (default all)")
    parser.add_argument("--single", action="store_true", help="also run each with RECOGNISE_WORKERS=1")
    parser.add_argument("--reference", metavar="SHEET", type=Path, help="internal: run the bare reference on SHEET")
    parser.add_argument("--out", type=Path, help="internal, with --reference")
    parser.add_argument("--spec", help="internal, with --reference: bands and columns as JSON")
    args = parser.parse_args(argv)
    if args.reference is not None:
        return reference_run(args.reference, args.out, args.spec)

    formats = [f.strip().lower() for f in args.formats.split(",") if f.strip()]
    for package in ("cli", "engine", "web"):  # bytecode, as an installed program has it
        compileall.compile_dir(ROOT / package, quiet=1)
    print(f"recognise score against a bare standard-library pipeline: N={args.n:,}, Python "
          f"{sys.version.split()[0]}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}, {recognise_command()}")
    with tempfile.TemporaryDirectory(prefix="recognise-bench-") as tmp:
        results = bench(args.set, args.n, Path(tmp), formats, args.single)
    for r in results:
        goal = "" if r["goal"] is None else f" (goal ≥ {r['goal']}: {'holds' if r['ratio'] >= r['goal'] else 'NOT'})"
        print(f"{r['run']:10} ratio {r['ratio']:.3f}{goal}; peak RSS {r['rss']:.0f} MB "
              f"(goal < {GOAL_RSS_MB}: {'holds' if r['rss'] < GOAL_RSS_MB else 'NOT'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
