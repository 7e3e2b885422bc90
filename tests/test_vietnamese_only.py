"""No English reaches a user: the common mistakes, run as a board runs the program, print Vietnamese only.

Each mistake (a wrong option, a missing file, a wrong set id, a bad year, an unreadable file, a permission denied,
a JSON file given as a sheet, a bad date…) runs the installed `recognise` in a child process, as an ordinary user
(the tests drop root rights for it, so that file permissions hold), and every line it prints must be free of
common English words. Paths, options, ids and numbers the line quotes are left out of the check (they are the
user's own words). The help screens say "Cách dùng", end with an example, and are checked the same way.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.app import app
from cli.usage_vi import type_label, vietnamese
from engine.criteria.load import yaml_problem

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
PROGRAM = Path(sys.executable).with_name("recognise")
NOBODY = 65534
runner = CliRunner()

ENGLISH = {"usage", "error", "errors", "permission", "denied", "invalid", "such", "file", "files", "directory",
           "does", "exist", "exists", "missing", "option", "options", "argument", "arguments", "expected", "found",
           "cannot", "could", "should", "must", "this", "exit", "message", "readable", "writable", "not", "the", "and",
           "is", "of", "for", "try", "input", "valid", "integer", "aborted", "command", "commands", "value", "help",
           "unable", "parse", "string", "mapping", "allowed", "here", "got", "or", "with", "line", "column", "mean",
           "did", "possible", "choose", "from", "required", "default", "path", "str", "int", "bool", "text", "extra",
           "unexpected", "no", "defaults", "type", "field", "date", "end", "stream", "token", "character"}

CONFIG = """\
tinh: Tỉnh Thanh Sơn
xa: Huyện Minh Hòa
co_quan_ban_hanh: Ủy ban nhân dân huyện Minh Hòa
dia_danh: Minh Hòa
so_quyet_dinh: 7/QĐ-UBND
ngay_quyet_dinh: 15/03/2024
nguoi_ky:
  tham_quyen: TM. ỦY BAN NHÂN DÂN
  chuc_vu: Chủ tịch
  ho_ten: Nguyễn Văn An
"""


def english_words(text: str) -> list[str]:
    """The English words of `text`, leaving out what a line quotes: paths, options, ids, numbers, file names."""
    found = []
    for token in text.split():
        token = token.strip(".,;:!?()[]{}<>“”\"'|…*")
        if re.search(r"[/\\._=:@0-9-]", token):
            continue
        found += [w for w in re.findall(r"[A-Za-z]+", token) if w.lower() in ENGLISH]
    return found


def test_the_detector_finds_english():
    assert english_words("Usage: recognise score [OPTIONS] BANG_DIEM") == ["Usage", "OPTIONS"]
    assert english_words("Error: Permission denied: 'x.csv'") == ["Error", "Permission", "denied"]
    assert english_words("No such file or directory") == ["No", "such", "file", "or", "directory"]
    assert english_words("Lỗi: khong-co.csv: không tìm thấy tệp; --criteria dvht-tt22-2020") == []


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    """A folder an ordinary user may enter, holding what the mistakes name."""
    base = Path(tempfile.mkdtemp(prefix="recognise-vi-"))
    base.chmod(0o777)
    shutil.copy(SAMPLES / "dvht-tt22-minh-hoa.csv", base / "bang-diem.csv")
    done = runner.invoke(app, ["score", str(base / "bang-diem.csv"), "--criteria", "dvht-tt22-2020", "--year", "2023",
                               "--output", str(base / "ket-qua.json")])
    assert done.exit_code == 1, done.output
    files = {
        "trien-khai.yaml": CONFIG,
        "ngay-sai.yaml": CONFIG.replace("15/03/2024", "31/02/2024"),
        "cu-phap.yaml": "tinh: [Tỉnh Thanh Sơn\n",
        "khoa-la.yaml": CONFIG + "tinhh: Tỉnh Thanh Sơn\n",
        "sai-kieu.yaml": CONFIG.replace("nguoi_ky:\n", "cap_huyen: có lẽ\nnguoi_ky:\n"),
        "khoa.csv": (SAMPLES / "dvht-tt22-minh-hoa.csv").read_text(encoding="utf-8-sig"),
        "khoa.yaml": CONFIG,
    }
    for name, text in files.items():
        (base / name).write_text(text, encoding="utf-8")
    (base / "hong.xlsx").write_bytes(bytes(range(256)) * 8)
    (base / "latin.yaml").write_bytes("tinh: Tỉnh Thanh Sơn\n".encode("cp1258", "replace"))
    for name in ("khoa.csv", "khoa.yaml"):
        (base / name).chmod(0)
    (base / "chi-doc").mkdir()
    (base / "chi-doc").chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
    for p in base.iterdir():
        if p.is_file() and not p.name.startswith("khoa"):
            p.chmod(0o644)
    yield base
    shutil.rmtree(base, ignore_errors=True)


# root reads every file: the program then runs as nobody, so that file permissions mean what they say
AS_A_USER = (["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
             if os.geteuid() == 0 and shutil.which("setpriv") else [])
PERMISSIONS_HOLD = os.geteuid() != 0 or bool(AS_A_USER)


def run(folder: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECOGNISE_")}
    env.update(HOME=str(folder), COLUMNS="100", LANG="C.UTF-8")
    return subprocess.run([*AS_A_USER, str(PROGRAM), *args], cwd=folder, env=env, capture_output=True, text=True,
                          timeout=120)


MISTAKES = {
    "wrong option": ["score", "bang-diem.csv", "--criteria", "dvht-tt22-2020", "--bogus"],
    "option without its value": ["report", "--year"],
    "unknown command": ["scor", "bang-diem.csv"],
    "missing argument": ["score"],
    "missing option": ["documents", "ket-qua.json", "--output", "ra"],
    "extra argument": ["criteria", "list", "thua"],
    "missing sheet": ["score", "khong-co.csv", "--criteria", "dvht-tt22-2020"],
    "missing configuration": ["documents", "ket-qua.json", "--config", "khong-co.yaml", "--output", "ra"],
    "missing criteria file": ["criteria", "check", "khong-co.yaml"],
    "missing results": ["record", "khong-co.json", "--config", "trien-khai.yaml", "--registry", "so.sqlite3"],
    "missing package": ["review", "khong-co"],
    "wrong set id": ["score", "bang-diem.csv", "--criteria", "dvht-tt22-202"],
    "wrong set id shown": ["criteria", "show", "dvht-tt22-202"],
    "wrong title": ["score", "bang-diem.csv", "--title", "Gia đình văn hóa", "--year", "2024"],
    "year not a number": ["score", "bang-diem.csv", "--criteria", "dvht-tt22-2020", "--year", "abc"],
    "year out of range": ["score", "bang-diem.csv", "--criteria", "dvht-tt22-2020", "--year", "20245"],
    "title without year": ["score", "bang-diem.csv", "--title", "Đơn vị học tập"],
    "count not a number": ["score", "bang-diem.csv", "--criteria", "dvht-tt22-2020", "--show", "x"],
    "unreadable sheet": ["score", "hong.xlsx", "--criteria", "dvht-tt22-2020"],
    "YAML syntax": ["documents", "ket-qua.json", "--config", "cu-phap.yaml", "--output", "ra"],
    "YAML not UTF-8": ["criteria", "check", "latin.yaml"],
    "unknown key": ["documents", "ket-qua.json", "--config", "khoa-la.yaml", "--output", "ra"],
    "wrong type": ["record", "ket-qua.json", "--config", "sai-kieu.yaml", "--registry", "so.sqlite3"],
    "sheet given as results": ["documents", "bang-diem.csv", "--config", "trien-khai.yaml", "--output", "ra"],
    "JSON as sheet": ["score", "ket-qua.json", "--criteria", "dvht-tt22-2020"],
    "bad date": ["documents", "ket-qua.json", "--config", "ngay-sai.yaml", "--output", "ra"],
    "permission denied, sheet": ["score", "khoa.csv", "--criteria", "dvht-tt22-2020"],
    "permission denied, configuration": ["documents", "ket-qua.json", "--config", "khoa.yaml", "--output", "ra"],
    "permission denied, criteria file": ["criteria", "check", "khoa.yaml"],
    "permission denied, output": ["score", "bang-diem.csv", "--criteria", "dvht-tt22-2020", "--year", "2023",
                                  "--output", "chi-doc/ket-qua.json"],
    "permission denied, blank sheet": ["sheet", "dvht-tt22-2020", "--output", "chi-doc/bang.csv"],
    "permission denied, registry": ["record", "ket-qua.json", "--config", "trien-khai.yaml", "--registry",
                                    "chi-doc/so.sqlite3"],
    "registry that is not there": ["report", "--year", "2023", "--registry", "khong-co.sqlite3"],
}


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_a_common_mistake_is_told_in_vietnamese(folder, mistake):
    if mistake.startswith("permission denied") and not PERMISSIONS_HOLD:
        pytest.skip("chạy bằng root, không có setpriv để bỏ quyền root")
    done = run(folder, *MISTAKES[mistake])
    assert done.returncode in (1, 2), f"{mistake}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    assert "Traceback" not in done.stderr and "lỗi ngoài dự kiến" not in done.stderr, done.stderr
    told = done.stderr if done.stderr.strip() else done.stdout  # `criteria check` lists its problems on stdout
    assert told.strip(), f"{mistake}: nothing said"
    for line in (done.stderr + done.stdout).splitlines():
        assert not english_words(line), f"{mistake}: English in “{line}”"


@pytest.mark.skipif(not PERMISSIONS_HOLD, reason="chạy bằng root, không có setpriv để bỏ quyền root")
def test_permission_denied_is_said_in_vietnamese(folder):
    for args in (MISTAKES["permission denied, configuration"], MISTAKES["permission denied, output"]):
        assert "không có quyền" in " ".join(run(folder, *args).stderr.split())


def test_json_given_as_a_sheet_gets_one_sentence(folder):
    done = run(folder, *MISTAKES["JSON as sheet"])
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    text = " ".join(done.stderr.split())
    assert done.returncode == 2 and "đây là tệp JSON" in text and "không phải bảng điểm" in text, done.stderr
    assert "recognise documents ket-qua.json" in text and lines[0].startswith("Lỗi: ")


def test_dates_are_asked_for_day_first(folder):
    text = " ".join(run(folder, *MISTAKES["bad date"]).stderr.split())
    assert "ngay-sai.yaml:6: ngay_quyet_dinh" in text and "dd/mm/yyyy" in text, text


# ------------------------------------------------------------------------------ help screens and --version


HELP = [[], ["criteria"], ["criteria", "list"], ["criteria", "show"], ["criteria", "check"], ["sheet"], ["score"],
        ["documents"], ["record"], ["report"], ["review"]]


@pytest.mark.parametrize("command", HELP, ids=[" ".join(c) or "recognise" for c in HELP])
def test_every_help_screen_is_vietnamese_with_an_example(command):
    done = runner.invoke(app, [*command, "--help"], terminal_width=100)
    assert done.exit_code == 0, done.output
    text = " ".join(done.output.split())
    assert "Cách dùng: recognise" in text and "Ví dụ:" in text, done.output
    examples = done.output.split("Ví dụ:", 1)[1]
    assert f"recognise {' '.join(command)}".strip() in " ".join(examples.split()), examples
    assert "In hướng dẫn này rồi thoát." in text
    for line in done.output.splitlines():
        assert not english_words(line), f"English in “{line}”"


def test_version():
    done = run(ROOT, "--version")
    assert done.returncode == 0 and done.stdout.strip() == f"recognise {version('recognise')}", done
    assert runner.invoke(app, ["-V"]).output.strip() == f"recognise {version('recognise')}"


# ------------------------------------------------------------------------------ the translations themselves


@pytest.mark.parametrize(("english", "vi"), [
    ("No such option: --bogus Did you mean --force?", "Không có tùy chọn --bogus. Có phải: --force?"),
    ("Invalid value for 'BANG_DIEM': path 's.csv' is not readable.",
     "Giá trị không hợp lệ cho 'BANG_DIEM': không đọc được “s.csv” (không có quyền đọc)"),
    ("Invalid value for 'files': File 'x.yaml' does not exist.",
     "Giá trị không hợp lệ cho 'files': không có tệp hoặc thư mục “x.yaml”"),
    ("Invalid value for '--config': Path 'ra' is a directory.",
     "Giá trị không hợp lệ cho '--config': “ra” là một thư mục, cần một tệp"),
    ("Option '--year' does not take a value.", "Tùy chọn --year không nhận giá trị."),
    ("Missing option '--config'.", "Thiếu tùy chọn '--config'."),
])
def test_library_messages(english, vi):
    assert vietnamese(english) == vi


def test_type_labels():
    assert [type_label(x) for x in ("<int>", "<str>", "<path>", "<list[str]>", "<bool>", "NAM")] == [
        "<số nguyên>", "<chữ>", "<đường dẫn>", "<chữ…>", None, "NAM"]


def test_an_unknown_yaml_problem_is_still_vietnamese():
    import yaml

    class Odd(yaml.YAMLError):
        problem = "something no table knows"
        problem_mark = None

    assert yaml_problem(Odd()) == "cú pháp sai (kiểm tra thụt lề, dấu “:”, ngoặc và ngoặc kép)"
