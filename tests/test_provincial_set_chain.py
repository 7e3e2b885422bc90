"""A province's whole path without YAML: its criteria workbook imported, checked, printed as a decision's annex,
compared with the set it started from, and proved with example cases worked out by hand before use."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from typer.testing import CliRunner

from cli.app import app

WORKBOOK = Path(__file__).resolve().parent.parent / "samples" / "tieu-chi-gdht-minh-hoa.xlsx"
# worked out by hand from the workbook: TC1 = 1.1 (points, max 20) + 1.2 (đạt: 10); TC2 = 2.1 (≥ 100%: 40,
# ≥ 50%: 20) + 2.2 (points, max 30); Tốt from 85, Khá from 70 to under 85; a criterion at 0 points knocks out
CASES = """\
criteria: {criteria}
cases:
  - name: Đúng 85 điểm là loại Tốt
    inputs: {{"1.1": 20, "1.2": "đạt", "2.1": 100, "2.2": 15}}
    expect: {{total: 85, grade: Tốt, recognised: true, criteria: {{TC1: 30, TC2: 55}}}}
  - name: 84,5 điểm là loại Khá
    inputs: {{"1.1": 20, "1.2": "đạt", "2.1": 100, "2.2": 14.5}}
    expect: {{total: 84.5, grade: Khá, recognised: true}}
  - name: 99,9% chỉ được mức từ 50%
    inputs: {{"1.1": 20, "1.2": "đạt", "2.1": 99.9, "2.2": 30}}
    expect: {{total: 80, grade: Khá, recognised: true, indicators: {{"2.1": 20}}}}
  - name: Tiêu chí 1 được 0 điểm thì không được công nhận dù đủ 70 điểm
    inputs: {{"1.1": 0, "1.2": "không đạt", "2.1": 100, "2.2": 30}}
    expect: {{total: 70, recognised: false}}
"""


def _run(*args: str):
    return CliRunner().invoke(app, list(args))


def test_a_provincial_workbook_is_imported_checked_booked_diffed_and_proved(tmp_path):
    own = tmp_path / "tinh-x.yaml"
    imported = _run("criteria", "import", str(WORKBOOK), "--output", str(own))
    assert imported.exit_code == 0, imported.output
    assert _run("criteria", "check", str(own)).exit_code == 0

    book = tmp_path / "bo-tieu-chi.pdf"
    booked = _run("criteria", "book", str(own), "--output", str(book))
    assert booked.exit_code == 0, booked.output
    annex = " ".join((p.extract_text() or "") for p in PdfReader(book).pages)
    for code in ("TC1", "TC2", "1.1", "1.2", "2.1", "2.2"):
        assert code in annex

    diffed = _run("criteria", "diff", "gdht-448-vidu", str(own))
    assert diffed.exit_code == 1, diffed.output  # different from the set it started from
    assert "gdht-vidu-tinh-x" in diffed.output

    cases = tmp_path / "truong-hop.yaml"
    cases.write_text(CASES.format(criteria=own), encoding="utf-8")
    proved = _run("criteria", "test", str(cases))
    assert proved.exit_code == 0, proved.output
    assert "4/4" in proved.output

    wrong = tmp_path / "sai.yaml"  # a case expecting the wrong grade at the boundary is caught
    wrong.write_text(CASES.format(criteria=own).replace("total: 84.5, grade: Khá", "total: 84.5, grade: Tốt"),
                     encoding="utf-8")
    caught = _run("criteria", "test", str(wrong))
    assert caught.exit_code == 1 and "84,5 điểm là loại Khá" in caught.output
