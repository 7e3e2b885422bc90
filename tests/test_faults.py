"""Faults around the commands: outputs that cannot be written, Ctrl-C and SIGTERM, hostile values.

Each case asserts the exit code, that the command ends with one Vietnamese sentence and no traceback, and
that no temporary file is left (`.NAME.xxxx.tmp` beside an output, `.recognise-xxxx` in a documents folder)
while the previous output stays as it was. Inputs are made here: sheets written by hand and results files
written by scoring them for real.

The faults are real where the system allows it without special rights: a folder named as an output, a
missing folder, a disk that refuses files (RLIMIT_FSIZE in a child process: every write beyond the limit
fails, as on a full disk). Where it does not, the system call is made to refuse as the kernel would: a
read-only folder for root (who may write anywhere) and ENOSPC at the final fsync of an atomic write.
"""

from __future__ import annotations

import errno
import json
import os
import re
import resource
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
import yaml
from sheet_helpers import TT22, TT22_COLUMNS, table, tt22_row, write_csv
from typer.testing import CliRunner

from cli.app import app
from engine.criteria.catalogue import find
from engine.registry.store import Decision, Registry
from engine.scoring.run import score_sheet

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "dvht-tt22-minh-hoa.csv"  # 20 rows of dvht-tt22-2020: 18 scored, 2 rejected
PROGRAM = Path(sys.executable).with_name("recognise")  # the installed entry point, as a board runs it
OLD = b"ket qua cu - phai con nguyen\n"  # a previous output, which every failed run must leave as it was
runner = CliRunner()

CONFIG = """\
tinh: Tỉnh Thái Nguyên
xa: Xã Tân Lập
co_quan_ban_hanh: Ủy ban nhân dân huyện Đại Từ
dia_danh: Tân Lập
so_quyet_dinh: 15/QĐ-UBND
ngay_quyet_dinh: 2025-03-20
nguoi_ky:
  tham_quyen: TM. ỦY BAN NHÂN DÂN
  chuc_vu: Chủ tịch
  ho_ten: Nguyễn Văn An
"""


def invoke(*args: object, env: dict | None = None):
    return runner.invoke(app, [str(a) for a in args], env=env)


def refused(result, code: int = 2) -> str:
    """Ended on purpose with `code`, no traceback; all it printed, on one line."""
    text = result.output
    assert result.exit_code == code, f"exit {result.exit_code}: {text} {result.exception!r}"
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in text and "lỗi ngoài dự kiến" not in text, text
    return " ".join(text.split())


def leftovers(*folders: Path) -> list[str]:
    """Temporary files and staging folders of the atomic writers, anywhere below `folders`."""
    found = []
    for folder in folders:
        for p in folder.rglob(".*"):
            if p.name.endswith(".tmp") or p.name.startswith(".recognise-"):
                found.append(str(p))
    return found


def child(args: list[object], *, limit: int | None = None, env: dict | None = None, cwd: Path | None = None,
          timeout: float = 300) -> subprocess.CompletedProcess:
    """The program in a process of its own, its files limited to `limit` bytes (writes beyond fail: EFBIG)."""
    def limited() -> None:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([sys.executable, "-c", "from cli.app import main; main()", *map(str, args)],
                          cwd=cwd or ROOT, env={**os.environ, **(env or {})}, preexec_fn=limited,
                          capture_output=True, text=True, timeout=timeout)


def one_sentence(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Lỗi: "), stderr
    assert "Traceback" not in stderr
    return lines[0]


# --------------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> Path:
    """dvht-tt22-2020 on its sample for 2023, as `recognise score` writes it."""
    path = tmp_path_factory.mktemp("ket-qua") / "ket-qua.json"
    score_sheet(SAMPLE, find(TT22), [path], year=2023)
    return path


@pytest.fixture
def config(tmp_path) -> Path:
    path = tmp_path / "trien-khai.yaml"
    path.write_text(CONFIG, encoding="utf-8")
    return path


@pytest.fixture
def registry(tmp_path, results) -> str:
    """A registry holding the sample's results, for `report`."""
    url = f"sqlite:///{tmp_path / 'so.sqlite3'}"
    data = json.loads(results.read_text(encoding="utf-8"))
    Registry(url).record(data, Decision("15/QĐ-UBND", date(2024, 3, 20)))
    return url


def package(folder: Path, claimed: Path | None = None) -> Path:
    """A review package: the sample sheet, its results (or `claimed`) and goi.yaml."""
    folder.mkdir(parents=True)
    (folder / "bang-diem.csv").write_bytes(SAMPLE.read_bytes())
    if claimed is None:
        score_sheet(folder / "bang-diem.csv", find(TT22), [folder / "ket-qua.json"], year=2023)
    else:
        (folder / "ket-qua.json").write_bytes(claimed.read_bytes())
    goi = {"nam": 2023, "bo_tieu_chi": TT22, "dia_ban": "Huyện Minh Hòa", "don_vi_gui": "Phòng GD&ĐT"}
    (folder / "goi.yaml").write_text(yaml.safe_dump(goi, allow_unicode=True), encoding="utf-8")
    return folder


# ------------------------------------------------------------- outputs that cannot be written


def _read_only(folder: Path, monkeypatch) -> None:
    """`folder` refuses new files: its permissions say so, and for root (who ignores them) the system calls
    that create files and folders answer EACCES for it, as the kernel answers anyone else."""
    folder.mkdir(exist_ok=True)
    folder.chmod(0o555)
    if os.geteuid() != 0:
        return
    inside = str(folder.resolve()) + os.sep

    def refusing(call):
        def refuse(path, *args, **kwargs):
            if os.path.abspath(os.fspath(path)).startswith(inside):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))
            return call(path, *args, **kwargs)
        return refuse

    monkeypatch.setattr(os, "open", refusing(os.open))
    monkeypatch.setattr(os, "mkdir", refusing(os.mkdir))


def _disk_full_on_fsync(monkeypatch) -> None:
    """The last write of an atomic file reaches a full disk (ENOSPC at fsync, as when the data is flushed)."""
    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)


FILE_FAULTS = ("thu-muc", "thieu-thu-muc", "chi-doc", "day-dia")


def _faulty_output(tmp_path: Path, fault: str, name: str, monkeypatch) -> Path:
    """Where the command must write: a folder, a path in a missing folder, a read-only folder, or a file on a
    full disk (which holds a previous version)."""
    if fault == "thu-muc":
        target = tmp_path / "ra" / name
        target.mkdir(parents=True)
    elif fault == "thieu-thu-muc":
        target = tmp_path / "khong-co" / name
    elif fault == "chi-doc":
        target = tmp_path / "khoa" / name
        _read_only(target.parent, monkeypatch)
    else:
        target = tmp_path / "ra" / name
        target.parent.mkdir()
        target.write_bytes(OLD)
        _disk_full_on_fsync(monkeypatch)
    return target


def _check_output_fault(result, tmp_path: Path, target: Path, fault: str) -> None:
    said = refused(result)
    assert str(target) in said or str(target.parent) in said, said
    reason = {"thu-muc": "thư mục", "thieu-thu-muc": "không tồn tại", "chi-doc": "không có quyền",
              "day-dia": "hết chỗ trên đĩa"}[fault]
    assert reason in said, said
    assert not leftovers(tmp_path), leftovers(tmp_path)
    if fault == "day-dia":
        assert target.read_bytes() == OLD
    elif fault != "thu-muc":
        assert not target.exists()


@pytest.mark.parametrize("fault", FILE_FAULTS)
@pytest.mark.parametrize("suffix", [".json", ".csv", ".xlsx"])
def test_score_output_that_cannot_be_written(tmp_path, monkeypatch, fault, suffix):
    target = _faulty_output(tmp_path, fault, f"ket-qua{suffix}", monkeypatch)
    result = invoke("score", SAMPLE, "--criteria", TT22, "--year", 2023, "--output", target)
    _check_output_fault(result, tmp_path, target, fault)


def test_score_stops_whole_when_the_second_output_cannot_be_written(tmp_path):
    first, second = tmp_path / "ket-qua.json", tmp_path / "ra" / "ket-qua.csv"
    second.mkdir(parents=True)  # a folder where the second file is named
    first.write_bytes(OLD)
    refused(invoke("score", SAMPLE, "--criteria", TT22, "--output", first, "--output", second))
    assert first.read_bytes() == OLD and not leftovers(tmp_path)


@pytest.mark.parametrize("fault", FILE_FAULTS)
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_sheet_output_that_cannot_be_written(tmp_path, monkeypatch, fault, suffix):
    target = _faulty_output(tmp_path, fault, f"bang-diem{suffix}", monkeypatch)
    _check_output_fault(invoke("sheet", TT22, "--output", target, "--force"), tmp_path, target, fault)


@pytest.mark.parametrize("fault", FILE_FAULTS)
@pytest.mark.parametrize("suffix", [".csv", ".html"])
def test_report_output_that_cannot_be_written(tmp_path, monkeypatch, registry, fault, suffix):
    target = _faulty_output(tmp_path, fault, f"bao-cao{suffix}", monkeypatch)
    result = invoke("report", "--year", 2023, "--registry", registry, "--output", target)
    _check_output_fault(result, tmp_path, target, fault)


@pytest.mark.parametrize("fault", FILE_FAULTS)
@pytest.mark.parametrize("suffix", [".json", ".html"])
def test_review_output_that_cannot_be_written(tmp_path, monkeypatch, fault, suffix):
    folder = package(tmp_path / "goi")
    target = _faulty_output(tmp_path, fault, f"ra-soat{suffix}", monkeypatch)
    _check_output_fault(invoke("review", folder, "--output", target), tmp_path, target, fault)


@pytest.mark.parametrize("fault", ["tep", "trong-tep", "chi-doc"])
def test_documents_folder_that_cannot_be_written(tmp_path, monkeypatch, results, config, fault):
    if fault == "tep":  # a file where the folder is named
        out = tmp_path / "van-ban"
        out.write_bytes(OLD)
    elif fault == "trong-tep":  # a folder inside a file
        (tmp_path / "tep").write_bytes(OLD)
        out = tmp_path / "tep" / "van-ban"
    else:
        out = tmp_path / "khoa" / "van-ban"
        _read_only(out.parent, monkeypatch)
    said = refused(invoke("documents", results, "--config", config, "--output", out))
    assert "không ghi được vào" in said and str(out) in said, said
    assert ("không có quyền" if fault == "chi-doc" else "không phải thư mục") in said, said
    assert not leftovers(tmp_path)
    assert not (tmp_path / "khoa" / "van-ban").exists()
    if fault != "chi-doc":
        assert (tmp_path / ("van-ban" if fault == "tep" else "tep")).read_bytes() == OLD


def test_documents_on_a_full_disk_leave_the_previous_documents(tmp_path, results, config):
    out = tmp_path / "van-ban"
    out.mkdir()
    (out / "quyet-dinh.pdf").write_bytes(OLD)
    done = child(["documents", results, "--config", config, "--output", out], limit=20_000)
    assert done.returncode == 2, done.stderr
    said = one_sentence(done.stderr)
    assert f"không ghi được vào thư mục {out}" in said and "giới hạn kích thước" in said, said
    assert [p.name for p in out.iterdir()] == ["quyet-dinh.pdf"] and (out / "quyet-dinh.pdf").read_bytes() == OLD


def test_documents_in_a_new_folder_on_a_full_disk_leave_no_folder(tmp_path, results, config):
    out = tmp_path / "moi" / "van-ban"
    done = child(["documents", results, "--config", config, "--output", out], limit=20_000)
    assert done.returncode == 2, done.stderr
    one_sentence(done.stderr)
    assert not (tmp_path / "moi").exists()


def test_score_on_a_full_disk_keeps_the_previous_results(tmp_path):
    """The disk fills while the results stream out (RLIMIT_FSIZE: a write beyond it fails)."""
    sheet = _large_sheet(tmp_path / "bang-diem.csv", 3000)
    outputs = [tmp_path / f"ket-qua.{s}" for s in ("json", "csv")]
    for p in outputs:
        p.write_bytes(OLD)
    args = ["score", sheet, "--criteria", TT22, *[x for p in outputs for x in ("--output", p)]]
    done = child(args, limit=300_000, env={"TMPDIR": str(tmp_path)})
    assert done.returncode == 2, done.stderr
    said = one_sentence(done.stderr)
    assert "không ghi được" in said and "giới hạn kích thước" in said and "tệp cũ" in said, said
    assert all(p.read_bytes() == OLD for p in outputs) and not leftovers(tmp_path)


@pytest.mark.parametrize("fault", ["thu-muc", "thieu-thu-muc", "trong-tep"])
def test_record_registry_file_that_cannot_be_made(tmp_path, results, config, fault):
    path = {"thu-muc": tmp_path / "so.sqlite3", "thieu-thu-muc": tmp_path / "khong-co" / "so.sqlite3",
            "trong-tep": tmp_path / "tep" / "so.sqlite3"}[fault]
    if fault == "thu-muc":
        path.mkdir()
    if fault == "trong-tep":
        path.parent.write_bytes(OLD)
    said = refused(invoke("record", results, "--config", config, "--registry", path))
    why = {"thu-muc": "là một thư mục", "thieu-thu-muc": "không tồn tại", "trong-tep": "không phải thư mục"}[fault]
    assert f"không mở được sổ công nhận sqlite:///{path}" in said and why in said and "không ghi gì" in said, said


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="cần /proc (Linux): một thư mục không tạo được tệp")
def test_record_registry_where_no_file_can_be_made(results, config):
    said = refused(invoke("record", results, "--config", config, "--registry", "/proc/so.sqlite3"))
    assert "không mở hoặc tạo được tệp sổ" in said and "unable" not in said, said


def test_record_on_a_full_disk_leaves_the_registry_as_it_was(tmp_path, results, config):
    sheet = _large_sheet(tmp_path / "bang-diem.csv", 2000)
    big = tmp_path / "lon.json"
    score_sheet(sheet, find(TT22), [big], year=2023)
    path = tmp_path / "so.sqlite3"
    refused(invoke("record", results, "--config", config, "--registry", path), 0)  # 18 subjects recorded
    before = Registry(f"sqlite:///{path}").query()
    done = child(["record", big, "--config", config, "--registry", path], limit=path.stat().st_size + 8192)
    assert done.returncode == 2, done.stderr
    said = one_sentence(done.stderr)
    assert "không ghi được vào sổ công nhận" in said and "giữ nguyên" in said and "I/O" not in said, said
    assert Registry(f"sqlite:///{path}").query() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("so.")] == ["so.sqlite3"]  # no journal left


# ---------------------------------------------------------------------- Ctrl-C and SIGTERM


def _large_sheet(path: Path, rows: int) -> Path:
    """A dvht-tt22-2020 sheet of `rows` units (about 65 bytes a row), every one scored."""
    units = [tt22_row(f"DV-{i:06d}", f"Trường số {i}", i3a=str(i % 26)) for i in range(rows)]
    return write_csv(path, TT22_COLUMNS, table(TT22_COLUMNS, units), delimiter=";")


def _session(pid: int) -> list[str]:
    """Processes still alive in the command's session (its workers)."""
    found = subprocess.run(["ps", "-eo", "pid=,sid=,stat="], capture_output=True, text=True).stdout.split("\n")
    return [line for line in found if line.split()[1:2] == [str(pid)] and not line.split()[2].startswith("Z")]


def _catches_sigterm(pid: int) -> bool:
    """Whether the process has a handler for SIGTERM (Linux: /proc/PID/status, SigCgt)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    caught = next((line.split()[1] for line in status.splitlines() if line.startswith("SigCgt:")), "0")
    return bool(int(caught, 16) & (1 << (signal.SIGTERM - 1)))


def _wait_for(condition, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.02)
    return False


@pytest.fixture(scope="module")
def big_sheet(tmp_path_factory) -> Path:
    return _large_sheet(tmp_path_factory.mktemp("lon") / "bang-diem.csv", 60_000)  # about 3.9 MB


# (signal, moment): while the program loads, as soon as its output files are open (the pool is starting),
# and once results are streaming out; SIGINT goes to the whole process group, as a terminal sends Ctrl-C
MOMENTS = [(signal.SIGINT, "loading"), (signal.SIGTERM, "loading"), (signal.SIGINT, "opened"),
           (signal.SIGTERM, "opened"), (signal.SIGINT, "streaming"), (signal.SIGTERM, "streaming")]


@pytest.mark.skipif(not PROGRAM.exists() or not Path("/proc/self/status").exists(),
                    reason="cần chương trình recognise đã cài trong môi trường và /proc (Linux)")
@pytest.mark.parametrize(("signum", "moment"), MOMENTS, ids=[f"{s.name}-{m}" for s, m in MOMENTS])
def test_an_interrupted_score_stops_cleanly(tmp_path, big_sheet, signum, moment):
    out, scratch = tmp_path / "ra", tmp_path / "tmp"
    out.mkdir()
    scratch.mkdir()
    outputs = [out / f"ket-qua.{s}" for s in ("json", "csv", "xlsx")]
    for p in outputs:
        p.write_bytes(OLD)
    args = [PROGRAM, "score", big_sheet, "--criteria", TT22, "--show", "0",
            *[x for p in outputs for x in ("--output", p)]]
    env = {**os.environ, "RECOGNISE_WORKERS": "2", "TMPDIR": str(scratch)}
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        json_tmp = lambda: [p for p in out.glob(".ket-qua.json.*.tmp")]  # noqa: E731
        if moment == "opened":
            assert _wait_for(lambda: json_tmp(), 60), "the run never opened its outputs"
        elif moment == "streaming":
            assert _wait_for(lambda: any(p.stat().st_size > 50_000 for p in json_tmp()), 120), "nothing written"
        else:  # its own handlers are set (the first thing it does), its libraries are still loading
            assert _wait_for(lambda: _catches_sigterm(proc.pid), 30), "the program never started"
        sent = time.monotonic()
        if signum == signal.SIGINT:
            os.killpg(proc.pid, signal.SIGINT)
        else:
            proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert time.monotonic() - sent < 15
    assert proc.returncode == 130, stderr
    said = one_sentence(stderr)
    assert "đã dừng theo yêu cầu" in said, said
    assert all(p.read_bytes() == OLD for p in outputs)
    assert not leftovers(out) and list(scratch.iterdir()) == []
    assert _wait_for(lambda: not _session(proc.pid), 10), _session(proc.pid)


@pytest.mark.skipif(not PROGRAM.exists(), reason="cần chương trình recognise đã cài trong môi trường")
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_interrupted_documents_stop_cleanly(tmp_path, config, signum):
    """Certificates being rendered by worker processes: the pool ends, no folder is left half made."""
    results = tmp_path / "ket-qua.json"
    score_sheet(_large_sheet(tmp_path / "bang-diem.csv", 600), find(TT22), [results], year=2023)
    out = tmp_path / "moi" / "van-ban"
    env = {**os.environ, "RECOGNISE_WORKERS": "2"}
    proc = subprocess.Popen([PROGRAM, "documents", results, "--config", config, "--output", out], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:  # rendering has begun when the workers are there (the main process and two others)
        assert _wait_for(lambda: len(_session(proc.pid)) >= 3, 120), "no worker started"
        time.sleep(0.5)
        sent = time.monotonic()
        if signum == signal.SIGINT:
            os.killpg(proc.pid, signal.SIGINT)
        else:
            proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert time.monotonic() - sent < 15
    assert proc.returncode == 130, stderr
    assert "đã dừng theo yêu cầu" in one_sentence(stderr)
    assert not (tmp_path / "moi").exists() and not leftovers(tmp_path)
    assert _wait_for(lambda: not _session(proc.pid), 10), _session(proc.pid)


# ---------------------------------------------------------------- the remaining tracebacks


@pytest.mark.parametrize("value", ["abc", "0", "-1", "99999999999", "2.5", "1" * 5000])
def test_a_bad_workers_variable_is_refused_before_anything_is_written(tmp_path, value):
    target = tmp_path / "ket-qua.json"
    said = refused(invoke("score", SAMPLE, "--criteria", TT22, "--output", target,
                          env={"RECOGNISE_WORKERS": value}))
    assert "RECOGNISE_WORKERS" in said and "từ 1 đến 64" in said, said
    assert not target.exists() and not leftovers(tmp_path)


def test_the_workers_variable_within_range_is_used(tmp_path):
    target = tmp_path / "ket-qua.json"
    refused(invoke("score", SAMPLE, "--criteria", TT22, "--output", target, env={"RECOGNISE_WORKERS": " 2 "}), 1)
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["scored"] == 18


@pytest.mark.parametrize("year", ["99999", "-5", "0", "1e9", "99999999999999999999999"])
@pytest.mark.parametrize("command", ["score", "report"])
def test_an_impossible_year_is_one_sentence(tmp_path, year, command):
    args = {"score": ["score", SAMPLE, "--criteria", TT22, "--output", tmp_path / "r.json"],
            "report": ["report", "--registry", tmp_path / "so.sqlite3"]}[command]
    said = refused(invoke(*args, "--year", year))
    assert "--year" in said or "năm đánh giá" in said, said
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["documents", "record"])
def test_an_impossible_year_in_the_configuration_is_one_sentence(tmp_path, results, command):
    config = tmp_path / "trien-khai.yaml"
    config.write_text(CONFIG + "nam: 99999\n", encoding="utf-8")
    args = {"documents": ["documents", results, "--config", config, "--output", tmp_path / "van-ban"],
            "record": ["record", results, "--config", config, "--registry", tmp_path / "so.sqlite3"]}[command]
    said = refused(invoke(*args))
    assert "nam: không được lớn hơn 2200, không phải 99999" in said, said
    assert sorted(p.name for p in tmp_path.iterdir()) == ["trien-khai.yaml"]


def _deep(levels: int) -> str:
    """`{"sau": [[[…"x"…]]]}` nested `levels` deep, as text (json.dumps would itself recurse too deep)."""
    return '{"sau": ' + "[" * levels + '"x"' + "]" * levels + "}"


HOSTILE = {  # where, the value, what the refusal names
    "NaN": ("subjects.0.total", float("nan"), "subjects[0].total: phải là số hữu hạn"),
    "infinite": ("subjects.0.criteria.0.points", float("-inf"), "subjects[0].criteria[0].points"),
    "1e999999": ("subjects.0.total", "@1e999999@", "subjects[0].total: số 1E+999999 quá lớn"),
    "5000 digits": ("subjects.0.total", "@" + "9" * 5000 + "@", "subjects[0].total: số"),
    "total as text": ("subjects.0.total", "chín mươi", "subjects[0].total: phải là số"),
    "name as a list": ("subjects.1.name", ["a"], "subjects[1].name: phải là chuỗi"),
    "recognised as 1": ("subjects.2.recognised", 1, "subjects[2].recognised: phải là true hoặc false"),
    "level on points": ("subjects.2.level", 2, "subjects[2]"),
    "row huge": ("subjects.2.row", 10 ** 30, "subjects[2].row"),
    "year far": ("criteria.year", 99999, "criteria.year: 99999 ngoài khoảng 1900–2200"),
    "subjects an object": ("subjects", {"a": 1}, "subjects: phải là danh sách"),
    "deep nesting": ("subjects.0.attributes", "@" + _deep(100_000) + "@", "JSON không hợp lệ"),
    "nesting within limits": ("subjects.0.attributes", "@" + _deep(500) + "@",
                              "subjects[0].attributes.sau: phải là chuỗi"),
}


def _hostile(source: Path, target: Path, name: str) -> Path:
    where, value, _ = HOSTILE[name]
    data = json.loads(source.read_text(encoding="utf-8"))
    *keys, last = where.split(".")
    holder = data
    for k in keys:
        holder = holder[int(k)] if k.isdigit() else holder[k]
    holder[int(last) if last.isdigit() else last] = value
    text = json.dumps(data, ensure_ascii=False, allow_nan=True)
    # "@…@" is written as is: bare numbers no float holds, nesting json.dumps would not reach
    text = re.sub(r'"@(.*?)@"', lambda m: json.loads(f'"{m.group(1)}"'), text)
    target.write_text(text, encoding="utf-8")
    return target


@pytest.mark.parametrize("name", list(HOSTILE))
@pytest.mark.parametrize("command", ["documents", "record", "review"])
def test_hostile_values_in_a_results_file_are_refused(tmp_path, results, config, name, command):
    forged = _hostile(results, tmp_path / "gia.json", name)
    out, book = tmp_path / "van-ban", tmp_path / "so.sqlite3"
    args = {"documents": ["documents", forged, "--config", config, "--output", out],
            "record": ["record", forged, "--config", config, "--registry", book],
            "review": ["review", package(tmp_path / "goi", claimed=forged), "--output", tmp_path / "r.json"]}[command]
    said = refused(invoke(*args))
    assert HOSTILE[name][2] in said, said
    assert not out.exists() and not book.exists() and not (tmp_path / "r.json").exists()


# ------------------------------------------------------------------- review: results of any size


def _many_subjects(source: Path, target: Path, copies: int) -> int:
    """`source`'s subjects again and again under new codes, written as `recognise score` writes a file."""
    data = json.loads(source.read_text(encoding="utf-8"))
    subjects = data["subjects"]
    lines = []
    for n in range(copies):
        for s in subjects:
            lines.append(json.dumps({**s, "id": f"{s['id']}-{n}"}, ensure_ascii=False))
    recognised = sum(s["recognised"] for s in subjects) * copies
    head = json.dumps({k: v for k, v in data.items() if k in ("schema_version", "criteria")}, ensure_ascii=False)
    summary = {**data["summary"], "scored": len(lines), "recognised": recognised}
    target.write_text(head[:-1] + ', "subjects": [\n' + ",\n".join(lines) + '\n], "errors": [], "summary": '
                      + json.dumps(summary, ensure_ascii=False) + "}\n", encoding="utf-8")
    return len(lines)


MEASURE = """
import resource, sys
from pathlib import Path
from engine.review.claims import read_claims
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
claims = read_claims(Path(sys.argv[1]))
grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024
print(len(claims.items), claims.items[-1].ma, grown)
"""


def test_review_reads_claims_in_memory_well_below_the_file_size(tmp_path, results):
    """The claims of a results file are read subject by subject: what is held is the claims (a few hundred bytes
    each), not the file (its text alone would take more than its size)."""
    big = tmp_path / "ket-qua.json"
    count = _many_subjects(results, big, 1500)  # 27,000 subjects
    size = big.stat().st_size
    assert size > 40_000_000
    done = subprocess.run([sys.executable, "-c", MEASURE, str(big)], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    read, last, grown = done.stdout.split()
    assert int(read) == count and last.endswith("-1499")
    assert int(grown) < size / 2, (grown, size)


def test_review_reads_the_claims_of_a_large_results_file(tmp_path, results):
    folder = package(tmp_path / "goi")
    _many_subjects(results, folder / "ket-qua.json", 60)
    assert (folder / "ket-qua.json").stat().st_size > 2_000_000
    text = refused(invoke("review", folder, "--output", tmp_path / "r.json"), 1)
    assert "Đã rà soát 1 gói" in text
    found = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert found["summary"]["claimed"] == 60 * 18
