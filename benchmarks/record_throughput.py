"""Throughput and peak memory of `recognise record` into a fresh SQLite file, against a bare `executemany`.

1. generates N subjects (TT 22/2020 units of one province) as a CSV score sheet and scores it with the real
   `recognise score SHEET --criteria dvht-tt22-2020 --year 2024 --output r.json` (or takes `--results`);
2. runs `recognise record r.json --config … --registry sqlite:///…` as a subprocess: wall seconds, subjects/s and
   peak RSS (os.wait4: the largest single process);
3. runs the registry step of the same command in a subprocess of its own: the file is checked as `record` checks
   it (not timed), then `record_checked` writes it into a fresh registry (timed: look-up of earlier decisions,
   insert, commit);
4. runs a bare reference in a subprocess, standard library only: the same rows read from the JSON lines with
   `json` (timed apart), then `sqlite3` `executemany` of them into an equivalent table (same columns, unique
   constraint and indexes) inside one transaction, and commit (timed);
5. prints rows/s, the ratio registry step / bare `executemany` (the issue's goal: at least 0.7), the ratio of the
   whole command to the bare read + insert, and each process's peak RSS;
6. exports the register so filled with `recognise so export` to CSV and to XLSX, and prints their seconds and peak
   RSS beside a bare export (`sqlite3` reads every row in decision order, `csv` writes it).

It reports; it does not assert: the exit code is 0 whatever the figures (2 if a step fails).

    python benchmarks/record_throughput.py [--n 100000] [--repeat 3] [--results r.json] [--keep DIR]
    python benchmarks/record_throughput.py --n 200000        # the memory goal: peak RSS under 300 MB
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RECOGNISE = [sys.executable, "-c", "from cli.app import main; main()"]
SET = "dvht-tt22-2020"
YEAR = 2023
GOAL_RATIO = 0.7
GOAL_RSS_MB = 300

CONFIG = """\
tinh: Tỉnh Thái Nguyên
xa: Xã Tân Lập
co_quan_ban_hanh: Ủy ban nhân dân huyện Đại Từ
dia_danh: Đại Từ
so_quyet_dinh: 15/QĐ-UBND
ngay_quyet_dinh: 2025-03-20
nguoi_ky:
  tham_quyen: TM. ỦY BAN NHÂN DÂN
  chuc_vu: Chủ tịch
  ho_ten: Nguyễn Văn An
"""
PROVINCE, COMMUNE, NUMBER, DAY = "Tỉnh Thái Nguyên", "Xã Tân Lập", "15/QĐ-UBND", "2025-03-20"

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
GIVEN = ["Văn An", "Thị Bình", "Đức Cường", "Thị Dung", "Minh Đức", "Thu Hà", "Quang Huy", "Ngọc Lan", "Bảo Long"]
UNITS = ["Trường Tiểu học", "Trường THCS", "Trường THPT", "Công ty TNHH", "Hợp tác xã", "Bệnh viện huyện"]
DISTRICTS = ["Đại Từ", "Phú Lương", "Định Hóa", "Võ Nhai", "Đồng Hỷ", "Phú Bình"]

# the registry's table as its migrations make it (engine/registry/migrations/versions), for the bare reference
BARE_SCHEMA = """
CREATE TABLE recognitions (
    id INTEGER NOT NULL PRIMARY KEY, subject VARCHAR(200) NOT NULL, name VARCHAR(1000) NOT NULL,
    province VARCHAR(200) DEFAULT '' NOT NULL, commune VARCHAR(200) DEFAULT '' NOT NULL,
    area VARCHAR(1000) DEFAULT '' NOT NULL, title VARCHAR(300) NOT NULL, criteria_id VARCHAR(100) NOT NULL,
    criteria_sha256 VARCHAR(64) NOT NULL, year INTEGER NOT NULL, grade VARCHAR(100), level INTEGER,
    recognised BOOLEAN NOT NULL, total NUMERIC(10, 4), decision_number VARCHAR(100) NOT NULL,
    decision_date DATE NOT NULL, revoked BOOLEAN DEFAULT 0 NOT NULL,
    CONSTRAINT uq_recognition UNIQUE (criteria_id, subject, year, decision_number));
CREATE INDEX ix_recognitions_subject ON recognitions (subject, title);
CREATE INDEX ix_recognitions_year ON recognitions (year, title);
"""
BARE_INSERT = ("INSERT INTO recognitions (subject, name, area, grade, level, recognised, total, province, commune, "
               "title, criteria_id, criteria_sha256, year, decision_number, decision_date) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")


# --- the sheet and its results ---------------------------------------------------------------------

def write_sheet(path: Path, n: int, seed: int = 13) -> None:
    sys.path.insert(0, str(ROOT))
    from engine.criteria.catalogue import find

    cs = find(SET).criteria
    inputs = [inp for _, ind in cs.indicators() for inp in ind.input_list()]
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        out.writerow(["ma", "ten", "dia_ban", *[inp.key for inp in inputs]])
        for i in range(1, n + 1):
            name = f"{rng.choice(UNITS)} {rng.choice(SURNAMES)} {rng.choice(GIVEN)}"
            area = f"Huyện {rng.choice(DISTRICTS)}, tỉnh Thái Nguyên"
            values = []
            for inp in inputs:
                top = float(inp.max or 10)
                value = top if rng.random() < 0.7 else max(0.0, top - 0.5 * rng.randint(1, 6))
                values.append(str(int(value)) if value == int(value) else f"{int(value)},5")
            out.writerow([f"DV-{i:08d}", name, area, *values])


def run_child(command: list[str], cwd: Path | None = None) -> tuple[float, float, int, str, float]:
    """(wall seconds, peak RSS in MB, exit code, standard output, CPU seconds) of a child process (os.wait4)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen(command, stdout=out, stderr=err, text=True, cwd=cwd)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        child.returncode = code
        out.seek(0)
        err.seek(0)
        text, errors = out.read(), err.read()
    if code:
        print(f"  {' '.join(command[-6:])}: exit {code}\n{errors[-2000:]}", file=sys.stderr)
    return wall, usage.ru_maxrss / 1024, code, text, usage.ru_utime + usage.ru_stime


# --- the two steps measured in their own processes --------------------------------------------------

def registry_step(results: Path, config: Path, url: str) -> None:
    """`recognise record`'s own two steps; only the second (the registry's) timed."""
    sys.path.insert(0, str(ROOT))
    from engine.registry.recording import check, record_checked
    from engine.registry.store import Registry

    checked = check(results, config)
    book = Registry(url)
    start, cpu = time.perf_counter(), time.process_time()
    done = record_checked(checked, book)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    book.engine.dispose()
    print(json.dumps({"seconds": seconds, "cpu": cpu, "rows": done.added + done.already, "added": done.added}))


def bare_step(results: Path, path: Path) -> None:
    """Standard library only: the rows read from the JSON lines, then executemany into the same table."""
    start = time.perf_counter()
    rows = []
    with results.open(encoding="utf-8") as handle:
        head = None
        for line in handle:
            if line.startswith('"criteria": '):
                head = json.loads(line[len('"criteria": '):].rstrip().rstrip(","))
            elif line.startswith('{"id": '):
                s = json.loads(line.rstrip().rstrip(","))
                rows.append((s["id"], s["name"], s["area"], s["grade"], s["level"], s["recognised"],
                             None if s["total"] is None else float(s["total"]), PROVINCE, COMMUNE, head["title"],
                             head["id"], head["sha256"], head["year"], NUMBER, DAY))
    read = time.perf_counter() - start
    connection = sqlite3.connect(path, isolation_level=None)
    connection.executescript(BARE_SCHEMA)
    start, cpu = time.perf_counter(), time.process_time()
    connection.execute("BEGIN IMMEDIATE")
    connection.executemany(BARE_INSERT, rows)
    connection.execute("COMMIT")
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    added = connection.execute("SELECT count(*) FROM recognitions").fetchone()[0]
    connection.close()
    project = sorted(m for m in sys.modules if m.split(".")[0] in ("engine", "cli", "web"))
    print(json.dumps({"seconds": seconds, "cpu": cpu, "read": read, "rows": len(rows), "added": added,
                      "project": project}))


def bare_export(db: Path, target: Path) -> None:
    """Standard library only: every recognition read in decision order and written as CSV lines."""
    connection = sqlite3.connect(db)
    with target.open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        out.writerow(["STT", "Mã", "Tên", "Địa bàn", "Xã", "Tỉnh", "Danh hiệu", "Bộ tiêu chí", "Năm đánh giá",
                      "Tổng điểm", "Xếp loại", "Mức độ", "Công nhận", "Số quyết định", "Ngày quyết định"])
        rows = connection.execute("SELECT subject, name, area, commune, province, title, criteria_id, year, total, "
                                  "grade, level, recognised, decision_number, decision_date FROM recognitions "
                                  "ORDER BY decision_date DESC, decision_number, subject, id")
        for n, row in enumerate(rows, 1):
            out.writerow([n, *row])
    connection.close()


# --- the run ----------------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="subjects (default 100,000)")
    parser.add_argument("--repeat", type=int, default=1, help="times the registry step and the reference run")
    parser.add_argument("--results", type=Path, help="an existing results JSON of TT 22/2020 for Thái Nguyên, "
                                                     f"year {YEAR} (skips generating and scoring)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--registry-step", nargs=3, metavar=("RESULTS", "CONFIG", "URL"), help=argparse.SUPPRESS)
    parser.add_argument("--bare-step", nargs=2, metavar=("RESULTS", "DB"), help=argparse.SUPPRESS)
    parser.add_argument("--bare-export", nargs=2, metavar=("DB", "CSV"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_export:
        bare_export(Path(args.bare_export[0]), Path(args.bare_export[1]))
        return 0
    if args.registry_step:
        registry_step(Path(args.registry_step[0]), Path(args.registry_step[1]), args.registry_step[2])
        return 0
    if args.bare_step:
        bare_step(Path(args.bare_step[0]), Path(args.bare_step[1]))
        return 0

    work = args.keep or Path(tempfile.mkdtemp(prefix="record-throughput-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        config = work / "trien-khai.yaml"
        config.write_text(CONFIG, encoding="utf-8")
        results = args.results
        if results is None:
            sheet, results = work / "bang-diem.csv", work / "ket-qua.json"
            write_sheet(sheet, args.n)
            wall, rss, code, _, _ = run_child([*RECOGNISE, "score", str(sheet), "--criteria", SET, "--year", str(YEAR),
                                            "--output", str(results), "--show", "0"], cwd=ROOT)
            if code not in (0, 1):
                return 2
            print(f"scored {args.n:,} subjects in {wall:.1f} s (peak RSS {rss:.0f} MB): "
                  f"{results.stat().st_size / 1e6:.0f} MB of results JSON")
        me = [sys.executable, str(Path(__file__).resolve())]

        db = work / "so-cong-nhan.sqlite3"
        db.unlink(missing_ok=True)
        wall, rss, code, out, cpu = run_child([*RECOGNISE, "record", str(results), "--config", str(config),
                                          "--registry", f"sqlite:///{db}"], cwd=ROOT)
        if code:
            return 2
        with sqlite3.connect(db) as c:
            n = c.execute("SELECT count(*) FROM recognitions").fetchone()[0]
        whole = (wall, rss, n, cpu)
        exports = []
        export = [*RECOGNISE, "so", "export", "--registry", f"sqlite:///{db}", "--output"]
        for name, command in (("recognise so export → CSV", [*export, str(work / "so.csv")]),
                              ("recognise so export → XLSX", [*export, str(work / "so.xlsx")]),
                              ("bare: sqlite3 SELECT + csv.writer", [*me, "--bare-export", str(db),
                                                                     str(work / "so-bare.csv")])):
            wall, rss, code, _, cpu = run_child(command, cwd=ROOT)
            if code:
                return 2
            exports.append((name, wall, cpu, rss))
        db.unlink()

        steps, bares = [], []
        for r in range(args.repeat):
            for kind, command in (("step", [*me, "--registry-step", str(results), str(config), f"sqlite:///{db}"]),
                                  ("bare", [*me, "--bare-step", str(results), str(db)])):
                db.unlink(missing_ok=True)
                _, rss, code, out, cpu = run_child(command, cwd=ROOT)
                if code:
                    return 2
                figures = json.loads(out.strip().splitlines()[-1])
                figures["rss"], figures["process_cpu"] = rss, cpu
                (steps if kind == "step" else bares).append(figures)
                db.unlink(missing_ok=True)
            s, b = steps[-1], bares[-1]
            print(f"run {r + 1}: registry step {s['rows'] / s['seconds']:,.0f} rows/s ({s['seconds']:.2f} s, CPU "
                  f"{s['cpu']:.2f} s), bare executemany {b['rows'] / b['seconds']:,.0f} rows/s ({b['seconds']:.2f} s, "
                  f"CPU {b['cpu']:.2f} s): ratio {b['seconds'] / s['seconds']:.2f} (CPU {b['cpu'] / s['cpu']:.2f})")
        if bares[-1]["project"]:
            print(f"the bare reference imported project modules: {bares[-1]['project']}")

        s = min(steps, key=lambda f: f["seconds"])
        b = min(bares, key=lambda f: f["seconds"])
        rows = s["rows"]
        bare_whole = b["read"] + b["seconds"]
        print()
        print(f"{rows:,} subjects into a fresh SQLite registry (best of {args.repeat}):")
        print(f"  {'':44} {'seconds':>8} {'rows/s':>10} {'peak RSS':>9}")
        print(f"  {'recognise record (whole command)':44} {whole[0]:8.2f} {whole[2] / whole[0]:10,.0f} "
              f"{whole[1]:7.0f} MB")
        print(f"  {'registry step (record_checked)':44} {s['seconds']:8.2f} {rows / s['seconds']:10,.0f} "
              f"{s['rss']:7.0f} MB")
        print(f"  {'bare: sqlite3 executemany, one transaction':44} {b['seconds']:8.2f} {rows / b['seconds']:10,.0f} "
              f"{b['rss']:7.0f} MB")
        print(f"  {'bare: json lines read + executemany':44} {bare_whole:8.2f} {rows / bare_whole:10,.0f}")
        pairs = list(zip(steps, bares, strict=True))
        wall_ratio = statistics.median(y["seconds"] / x["seconds"] for x, y in pairs)
        cpu_ratio = statistics.median(y["cpu"] / x["cpu"] for x, y in pairs)
        print(f"ratio registry step / bare executemany: {b['seconds'] / s['seconds']:.2f} (goal ≥ {GOAL_RATIO}); "
              f"median of the runs {wall_ratio:.2f}, CPU {cpu_ratio:.2f}")
        print(f"ratio recognise record / bare read + insert: {bare_whole / whole[0]:.2f}; CPU of the processes "
              f"{b['process_cpu']:.1f} s / {whole[3]:.1f} s = {b['process_cpu'] / whole[3]:.2f}")
        print(f"peak RSS of recognise record: {whole[1]:.0f} MB (goal < {GOAL_RSS_MB} MB)")
        print()
        print(f"the register of {n:,} recognitions exported (one run each):")
        print(f"  {'':44} {'seconds':>8} {'CPU s':>8} {'rows/s':>10} {'peak RSS':>9}")
        for name, wall, cpu, rss in exports:
            print(f"  {name:44} {wall:8.2f} {cpu:8.2f} {n / wall:10,.0f} {rss:7.0f} MB")
        print(f"ratio export to CSV / bare (CPU): {exports[2][2] / exports[0][2]:.2f}; XLSX / bare: "
              f"{exports[2][2] / exports[1][2]:.2f}")
        if whole[2] != rows or s["added"] != b["added"]:
            print(f"DIFFER: recognise record wrote {whole[2]:,} rows, the step {s['added']:,}, the bare "
                  f"reference {b['added']:,}")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
