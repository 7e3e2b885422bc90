"""How long printing takes: the decision, the attached list and N certificates (default 5,000).

Builds a results file of N recognised subjects (as `recognise score` writes it) and a deployment
configuration, runs `recognise documents` end to end in a subprocess, and prints seconds, pages
and pages per second. Goal: 5,000 certificates plus the decision and the list in under 2 minutes
on a two-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

GOAL_SECONDS = 120
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Ngọc", "Thanh", "Hữu", "Quốc", "Thu", "Xuân"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hương", "Khánh", "Lan", "Long", "Mai", "Nam", "Phúc"]


def results_file(path: Path, n: int, seed: int = 2024) -> None:
    rng = random.Random(seed)
    subjects = []
    for i in range(1, n + 1):
        total = rng.choice([80, 82.5, 85, 88, 90.5, 93, 95, 97.5, 100])
        name = f"Hộ ông {rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        subjects.append({"id": f"HGD-{i:05d}", "name": name, "area": f"Thôn {rng.randint(1, 12)}", "row": i + 1,
                         "total": total, "max_total": 100, "grade": "Đạt", "level": None, "recognised": True,
                         "criteria": [], "reasons": [f"Tổng {total}/100 điểm: xếp loại Đạt."]})
    data = {"criteria": {"id": "gdht-448-vidu", "title": "Gia đình học tập (bộ minh họa)", "status": "example",
                         "source": "Quyết định số 448/QĐ-KHVN (phần minh họa)", "sha256": "-", "scheme": "points",
                         "year": 2024},
            "subjects": subjects, "errors": [], "summary": {"scored": n, "recognised": n, "rejected": 0}}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000, help="recognised subjects (default 5000)")
    args = parser.parse_args(argv)
    recognise = shutil.which("recognise", path=str(Path(sys.executable).parent)) or "recognise"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        results_file(work / "r.json", args.n)
        (work / "c.yaml").write_text(CONFIG, encoding="utf-8")
        started = time.perf_counter()
        run = subprocess.run([recognise, "documents", str(work / "r.json"), "--config", str(work / "c.yaml"),
                              "--out", str(work / "out")], capture_output=True, text=True)
        seconds = time.perf_counter() - started
        if run.returncode != 0:
            print(run.stdout, run.stderr)
            return 0
        pages = {f.name: len(PdfReader(f).pages) for f in sorted((work / "out").glob("*.pdf"))}
    total = sum(pages.values())
    print(f"recognise documents: {args.n} recognised subjects, {os.cpu_count()} CPUs")
    for name, count in pages.items():
        print(f"  {name:28} {count:6} pages")
    print(f"  {total} pages in {seconds:.1f} s: {total / seconds:.1f} pages/s")
    held = "HOLDS" if seconds < GOAL_SECONDS * args.n / 5000 else "DOES NOT HOLD"
    print(f"Goal (5,000 certificates + decision + list in < {GOAL_SECONDS} s): {held}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
