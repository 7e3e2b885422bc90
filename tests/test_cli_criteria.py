"""`recognise criteria list|check|show` and `recognise sheet`, through typer's CliRunner."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from typer.testing import CliRunner

from cli.app import app

CRITERIA_DIR = Path(__file__).resolve().parent.parent / "criteria"
TT22_TEXT = (CRITERIA_DIR / "dvht-tt22-2020.yaml").read_text(encoding="utf-8")
PROBLEM_LINE = re.compile(r"^(.+):(\d+): (\S+): .+$")

# spec/criteria.md
SPEC_IDS = [
    "dvht-tt22-2020", "dvht-huyen-tt24-2023", "dvht-tinh-tt24-2023",
    "cdht-xa-tt25-2023", "cdht-huyen-tt25-2023", "cdht-tinh-tt25-2023",
    "cdht-xa-tt44-2014", "gdht-448-2015", "dhht-448-2015", "cdht-thon-448-2015", "dvht-co-so-448-2015",
]


def _run(*args: str):
    return CliRunner().invoke(app, list(args))


def _stdout(result) -> str:
    return result.stdout if hasattr(result, "stdout") else result.output


def _codes(set_id: str) -> list[str]:
    data = yaml.safe_load((CRITERIA_DIR / f"{set_id}.yaml").read_text(encoding="utf-8"))
    return [str(i["code"]) for c in data["criteria"] for i in c["indicators"]]


def _line(text: str, needle: str) -> int:
    return text.count("\n", 0, text.index(needle)) + 1


# --- list ----------------------------------------------------------------------------------------

def test_list_shows_every_set_of_the_spec():
    result = _run("criteria", "list")
    assert result.exit_code == 0, result.output
    missing = [i for i in SPEC_IDS if i not in result.output]
    assert not missing, f"thiếu trong danh sách: {missing}"


def test_list_shows_status_and_dates_in_vietnamese():
    result = _run("criteria", "list")
    row = next(line for line in result.output.splitlines() if "dvht-tt22-2020" in line)
    assert "chính thức" in row and "21/09/2020" in row and "25/01/2024" in row
    draft = next(line for line in result.output.splitlines() if "cdht-xa-tt44-2014" in line)
    assert "dự thảo" in draft


# --- check ---------------------------------------------------------------------------------------

def test_check_accepts_every_shipped_file():
    files = sorted(str(p) for p in CRITERIA_DIR.glob("*.yaml"))
    result = _run("criteria", "check", *files)
    assert result.exit_code == 0, result.output
    for f in files:
        assert f"{f}: hợp lệ" in result.output


def _bad_file(directory: Path) -> tuple[Path, str]:
    text = TT22_TEXT.replace("title: Đơn vị học tập\n", "title: Đơn vị học tập\nmau_bia: đỏ\n", 1)
    text = text.replace("        max: 10\n", '        max: "mười"\n', 1)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "dvht-sua.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text


def _problems(output: str) -> list[tuple[str, int, str]]:
    lines = [line for line in output.splitlines() if line.strip()]
    assert lines, "không có dòng lỗi nào"
    bad = [line for line in lines if not PROBLEM_LINE.match(line)]
    assert not bad, f"dòng không đúng dạng TỆP:DÒNG: khóa: lỗi: {bad}"
    return [(m[1], int(m[2]), m[3]) for m in map(PROBLEM_LINE.match, lines)]


def test_check_bad_file_prints_one_line_per_problem(tmp_path):
    path, text = _bad_file(tmp_path)
    result = _run("criteria", "check", str(path))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    problems = _problems(_stdout(result))
    assert (str(path), _line(text, "mau_bia:"), "mau_bia") in problems
    assert (str(path), _line(text, 'max: "mười"'), "criteria[0].indicators[0].max") in problems


def test_check_long_path_still_one_line_per_problem(tmp_path):
    """A province keeps its files in deep Vietnamese folders: a problem must never be wrapped onto two lines."""
    folder = tmp_path / "Sở Giáo dục và Đào tạo tỉnh Thừa Thiên Huế" / "Bộ tiêu chí đơn vị học tập" / "bản sửa đổi"
    path, text = _bad_file(folder)
    result = _run("criteria", "check", str(path))
    assert result.exit_code == 1
    problems = _problems(_stdout(result))
    assert (str(path), _line(text, "mau_bia:"), "mau_bia") in problems


def test_check_good_and_bad_file_together(tmp_path):
    path, _ = _bad_file(tmp_path)
    good = CRITERIA_DIR / "cdht-xa-tt25-2023.yaml"
    result = _run("criteria", "check", str(good), str(path))
    assert result.exit_code == 1
    assert f"{good}: hợp lệ" in result.output
    assert str(path) in result.output


@pytest.mark.parametrize("content", [b"", b"\xff\xfe\x00t\x00i", b"- a\n- b\n",
                                     b'title: !!python/object/apply:os.system ["echo PWNED"]\n'],
                         ids=["empty", "utf16", "list", "python-tag"])
def test_check_hostile_files_exit_1_without_traceback(tmp_path, content):
    path = tmp_path / "hong.yaml"
    path.write_bytes(content)
    result = _run("criteria", "check", str(path))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "PWNED" not in result.output.replace(str(path), "")
    assert result.exception is None or isinstance(result.exception, SystemExit)
    problems = _problems(_stdout(result))
    assert all(f == str(path) for f, _, _ in problems)


def test_check_structurally_broken_set_does_not_crash(tmp_path):
    """An official levels set whose `levels` list was deleted: a problem line, not an exception."""
    text = (CRITERIA_DIR / "cdht-xa-tt25-2023.yaml").read_text(encoding="utf-8")
    text = text[:text.index("levels:\n  - level: 1")] + text[text.index("criteria:\n"):]
    path = tmp_path / "xa.yaml"
    path.write_text(text, encoding="utf-8")
    result = _run("criteria", "check", str(path))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 1
    assert any(k == "levels" for _, _, k in _problems(_stdout(result)))


# --- show ----------------------------------------------------------------------------------------

def test_show_commune_set_shows_5_2a_and_vung_kho_khan():
    result = _run("criteria", "show", "cdht-xa-tt25-2023")
    assert result.exit_code == 0, result.output
    assert "5.2a" in result.output and "5.2b" in result.output
    assert "vùng khó khăn" in result.output
    assert "Mức độ 2" in result.output


def test_show_example_set_says_it_is_not_law():
    result = _run("criteria", "show", "gdht-448-vidu")
    assert result.exit_code == 0
    assert "KHÔNG CÓ GIÁ TRỊ PHÁP LÝ" in result.output


def test_show_unknown_id_exits_2():
    result = _run("criteria", "show", "dvht-tt99-2030")
    assert result.exit_code == 2
    assert "dvht-tt99-2030" in result.output


# --- sheet ---------------------------------------------------------------------------------------

def _cell_codes(header: list[str]) -> list[str]:
    return [str(cell).split(" ", 1)[0] for cell in header]


def test_sheet_csv_has_every_indicator_column(tmp_path):
    out = tmp_path / "x.csv"
    result = _run("sheet", "dvht-tt22-2020", "--output", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8-sig")
    assert text.startswith("ma;ten")
    header = next(csv.reader(text.splitlines(), delimiter=";"))
    codes = _cell_codes(header)
    for code in _codes("dvht-tt22-2020"):
        assert code in codes, code
    assert "Đơn vị có chủ trương" in text  # Vietnamese label kept, UTF-8


def test_sheet_xlsx_has_every_indicator_column(tmp_path):
    out = tmp_path / "x.xlsx"
    result = _run("sheet", "dvht-tt22-2020", "--output", str(out))
    assert result.exit_code == 0, result.output
    ws = load_workbook(out).active
    header = [c.value for c in ws[3] if c.value is not None]  # rows 1–2: Vietnamese names and requirements
    assert header[:2] == ["ma", "ten"]
    codes = _cell_codes(header)
    for code in _codes("dvht-tt22-2020"):
        assert code in codes, code


def test_sheet_commune_set_has_attribute_and_split_inputs(tmp_path):
    out = tmp_path / "xa.csv"
    result = _run("sheet", "cdht-xa-tt25-2023", "--output", str(out))
    assert result.exit_code == 0, result.output
    codes = _cell_codes(next(csv.reader(out.read_text(encoding="utf-8-sig").splitlines(), delimiter=";")))
    assert "vung_kho_khan" in codes and "5.2a" in codes and "5.2b" in codes and "5.1" in codes


def test_sheet_unknown_id_exits_2(tmp_path):
    out = tmp_path / "x.csv"
    result = _run("sheet", "khong-co-bo-nay", "--output", str(out))
    assert result.exit_code == 2
    assert not out.exists()


def test_sheet_unknown_extension_exits_2(tmp_path):
    out = tmp_path / "x.ods"
    result = _run("sheet", "dvht-tt22-2020", "--output", str(out))
    assert result.exit_code == 2
    assert not out.exists()
