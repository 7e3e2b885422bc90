"""Start-up cost of `recognise`, in CPU seconds, against a bare interpreter measured in the same run.

Each command runs as a child process, REPEAT times; its CPU time is the change of
`resource.getrusage(RUSAGE_CHILDREN)` (user + sys) around it, and the median is printed:

- `python -c pass` and `python -c "import csv, decimal, json"`: the same interpreter as the `recognise` console
  script (site imports included), what any Python program pays;
- `recognise --help`;
- `recognise score SHEET --criteria dvht-tt22-2020 --output OUT.csv` on a 10-row sheet (the first ten rows of
  samples/dvht-tt22-minh-hoa.csv).

It prints the figures, their ratio to `python -c pass`, the goals (--help ≤ 0.25 s, scoring 10 rows ≤ 0.35 s) and
each command's peak RSS (ru_maxrss of the largest child). It reports; it does not assert.

    .venv/bin/python benchmarks/startup.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "dvht-tt22-minh-hoa.csv"
ROWS = 10
GOALS = {"recognise --help": 0.25, f"score, {ROWS} rows": 0.35}


def _interpreter() -> tuple[str, str]:
    """The `recognise` console script and the interpreter its first line starts."""
    script = shutil.which("recognise", path=str(Path(sys.executable).parent)) or shutil.which("recognise")
    if script is None:
        sys.exit("recognise không có trong PATH (cài dự án: pip install -e .)")
    first = Path(script).read_text(encoding="utf-8").splitlines()[0]
    python = first.removeprefix("#!").strip() if first.startswith("#!") else sys.executable
    return script, python


def _small_sheet(folder: Path) -> Path:
    """The sample's header and its first ROWS rows, bytes as they are (BOM, semicolons, decimal commas)."""
    lines = SAMPLE.read_bytes().splitlines(keepends=True)
    sheet = folder / f"{ROWS}-dong.csv"
    sheet.write_bytes(b"".join(lines[: ROWS + 1]))
    return sheet


def _run(argv: list[str]) -> float:
    """CPU seconds (user + sys) of one child."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "COLUMNS": "120"})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):  # 1: some rows rejected, still a full run
        sys.exit(f"{' '.join(argv)}: exit {done.returncode}\n{done.stderr.decode(errors='replace')}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    script, python = _interpreter()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sheet = _small_sheet(folder)
        commands = {
            "python -c pass": [python, "-c", "pass"],
            "python -c 'import csv, decimal, json'": [python, "-c", "import csv, decimal, json"],
            "recognise --help": [script, "--help"],
            f"score, {ROWS} rows": [script, "score", str(sheet), "--criteria", "dvht-tt22-2020",
                                    "--output", str(folder / "ket-qua.csv")],
        }
        _run(commands[f"score, {ROWS} rows"])  # warm the file cache and the bytecode once
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.repeat):  # interleaved, so that a busy moment touches every command alike
            for name, argv in commands.items():
                times[name].append(_run(argv))
        # ru_maxrss of children is a running maximum over all of them: each command's own peak from a fresh parent
        peak: dict[str, int] = {}
        for name, argv in commands.items():
            code = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
                    "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
            peak[name] = int(subprocess.run([sys.executable, "-c", code, *argv], capture_output=True,
                                            text=True).stdout.strip() or 0)
    bare = statistics.median(times["python -c pass"])
    print(f"{python} ({sys.version.split()[0]}), {os.cpu_count()} CPU, load {os.getloadavg()[0]:.2f}; "
          f"median of {args.repeat} runs, CPU s = user + sys")
    print(f"{'command':42} {'CPU s':>7} {'min':>7} {'max':>7} {'× bare':>7} {'goal':>7} {'peak RSS':>9}")
    for name, values in times.items():
        median = statistics.median(values)
        goal = GOALS.get(name)
        verdict = "" if goal is None else f"≤{goal:.2f}" + (" ✓" if median <= goal else " ✗")
        print(f"{name:42} {median:7.3f} {min(values):7.3f} {max(values):7.3f} {median / bare:7.1f} {verdict:>7} "
              f"{peak[name] / 1024:6.1f} MB")


if __name__ == "__main__":
    main()
