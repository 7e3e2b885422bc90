"""Rows/s of `recognise score` on a levels set when no two rows are alike, against a bare reference.

1. generates N rows of a levels set (default cdht-xa-tt25-2023) in which every row is distinct: booleans, levels,
   percentages with one decimal, the subject's attributes and the date of its level-1 decision all vary, so that
   rows reach level 0, 1 and 2, are held back by the waiting time or have no decision at all;
2. runs `recognise score SHEET --criteria ID --year Y --output out.csv --show 0` with RECOGNISE_WORKERS=1;
3. runs a bare reference on the same sheet: Python's `csv` module reads each row, compares its values with the
   thresholds of the set (a table made before the run), and writes one CSV line per row (no project code);
4. scores the sheet once more inside one process (the same `score_sheet` the command calls) to count the distinct
   questions asked of durable-rules, by kind of question;
5. prints rows per CPU second of both (user + system time of each child, from os.wait4: steadier than wall time
   on a shared machine), their ratio, the rate net of start-up (a 10-row sheet scored the same way), each child's
   peak RSS and the questions.

It reports; it does not assert: the exit code is 0 whatever the figures.

    .venv/bin/python benchmarks/levels_throughput.py [--n 20000] [--set cdht-xa-tt25-2023] [--year 2025]
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
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

HISTORY_COLUMN = "ngay_cong_nhan_muc_do_1"
GOAL = 10_000


def _tenths(tenths: int) -> str:
    return str(tenths // 10) if tenths % 10 == 0 else f"{tenths // 10},{tenths % 10}"


def _value(rng: random.Random, inp, whole: str | None) -> str:
    if whole is not None:  # a part of another input ("trong đó"): never above it
        cap = round(float(whole.replace(",", ".")) * 10)
        return _tenths(min(cap, rng.randint(50, 250)))
    if inp.kind == "boolean":
        return "đạt" if rng.random() < 0.93 else "không đạt"
    if inp.kind == "level":
        top = int(inp.max or 3)
        return str(rng.choice([top, top, top, top - 1, max(0, top - 2)]))
    if inp.kind == "percent":
        return _tenths(rng.randint(400, 1000))  # 40–100 %, one decimal
    if inp.kind == "points":
        return str(rng.randint(0, int(inp.max or 10)))
    return _tenths(rng.randint(0, 1000))


def write_sheet(cs, path: Path, n: int, year: int, seed: int) -> None:
    """N rows whose inputs (attributes, values, history) are pairwise distinct."""
    rng = random.Random(seed)
    inputs = [inp for _, ind in cs.indicators() for inp in ind.input_list()]
    order = sorted(inputs, key=lambda x: bool(x.at_most))  # wholes before parts
    history = any(lv.months_after_lower for lv in cs.levels or [])
    header = ["ma", "ten", "dia_ban", *[a.key for a in cs.attributes], *[i.key for i in inputs]]
    header += [HISTORY_COLUMN] if history else []
    first, last = date(year - 12, 1, 1), date(year, 12, 31)
    seen: set[tuple] = set()
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        out.writerow(header)
        i = 0
        while i < n:
            attrs = [rng.choice(["có", "không", "không", "không"]) if a.kind == "boolean"
                     else rng.choice(list(a.values())) for a in cs.attributes]
            values: dict[str, str] = {}
            for inp in order:
                values[inp.key] = _value(rng, inp, values.get(inp.at_most) if inp.at_most else None)
            day = "" if rng.random() < 0.15 else \
                (first + timedelta(days=rng.randint(0, (last - first).days))).strftime("%d/%m/%Y")
            cells = [*attrs, *[values[i.key] for i in inputs], *([day] if history else [])]
            if tuple(cells) in seen:
                continue
            seen.add(tuple(cells))
            i += 1
            out.writerow([f"MD-{i:07d}", f"Xã số {i}", f"Huyện {i % 97}", *cells])


# --- the bare reference: stdlib only, thresholds from a table made before the run ---------------

def threshold_table(cs) -> dict:
    """Per level, per input column: (attribute column or "", {attribute value or "": threshold or None})."""
    table: dict = {}
    for _, ind in cs.indicators():
        for level, variants in (ind.levels or {}).items():
            for inp in ind.input_list():
                choice: dict = {}
                attr = ""
                for v in variants:
                    need = None if v.not_applicable else (v.require or {}).get(inp.key, "free")
                    need = 1 if need is True else need
                    if v.when:
                        attr, covered = next(iter(v.when.items()))
                        for x in covered:
                            choice[cs.attribute(attr).values()[x]] = need
                    else:
                        choice[""] = need
                table.setdefault(str(level), {})[inp.key] = (attr, choice)
    return table


def reference(sheet: str, out_path: str, table_json: str) -> None:
    table = json.loads(table_json)
    levels = sorted(table, key=int)
    with open(sheet, encoding="utf-8", newline="") as src, open(out_path, "w", encoding="utf-8", newline="") as dst:
        rows = csv.reader(src, delimiter=";")
        header = next(rows)
        col = {k: i for i, k in enumerate(header)}
        out = csv.writer(dst, lineterminator="\r\n")
        out.writerow(["ma", "ten", "muc_do"])
        for cells in rows:
            reached = 0
            for level in levels:
                ok = True
                for key, (attr, choice) in table[level].items():
                    need = choice.get(cells[col[attr]] if attr else "", choice.get(""))
                    if need is None or need == "free":
                        continue
                    text = cells[col[key]]
                    value = 1 if text == "đạt" else 0 if text == "không đạt" else float(text.replace(",", "."))
                    if value < need:
                        ok = False
                        break
                if ok:
                    reached = int(level)
            out.writerow([cells[0], cells[1], reached])


# --- the questions asked of durable-rules, counted in one process ------------------------------

def count_questions(sheet: str, set_id: str, year: int, out_path: str) -> None:
    from engine.criteria.load import load_file
    from engine.rules import host
    from engine.scoring.run import score_sheet

    loaded = load_file(ROOT / "criteria" / f"{set_id}.yaml")
    started = time.process_time()
    score_sheet(Path(sheet), loaded, [Path(out_path)], keep=0, workers=1, year=year)
    print(json.dumps({"asked": dict(host.asked), "cpu": time.process_time() - started}))


# --- runs -------------------------------------------------------------------------------------

def run_measured(cmd: list[str], env: dict | None = None, cwd: Path | None = None) -> tuple[float, float, int, str]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MB) of the child, its stdout."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, env=env, cwd=cwd or ROOT)
        stdout = proc.stdout.read() if proc.stdout else b""  # then reaped by wait4, for its resource usage
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        err.seek(0)
        stderr = err.read()
    if status:
        sys.stderr.write(stderr.decode(errors="replace")[-2000:])
        raise SystemExit(f"{' '.join(cmd[:4])} failed (status {status})")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024, stdout.decode()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=20_000)
    p.add_argument("--set", default="cdht-xa-tt25-2023")
    p.add_argument("--year", type=int, default=2025)
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--keep", type=Path, help="keep the sheet and outputs in this directory")
    p.add_argument("--tree", type=Path, help="also score with the recognise of this checkout (e.g. a git worktree of "
                                             "an earlier commit), in the same run, and compare its output")
    p.add_argument("--reference", nargs=3, metavar=("SHEET", "OUT", "TABLE"), help=argparse.SUPPRESS)
    p.add_argument("--count", nargs=4, metavar=("SHEET", "SET", "YEAR", "OUT"), help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.reference:
        reference(*args.reference)
        return
    if args.count:
        count_questions(args.count[0], args.count[1], int(args.count[2]), args.count[3])
        return

    from engine.criteria.load import load_file

    cs = load_file(ROOT / "criteria" / f"{args.set}.yaml").criteria
    work = args.keep or Path(tempfile.mkdtemp(prefix="levels-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        sheet = work / "bang-diem.csv"
        write_sheet(cs, sheet, args.n, args.year, args.seed)
        small = work / "10-dong.csv"
        write_sheet(cs, small, 10, args.year, args.seed + 1)
        py = sys.executable
        recognise = str(Path(py).with_name("recognise"))
        env = {**os.environ, "RECOGNISE_WORKERS": "1"}
        table = json.dumps(threshold_table(cs))

        def score(path: Path, tree: Path | None = None) -> tuple[float, float, int, str]:
            command = [recognise] if tree is None else [py, "-c", "import sys; sys.argv[0] = 'recognise'; "
                                                        "from cli.app import main; sys.exit(main())"]
            out = work / f"{path.stem}{'.tree' if tree else ''}.out.csv"
            return run_measured([*command, "score", str(path), "--criteria", args.set, "--year", str(args.year),
                                 "--output", str(out), "--show", "0"],
                                env if tree is None else {**env, "PYTHONPATH": str(tree.resolve())}, tree)

        ref_wall, ref_cpu, ref_rss, _ = run_measured([py, __file__, "--reference", str(sheet), str(work / "ref.csv"),
                                                      table])
        wall, cpu, rss, _ = score(sheet)
        _, fixed, _, _ = score(small)  # start-up and a few rows: the cost that does not grow with the sheet
        shutil.copyfile(work / f"{sheet.stem}.out.csv", work / "out.csv")
        _, _, _, counted = run_measured([py, __file__, "--count", str(sheet), args.set, str(args.year),
                                         str(work / "count.csv")], env)
        asked = json.loads(counted)["asked"]
        n = args.n
        print(f"{args.set}: {n:,} distinct rows, one process (RECOGNISE_WORKERS=1), CSV output")
        print(f"  recognise score  wall {wall:6.2f} s  CPU {cpu:6.2f} s  {n / cpu:8,.0f} rows per CPU s  "
              f"peak RSS {rss:4d} MB")
        print(f"  bare csv         wall {ref_wall:6.2f} s  CPU {ref_cpu:6.2f} s  {n / ref_cpu:8,.0f} rows per CPU s  "
              f"peak RSS {ref_rss:4d} MB")
        print(f"  ratio recognise/bare (CPU) {ref_cpu / cpu:.3f}")
        net = n / max(cpu - fixed, 1e-9)
        print(f"  rows/s per process: {n / cpu:,.0f} whole run; {net:,.0f} after start-up "
              f"(10-row sheet: {fixed:.2f} CPU s); goal {GOAL:,}")
        if args.tree is not None:
            t_wall, t_cpu, t_rss, _ = score(sheet, args.tree)
            _, t_fixed, _, _ = score(small, args.tree)
            same = (work / "bang-diem.tree.out.csv").read_bytes() == (work / "out.csv").read_bytes()
            print(f"  {str(args.tree)[:15]:15}  wall {t_wall:6.2f} s  CPU {t_cpu:6.2f} s  {n / t_cpu:8,.0f} rows per CPU s  "
                  f"peak RSS {t_rss:4d} MB; {n / max(t_cpu - t_fixed, 1e-9):,.0f} after start-up "
                  f"({t_fixed:.2f} CPU s); output {'byte-identical' if same else 'DIFFERENT'}; recognise here is "
                  f"{t_cpu / cpu:.1f}x faster than it (CPU)")
        total = sum(asked.values())
        print(f"  distinct questions asked of durable-rules: {total:,} "
              f"({', '.join(f'{k}: {v:,}' for k, v in sorted(asked.items()))})")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
