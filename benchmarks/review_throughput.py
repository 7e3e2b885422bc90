"""Cost of `recognise review` against the `recognise score` runs that produced the packages it checks.

A province is generated: C communes (default 100), each with a score sheet of H rows (default 3,000) for a points
set (default the official TT 22/2020 set dvht-tt22-2020, evaluation year 2023: the registry records official results
only), written by the same generator as benchmarks/score_throughput.py (`write_sheet`), with subject codes made unique
per commune (XA001-00000001…).

1. each commune scores its sheet as it would before sending it up:
   `recognise score bang-diem.csv --criteria SET --year Y --output ket-qua.json --show 0`,
   one process per commune, `--jobs` at a time (default: the number of CPUs, at most 8);
2. a goi.yaml is written per package, and a known number of problems is planted: in every tenth package the first
   subject's claimed total is raised by one point (one `sai_tong` each; still the same grade);
3. the province reviews every package in one command:
   `recognise review PACKAGE... --json phat-hien.json --output bao-cao.html`;
4. every package's results are recorded in one SQLite registry (`recognise record`, one process per commune);
   skipped, and said so, for an example or draft set, whose results the registry refuses;
5. the script prints, for each step, wall seconds, CPU seconds (of the children, from os.wait4), packages/s and
   subjects/s, and the ratio review/score (CPU seconds: the cost; wall seconds: with `--jobs` parallel scorers);
   also the start-up cost of one `recognise score` process (a one-row sheet) since every commune pays it once;
   and whether the review found exactly the planted problems.

It reports; it does not assert: the exit code is 0 whatever the figures. With the defaults it runs in about
2–3 minutes on 2 CPUs; use --communes / --households for a quicker or larger run.

    python benchmarks/review_throughput.py [--communes 100] [--households 3000] [--criteria dvht-tt22-2020]
        [--year 2023]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "benchmarks"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from score_throughput import recognise_command, write_sheet  # noqa: E402  (same generator as the score benchmark)

PLANT_EVERY = 10


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mb: float  # the largest single child
    failed: list[str]


def _commune(i: int) -> str:
    return f"xa-{i:03d}"


def _generate(args: tuple[str, str, int, int, int]) -> None:
    """One commune's package folder with its score sheet (run in a worker process)."""
    folder, set_id, i, households, year = args
    from engine.criteria.catalogue import find

    path = Path(folder) / "bang-diem.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_sheet(find(set_id).criteria, path, households, seed=20240212 + i)
    text = path.read_text(encoding="utf-8-sig").replace("BENCH-", f"XA{i:03d}-")  # codes unique in the province
    path.write_text(text, encoding="utf-8-sig")
    goi = (f"nam: {year}\nbo_tieu_chi: {set_id}\ndia_ban: Xã Số {i}, huyện Minh Hòa, tỉnh Thanh Sơn\n"
           f"don_vi_gui: Ủy ban nhân dân xã Số {i}\n")
    (Path(folder) / "goi.yaml").write_text(goi, encoding="utf-8")


def run_all(commands: list[list[str]], jobs: int) -> Run:
    """Run commands `jobs` at a time; CPU and peak RSS of each child from os.wait4."""
    start = time.perf_counter()
    running: dict[int, tuple[subprocess.Popen, list[str]]] = {}
    todo = list(commands)
    cpu, rss, failed = 0.0, 0.0, []
    while todo or running:
        while todo and len(running) < jobs:
            cmd = todo.pop(0)
            child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
            running[child.pid] = (child, cmd)
        pid, status, usage = os.wait4(-1, 0)
        if pid not in running:
            continue
        child, cmd = running.pop(pid)
        child.returncode = os.waitstatus_to_exitcode(status)
        cpu += usage.ru_utime + usage.ru_stime
        rss = max(rss, usage.ru_maxrss / 1024)
        said = child.stderr.read().decode("utf-8", "replace") if child.stderr else ""
        if child.stderr:
            child.stderr.close()
        if child.returncode not in (0, 1):
            failed.append(f"{' '.join(cmd[:3])}… exited {child.returncode}: {said.strip()[-300:]}")
    return Run(time.perf_counter() - start, cpu, rss, failed)


def plant(packages: list[Path]) -> int:
    """Raise the first subject's claimed total by one point in every tenth package: one sai_tong each."""
    planted = 0
    for n, folder in enumerate(packages):
        if n % PLANT_EVERY:
            continue
        path = folder / "ket-qua.json"
        if not path.exists():  # its scoring failed: listed with the failures at the end
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        first = data["subjects"][0]
        first["total"] = first["total"] + 1 if first["total"] + 1 <= first["max_total"] else first["total"] - 1
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        planted += 1
    return planted


RECORD_CONFIG = """tinh: Tỉnh Thanh Sơn
co_quan_ban_hanh: Ủy ban nhân dân xã
dia_danh: Thanh Sơn
so_quyet_dinh: 1/QĐ-UBND
ngay_quyet_dinh: {year}-12-20
nam: {year}
nguoi_ky:
  tham_quyen: TM. ỦY BAN NHÂN DÂN
  chuc_vu: Chủ tịch
  ho_ten: Nguyễn Văn An
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--communes", type=int, default=100, help="packages, one per commune (default 100)")
    parser.add_argument("--households", type=int, default=3000, help="rows per sheet (default 3000)")
    parser.add_argument("--criteria", default="dvht-tt22-2020", help="points set id (default dvht-tt22-2020)")
    parser.add_argument("--year", type=int, default=2023, help="evaluation year, in force for the set (default 2023)")
    parser.add_argument("--jobs", type=int, default=min(os.cpu_count() or 1, 8),
                        help="`recognise score` processes at a time (default: CPUs, at most 8)")
    parser.add_argument("--keep", type=Path, help="build the province in this folder and keep it")
    args = parser.parse_args(argv)
    from engine.criteria.catalogue import find

    cs = find(args.criteria).criteria
    if cs.scheme != "points" or not cs.in_force(args.year):
        parser.error(f"{args.criteria}: needs a points set in force in {args.year} (totals are what is planted)")
    recordable = cs.status == "official"  # `recognise record` refuses example and draft sets
    recognise = recognise_command()
    subjects = args.communes * args.households
    print(f"recognise review throughput: {args.communes} communes × {args.households} rows = {subjects:,} "
          f"subjects, set {args.criteria}, year {args.year}; Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
          f"{args.jobs} scoring jobs; {recognise}", flush=True)
    with tempfile.TemporaryDirectory(prefix="recognise-review-bench-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        packages = [work / _commune(i) for i in range(1, args.communes + 1)]
        start = time.perf_counter()
        with ProcessPoolExecutor(args.jobs) as pool:
            list(pool.map(_generate, [(str(p), args.criteria, i, args.households, args.year)
                                      for i, p in enumerate(packages, start=1)]))
        size = sum((p / "bang-diem.csv").stat().st_size for p in packages)
        print(f"generated {len(packages)} sheets ({size / 1e6:.1f} MB) in {time.perf_counter() - start:.1f} s",
              flush=True)

        one_row = work / "mot-dong.csv"
        lines = (packages[0] / "bang-diem.csv").read_text(encoding="utf-8-sig").splitlines()[:2]
        one_row.write_text("\n".join(lines) + "\n", encoding="utf-8")
        startup = run_all([[recognise, "score", str(one_row), "--criteria", args.criteria, "--year", str(args.year),
                            "--output", str(work / "mot-dong.json"), "--show", "0"]], 1)

        score = run_all([[recognise, "score", str(p / "bang-diem.csv"), "--criteria", args.criteria,
                          "--year", str(args.year), "--output", str(p / "ket-qua.json"), "--show", "0"]
                         for p in packages], args.jobs)
        planted = plant(packages)
        findings, report = work / "phat-hien.json", work / "bao-cao.html"
        review = run_all([[recognise, "review", *map(str, packages), "--json", str(findings),
                           "--output", str(report)]], 1)

        # 5. the province records every commune's results in one registry, one `recognise record` per commune
        config = work / "trien-khai.yaml"
        config.write_text(RECORD_CONFIG.format(year=args.year), encoding="utf-8")
        registry = f"sqlite:///{work / 'so-cong-nhan.sqlite3'}"
        record = run_all([[recognise, "record", str(p / "ket-qua.json"), "--config", str(config),
                           "--registry", registry] for p in packages], 1) if recordable else None

        found = json.loads(findings.read_text(encoding="utf-8")) if findings.exists() else {"findings": []}
        kinds: dict[str, int] = {}
        for f in found["findings"]:
            kinds[f["kind"]] = kinds.get(f["kind"], 0) + 1
        print(f"\n  {'step':28} {'wall s':>8} {'CPU s':>8} {'packages/s':>11} {'subjects/s':>11} {'peak RSS MB':>12}")
        for name, r in ((f"score ({args.jobs} at a time)", score), ("review (one process)", review),
                        ("record (one at a time)", record)):
            if r is None:
                print(f"  {name:28} skipped: the registry refuses results of {args.criteria} ({cs.status} set)")
                continue
            print(f"  {name:28} {r.wall:>8.1f} {r.cpu:>8.1f} {len(packages) / r.wall:>11.2f} "
                  f"{subjects / r.wall:>11,.0f} {r.rss_mb:>12.1f}")
        print(f"  start-up of one `recognise score` (one-row sheet): {startup.wall:.2f} s wall, {startup.cpu:.2f} s CPU; "
              f"× {len(packages)} communes = {startup.cpu * len(packages):.0f} CPU s of the scoring")
        print(f"  ratio review/score, CPU seconds (cost): {review.cpu / score.cpu:.3f}; "
              f"wall seconds: {review.wall / score.wall:.3f}")
        scoring_only = score.cpu - startup.cpu * len(packages)
        if scoring_only > 0:
            print(f"  ratio review/score without the score start-ups: {review.cpu / scoring_only:.3f}")
        if record is not None:
            print(f"  ratio record/score, CPU seconds: {record.cpu / score.cpu:.3f}; review + record / score: "
                  f"{(review.cpu + record.cpu) / score.cpu:.3f}")
        print(f"  review per package: {review.cpu / len(packages):.3f} CPU s; per 1,000 subjects: "
              f"{review.cpu / subjects * 1000:.3f} CPU s")
        exact = kinds == ({"sai_tong": planted} if planted else {})
        kb = report.stat().st_size / 1e3 if report.exists() else 0
        print(f"  findings: {dict(sorted(kinds.items()))}; planted {planted} sai_tong: "
              f"{'found exactly' if exact else 'MISMATCH'}; report {kb:.0f} kB")
        for r in (startup, score, review, record):
            for line in (r.failed if r is not None else [])[:5]:
                print(f"  FAILED: {line}")
        if args.keep:
            print(f"  province kept in {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
