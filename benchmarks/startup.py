"""Start-up cost of `recognise`, in CPU seconds, against a bare interpreter measured in the same run.

Each command runs as a child process, REPEAT times, interleaved; its CPU time is the change of
`resource.getrusage(RUSAGE_CHILDREN)` (user + sys) around it, and the median is printed:

- `python -c pass` and `python -c "import csv, decimal, json"`: the interpreter of the `recognise` console script,
  started the same way (site and the editable install's finder included): what any Python program pays;
- `recognise --help`;
- `recognise score SHEET --criteria dvht-tt22-2020 --output OUT.csv` on a 10-row sheet (the header and the first ten
  rows of samples/dvht-tt22-minh-hoa.csv).

Two settings, one table each:

- bytecode cached, as in an installed program: the children write and read their bytecode in a temporary
  PYTHONPYCACHEPREFIX (nothing is written in the source tree), after one warm-up run;
- PYTHONDONTWRITEBYTECODE=1, as this machine's shell sets it: an editable install's modules are compiled at every
  start (site-packages keeps the bytecode it was installed with).

The goals (--help ≤ 0.25 s, scoring 10 rows ≤ 0.35 s) are marked on each line; peak RSS is ru_maxrss of a child
started alone. `--tree DIR` runs the `recognise` code of another checkout (e.g. an older commit unpacked with
`git archive REV | tar -x -C DIR`) through PYTHONPATH, for a before/after in the same run. It reports; it does not
assert.

    .venv/bin/python benchmarks/startup.py [--repeat 5] [--tree DIR]
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
SCORE = f"score, {ROWS} rows"
GOALS = {"recognise --help": 0.25, SCORE: 0.35}


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


def _run(argv: list[str], env: dict[str, str]) -> float:
    """CPU seconds (user + sys) of one child."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):  # 1: some rows rejected, still a full run
        sys.exit(f"{' '.join(argv)}: exit {done.returncode}\n{done.stderr.decode(errors='replace')}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _peak_kib(argv: list[str], env: dict[str, str]) -> int:
    """ru_maxrss of the command alone: RUSAGE_CHILDREN keeps a maximum over every child, so a fresh parent asks."""
    code = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
            "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    done = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, env=env)
    return int(done.stdout.strip() or 0)


def _table(title: str, commands: dict[str, list[str]], env: dict[str, str], repeat: int) -> None:
    for argv in commands.values():  # warm-up: the file cache, and the bytecode where it may be written
        _run(argv, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):  # interleaved, so that a busy moment touches every command alike
        for name, argv in commands.items():
            times[name].append(_run(argv, env))
    bare = statistics.median(times["python -c pass"])
    print(f"\n{title}")
    print(f"{'command':42} {'CPU s':>7} {'min':>7} {'max':>7} {'× bare':>7} {'goal':>9} {'peak RSS':>9}")
    for name, values in times.items():
        median = statistics.median(values)
        goal = GOALS.get(name.removeprefix("before: "))
        verdict = "" if goal is None else f"≤{goal:.2f}" + (" ok" if median <= goal else " no")
        print(f"{name:42} {median:7.3f} {min(values):7.3f} {max(values):7.3f} {median / bare:7.1f} {verdict:>9} "
              f"{_peak_kib(commands[name], env) / 1024:6.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--tree", type=Path, help="also run the recognise code of this checkout (PYTHONPATH)")
    args = parser.parse_args()
    script, python = _interpreter()
    base = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX",
                                                             "PYTHONPATH")}
    base["COLUMNS"] = "120"
    print(f"{python} ({sys.version.split()[0]}), {os.cpu_count()} CPU, load {os.getloadavg()[0]:.2f}; "
          f"median of {args.repeat} runs, CPU s = user + sys")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sheet = _small_sheet(folder)

        def program(prefix: str) -> dict[str, list[str]]:
            return {f"{prefix}recognise --help": [script, "--help"],
                    f"{prefix}{SCORE}": [script, "score", str(sheet), "--criteria", "dvht-tt22-2020",
                                         "--output", str(folder / "ket-qua.csv")]}

        commands = {"python -c pass": [python, "-c", "pass"],
                    "python -c 'import csv, decimal, json'": [python, "-c", "import csv, decimal, json"],
                    **program("")}
        if args.tree is not None:  # the same console script, its imports found first in the other tree
            env_tree = ["env", f"PYTHONPATH={args.tree.resolve()}"]
            commands |= {name: env_tree + argv for name, argv in program("before: ").items()}
        cached = base | {"PYTHONPYCACHEPREFIX": str(folder / "pycache")}
        _table("bytecode cached (an installed program)", commands, cached, args.repeat)
        _table("PYTHONDONTWRITEBYTECODE=1 (the source tree compiled at every start)", commands,
               base | {"PYTHONDONTWRITEBYTECODE": "1"}, args.repeat)


if __name__ == "__main__":
    main()
