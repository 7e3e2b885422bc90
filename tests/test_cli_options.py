"""The command line's shared options and manners, one regression test per defect found:

- `--output` names every file or folder a command writes (`documents --out` and `review --json` only as hidden
  older spellings);
- `--registry` means the same in every command, honours RECOGNISE_REGISTRY, takes a plain SQLite path, and a
  command that only reads the registry refuses a file that is not there;
- `--year` is checked the same way everywhere; the library's own usage errors are in Vietnamese;
- text from users (criteria argument, sheet cells, package folders, registry areas) is printed as written, never
  read as Rich markup (`score --criteria "[/x]"` crashed) or emoji codes;
- an unexpected error is one Vietnamese sentence and exit code 2, never a traceback and exit code 1.
Everything runs the real command line (typer's CliRunner, or a subprocess for the installed entry point).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from sheet_helpers import TT22, TT22_COLUMNS, tt22_row, write_dict_sheet
from typer.testing import CliRunner

from cli.app import DEBUG_ENV, Guarded, app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()
HOSTILE = ["[/]", "[bold]Trường[/bold]", ":x: :thumbs_up:", "Xã [red]A[/red] \\", "[/x]"]

CONFIG = """\
tinh: Tỉnh Thái Nguyên
xa: Xã Tân Lập
co_quan_ban_hanh: Ủy ban nhân dân huyện Đại Từ
dia_danh: Đại Từ
so_quyet_dinh: 15/QĐ-UBND
ngay_quyet_dinh: 2024-03-20
nguoi_ky:
  tham_quyen: TM. ỦY BAN NHÂN DÂN
  chuc_vu: Chủ tịch
  ho_ten: Nguyễn Văn An
"""


def flat(text: str) -> str:
    return " ".join(re.sub(r"[│├└─┃┏┓┗┛┡┩╇╈┳┻┼┬┴┌┐┘╭╮╰╯]", " ", text).split())


def cli(*args: object, env: dict[str, str] | None = None):
    return runner.invoke(app, [str(a) for a in args], env=env)


@pytest.fixture(autouse=True)
def _no_environment(monkeypatch):
    for name in ("RECOGNISE_REGISTRY", DEBUG_ENV):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def sheet(tmp_path) -> Path:
    rows = [tt22_row("DV-01", "Trường Tiểu học Hòa Bình"), tt22_row("DV-02", "Phòng Văn hóa", i3a="9,5")]
    return write_dict_sheet(tmp_path / "bang-diem.csv", TT22_COLUMNS, rows, delimiter=";")


@pytest.fixture
def config(tmp_path) -> Path:
    path = tmp_path / "trien-khai.yaml"
    path.write_text(CONFIG, encoding="utf-8")
    return path


@pytest.fixture
def results(tmp_path, sheet) -> Path:
    out = tmp_path / "ket-qua.json"
    assert cli("score", sheet, "--criteria", TT22, "--year", 2023, "--output", out).exit_code == 0
    return out


def package(folder: Path, sheet: Path, year: int = 2023) -> Path:
    folder.mkdir()
    (folder / "bang-diem.csv").write_bytes(sheet.read_bytes())
    assert cli("score", folder / "bang-diem.csv", "--criteria", TT22, "--year", year,
               "--output", folder / "ket-qua.json").exit_code == 0
    (folder / "goi.yaml").write_text(f"nam: {year}\nbo_tieu_chi: {TT22}\ndia_ban: Huyện Đại Từ\n"
                                     "don_vi_gui: Phòng GD&ĐT huyện Đại Từ\n", encoding="utf-8")
    return folder


# ---------------------------------------------------------------------------------------------- --output


@pytest.mark.parametrize("command", ["sheet", "score", "documents", "review", "report"])
def test_every_output_is_named_output_in_the_help(command):
    result = cli(command, "--help")
    assert result.exit_code == 0, result.output
    assert "--output" in result.output
    assert not re.search(r"--out\b(?!put)", result.output) and "--json" not in result.output


def test_documents_write_into_output_and_the_older_out_still_works(tmp_path, results, config):
    for option, folder in (("--output", tmp_path / "van-ban"), ("--out", tmp_path / "van-ban-cu")):
        result = cli("documents", results, "--config", config, option, folder)
        assert result.exit_code == 0, result.output
        assert (folder / "quyet-dinh.pdf").is_file() and (folder / "danh-sach.pdf").is_file()


def test_documents_without_an_output_folder_is_a_usage_error(results, config):
    result = cli("documents", results, "--config", config)
    assert result.exit_code == 2
    assert "thiếu --output THU_MUC" in flat(result.stderr)


def test_review_writes_each_output_by_its_extension(tmp_path, sheet):
    folder = package(tmp_path / "ho-so", sheet)
    report, findings, older = tmp_path / "bao-cao.html", tmp_path / "phat-hien.json", tmp_path / "cu.json"
    result = cli("review", folder, "--output", report, "--output", findings, "--json", older)
    assert result.exit_code == 0, result.output
    assert "<html" in report.read_text(encoding="utf-8").lower()
    assert json.loads(findings.read_text(encoding="utf-8"))["findings"] == []
    assert json.loads(older.read_text(encoding="utf-8"))["findings"] == []


def test_review_refuses_an_output_it_cannot_write(tmp_path, sheet):
    folder = package(tmp_path / "ho-so", sheet)
    result = cli("review", folder, "--output", tmp_path / "bao-cao.txt")
    assert result.exit_code == 2
    assert "chỉ ghi được .html (báo cáo) hoặc .json (phát hiện)" in flat(result.stderr)


def test_an_output_that_is_a_folder_is_refused_before_scoring(tmp_path, sheet):
    (tmp_path / "r.json").mkdir()
    result = cli("score", sheet, "--criteria", TT22, "--output", tmp_path / "r.json")
    assert result.exit_code == 2
    assert "đây là một thư mục" in flat(result.stderr) and result.stdout == ""


# ---------------------------------------------------------------------------------------------- --registry


def test_a_plain_path_is_an_sqlite_registry_in_every_command(tmp_path, results, config, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("record", results, "--config", config, "--registry", "so.sqlite3")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "so.sqlite3").is_file() and "sqlite:///so.sqlite3" in flat(result.stdout)
    report = cli("report", "--year", 2023, "--registry", "so.sqlite3")
    assert report.exit_code == 0, report.output
    assert "Đơn vị học tập — năm 2023" in flat(report.stdout)


def test_the_environment_names_the_registry_of_every_command(tmp_path, sheet, results, config):
    env = {"RECOGNISE_REGISTRY": str(tmp_path / "tu-bien.sqlite3")}  # a plain path, from the environment
    recorded = cli("record", results, "--config", config, env=env)
    assert recorded.exit_code == 0, recorded.output
    assert (tmp_path / "tu-bien.sqlite3").is_file()
    report = cli("report", "--year", 2023, env=env)
    assert report.exit_code == 0 and "Đơn vị học tập — năm 2023" in flat(report.stdout)
    missing = {"RECOGNISE_REGISTRY": str(tmp_path / "khong-co.sqlite3")}
    review = cli("review", package(tmp_path / "ho-so", sheet), env=missing)
    assert review.exit_code == 2
    assert f"tệp {tmp_path / 'khong-co.sqlite3'} không tồn tại" in flat(review.stderr)
    assert not (tmp_path / "khong-co.sqlite3").exists()
    report = cli("report", "--year", 2023, env=missing)
    assert report.exit_code == 2 and "không tồn tại" in flat(report.stderr)


def test_score_reads_the_registry_only_where_the_set_needs_it(tmp_path, sheet):
    missing = {"RECOGNISE_REGISTRY": str(tmp_path / "khong-co.sqlite3")}
    scored = cli("score", sheet, "--criteria", TT22, env=missing)  # TT 22/2020 asks nothing of the registry
    assert scored.exit_code == 0, scored.output
    refused = cli("score", sheet, "--criteria", "dvht-huyen-tt24-2023", "--year", 2024, env=missing)
    assert refused.exit_code == 2  # TT 24/2023 level 2 needs the level-1 decisions: a missing registry is a mistake
    assert "không có sổ công nhận" in flat(refused.stderr) and refused.stdout == ""
    assert not (tmp_path / "khong-co.sqlite3").exists()


def test_a_registry_url_that_cannot_be_opened_exits_2_in_every_command(tmp_path, sheet, results, config):
    bad = "khong-phai-csdl://x"
    recorded = cli("record", results, "--config", config, "--registry", bad)
    assert recorded.exit_code == 2 and "không mở được sổ công nhận" in flat(recorded.stderr)
    reviewed = cli("review", package(tmp_path / "ho-so", sheet), "--registry", bad)
    assert reviewed.exit_code == 2 and "không mở được sổ công nhận" in flat(reviewed.stderr)
    reported = cli("report", "--year", 2023, "--registry", bad)
    assert reported.exit_code == 2 and "sổ công nhận" in flat(reported.stderr)


@pytest.mark.parametrize("command", ["score", "review", "report", "record"])
def test_the_registry_option_has_one_help_text(command):
    text = flat(cli(command, "--help").output)
    assert "--registry" in text and "RECOGNISE_REGISTRY" in text and "đường dẫn tệp" in text


# ---------------------------------------------------------------------------------------------- --year


@pytest.mark.parametrize("args", [["score", "bang-diem.csv", "--criteria", TT22], ["report"]])
def test_a_year_out_of_range_is_refused_in_vietnamese(args):
    result = cli(*args, "--year", 99999)
    assert result.exit_code == 2
    assert "năm đánh giá 99999 không hợp lệ (cần từ 1900 đến 2200)" in flat(result.stderr)


# ---------------------------------------------------------------------------------------------- user text


def test_a_criteria_argument_that_looks_like_markup_is_named_as_written(tmp_path):
    result = cli("score", tmp_path / "x.csv", "--criteria", "[/x]")
    assert result.exit_code == 2, result.output
    assert "[/x]" in result.stderr and "MarkupError" not in result.output and "Traceback" not in result.output


def test_names_codes_and_values_print_as_written(tmp_path):
    rows = [tt22_row("[/]", HOSTILE[1] + " " + HOSTILE[2]), tt22_row("DV-02", "Phòng Văn hóa", i1b="[/x]")]
    rows[0]["dia_ban"] = HOSTILE[3]
    sheet = write_dict_sheet(tmp_path / "bang-diem.csv", TT22_COLUMNS, rows, delimiter=";")
    result = cli("score", sheet, "--criteria", TT22, "--explain", "[/]")
    assert result.exit_code == 1, result.output  # DV-02 is rejected: its 1.b is not a number
    text = flat(result.stdout)
    for written in ("[bold]Trường[/bold]", ":x: :thumbs_up:", "Xã [red]A[/red] \\", "[/x]", "[/] —"):
        assert written in text, written
    assert "❌" not in result.stdout and "👍" not in result.stdout


def test_a_province_criteria_file_prints_as_written(tmp_path):
    text = (ROOT / "criteria" / "dvht-tt22-2020.yaml").read_text(encoding="utf-8")
    text = text.replace("\nid: dvht-tt22-2020\n", "\nid: dvht-tinh-x\n").replace(
        "\ntitle: Đơn vị học tập\n", "\ntitle: \"Đơn vị học tập [/] :x:\"\n")
    path = tmp_path / "tinh-x.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli("criteria", "show", path)
    assert result.exit_code == 0, result.output
    assert "Đơn vị học tập [/] :x: (dvht-tinh-x)" in flat(result.stdout)


def test_a_package_folder_named_like_markup_prints_as_written(tmp_path, sheet):
    good = package(tmp_path / "ho-so", sheet)
    odd = tmp_path / "[bold]goi[red] :x:"
    odd.mkdir()
    result = cli("review", good, odd)
    assert result.exit_code == 1, result.output  # one package reviewed, one not
    assert f"Không rà soát được gói {odd}:" in flat(result.stderr)


def test_registry_areas_print_as_written_in_the_report(tmp_path, sheet):
    config = tmp_path / "trien-khai.yaml"
    config.write_text(CONFIG.replace("xa: Xã Tân Lập", 'xa: "Xã [bold]Tân Lập[/bold] :x:"'), encoding="utf-8")
    out, url = tmp_path / "r.json", f"sqlite:///{tmp_path / 'so.sqlite3'}"
    assert cli("score", sheet, "--criteria", TT22, "--year", 2023, "--output", out).exit_code == 0
    assert cli("record", out, "--config", config, "--registry", url).exit_code == 0
    result = cli("report", "--year", 2023, "--registry", url)
    assert result.exit_code == 0, result.output
    assert "Xã [bold]Tân Lập[/bold] :x:" in flat(result.stdout)


# ---------------------------------------------------------------------------------------------- usage errors


@pytest.mark.parametrize(("args", "said"), [
    (["score"], "Thiếu đối số 'BANG_DIEM'."),
    (["score", "x.csv", "--year", "abc"], "Giá trị không hợp lệ cho '--year' / '-y': cần một số nguyên"),
    (["score", "x.csv", "--explian", "X"], "Không có tùy chọn --explian. Có phải: --explain?"),
    (["scor"], "Không có lệnh “scor”. Có phải: 'score'"),
    (["score", "x.csv", "--year"], "Tùy chọn --year cần một giá trị."),
    (["criteria", "show", "a", "b"], "Thừa đối số: b."),
    (["documents", "r.json"], "Thiếu tùy chọn '--config'."),
])
def test_usage_errors_are_in_vietnamese(args, said):
    result = cli(*args)
    assert result.exit_code == 2
    assert said in flat(result.stderr)


# ---------------------------------------------------------------------------------------------- crashes


def _broken_app() -> typer.Typer:
    """A command that fails as no one planned, run under the same guard as every recognise command."""
    broken = typer.Typer(cls=Guarded)

    @broken.command()
    def hong() -> None:
        raise RuntimeError("bảng [/x] hỏng\ngiữa chừng")

    @broken.command()
    def khac() -> None:  # a second command, so that typer keeps the command names
        pass

    return broken


def test_an_unexpected_error_is_one_sentence_and_exit_2():
    result = runner.invoke(_broken_app(), ["hong"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Lỗi: recognise gặp lỗi ngoài dự kiến")
    assert "RuntimeError: bảng [/x] hỏng giữa chừng" in lines[0] and f"{DEBUG_ENV}=1" in lines[0]
    assert "Traceback" not in result.output


def test_the_debug_variable_adds_the_traceback_and_keeps_exit_2():
    result = runner.invoke(_broken_app(), ["hong"], env={DEBUG_ENV: "1"})
    assert result.exit_code == 2
    assert "Traceback" in result.stderr and "RuntimeError" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("Lỗi: recognise gặp lỗi ngoài dự kiến")


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="cần /proc (Linux) để có một lỗi ghi tệp thật")
def test_a_failed_write_through_the_installed_entry_point_is_exit_2_without_traceback(tmp_path):
    """The real program (cli.app:main, as `recognise` runs it) writing where no file can be made."""
    command = [sys.executable, "-c", "from cli.app import main; main()", "sheet", TT22, "--output", "/proc/khong.csv"]
    env = {k: v for k, v in os.environ.items() if k != DEBUG_ENV}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("Lỗi: không ghi được /proc/khong.csv") and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
