"""How long printing takes: the decision, the attached list and N certificates (default 5,000), on this machine.

Generates a score sheet of N households for the example set (gdht-448-vidu: every page carries the illustrative
watermark), every one recognised, a few with long and very long names; scores it with `recognise score` (not timed),
then times `recognise documents` end to end in a subprocess and prints seconds, pages, pages per second and the
peak RSS of the largest process. The CPU seconds of every process of the command tell what a quiet machine would
take when other jobs share the cores.

Reference, measured in the same run: WeasyPrint alone laying out the same certificate template (the project's HTML
for REFERENCE_PAGES subjects, one process), scaled to the same pages on every core. The ratio says how many times
faster the whole command is than WeasyPrint would lay out the certificates alone. Goal: 5,000 certificates + the
list + the decision in at most 20 s on two cores.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
GOAL_SECONDS = 20
REFERENCE_PAGES = 100
CODES = ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2", "4.1", "4.2"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Ngọc", "Thanh", "Hữu", "Quốc", "Thu", "Xuân"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hương", "Khánh", "Lan", "Long", "Mai", "Nam", "Phúc"]
VILLAGES = ["Thôn Đồng Chùa", "Thôn Bãi Sậy", "Thôn Cầu Gạch", "Thôn Gò Mít", "Thôn Trại Mới", "Tổ dân phố Tân Lập"]

CONFIG = """tinh: Tỉnh Thanh Sơn
xa: Xã Tân Lập
co_quan_ban_hanh: Ủy ban nhân dân xã Tân Lập
dia_danh: Tân Lập
so_quyet_dinh: 15/QĐ-UBND
ngay_quyet_dinh: 2025-01-10
nguoi_ky:
  tham_quyen: TM. ỦY BAN NHÂN DÂN
  chuc_vu: Chủ tịch
  ho_ten: Nguyễn Văn An
"""


def name(rng: random.Random, i: int) -> str:
    """Mostly short names; every 50th long (two lines), every 500th very long (a smaller size, several lines)."""
    person = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    if i % 500 == 0:
        return f"Hộ ông {person} và bà " + " ".join(f"{rng.choice(FAMILY)} Thị {rng.choice(GIVEN)}" for _ in range(9))
    if i % 50 == 0:
        return f"Hộ ông {person} và bà {rng.choice(FAMILY)} Thị {rng.choice(GIVEN)} cùng các con cháu"
    return f"Hộ ông {person}"


def write_sheet(path: Path, n: int, seed: int = 2024) -> None:
    rng = random.Random(seed)
    lines = ["ma,ten,dia_ban," + ",".join(CODES)]
    for i in range(1, n + 1):
        values = [str(rng.choice([8, 9, 9.5, 10])) for _ in CODES]
        values[7] = "đạt"
        lines.append(f"HGD-{i:05d},{name(rng, i)},{rng.choice(VILLAGES)}," + ",".join(values))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def weasyprint_pages_per_second(results: Path, config: Path) -> float:
    """WeasyPrint alone laying out REFERENCE_PAGES certificates of these results (one process)."""
    sys.path.insert(0, str(ROOT))
    from weasyprint import HTML

    from engine.documents.deployment import load_deployment
    from engine.documents.printing import print_context
    from engine.documents.render import TEMPLATES_DIR, environment, render
    from engine.documents.writer import checked_results, context

    loaded_results, loaded = checked_results(results)
    deployment, year = load_deployment(config, loaded.criteria.authority, loaded_results.criteria.year)
    ctx = context(loaded_results, deployment, year, loaded.criteria)
    ctx.update(print_context(ctx, deployment, None))
    html = render(environment(), "giay-cong-nhan.html.j2", {**ctx, "recognised": ctx["recognised"][:REFERENCE_PAGES]})
    HTML(string=html[:200] + "</html>", base_url=str(TEMPLATES_DIR)).write_pdf()  # fonts and Pango warmed up
    started = time.perf_counter()
    HTML(string=html, base_url=str(TEMPLATES_DIR)).write_pdf()
    return REFERENCE_PAGES / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000, help="recognised subjects (default 5000)")
    parser.add_argument("--keep", type=Path, help="copy the documents into this folder")
    args = parser.parse_args(argv)
    recognise = shutil.which("recognise", path=str(Path(sys.executable).parent)) or "recognise"
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        write_sheet(work / "ho.csv", args.n)
        (work / "c.yaml").write_text(CONFIG, encoding="utf-8")
        scored = subprocess.run([recognise, "score", str(work / "ho.csv"), "--criteria", "gdht-448-vidu", "--year",
                                 "2024", "--output", str(work / "r.json")], capture_output=True, text=True)
        if scored.returncode != 0:
            print(scored.stdout, scored.stderr)
            return 1
        reference = weasyprint_pages_per_second(work / "r.json", work / "c.yaml")
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        before, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
        started = time.perf_counter()
        run = subprocess.run([recognise, "documents", str(work / "r.json"), "--config", str(work / "c.yaml"),
                              "--output", str(work / "out")], capture_output=True, text=True)
        seconds = time.perf_counter() - started
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime - cpu
        if run.returncode != 0:
            print(run.stdout, run.stderr)
            return 1
        pages = {f.name: len(PdfReader(f).pages) for f in sorted((work / "out").glob("*.pdf"))}
        if args.keep:
            shutil.copytree(work / "out", args.keep, dirs_exist_ok=True)
    total = sum(pages.values())
    certificates = pages.get("giay-cong-nhan.pdf", 0)
    alone = certificates / (reference * cores)  # WeasyPrint laying out the certificates alone, every core busy
    print(f"recognise documents: {args.n} recognised subjects, {cores} CPUs")
    for file, count in pages.items():
        print(f"  {file:28} {count:6} pages")
    print(f"  {total} pages in {seconds:.1f} s ({cpu:.1f} CPU s, every process): {total / seconds:.1f} pages/s; "
          f"peak RSS {(peak if peak > before else before) / 1024:.0f} MB (largest process)")
    print(f"Reference (same run): WeasyPrint alone lays out {reference:.1f} certificates/s in one process: "
          f"{alone:.1f} s for the {certificates} certificates on {cores} cores")
    print(f"Ratio: {alone / seconds:.2f} (the whole command against WeasyPrint laying out the certificates alone)")
    # the goal is for 5,000 certificates: the start (probe pages, the list's layout) does not shrink with fewer
    held = ("not judged below 5,000 certificates" if args.n < 5000
            else "HOLDS" if seconds <= GOAL_SECONDS else "DOES NOT HOLD")
    print(f"Goal (5,000 certificates + list + decision in ≤ {GOAL_SECONDS} s on 2 cores): {held}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
