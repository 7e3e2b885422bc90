"""Nothing leaks, nothing hangs: hostile packages, templates and registries, one case per fault.

Every input is made here: a secret file is planted outside the package or the templates folder, with a
marker no command has any reason to print; the command is run through the CLI (typer's CliRunner) and
must end with its exit code, one Vietnamese sentence and no traceback, and the marker appears in no
output: not on the terminal, not in any file written (PDF, HTML, CSV, JSON), none of which may even be
written when the command is refused.
"""

from __future__ import annotations

import json
import socket
import sqlite3
import threading
import time
from html import escape as html_escape
from pathlib import Path

import pytest
import yaml
from sheet_helpers import DEPLOYMENT_CONFIG, TT22, TT22_COLUMNS, tt22_row, write_dict_sheet
from typer.testing import CliRunner

from cli.app import app
from engine.criteria.catalogue import find
from engine.documents import render as bounds
from engine.registry.store import CONNECT_TIMEOUT, shown_url
from engine.scoring.run import score_sheet

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SECRET = "BI-MAT-7f3a9c-KHONG-DUOC-IN"  # the content of files no command may show
PASSWORD = "Mk-9q2Zx-bi-mat"  # a registry password no output may show
runner = CliRunner()

CONFIG = DEPLOYMENT_CONFIG


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def clean(result, code: int) -> str:
    """The command ended on purpose with `code`: no traceback, no unplanned fault. Returns all it printed, on
    one line (the terminal wraps long messages)."""
    text = result.output
    assert result.exit_code == code, f"exit {result.exit_code}: {text} {result.exception!r}"
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in text and "lỗi ngoài dự kiến" not in text, text
    return " ".join(text.split())


def no_secret(text: str, *written: Path, secret: str = SECRET) -> None:
    assert secret not in "".join(text.split()), text  # not even cut by a line break
    for root in written:
        if not root.exists():
            continue
        for name, data in files(root).items() if root.is_dir() else [(root.name, root.read_bytes())]:
            assert secret.encode() not in data, f"{name} holds the secret"
            if name.endswith(".pdf"):  # compressed streams, attachments: read the PDF as a PDF
                assert secret not in _pdf_everything(root / name if root.is_dir() else root), name


def _pdf_everything(path: Path) -> str:
    from pypdf import PdfReader

    reader = PdfReader(path)
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    attached = " ".join(data.decode("utf-8", "replace") for blobs in reader.attachments.values() for data in blobs)
    images = " ".join(img.data.decode("latin-1") for page in reader.pages for img in page.images)
    return text + attached + images


@pytest.fixture
def secret_file(tmp_path) -> Path:
    outside = tmp_path / "ngoai"
    outside.mkdir()
    path = outside / "bi-mat.txt"
    path.write_text(f"{SECRET};{SECRET}\n{SECRET}\n", encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------- review

def package(folder: Path) -> Path:
    """A clean TT 22/2020 package, made as a unit makes it: the sheet scored by the engine into ket-qua.json."""
    folder.mkdir(parents=True)
    rows = [tt22_row("DV-01", "Phòng Nội vụ"), tt22_row("DV-02", "Phòng Tư pháp", i1a="5")]
    write_dict_sheet(folder / "bang-diem.csv", TT22_COLUMNS, rows, delimiter=";")
    score_sheet(folder / "bang-diem.csv", find(TT22), [folder / "ket-qua.json"], year=2023)
    goi = {"nam": 2023, "bo_tieu_chi": TT22, "dia_ban": "Huyện Minh Hòa", "don_vi_gui": "Phòng GD&ĐT"}
    (folder / "goi.yaml").write_text(yaml.safe_dump(goi, allow_unicode=True), encoding="utf-8")
    return folder


def _link_sheet(folder: Path, secret: Path) -> None:
    (folder / "bang-diem.csv").unlink()
    (folder / "bang-diem.csv").symlink_to(secret)


def _link_goi(folder: Path, secret: Path) -> None:
    """goi.yaml of another package, outside this one: valid, and carrying the secret as its sender."""
    goi = {"nam": 2023, "bo_tieu_chi": TT22, "dia_ban": "Huyện Minh Hòa", "don_vi_gui": SECRET}
    elsewhere = secret.parent / "goi.yaml"
    elsewhere.write_text(yaml.safe_dump(goi, allow_unicode=True), encoding="utf-8")
    (folder / "goi.yaml").unlink()
    (folder / "goi.yaml").symlink_to(elsewhere)


def _link_claims(folder: Path, secret: Path) -> None:
    (folder / "ket-qua.json").unlink()
    (folder / "ket-qua.csv").symlink_to(secret)


@pytest.mark.parametrize("link", [_link_sheet, _link_goi, _link_claims], ids=["bang-diem", "goi", "ket-qua"])
def test_review_never_follows_a_link_out_of_the_package(tmp_path, secret_file, link):
    bad = package(tmp_path / "goi-xau")
    link(bad, secret_file)
    good = package(tmp_path / "goi-tot")
    report = tmp_path / "bao-cao.html"
    findings = tmp_path / "phat-hien.json"
    text = clean(invoke("review", bad, good, "--output", report, "--output", findings), 1)  # one unreadable
    assert "ngoài thư mục gói" in text
    no_secret(text, report, findings)
    data = json.loads(findings.read_text(encoding="utf-8"))
    assert [p["package"] for p in data["packages"] if p["error"]] == [str(bad)]
    assert data["summary"]["packages"] == 1  # the other package is reviewed in full


def test_review_alone_with_a_linked_sheet_reviews_nothing(tmp_path, secret_file):
    bad = package(tmp_path / "goi")
    _link_sheet(bad, secret_file)
    text = clean(invoke("review", bad), 2)
    no_secret(text)


def test_a_link_inside_the_package_is_read(tmp_path):
    folder = package(tmp_path / "goi")
    (folder / "so-lieu").mkdir()
    (folder / "bang-diem.csv").rename(folder / "so-lieu" / "bang.csv")
    (folder / "bang-diem.csv").symlink_to(Path("so-lieu") / "bang.csv")
    clean(invoke("review", folder), 0)


# ---------------------------------------------------------------------------------------------- documents

@pytest.fixture(scope="module")
def results(tmp_path_factory) -> tuple[Path, Path]:
    """Five households of the example sample, scored; and a complete configuration."""
    base = tmp_path_factory.mktemp("kq")
    lines = (SAMPLES / "gdht-vidu-ho-gia-dinh.csv").read_text(encoding="utf-8-sig").splitlines()[:6]
    (base / "bang.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    score_sheet(base / "bang.csv", find("gdht-448-vidu"), [base / "r.json"], year=2024)
    (base / "c.yaml").write_text(CONFIG, encoding="utf-8")
    return base / "r.json", base / "c.yaml"


def province_template(folder: Path, extra: str) -> Path:
    """The shipped decision template with `extra` at the start of its body, in a province's own folder."""
    folder.mkdir(exist_ok=True)
    shipped = (bounds.TEMPLATES_DIR / "quyet-dinh.html.j2").read_text(encoding="utf-8")
    assert shipped.count("{% block body %}") == 1
    text = shipped.replace("{% block body %}", "{% block body %}" + extra)
    (folder / "quyet-dinh.html.j2").write_text(text, encoding="utf-8")
    return folder


def documents(results: tuple[Path, Path], out: Path, templates: Path):
    r, c = results
    return invoke("documents", r, "--config", c, "--output", out, "--templates", templates)


class Listener:
    """A TCP port that counts who connects to it (an image server that must never be asked)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stop = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.stop = True
        self.thread.join()
        self.sock.close()


@pytest.fixture
def listener():
    served = Listener()
    yield served
    served.close()


EMBEDS = {
    "attachment": '<link rel="attachment" href="file://{secret}">',
    "img": '<img src="file://{secret}">',
    "stylesheet": '<link rel="stylesheet" href="file://{secret}">',
    "font": '<style>@font-face {{ font-family: X; src: url("file://{secret}"); }}</style>',
    "relative": '<a rel="attachment" href="../../../../../../../../../..{secret}">x</a>',
}


@pytest.mark.parametrize("kind", list(EMBEDS))
def test_a_template_embeds_no_local_file(tmp_path, results, secret_file, kind):
    templates = province_template(tmp_path / "mau", EMBEDS[kind].format(secret=secret_file))
    out = tmp_path / "ra"
    text = clean(documents(results, out, templates), 2)
    assert "ngoài thư mục mẫu" in text
    assert not out.exists(), "documents written"
    no_secret(text, tmp_path / "mau")


def test_a_template_fetches_nothing_from_the_network(tmp_path, results, listener):
    templates = province_template(tmp_path / "mau", f'<img src="http://127.0.0.1:{listener.port}/logo.png">')
    out = tmp_path / "ra"
    text = clean(documents(results, out, templates), 2)
    assert f"http://127.0.0.1:{listener.port}/logo.png" in text
    assert listener.connections == 0, "the server was asked"
    assert not out.exists()


def test_a_link_in_the_templates_folder_is_not_followed(tmp_path, results, secret_file):
    templates = province_template(tmp_path / "mau", '<img src="logo.png"><link rel="attachment" href="logo.png">')
    (templates / "logo.png").symlink_to(secret_file)
    out = tmp_path / "ra"
    text = clean(documents(results, out, templates), 2)
    assert not out.exists()
    no_secret(text)


def test_a_template_that_is_a_link_out_of_its_folder_is_not_read(tmp_path, results, secret_file):
    templates = tmp_path / "mau"
    templates.mkdir()
    (templates / "quyet-dinh.html.j2").symlink_to(secret_file)
    out = tmp_path / "ra"
    text = clean(documents(results, out, templates), 2)
    assert "ngoài thư mục mẫu" in text
    assert not out.exists()
    no_secret(text)


def test_the_province_folder_and_data_urls_are_served(tmp_path, results, secret_file):
    """What a province may do: its own logo, next to its templates, and an inline data: image."""
    import base64
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))
    inline = "data:image/png;base64," + base64.b64encode(png).decode()
    templates = province_template(tmp_path / "mau", f'<img src="logo.png"><img src="{inline}">')
    (templates / "logo.png").write_bytes(png)
    out = tmp_path / "ra"
    clean(documents(results, out, templates), 0)
    from pypdf import PdfReader

    images = [img for page in PdfReader(out / "quyet-dinh.pdf").pages for img in page.images]
    assert len(images) == 2
    no_secret("", out)


def test_templates_naming_a_missing_folder_is_refused(tmp_path, results):
    out = tmp_path / "ra"
    text = clean(documents(results, out, tmp_path / "khong-co"), 2)
    assert "khong-co" in text and "không tồn tại" in text
    assert not out.exists()
    a_file = tmp_path / "mau.txt"
    a_file.write_text("x", encoding="utf-8")
    text = clean(documents(results, out, a_file), 2)
    assert "không phải thư mục" in text
    assert not out.exists()


# Templates that would take unbounded time or memory: each stopped, naming its file and line.
RUNAWAY = {
    "string product": ('{{ "a" * 1000000000 }}', "phép nhân"),
    "product of products": ('{{ ("a" * 1000) * 1000000 }}', "phép nhân"),
    "power": ("{{ 9 ** 999999999 }}", "lũy thừa"),
    "printf width": ('{{ "%999999999d" % 1 }}', "định dạng"),
    "format filter width": ('{{ "%999999999d"|format(1) }}', "định dạng"),
    "format method width": ('{{ "{:>999999999}".format(1) }}', "định dạng"),
    "center width": ('{{ "x"|center(999999999) }}', "999999999"),
    "ljust width": ('{{ "x".ljust(999999999) }}', "999999999"),
    "replace growth": ('{{ ("a" * 1000000)|replace("a", "b" * 1000000) }}', "bộ nhớ"),
    "doubling": ('{% set ns = namespace(s="a") %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}'
                 "{% endfor %}{{ ns.s|length }}", "bộ nhớ"),
    "self-inclusion": ('{% include "quyet-dinh.html.j2" %}', "lồng nhau"),
    "macro recursion": ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(1) }}", "lồng nhau"),
    "output size": ('{% for i in range(100000) %}{{ "a" * 1000000 }}{% endfor %}', "dài quá"),
}


@pytest.mark.parametrize("kind", list(RUNAWAY))
def test_a_runaway_template_stops_with_its_file_and_line(tmp_path, results, kind):
    body, why = RUNAWAY[kind]
    templates = tmp_path / "mau"
    templates.mkdir()
    (templates / "quyet-dinh.html.j2").write_text(f"<!DOCTYPE html>\n<p>\n{body}\n</p>\n", encoding="utf-8")
    out = tmp_path / "ra"
    started = time.monotonic()
    text = clean(documents(results, out, templates), 2)
    assert time.monotonic() - started < bounds.BASE_SECONDS + 60

    assert "quyet-dinh.html.j2:3:" in text, text
    assert why in text, text
    assert not out.exists()


def test_self_extension_stops(tmp_path, results):
    templates = tmp_path / "mau"
    templates.mkdir()
    (templates / "quyet-dinh.html.j2").write_text('{% extends "quyet-dinh.html.j2" %}\n', encoding="utf-8")
    text = clean(documents(results, tmp_path / "ra", templates), 2)
    assert "quyet-dinh.html.j2:1:" in text and "lồng nhau" in text


def test_nested_loops_stop_at_the_time_limit(tmp_path, results):
    templates = tmp_path / "mau"
    templates.mkdir()
    (templates / "quyet-dinh.html.j2").write_text(
        "<!DOCTYPE html>\n<p>\n{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n"
        "</p>\n", encoding="utf-8")
    started = time.monotonic()
    text = clean(documents(results, tmp_path / "ra", templates), 2)
    assert time.monotonic() - started < bounds.BASE_SECONDS + 60

    assert "quyet-dinh.html.j2:3:" in text and "giây" in text, text
    assert not (tmp_path / "ra").exists()


def test_the_limits_hold_a_large_real_document(results):
    """The notices of denial of 30 000 households (about 2 100 characters each) are printed, not refused: the
    limits grow with what a document lays out."""
    from engine.documents.deployment import load_deployment
    from engine.documents.writer import checked_results, context

    r, c = results
    data, loaded = checked_results(r)
    config, year = load_deployment(c, loaded.criteria.authority, data.criteria.year)
    ctx = context(data, config, year, loaded.criteria)
    denied = [dict(ctx["denied"][i % len(ctx["denied"])], stt=i + 1) for i in range(30_000)]
    html = bounds.render(bounds.environment(), "thong-bao-khong-dat.html.j2", {**ctx, "denied": denied})
    assert len(html) > 30_000 * 1_000 and html.count(denied[-1]["ma"]) >= 1


# ---------------------------------------------------------------------------------------------- registry

@pytest.fixture(scope="module")
def scored(tmp_path_factory) -> Path:
    """The official TT 22/2020 sample, scored for 2023 (rows rejected: exit 1)."""
    out = tmp_path_factory.mktemp("tt22") / "ket-qua.json"
    result = invoke("score", SAMPLES / "dvht-tt22-minh-hoa.csv", "--criteria", TT22, "--year", "2023",
                    "--output", out)
    assert result.exit_code == 1, result.output
    return out


@pytest.fixture
def config(tmp_path) -> Path:
    path = tmp_path / "trien-khai.yaml"  # for the TT 22/2020 results: a district People's Committee recognises
    path.write_text(CONFIG.replace("Ủy ban nhân dân xã Tân Lập", "Ủy ban nhân dân huyện Đại Từ"), encoding="utf-8")
    return path


def with_password(url: str, form: str) -> str:
    """The test server's URL (trust authentication: any password is accepted) carrying a password."""
    if form == "userinfo":
        return url.replace("://recognise@", f"://recognise:{PASSWORD}@")
    return url + f"&password={PASSWORD}"


@pytest.mark.parametrize("form", ["userinfo", "query"])
def test_report_never_shows_the_registry_password(tmp_path, scored, config, postgres_server, form):
    url = with_password(postgres_server.new_database(), form)
    clean(invoke("record", scored, "--config", config, "--registry", url), 0)
    html, csv = tmp_path / "bao-cao.html", tmp_path / "bao-cao.csv"
    text = clean(invoke("report", "--year", "2023", "--registry", url, "--output", html, "--output", csv), 0)
    no_secret(text, html, csv, secret=PASSWORD)
    assert html_escape(shown_url(url)) in html.read_text(encoding="utf-8")
    assert "***" in shown_url(url)


UNREACHABLE = {
    "userinfo": f"postgresql+psycopg://nguoi:{PASSWORD}@127.0.0.1:1/so",
    "query": f"postgresql+psycopg://nguoi@127.0.0.1:1/so?password={PASSWORD}&sslmode=disable",
    "encoded": f"postgresql+psycopg://nguoi:{PASSWORD.replace('-', '%2D')}@127.0.0.1:1/so",
    "bad port": f"postgresql+psycopg://nguoi:{PASSWORD}@127.0.0.1:cong/so",
    "unknown driver": f"postgresql+khongco://nguoi:{PASSWORD}@127.0.0.1/so",
}


def _commands(scored: Path, config: Path) -> dict[str, list]:
    return {"record": ["record", scored, "--config", config],
            "report": ["report", "--year", "2023"],
            "score": ["score", SAMPLES / "cdht-xa-huyen-minh-hoa.xlsx", "--criteria", "cdht-xa-tt25-2023",
                      "--year", "2024"]}


@pytest.mark.parametrize("form", list(UNREACHABLE))
@pytest.mark.parametrize("command", ["record", "report", "score"])
def test_no_message_shows_the_registry_password(tmp_path, scored, config, form, command):
    url = UNREACHABLE[form]
    text = clean(invoke(*_commands(scored, config)[command], "--registry", url), 2)
    assert "sổ công nhận" in text
    no_secret(text, tmp_path, secret=PASSWORD)
    no_secret(text, secret=PASSWORD.replace("-", "%2D"))


def test_the_password_in_the_environment_is_not_shown(tmp_path, monkeypatch, scored, config):
    monkeypatch.setenv("RECOGNISE_REGISTRY", UNREACHABLE["userinfo"])
    text = clean(invoke("record", scored, "--config", config), 2)
    no_secret(text, secret=PASSWORD)
    assert "nguoi:***@127.0.0.1:1" in text


def test_an_unanswering_server_is_given_up_after_the_connect_timeout(scored, config):
    """A port that takes the connection and never answers (no PostgreSQL behind it)."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"postgresql+psycopg://nguoi:{PASSWORD}@127.0.0.1:{silent.getsockname()[1]}/so"
        started = time.monotonic()
        text = clean(invoke("report", "--year", "2023", "--registry", url), 2)
        took = time.monotonic() - started
    assert CONNECT_TIMEOUT - 1 <= took < CONNECT_TIMEOUT + 30, took
    assert "timeout" in text and PASSWORD not in text


@pytest.fixture(scope="module")
def levels(tmp_path_factory) -> Path:
    """A package of the official TT 25/2023 commune sample for 2024, as a district receives it: the registry is
    asked for each commune's level-1 decision (Art. 5: level 2 only 12 months after level 1)."""
    folder = tmp_path_factory.mktemp("goi") / "goi"
    folder.mkdir()
    sheet = folder / "bang-diem.xlsx"
    sheet.write_bytes((SAMPLES / "cdht-xa-huyen-minh-hoa.xlsx").read_bytes())
    score_sheet(sheet, find("cdht-xa-tt25-2023"), [folder / "ket-qua.json"], year=2024)
    goi = {"nam": 2024, "bo_tieu_chi": "cdht-xa-tt25-2023", "dia_ban": "Huyện Minh Hòa", "don_vi_gui": "Phòng"}
    (folder / "goi.yaml").write_text(yaml.safe_dump(goi, allow_unicode=True), encoding="utf-8")
    return folder


@pytest.fixture
def recorded(tmp_path, levels) -> Path:
    """A registry holding the package's own results (recorded under a decision of 20/03/2025 of the district
    education office, the competent body of TT 25/2023 in 2024)."""
    path = tmp_path / "so.sqlite3"
    config = tmp_path / "phong.yaml"
    config.write_text(CONFIG.replace("Tỉnh Thái Nguyên", "Tỉnh Thanh Sơn").replace(
        "Ủy ban nhân dân xã Tân Lập", "Phòng Giáo dục và Đào tạo huyện Minh Hòa"), encoding="utf-8")
    clean(invoke("record", levels / "ket-qua.json", "--config", config, "--registry", path), 0)
    return path


EDITS = {
    "impossible date": ("decision_date", "2024-13-45"),
    "day first": ("decision_date", "20/03/2025"),
    "30 February": ("decision_date", "2024-02-30"),
    "year as text": ("year", "hai nghìn"),
    "year too far": ("year", 99999),
    "total as text": ("total", "chín mươi"),
    "recognised as text": ("recognised", "có"),
    "level as text": ("level", "hai"),
}


@pytest.mark.parametrize("edit", list(EDITS))
@pytest.mark.parametrize("command", ["report", "review", "score"])
def test_a_hand_edited_registry_value_is_one_sentence(tmp_path, recorded, levels, edit, command):
    column, value = EDITS[edit]
    with sqlite3.connect(recorded) as db:
        row = db.execute("SELECT max(id) FROM recognitions").fetchone()[0]
        db.execute(f"UPDATE recognitions SET {column} = ? WHERE id = ?", (value, row))
    args = {"report": ["report", "--year", "2024", "--registry", recorded],
            "review": ["review", levels, "--registry", recorded],
            "score": ["score", levels / "bang-diem.xlsx", "--criteria", "cdht-xa-tt25-2023", "--year", "2024",
                      "--registry", recorded]}[command]
    text = clean(invoke(*args), 2)

    assert f"dòng id {row}, cột {column}" in text, text
    assert "(sổ bị sửa tay?)" in text


@pytest.mark.parametrize("command", ["report", "record"])
def test_a_dropped_registry_table_is_one_sentence(recorded, scored, config, command):
    with sqlite3.connect(recorded) as db:
        db.execute("DROP TABLE recognitions")
    args = ["report", "--year", "2023"] if command == "report" else ["record", scored, "--config", config]
    text = clean(invoke(*args, "--registry", recorded), 2)

    assert "không còn bảng recognitions" in text, text
    with sqlite3.connect(recorded) as db:  # refused, not re-created empty
        assert db.execute("SELECT name FROM sqlite_master WHERE name = 'recognitions'").fetchall() == []
