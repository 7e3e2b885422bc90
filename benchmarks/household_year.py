"""The household year of one commune end to end, timed: N households (default 3,000) in several villages.

Generates a score sheet for the example set (gdht-448-vidu), then runs, each as the program itself:
`recognise score`, `recognise documents` with the village sheets, the result sheets and the consolidated notice,
`recognise record` (into a temporary registry), and `recognise registration` for the next year; prints the
seconds of each phase, the pages of every PDF and the total. The registry only takes results of an official set:
the recording phase scores the same sheet with a copy of the example set marked as a province's own set, kept in
the temporary folder (a fictitious province, for timing only; its numbers are the example's, not law).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).resolve().parent))
from documents_render import CONFIG  # noqa: E402  (the same commune and decision as the documents benchmark)

ROOT = Path(__file__).resolve().parent.parent
CODES = ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2", "4.1", "4.2"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hương", "Khánh", "Lan", "Long", "Mai"]
VILLAGES = ["Thôn Đồng Chùa", "Thôn Bãi Sậy", "Thôn Cầu Gạch", "Thôn Gò Mít", "Thôn Trại Mới", "Tổ dân phố Tân Lập",
            "Thôn Khe Mo", "Thôn Na Hoàng", "Thôn Đèo Khế", "Thôn Văn Lang", "Thôn Làng Chẽ", "Thôn Hòa Bình"]


def write_sheet(path: Path, n: int, villages: int = 12, seed: int = 2025) -> None:
    """A score sheet of N households, villages interleaved; about one in six falls short of 80 points."""
    rng = random.Random(seed)
    lines = ["ma,ten,dia_ban," + ",".join(CODES)]
    for i in range(1, n + 1):
        short = rng.random() < 0.17
        values = [str(rng.choice([5, 6, 7]) if short else rng.choice([8, 9, 9.5, 10])) for _ in CODES]
        values[7] = "đạt" if not short or rng.random() < 0.5 else "không đạt"
        name = f"Hộ ông {rng.choice(FAMILY)} Văn {rng.choice(GIVEN)}"
        lines.append(f"HGD-{i:05d},{name},{VILLAGES[rng.randrange(villages)]}," + ",".join(values))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def provincial_copy(folder: Path) -> Path:
    """The example set as a fictitious province's own set (status official), only to time the recording."""
    text = (ROOT / "criteria" / "gdht-448-vidu.yaml").read_text(encoding="utf-8")
    text = text.replace("id: gdht-448-vidu", "id: gdht-tinh-gia-dinh-thu").replace("status: example", "status: official")
    target = folder / "gdht-tinh-gia-dinh-thu.yaml"
    target.write_text(text, encoding="utf-8")
    return target


def run(label: str, argv: list[str], times: dict[str, float]) -> None:
    started = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True)
    times[label] = time.perf_counter() - started
    if done.returncode != 0:
        print(f"{label}: exit {done.returncode}\n{done.stdout}\n{done.stderr}")
        raise SystemExit(1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=3000, help="households (default 3000)")
    args = parser.parse_args(argv)
    recognise = shutil.which("recognise", path=str(Path(sys.executable).parent)) or "recognise"
    times: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        write_sheet(work / "ho.csv", args.n)
        (work / "c.yaml").write_text(CONFIG, encoding="utf-8")
        own = provincial_copy(work)
        registry = f"sqlite:///{work / 'so.sqlite3'}"
        run("score", [recognise, "score", str(work / "ho.csv"), "--criteria", "gdht-448-vidu", "--year", "2024",
                      "--output", str(work / "r.json")], times)
        run("documents", [recognise, "documents", str(work / "r.json"), "--config", str(work / "c.yaml"), "--output",
                          str(work / "out"), "--village-sheets", "--result-sheets", "--consolidated-notice"], times)
        run("score (provincial copy)", [recognise, "score", str(work / "ho.csv"), "--criteria", str(own), "--year",
                                        "2024", "--output", str(work / "p.json")], times)
        run("record", [recognise, "record", str(work / "p.json"), "--config", str(work / "c.yaml"), "--criteria",
                       str(own), "--registry", registry], times)
        run("registration", [recognise, "registration", "--criteria", str(own), "--year", "2025", "--config",
                             str(work / "c.yaml"), "--registry", registry, "--output", str(work / "dau-nam")], times)
        pages = {f.relative_to(work).as_posix(): len(PdfReader(f).pages)
                 for folder in ("out", "dau-nam") for f in sorted((work / folder).glob("*.pdf"))}
    print(f"Household year: {args.n} households, {os.cpu_count()} CPUs")
    for label, seconds in times.items():
        print(f"  {label:26} {seconds:7.1f} s")
    print(f"  {'total':26} {sum(times.values()):7.1f} s")
    for name, count in pages.items():
        print(f"  {name:34} {count:6} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
