"""XLSX output of `recognise score` against a bare pipeline written with the standard library only.

In one run, each as a child process: the bare reference (Python's `csv` module reads the sheet, the indicator points
are summed as exact decimals, the total is graded by the set's bands and one CSV line is written per subject; it
imports nothing from this project), `recognise score SHEET --criteria ID --output out.csv` and
`recognise score SHEET --criteria ID --output out.xlsx`. It prints for each the wall and CPU seconds, the ratio
against the reference (speed: higher is better, 1.0 = as fast as the bare pipeline; from wall time and, beside it,
from CPU time, which a busy machine disturbs less), the peak RSS (wait4) and the size of the output. Then it reads the
workbook back (python-calamine) and checks that its sheets, header and every subject's total and grade agree with
the reference. It reports; it does not assert: the exit code is 0 whatever the figures.

The sheet is N generated board-like subjects of a points set (default dvht-tt22-2020), the same generator as
score_throughput.py (copied here, so that each script stands alone).

    python benchmarks/xlsx_output.py [--n 200000] [--set dvht-tt22-2020] [--workers N] [--no-csv] [--no-check]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_SET = "dvht-tt22-2020"
GOAL = 0.1  # issue 13: XLSX output at 200,000 rows, against the bare pipeline
GOAL_RSS_MB = 300

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
    """Read with `csv`, sum exact decimals, grade by the bands, write one CSV line per subject."""
    spec = json.loads(spec_text)
    bands = [(Decimal(b["min"]), None if b["below"] is None else Decimal(b["below"]), b["name"], b["recognised"])
             for b in spec["bands"]]
    fail = spec["fail"]
    with sheet.open(encoding="utf-8-sig", newline="") as source, \
            out.open("w", encoding="utf-8-sig", newline="") as target:
        rows = csv.reader(source, delimiter=";")
        header = next(rows)
        where = [header.index(k) for k in spec["keys"]]
        first = header.index("ma")
        write = csv.writer(target, delimiter=";", lineterminator="\r\n").writerow
        write(["ma", "ten", "dia_ban", "dong", "tong_diem", "ket_qua", "cong_nhan"])
        for number, cells in enumerate(rows, start=2):
            total = sum(Decimal(cells[i].replace(",", ".")) for i in where)
            grade, recognised = fail, False
            for low, below, name, granted in bands:
                if total >= low and (below is None or total < below):
                    grade, recognised = name, granted
                    break
            write([cells[first], cells[first + 1], cells[first + 2], number, str(total).replace(".", ","), grade,
                   "có" if recognised else "không"])
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


# --- measuring ------------------------------------------------------------------------------

@dataclass
class Measure:
    seconds: float
    cpu: float
    rss_mb: float  # peak RSS of the child (and of the workers it reaped), from wait4
    code: int
    stderr: str


def measure(cmd: list[str], log: Path, env: dict | None = None) -> Measure:
    with log.open("wb") as out, Path(str(log) + ".err").open("wb") as err:
        start = time.perf_counter()
        child = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                 env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
    stderr = Path(str(log) + ".err").read_text(encoding="utf-8", errors="replace")
    return Measure(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                   os.waitstatus_to_exitcode(status), stderr)


def recognise_command() -> str:
    beside = Path(sys.executable).parent / "recognise"
    return str(beside) if beside.exists() else (shutil.which("recognise") or "recognise")


def check_workbook(book: Path, reference_csv: Path) -> str:
    """Sheets, header, and every subject's total and grade in the workbook equal the reference's."""
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(book))
    if wb.sheet_names != ["Kết quả", "Lỗi"]:
        return f"DIFFER: sheets {wb.sheet_names}"
    rows = wb.get_sheet_by_name("Kết quả").to_python()
    head = rows[0]
    ma, total, grade = head.index("ma"), head.index("tong_diem"), head.index("ket_qua")
    got = {r[ma]: (Decimal(repr(r[total])).normalize(), r[grade]) for r in rows[1:]}
    with reference_csv.open(encoding="utf-8-sig", newline="") as f:
        ref_rows = csv.reader(f, delimiter=";")
        next(ref_rows)
        want = {r[0]: (Decimal(r[4].replace(",", ".")).normalize(), r[5]) for r in ref_rows}
    differ = [k for k in want if got.get(k) != want[k]]
    if len(got) != len(want) or differ:
        first = differ[0] if differ else None
        return (f"DIFFER: {len(got)} vs {len(want)} subjects, {len(differ)} differ"
                + (f" (first {first}: {got.get(first)} vs {want[first]})" if first else ""))
    return f"all {len(want):,} totals and grades agree, sheets {' and '.join(wb.sheet_names)}"


def bench(set_id: str, n: int, work: Path, csv_too: bool, check: bool, workers: str | None) -> None:
    from engine.criteria.catalogue import find

    cs = find(set_id).criteria
    spec = reference_spec(cs)
    sheet = work / f"{set_id}.csv"
    start = time.perf_counter()
    write_sheet(cs, sheet, n)
    print(f"{set_id}: sheet of {n:,} subjects, {sheet.stat().st_size / 1e6:.1f} MB, generated in "
          f"{time.perf_counter() - start:.1f} s", flush=True)
    env = {"RECOGNISE_WORKERS": workers} if workers else {}
    ref_out = work / "reference.csv"
    runs = {"reference": measure([sys.executable, str(Path(__file__).resolve()), "--reference", str(sheet),
                                  "--out", str(ref_out), "--spec", spec], work / "reference.log")}
    outputs = {"reference": ref_out}
    for fmt in (["csv"] if csv_too else []) + ["xlsx"]:
        out = work / f"recognise.{fmt}"
        outputs[fmt] = out
        runs[fmt] = measure([recognise_command(), "score", str(sheet), "--criteria", set_id, "--output", str(out),
                             "--show", "0"], work / f"{fmt}.log", env)
    ref = runs["reference"]
    print(f"  {'run':9} {'seconds':>8} {'cpu s':>7} {'rows/s':>9} {'ratio':>6} {'cpu ratio':>9} {'peak RSS MB':>11} "
          f"{'output MB':>9} {'exit':>4}")
    for name, m in runs.items():
        size = outputs[name].stat().st_size / 1e6 if outputs[name].exists() else 0.0
        print(f"  {name:9} {m.seconds:>8.2f} {m.cpu:>7.2f} {n / m.seconds:>9,.0f} {ref.seconds / m.seconds:>6.3f} "
              f"{ref.cpu / m.cpu:>9.3f} {m.rss_mb:>11.1f} {size:>9.1f} {m.code:>4}")
        if m.code not in (0, 1):  # 1: some rows were not scored, which a generated sheet may hold
            print(f"    {name} exited {m.code}: …{m.stderr.strip()[-800:]}")
    x = runs["xlsx"]
    ratio = ref.seconds / x.seconds
    print(f"xlsx ratio {ratio:.3f} (cpu {ref.cpu / x.cpu:.3f}; goal ≥ {GOAL}: {'holds' if ratio >= GOAL else 'NOT'}); "
          f"peak RSS {x.rss_mb:.0f} MB (goal < {GOAL_RSS_MB}: {'holds' if x.rss_mb < GOAL_RSS_MB else 'NOT'})")
    if csv_too:
        c = runs["csv"]
        print(f"xlsx against recognise's own CSV output: {c.seconds / x.seconds:.3f} of its speed "
              f"({x.seconds - c.seconds:+.2f} s, {x.cpu - c.cpu:+.2f} CPU s)")
    if check and outputs["xlsx"].exists():
        print(f"workbook read back: {check_workbook(outputs['xlsx'], ref_out)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200_000, help="subjects (default 200000)")
    parser.add_argument("--set", default=DEFAULT_SET, help=f"a points criteria set id (default {DEFAULT_SET})")
    parser.add_argument("--workers", help="RECOGNISE_WORKERS for the recognise runs (default: not set)")
    parser.add_argument("--no-csv", action="store_true", help="do not time recognise's CSV output beside")
    parser.add_argument("--no-check", action="store_true", help="do not read the workbook back")
    parser.add_argument("--reference", metavar="SHEET", type=Path, help="internal: run the bare reference on SHEET")
    parser.add_argument("--out", type=Path, help="internal, with --reference")
    parser.add_argument("--spec", help="internal, with --reference: bands and columns as JSON")
    args = parser.parse_args(argv)
    if args.reference is not None:
        return reference_run(args.reference, args.out, args.spec)
    print(f"recognise score → XLSX against a bare standard-library pipeline: N={args.n:,}, Python "
          f"{sys.version.split()[0]}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}, {recognise_command()}")
    with tempfile.TemporaryDirectory(prefix="recognise-xlsx-bench-") as tmp:
        bench(args.set, args.n, Path(tmp), not args.no_csv, not args.no_check, args.workers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
