"""`recognise so list|search|export|revoke|correct` on SQLite and PostgreSQL, and what revocations and
corrections change for every reader of the registry (report, history, lower-level shares).

The registry holds, for 2024, five households of Thôn Nà Mò (Xã Tân Lập, Tỉnh Thái Nguyên) recognised
“Gia đình học tập” by decision 15/QĐ-UBND of 20/03/2025, and one clan of Thôn Khuôn Ngàn recognised by
12/QĐ-UBND of 10/02/2025. Every expected number below is counted by hand from these six rows.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from typer.testing import CliRunner

from cli.app import app
from engine.registry.changes import Under, correct, entries, revoke, select
from engine.registry.history import level_one_dates
from engine.registry.lower import lower_records
from engine.registry.store import MIGRATIONS, Decision, Registry, events
from engine.targets.plans import find_plan
from engine.targets.report import make_report

runner = CliRunner()
SHA = "cd" * 32
PROVINCE, COMMUNE = "Tỉnh Thái Nguyên", "Xã Tân Lập"
HOUSEHOLDS = [("HGD-001", "Nguyễn Văn An"), ("HGD-002", "Trần Thị Bình"), ("HGD-003", "Lê Văn Cường"),
              ("HGD-004", "=HYPERLINK(\"http://x\")"), ("HGD-005", "Phạm Thị Dung")]
PLAN = find_plan("qd-387-2022")  # Gia đình học tập: 70% by 2025


def flat(text: str) -> str:
    return " ".join(re.sub(r"[│├└─┃┏┓┗┛┡┩╇╈┳┻┼┬┴┌┐┘━]", " ", text).split())


def so(*args: str):
    return runner.invoke(app, ["so", *args])


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'so-cong-nhan.sqlite3'}"
    return request.getfixturevalue("postgres_server").new_database()


def households(codes=HOUSEHOLDS, *, title="Gia đình học tập", criteria_id="gdht-448-2015-tinh", level=None,
               area="Thôn Nà Mò") -> dict:
    return {"criteria": {"id": criteria_id, "title": title, "sha256": SHA, "year": 2024},
            "subjects": [{"id": code, "name": name, "area": area, "grade": "Tốt", "level": level,
                          "recognised": True, "total": 90} for code, name in codes]}


@pytest.fixture
def filled(url) -> str:
    book = Registry(url)
    book.record(households(), Decision("15/QĐ-UBND", date(2025, 3, 20), PROVINCE, COMMUNE))
    book.record(households([("DH-01", "Dòng họ Hoàng")], title="Dòng họ học tập", criteria_id="dhht-448-2015-tinh",
                           area="Thôn Khuôn Ngàn"),
                Decision("12/QĐ-UBND", date(2025, 2, 10), PROVINCE, COMMUNE))
    book.engine.dispose()
    return url


def counts(url: str) -> tuple[int, int]:
    book = Registry(url)
    try:
        with book.engine.connect() as conn:
            return (conn.execute(sa.text("SELECT count(*) FROM recognitions")).scalar_one(),
                    conn.execute(sa.text("SELECT count(*) FROM recognition_events")).scalar_one())
    finally:
        book.engine.dispose()


def gdht_rate(url: str):
    report = make_report(2024, plan=PLAN, registry=url)
    row = next(r for r in report.rows if r.key == "gdht" and r.level == "thon")
    return row, report


REVOKE_ONE = ["--decision-number", "20/QĐ-UBND", "--date", "01/06/2025", "--reason", "Kê khai không đúng"]


# ---------------------------------------------------------------- list, search, export


def test_list_shows_newest_decisions_first_with_state(filled):
    result = so("list", "--year", "2024", "--registry", filled)
    assert result.exit_code == 0, result.output
    text = flat(result.output)
    assert text.index("HGD-001") < text.index("HGD-005") < text.index("DH-01")  # 20/03/2025 before 10/02/2025
    assert "6 công nhận: 6 hiệu lực, 0 đã thu hồi, 0 đã đính chính." in text
    clans = flat(so("list", "--title", "dhht", "--registry", filled).output)
    assert "DH-01" in clans and "HGD-001" not in clans and "1 công nhận" in clans
    by_decision = flat(so("list", "--decision", "15/qđ-ubnd", "--registry", filled).output)
    assert "5 công nhận" in by_decision and "DH-01" not in by_decision
    assert "Không có công nhận nào" in so("list", "--year", "2023", "--registry", filled).output


def test_search_by_code_or_name_without_accents_and_exact_areas(filled):
    text = flat(so("search", "nguyen van an", "--registry", filled).output)
    assert "HGD-001" in text and "Nguyễn Văn An" in text and "1 công nhận" in text
    assert "1 công nhận" in flat(so("search", "hgd-003", "--registry", filled).output)
    assert "Không tìm thấy" in so("search", "nguyen van a", "--registry", filled).output  # whole words only
    assert "2 công nhận" in flat(so("search", "thi", "--registry", filled).output)  # Trần Thị Bình, Phạm Thị Dung
    assert "1 công nhận" in flat(so("search", "an", "--area", "Tân Lập", "--registry", filled).output)
    assert "Không tìm thấy" in so("search", "an", "--area", "Tân", "--registry", filled).output  # not a part of a name
    assert "1 công nhận" in flat(so("search", "an", "--area", "Thôn Nà Mò, Xã Tân Lập", "--registry", filled).output)
    assert "Không tìm thấy" in so("search", "an", "--area", "Thôn Khuôn Ngàn", "--registry", filled).output


def test_export_xlsx_and_csv(filled, tmp_path):
    xlsx, csv_path = tmp_path / "so.xlsx", tmp_path / "so.csv"
    assert so("revoke", "--subject", "HGD-002", *REVOKE_ONE, "--registry", filled).exit_code == 0
    assert so("export", "--year", "2024", "--output", str(xlsx), "--registry", filled).exit_code == 0
    book = openpyxl.load_workbook(xlsx)
    sheet = book["Sổ công nhận"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("STT", "Mã", "Tên") and "Trạng thái" in rows[0]
    assert [r[1] for r in rows[1:]] == ["HGD-001", "HGD-002", "HGD-003", "HGD-004", "HGD-005", "DH-01"]
    state = rows[0].index("Trạng thái")
    assert [r[state] for r in rows[1:]] == ["hiệu lực", "đã thu hồi", "hiệu lực", "hiệu lực", "hiệu lực", "hiệu lực"]
    formula = sheet.cell(row=5, column=3)
    assert formula.value == "=HYPERLINK(\"http://x\")" and formula.data_type == "s"  # text, never a formula
    decided = sheet.cell(row=2, column=rows[0].index("Ngày quyết định") + 1)
    assert decided.value.date() == date(2025, 3, 20) and decided.number_format == "DD/MM/YYYY"
    assert sheet.freeze_panes == "A2" and all(cell.font.bold for cell in sheet[1])
    assert sheet.column_dimensions["C"].width == max(len(r[2]) for r in rows) + 2  # as wide as the longest name
    history = list(book["Lịch sử"].iter_rows(values_only=True))
    assert len(history) == 2 and history[1][:4] == ("HGD-002", 2024, "15/QĐ-UBND", "thu hồi")
    assert history[1][7:10] == ("20/QĐ-UBND", history[1][8], "Kê khai không đúng")

    assert so("export", "--title", "Gia dinh hoc tap", "--output", str(csv_path), "--registry", filled).exit_code == 0
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert lines[0][:2] == ["STT", "Mã"] and len(lines) == 6
    assert lines[4][2] == "'=HYPERLINK(\"http://x\")"  # a leading apostrophe: never run as a formula
    assert lines[1][14] == "20/03/2025" and lines[2][15] == "đã thu hồi"


# ---------------------------------------------------------------- revoke


def test_revoking_one_household_lowers_the_rate_and_keeps_its_row(filled):
    row, report = gdht_rate(filled)
    assert (row.recognised, row.evaluated, row.rate) == (5, 5, Decimal("100.00"))
    assert counts(filled) == (6, 0)
    result = so("revoke", "--subject", "HGD-002", *REVOKE_ONE, "--registry", filled)
    assert result.exit_code == 0, result.output
    assert "Đã thu hồi 1 công nhận" in flat(result.output)
    result = so("revoke", "--subject", "HGD-004", "--decision", "15/QĐ-UBND", "--decision-number", "21/QĐ-UBND",
                "--date", "02/06/2025", "--reason", "Chuyển đi nơi khác", "--registry", filled)
    assert result.exit_code == 0, result.output
    assert counts(filled) == (6, 2)  # nothing deleted, two events
    row, report = gdht_rate(filled)
    # 3 of 5 households: 60,00 %, 10 points under the 70 % target, 1 more needed (ceil(3,5) − 3)
    assert (row.recognised, row.evaluated, row.rate, row.gap, row.short_by, row.met) == (
        3, 5, Decimal("60.00"), Decimal("10.00"), 1, False)
    assert any("2 công nhận đã bị thu hồi" in n for n in report.notices)
    text = flat(runner.invoke(app, ["report", "--year", "2024", "--registry", filled]).output)
    assert "Sổ công nhận năm 2024: 2 công nhận đã bị thu hồi" in text and "60" in text
    listed = flat(so("list", "--registry", filled).output)
    assert "6 công nhận: 4 hiệu lực, 2 đã thu hồi, 0 đã đính chính." in listed
    assert "thu hồi theo quyết định số 21/QĐ-UBND ngày 02/06/2025; lý do: Chuyển đi nơi khác" in listed
    again = so("revoke", "--subject", "HGD-002", *REVOKE_ONE, "--registry", filled)
    assert again.exit_code == 2 and "đã bị thu hồi theo quyết định số 20/QĐ-UBND" in flat(again.output)
    assert counts(filled) == (6, 2)


def test_revoking_a_whole_decision(filled):
    result = so("revoke", "--decision", "15/QĐ-UBND", "--decision-number", "30/QĐ-UBND", "--date", "01/07/2025",
                "--reason", "Ban hành sai thẩm quyền", "--registry", filled)
    assert result.exit_code == 0, result.output
    assert "Đã thu hồi 5 công nhận" in flat(result.output)
    assert counts(filled) == (6, 5)
    row, _ = gdht_rate(filled)
    assert (row.recognised, row.evaluated, row.rate) == (0, 5, Decimal("0.00"))
    book = Registry(filled)
    assert [r.subject for r in book.query(recognised=True)] == ["DH-01"]
    # a new decision recognises a household again: no --force needed over the revoked one
    assert book.record(households(HOUSEHOLDS[:1]), Decision("40/QĐ-UBND", date(2025, 8, 1), PROVINCE, COMMUNE)) == (1, 0)
    book.engine.dispose()
    row, _ = gdht_rate(filled)
    assert (row.recognised, row.evaluated) == (1, 5)


def test_revoked_recognitions_leave_the_history_and_the_shares(url):
    book = Registry(url)
    title = "Cộng đồng học tập cấp xã"
    book.record(households([("XA-1", "Xã Một"), ("XA-2", "Xã Hai")], title=title, criteria_id="cdht-xa-tt25-2023",
                           level=1, area="Xã Một, Huyện Phú Lương"), Decision("3/QĐ-PGDĐT", date(2024, 3, 1)))
    assert level_one_dates(book, title) == {"XA-1": date(2024, 3, 1), "XA-2": date(2024, 3, 1)}
    revoke(book, select(book, subjects=["XA-1"]), Under("9/QĐ-PGDĐT", date(2024, 9, 1), "Sai số liệu"))
    assert level_one_dates(book, title) == {"XA-2": date(2024, 3, 1)}
    assert {(r.subject, r.recognised) for r in lower_records(book, title)} == {("XA-1", False), ("XA-2", True)}
    # a corrected decision date is the one the waiting time counts from
    correct(book, select(book, subjects=["XA-2"]), "ngay-quyet-dinh", "05/03/2024", Under("10/QĐ-PGDĐT",
                                                                                           date(2024, 9, 2)))
    assert level_one_dates(book, title) == {"XA-2": date(2024, 3, 5)}
    correct(book, select(book, subjects=["XA-2"]), "muc-do", "0", Under("11/QĐ-PGDĐT", date(2024, 9, 3)))
    assert level_one_dates(book, title) == {}
    book.engine.dispose()


# ---------------------------------------------------------------- correct


def test_correcting_a_name_keeps_the_old_one_in_history(filled):
    result = so("correct", "--subject", "hgd-001", "--field", "ten", "--value", "Hộ ông Nguyễn Văn An",
                "--decision-number", "22/QĐ-UBND", "--date", "01/07/2025", "--reason", "Ghi thiếu chữ", "--registry",
                filled)
    assert result.exit_code == 0, result.output
    assert "“Nguyễn Văn An” → “Hộ ông Nguyễn Văn An”" in flat(result.output)
    listed = flat(so("list", "--registry", filled).output)
    assert "Hộ ông Nguyễn Văn An" in listed and "1 đã đính chính" in listed
    assert ("đính chính tên “Nguyễn Văn An” thành “Hộ ông Nguyễn Văn An” theo quyết định số 22/QĐ-UBND ngày "
            "01/07/2025; lý do: Ghi thiếu chữ") in listed
    assert counts(filled) == (6, 1)
    book = Registry(filled)
    with book.engine.connect() as conn:
        t = events.c
        assert conn.execute(sa.select(t.kind, t.field, t.old, t.new, t.decision_number, t.decision_date)).one() == (
            "dinh-chinh", "name", "Nguyễn Văn An", "Hộ ông Nguyễn Văn An", "22/QĐ-UBND", date(2025, 7, 1))
    book.engine.dispose()


def test_correcting_recognised_counts_with_the_new_value(filled):
    result = so("correct", "--subject", "HGD-005", "--field", "cong-nhan", "--value", "không", "--decision-number",
                "23/QĐ-UBND", "--date", "02/07/2025", "--registry", filled)
    assert result.exit_code == 0, result.output
    row, report = gdht_rate(filled)
    assert (row.recognised, row.evaluated, row.rate) == (4, 5, Decimal("80.00"))
    assert any("1 công nhận đã được đính chính" in n for n in report.notices)
    text = flat(runner.invoke(app, ["report", "--year", "2024", "--registry", filled]).output)
    assert "1 công nhận đã được đính chính" in text


def test_correcting_a_whole_decision_number(filled):
    result = so("correct", "--decision", "12/QĐ-UBND", "--field", "so-quyet-dinh", "--value", "12/QĐ-UBND-HKH",
                "--decision-number", "24/QĐ-UBND", "--date", "03/07/2025", "--registry", filled)
    assert result.exit_code == 0, result.output
    found = entries(Registry(filled), decision="12/QĐ-UBND-HKH")
    assert [(e.recognition.subject, e.state, e.events[0].old) for e in found] == [("DH-01", "đã đính chính",
                                                                                   "12/QĐ-UBND")]
    clash = so("correct", "--subject", "HGD-001", "--field", "so-quyet-dinh", "--value", "15/QĐ-UBND",
               "--decision-number", "25/QĐ-UBND", "--date", "03/07/2025", "--registry", filled)
    assert clash.exit_code == 2 and "đã là “15/QĐ-UBND”" in flat(clash.output)
    whole = so("correct", "--decision", "15/QĐ-UBND", "--field", "ten", "--value", "X", "--decision-number",
               "25/QĐ-UBND", "--date", "03/07/2025", "--registry", filled)
    assert whole.exit_code == 2 and "từng đối tượng" in flat(whole.output)
    assert counts(filled) == (6, 1)


def test_a_revoked_recognition_is_not_corrected(filled):
    assert so("revoke", "--subject", "HGD-003", *REVOKE_ONE, "--registry", filled).exit_code == 0
    result = so("correct", "--subject", "HGD-003", "--field", "ten", "--value", "Lê Văn C", "--decision-number",
                "26/QĐ-UBND", "--date", "03/07/2025", "--registry", filled)
    assert result.exit_code == 2 and "đã bị thu hồi, không đính chính được" in flat(result.output)


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(("args", "said"), [
    (["revoke", "--subject", "KHONG-CO", *REVOKE_ONE], "không có đối tượng mã “KHONG-CO” trong sổ công nhận"),
    (["revoke", "--subject", "HGD-001", "--decision-number", "20/QĐ-UBND", "--date", "31/02/2025", "--reason", "x"],
     "--date “31/02/2025”: ngày không hợp lệ"),
    (["revoke", "--subject", "HGD-001", "--decision-number", "20/QĐ-UBND", "--date", "01/01/2025", "--reason", "x"],
     "có trước quyết định công nhận"),
    (["revoke", *REVOKE_ONE], "cần mã đối tượng (--subject) hoặc số quyết định đã ghi (--decision)"),
    (["revoke", "--decision", "99/QĐ-UBND", *REVOKE_ONE], "không có quyết định số 99/QĐ-UBND trong sổ công nhận"),
    (["correct", "--subject", "HGD-001", "--field", "tuoi", "--value", "1", *REVOKE_ONE[:4]],
     "--field “tuoi”: không đính chính được thông tin này"),
    (["correct", "--subject", "HGD-001", "--field", "muc-do", "--value", "hai", *REVOKE_ONE[:4]],
     "giá trị mới của mức độ “hai”: cần một số nguyên"),
])
def test_refusals_are_vietnamese_exit_2_and_change_nothing(filled, args, said):
    result = so(*args, "--registry", filled)
    assert result.exit_code == 2, result.output
    assert said in flat(result.output)
    assert counts(filled) == (6, 0)


def test_a_missing_registry_file_is_refused(tmp_path):
    missing = tmp_path / "khong-co.sqlite3"
    for args in (["list"], ["search", "An"], ["export", "--output", str(tmp_path / "x.xlsx")],
                 ["revoke", "--subject", "A", *REVOKE_ONE]):
        result = so(*args, "--registry", str(missing))
        assert result.exit_code == 2, result.output
        assert "không có sổ công nhận" in flat(result.output)
    assert not missing.exists()


def test_registry_from_the_environment(filled, monkeypatch):
    monkeypatch.setenv("RECOGNISE_REGISTRY", filled)
    assert "6 công nhận" in flat(so("list").output)


# ---------------------------------------------------------------- migration


def test_a_registry_made_at_0001_upgrades_on_open_and_keeps_its_rows(url):
    engine = sa.create_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        for n in (1, 2):
            conn.execute(sa.text(
                "INSERT INTO recognitions (subject, name, province, commune, area, title, criteria_id, "
                "criteria_sha256, year, grade, level, recognised, total, decision_number, decision_date) VALUES "
                f"('HGD-00{n}', 'Hộ {n}', '{PROVINCE}', '{COMMUNE}', 'Thôn Nà Mò', 'Gia đình học tập', 'gdht', "
                f"'{SHA}', 2024, 'Tốt', NULL, TRUE, 90, '15/QĐ-UBND', '2025-03-20')"))
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one() == "0001"
    engine.dispose()
    book = Registry(url)
    with book.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one() == "0002"
    assert [(r.subject, r.name, r.recognised) for r in book.query()] == [("HGD-001", "Hộ 1", True),
                                                                           ("HGD-002", "Hộ 2", True)]
    assert [e.state for e in entries(book)] == ["hiệu lực", "hiệu lực"]
    revoke(book, select(book, subjects=["HGD-002"]), Under("20/QĐ-UBND", date(2025, 6, 1), "Sai"))
    assert [e.state for e in entries(book)] == ["hiệu lực", "đã thu hồi"]
    book.engine.dispose()
    assert counts(url) == (2, 1)
