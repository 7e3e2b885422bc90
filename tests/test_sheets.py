"""Score sheets (spec/sheets.md): encodings, delimiters, headers, Vietnamese values, bad rows.

Every expectation is worked out by hand from the spec and the legal maxima/thresholds.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from sheet_helpers import (
    TT22,
    TT22_CODES,
    TT22_COLUMNS,
    TT22_MAX,
    TT24_COLUMNS,
    TT24_HUYEN,
    TT25_COLUMNS,
    TT25_COLUMNS_NO_VKK,
    TT25_XA,
    table,
    tt22_row,
    tt24_level1,
    tt25_level1,
    tt25_level2,
    write_csv,
    write_dict_sheet,
    write_xlsx,
)
from typer.testing import CliRunner

from cli.app import app
from engine.criteria.catalogue import find
from engine.scoring.run import score_sheet
from engine.sheets.reader import Row, RowError, Sheet, SheetError

TT22_TEXTS = {
    "1.a": "Đơn vị có chủ trương hoặc kế hoạch cho thành viên học tập thường xuyên",
    "1.b": "Đơn vị có các quy định cụ thể nhằm động viên thành viên học tập",
    "1.c": "Đơn vị quan tâm đầu tư các nguồn lực, bao gồm tài chính, cơ sở vật chất",
    "2.a": "100% thành viên có kế hoạch tự học",
    "2.b": "100% thành viên tuân thủ kỷ luật lao động",
    "2.c": "100% thành viên hoàn thành chương trình học tập",
    "2.d": "100% thành viên đạt Lao động tiên tiến",
    "3.a": "100% thành viên đáp ứng năng lực Công dân học tập",
    "3.b": "Đơn vị đạt Tập thể lao động tiên tiến",
    "3.c": "Góp phần tạo lập môi trường chia sẻ tri thức",
}


def read_rows(path: Path, loaded, sheet_name: str | None = None) -> list[Row | list[RowError]]:
    return [errors or row for row, errors in Sheet(path, loaded.criteria, sheet_name).rows()]


def only_row(path: Path, loaded) -> Row:
    rows = read_rows(path, loaded)
    assert len(rows) == 1
    row = rows[0]
    assert isinstance(row, Row), row
    return row


def errors_of(result) -> set[tuple[int, str, str]]:
    return {(e.row, e.column, e.value) for e in result.errors}


# --- encoding and delimiters ----------------------------------------------------------------

@pytest.mark.parametrize("bom", [False, True], ids=["no-bom", "bom"])
def test_utf8_with_and_without_bom(tmp_path, tt22, bom):
    path = write_dict_sheet(tmp_path / "s.csv", TT22_COLUMNS, [tt22_row("DV-01", "Trường Tiểu học Hòa Bình")], bom=bom)
    result = score_sheet(path, tt22, outputs=[])
    assert result.errors == []
    assert [s["id"] for s in result.shown] == ["DV-01"]
    assert result.shown[0]["name"] == "Trường Tiểu học Hòa Bình"
    assert result.shown[0]["total"] == 100


@pytest.mark.parametrize("delimiter", [",", ";"], ids=["comma", "semicolon"])
def test_comma_and_semicolon_delimiters(tmp_path, tt22, delimiter):
    # 1.a = 7,5 (decimal comma; quoted by the csv writer in a comma file), 2.b = 4.5 (decimal point)
    row = tt22_row("DV-01", "Phòng Giáo dục, huyện A", i1a="7,5", i2b="4.5")
    path = write_dict_sheet(tmp_path / "s.csv", TT22_COLUMNS, [row], delimiter=delimiter)
    result = score_sheet(path, tt22, outputs=[])
    assert result.errors == []
    subject = result.shown[0]
    assert subject["name"] == "Phòng Giáo dục, huyện A"
    assert subject["total"] == 100 - 2.5 - 0.5  # 97
    assert subject["grade"] == "Tốt"


def test_semicolon_file_whose_header_texts_hold_many_commas(tmp_path, tt22):
    # Excel (Vietnamese locale) writes ';' and does not quote commas: the header text may hold more
    # commas than the line holds semicolons. The delimiter is still ';'.
    header = ["ma", "ten"] + [f"{c} {TT22_TEXTS[c]}, gồm: a, b, c, d, e, g, h" for c in TT22_CODES]
    body = "\r\n".join([";".join(header), ";".join(["DV-01", "Đơn vị A"] + [str(TT22_MAX[c]) for c in TT22_CODES])])
    path = tmp_path / "s.csv"
    path.write_text(body + "\r\n", encoding="utf-8")
    result = score_sheet(path, tt22, outputs=[])
    assert result.errors == []
    assert result.shown[0]["total"] == 100


@pytest.mark.parametrize("set_id", [TT22, TT25_XA, TT24_HUYEN, "cdht-huyen-tt25-2023", "dvht-tinh-tt24-2023",
                                    "cdht-tinh-tt25-2023"])
def test_blank_sheet_written_by_sheet_command_reads_back(tmp_path, set_id):
    """`recognise sheet ID --output X.csv` writes ';' and the indicator texts; the same file, once filled, must be read."""
    blank = tmp_path / "blank.csv"
    result = CliRunner().invoke(app, ["sheet", set_id, "--output", str(blank)])
    assert result.exit_code == 0, result.output
    loaded = find(set_id)
    try:
        sheet = Sheet(blank, loaded.criteria)
    except SheetError as exc:  # pragma: no cover - the failure is the finding
        pytest.fail(f"the blank sheet written by `recognise sheet {set_id}` cannot be read back: {exc}")
    assert [c.key for c in sheet.columns if c is not None][:2] == ["ma", "ten"]


def test_blank_xlsx_sheet_reads_back(tmp_path, tt24):
    blank = tmp_path / "blank.xlsx"
    assert CliRunner().invoke(app, ["sheet", TT24_HUYEN, "--output", str(blank)]).exit_code == 0
    sheet = Sheet(blank, tt24.criteria)
    keys = [c.key for c in sheet.columns if c is not None]
    # TT 24/2023: the date of the level-1 decision (Art. 5.3); 2.4 and 3.1 are two inputs each (Art. 6–7)
    assert keys == ["ma", "ten", "dia_ban", "ghi_chu", "loai_don_vi", "ngay_cong_nhan_muc_do_1",
                    "1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3", "2.4a", "2.4b", "2.5",
                    "3.1a", "3.1b", "3.2", "3.3", "3.4", "3.5"]


def test_old_font_encoding_is_a_sheet_error(tmp_path, tt22):
    """A sheet typed with an old Vietnamese font (TCVN3: “Trường Hòa Bình” stored as symbols) is refused, named."""
    head = ("ma,ten,dia_ban," + ",".join(TT22_CODES) + "\r\n").encode()
    row = b"DV-01,Tr\xad\xeang H\xdfa B\xd7nh,X\xfc A," + ",".join(str(TT22_MAX[c]) for c in TT22_CODES).encode()
    path = tmp_path / "s.csv"
    path.write_bytes(head + row + b"\r\n")
    out = tmp_path / "r.json"
    with pytest.raises(SheetError, match="TCVN3 hoặc VNI"):
        score_sheet(path, tt22, outputs=[out])
    assert not out.exists()


def test_latin1_bytes_in_a_row_are_a_sheet_error(tmp_path, tt22):
    head = ("ma,ten,dia_ban," + ",".join(TT22_CODES) + "\r\n").encode()
    row = b"DV-01,Nguy\xe9n,X\xe3 A," + ",".join(str(TT22_MAX[c]) for c in TT22_CODES).encode() + b"\r\n"
    path = tmp_path / "s.csv"
    path.write_bytes(head + row)
    with pytest.raises(SheetError, match="UTF-8"):
        Sheet(path, find(TT22).criteria).rows().__next__()


def test_non_utf8_bytes_far_down_the_file_still_write_nothing(tmp_path, tt22):
    good = [tt22_row(f"DV-{i:04d}") for i in range(400)]
    path = write_dict_sheet(tmp_path / "s.csv", TT22_COLUMNS, good)
    with path.open("ab") as handle:
        handle.write(b"DV-9999,Nguy\xe9n,X\xe3 A," + b",".join(b"1" for _ in TT22_CODES) + b"\r\n")
    out = tmp_path / "r.json"
    with pytest.raises(SheetError):
        score_sheet(path, tt22, outputs=[out])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.csv"]


def test_missing_file_and_unknown_extension(tmp_path, tt22):
    with pytest.raises(SheetError):
        Sheet(tmp_path / "nope.csv", tt22.criteria)
    odd = tmp_path / "s.ods"
    odd.write_text("ma,ten\n", encoding="utf-8")
    with pytest.raises(SheetError):
        Sheet(odd, tt22.criteria)


# --- headers --------------------------------------------------------------------------------

@pytest.mark.parametrize("ma_header", ["Mã", "MA", " ma ", unicodedata.normalize("NFD", "Mã"), "mã"],
                         ids=["Mã", "MA", "spaced", "NFD", "lower"])
def test_ma_header_variants(tmp_path, tt22, ma_header):
    header = [ma_header, "Tên", "Địa bàn", *TT22_CODES]
    path = write_csv(tmp_path / "s.csv", header, [["DV-07", "Đơn vị B", "Thôn 3", *[str(TT22_MAX[c]) for c in TT22_CODES]]])
    row = only_row(path, tt22)
    assert (row.ma, row.ten, row.dia_ban) == ("DV-07", "Đơn vị B", "Thôn 3")


def test_whole_header_in_nfd_and_upper_case(tmp_path, tt22):
    header = [unicodedata.normalize("NFD", h) for h in ["MÃ", "TÊN", "ĐỊA_BÀN", "GHI CHÚ"]] + [c.upper() for c in TT22_CODES]
    values = ["DV-01", unicodedata.normalize("NFD", "Trường Mầm non Hoa Sen"), "Xã A", "ghi chú"]
    path = write_csv(tmp_path / "s.csv", header, [values + [str(TT22_MAX[c]) for c in TT22_CODES]])
    row = only_row(path, tt22)
    assert row.ten == "Trường Mầm non Hoa Sen"  # stored NFC
    assert unicodedata.is_normalized("NFC", row.ten)
    assert row.ghi_chu == "ghi chú"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_header_continues_after_the_code(tmp_path, tt22, fmt):
    header = ["Mã đơn vị", "Tên đơn vị"] + [f"{c} {TT22_TEXTS[c]}" for c in TT22_CODES]
    values = ["DV-01", "Đơn vị A", "8", "7,5", "10", "10", "5", "10", "5", "20", "10", "5"]
    if fmt == "csv":
        path = write_csv(tmp_path / "s.csv", header, [values], delimiter=";")
    else:
        path = write_xlsx(tmp_path / "s.xlsx", header, [values])
    row = only_row(path, tt22)
    assert row.values["1.a"] == Decimal(8)
    assert row.values["1.b"] == Decimal("7.5")
    assert row.values["3.a"] == Decimal(20)


def test_header_code_must_be_followed_by_a_space(tmp_path, tt22):
    # "1.ab" is not "1.a" followed by text: it is an unknown column
    header = ["ma", "ten", "1.ab", *TT22_CODES[1:]]
    path = write_csv(tmp_path / "s.csv", header, [["DV-01", "A", *["1"] * 10]])
    with pytest.raises(SheetError, match="1.ab"):
        Sheet(path, tt22.criteria)


def test_missing_indicator_column_is_a_file_error_and_nothing_is_written(tmp_path, tt22):
    columns = [c for c in TT22_COLUMNS if c != "2.c"]
    path = write_dict_sheet(tmp_path / "s.csv", columns, [tt22_row("DV-01")])
    out_json, out_csv = tmp_path / "r.json", tmp_path / "r.csv"
    with pytest.raises(SheetError) as info:
        score_sheet(path, tt22, outputs=[out_json, out_csv])
    message = str(info.value)
    assert "2.c" in message
    for code in ("1.a", "3.c"):  # the expected codes are listed
        assert code in message
    assert not out_json.exists() and not out_csv.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.csv"]


def test_missing_ma_column_is_a_file_error(tmp_path, tt22):
    columns = [c for c in TT22_COLUMNS if c != "ma"]
    path = write_dict_sheet(tmp_path / "s.csv", columns, [tt22_row("DV-01")])
    with pytest.raises(SheetError, match="ma"):
        Sheet(path, tt22.criteria)


def test_unknown_column_is_a_file_error(tmp_path, tt22):
    columns = [*TT22_COLUMNS, "diem_thuong"]
    row = {**tt22_row("DV-01"), "diem_thuong": "5"}
    path = write_dict_sheet(tmp_path / "s.csv", columns, [row])
    out = tmp_path / "r.json"
    with pytest.raises(SheetError, match="diem_thuong") as info:
        score_sheet(path, tt22, outputs=[out])
    assert "1.a" in str(info.value)  # names what it expected
    assert not out.exists()


def test_indicator_of_another_set_is_unknown(tmp_path, tt22):
    columns = [*TT22_COLUMNS, "5.2a"]
    path = write_dict_sheet(tmp_path / "s.csv", columns, [{**tt22_row("DV-01"), "5.2a": "40"}])
    with pytest.raises(SheetError, match="5.2a"):
        Sheet(path, tt22.criteria)


def test_optional_columns_may_be_absent(tmp_path, tt22):
    columns = ["ma", "ten", *TT22_CODES]  # no dia_ban, no ghi_chu
    path = write_dict_sheet(tmp_path / "s.csv", columns, [tt22_row("DV-01")])
    row = only_row(path, tt22)
    assert row.dia_ban == "" and row.ghi_chu == ""


def test_header_after_leading_blank_lines(tmp_path, tt22):
    path = tmp_path / "s.csv"
    body = "\r\n\r\n" + "\r\n".join([",".join(TT22_COLUMNS), ",".join(table(TT22_COLUMNS, [tt22_row("DV-01")])[0])])
    path.write_text(body + "\r\n", encoding="utf-8")
    rows = read_rows(path, tt22)
    assert len(rows) == 1 and isinstance(rows[0], Row)
    assert rows[0].number == 4  # blank, blank, header, row — as Excel numbers them


def test_empty_file_is_a_sheet_error(tmp_path, tt22):
    path = tmp_path / "s.csv"
    path.write_bytes(b"")
    with pytest.raises(SheetError):
        Sheet(path, tt22.criteria)


# --- values ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("7,5", Decimal("7.5")), ("7.5", Decimal("7.5")), (" 7,5 ", Decimal("7.5")), ("10", Decimal(10)),
    ("0", Decimal(0)), ("0,5", Decimal("0.5")), ("9.25", Decimal("9.25")), ("10,0", Decimal(10)),
])
def test_points_values(tmp_path, tt22, text, expected):
    path = write_dict_sheet(tmp_path / "s.csv", TT22_COLUMNS, [tt22_row("DV-01", i1b=text)], delimiter=";")
    row = only_row(path, tt22)
    assert row.values["1.b"] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("đạt", 1), ("Đạt", 1), ("ĐẠT", 1), ("DAT", 1), ("dat", 1),
    ("không đạt", 0), ("Không Đạt", 0), ("KHÔNG ĐẠT", 0), ("khong dat", 0), ("KHONG DAT", 0), ("  không   đạt ", 0),
    ("có", 1), ("Có", 1), ("CO", 1), ("không", 0), ("KHÔNG", 0), ("khong", 0),
    ("x", 1), ("X", 1), ("1", 1), ("0", 0),
    (unicodedata.normalize("NFD", "Đạt"), 1), (unicodedata.normalize("NFD", "Không đạt"), 0),
])
def test_boolean_values(tmp_path, tt25, text, expected):
    path = write_dict_sheet(tmp_path / "s.csv", TT25_COLUMNS_NO_VKK, [tt25_level2("X-01", **{"1.2": text})])
    row = only_row(path, tt25)
    assert row.values["1.2"] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("92", Decimal(92)), ("92%", Decimal(92)), ("92 %", Decimal(92)), ("92,5", Decimal("92.5")),
    ("92.5", Decimal("92.5")), ("92,5%", Decimal("92.5")), ("0", Decimal(0)), ("100", Decimal(100)),
    ("59,9", Decimal("59.9")),
])
def test_percent_values(tmp_path, tt25, text, expected):
    path = write_dict_sheet(tmp_path / "s.csv", TT25_COLUMNS_NO_VKK, [tt25_level2("X-01", **{"5.1": text})],
                            delimiter=";")
    row = only_row(path, tt25)
    assert row.values["5.1"] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("2", 2), ("mức độ 2", 2), ("Mức độ 2", 2), ("MỨC ĐỘ 2", 2), ("muc do 2", 2), ("mức độ 3", 3), ("0", 0),
    ("mức độ 0", 0),
])
def test_level_values(tmp_path, tt25, text, expected):
    path = write_dict_sheet(tmp_path / "s.csv", TT25_COLUMNS_NO_VKK, [tt25_level2("X-01", **{"4.2": text})])
    row = only_row(path, tt25)
    assert row.values["4.2"] == expected
    assert isinstance(row.values["4.2"], int)


@pytest.mark.parametrize(("column", "text"), [
    ("4.2", "mức độ 4"),   # 4.2 tops at 3
    ("4.4", "3"),          # 4.4 tops at 2
    ("4.2", "2,5"),        # a level is a whole number
    ("4.2", "hai"),
    ("5.1", "100,1"),      # above 100%
    ("5.1", "abc"),
    ("5.2a", "-5"),
    ("1.1", "có lẽ"),      # neither met nor not met
    ("1.1", "2"),
])
def test_bad_values_of_a_levels_set(tmp_path, tt25, column, text):
    path = write_dict_sheet(tmp_path / "s.csv", TT25_COLUMNS_NO_VKK,
                            [tt25_level2("X-01"), tt25_level2("X-02", **{column: text})], delimiter=";")
    rows = read_rows(path, tt25)
    assert isinstance(rows[0], Row)
    assert isinstance(rows[1], list)
    assert [(e.row, e.column, e.value) for e in rows[1]] == [(3, column, text)]
    assert rows[1][0].message


def test_attribute_values(tmp_path, tt25, tt24):
    rows = [tt25_level1("X-01", vung_kho_khan="Có"), tt25_level1("X-02", vung_kho_khan="khong"),
            tt25_level1("X-03", vung_kho_khan=""), tt25_level1("X-04", vung_kho_khan="x"),
            tt25_level1("X-05", vung_kho_khan="chắc vậy")]
    path = write_dict_sheet(tmp_path / "s.csv", TT25_COLUMNS, rows)
    got = read_rows(path, tt25)
    assert [r.attrs["vung_kho_khan"] for r in got[:4]] == ["co", "khong", "khong", "co"]
    assert [(e.row, e.column, e.value) for e in got[4]] == [(6, "vung_kho_khan", "chắc vậy")]

    # a code, a label without its gloss, a code in capitals, a private school's label; empty or unknown: errors
    units = [tt24_level1("D-1", "csgd_pho_thong"), tt24_level1("D-2", "Trường tiểu học, trung học cơ sở công lập"),
             tt24_level1("D-3", "CO_QUAN"), tt24_level1("D-4", "Trường tiểu học, trung học cơ sở tư thục"),
             tt24_level1("D-5", ""), tt24_level1("D-6", "trường học")]
    path = write_dict_sheet(tmp_path / "u.csv", TT24_COLUMNS, units)
    got = read_rows(path, tt24)
    assert [r.attrs["loai_don_vi"] for r in got[:4]] == ["csgd_pho_thong", "csgd_pho_thong", "co_quan",
                                                         "csgd_pho_thong_tu_thuc"]
    assert [(e.row, e.column, e.value) for e in got[4]] == [(6, "loai_don_vi", "")]
    assert [(e.row, e.column, e.value) for e in got[5]] == [(7, "loai_don_vi", "trường học")]


def test_empty_cell_is_missing_never_zero(tmp_path, tt22):
    path = write_dict_sheet(tmp_path / "s.csv", TT22_COLUMNS, [tt22_row("DV-01", i3c="")])
    result = score_sheet(path, tt22, outputs=[])
    assert result.shown == []
    assert errors_of(result) == {(2, "3.c", "")}
    assert result.summary["scored"] == 0 and result.summary["rejected"] == 1


def test_not_applicable_indicator_may_be_empty_only_where_it_does_not_apply(tmp_path, tt24):
    """The rules say which empty cells a unit kind needs: 2.4a/2.4b not of an economic organisation (Art. 6.2.d,
    7.2.d), 3.1b only of a centre with learners (Art. 2.8), 1.3 only of a public body (Art. 6.1.c)."""
    rows = [tt24_level1("D-1", "to_chuc_kinh_te", **{"2.4a": "", "2.4b": "", "1.3": "", "3.1b": "", "3.4": "",
                                                     "3.5": ""}),
            tt24_level1("D-2", "co_quan", **{"2.4a": ""}),
            tt24_level1("D-3", "csgd_mam_non", **{"3.1b": "", "3.4": "", "3.5": ""}),
            tt24_level1("D-4", "csgd_nghe_nghiep", **{"3.1b": ""}),
            tt24_level1("D-5", "csgd_pho_thong", **{"1.3": ""}),
            tt24_level1("D-6", "csgd_pho_thong_tu_thuc", **{"1.3": ""})]
    path = write_dict_sheet(tmp_path / "s.csv", TT24_COLUMNS, rows)
    got = read_rows(path, tt24)
    assert isinstance(got[0], Row) and got[0].values["2.4a"] is None  # the reader takes every empty cell
    result = score_sheet(path, tt24, outputs=[])
    assert errors_of(result) == {(3, "2.4a", ""), (5, "3.1b", ""), (6, "1.3", "")}
    assert [s["id"] for s in result.shown] == ["D-1", "D-3", "D-6"]


# --- XLSX -----------------------------------------------------------------------------------

def test_xlsx_percent_formatted_cell_reads_as_percent(tmp_path, tt25):
    header = TT25_COLUMNS_NO_VKK
    base = table(header, [tt25_level2("X-01")])[0]
    row = list(base)
    col_51 = header.index("5.1")
    col_52a = header.index("5.2a")
    row[col_51] = 0.92          # shown by Excel as 92%
    row[col_52a] = 0.655        # shown as 65.5%
    row[header.index("4.2")] = 3  # a real number cell
    formats = {(2, col_51 + 1): "0%", (2, col_52a + 1): "0.0%"}
    path = write_xlsx(tmp_path / "s.xlsx", header, [row], formats)
    got = only_row(path, tt25)
    assert got.values["5.1"] == Decimal(92)
    assert got.values["5.2a"] == Decimal("65.5")
    assert got.values["4.2"] == 3


def test_xlsx_numbers_and_text(tmp_path, tt22):
    header = TT22_COLUMNS
    row = ["DV-01", "Đơn vị A", "Xã A", 7.5, "7,5", 10, 10, 5, 10, 5, 25, 10, 5]
    path = write_xlsx(tmp_path / "s.xlsx", header, [row])
    result = score_sheet(path, tt22, outputs=[])
    assert result.errors == []
    assert result.shown[0]["total"] == 95  # 100 − 2.5 − 2.5


def test_xlsx_first_sheet_unless_one_is_named(tmp_path, tt22):
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    first.title = "Năm 2022"
    first.append(TT22_COLUMNS)
    first.append(table(TT22_COLUMNS, [tt22_row("A-1", i3a="0")])[0])
    second = book.create_sheet("Năm 2023")
    second.append(TT22_COLUMNS)
    second.append(table(TT22_COLUMNS, [tt22_row("B-1")])[0])
    path = tmp_path / "s.xlsx"
    book.save(path)
    assert score_sheet(path, tt22, outputs=[]).shown[0]["id"] == "A-1"
    named = score_sheet(path, tt22, outputs=[], sheet_name="Năm 2023")
    assert [s["id"] for s in named.shown] == ["B-1"]
    with pytest.raises(SheetError):
        Sheet(path, tt22.criteria, "Năm 2024")


def test_broken_xlsx_is_a_sheet_error(tmp_path, tt22):
    path = tmp_path / "s.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(SheetError):
        score_sheet(path, tt22, outputs=[])


# --- bad rows -------------------------------------------------------------------------------

def test_each_bad_row_is_reported_and_the_others_are_scored(tmp_path, tt22):
    rows = [
        tt22_row("DV-01"),                  # row 2: good, 100
        tt22_row("DV-02", i1c=""),          # row 3: missing value
        tt22_row("DV-03", i1b="12"),        # row 4: above max 10
        tt22_row("DV-04", i2b="-1"),        # row 5: negative
        tt22_row("DV-05", i2a="abc"),       # row 6: unreadable
        tt22_row("DV-06", i3a="7,5,0"),     # row 7: unreadable
        tt22_row("DV-07", i3a="20"),        # row 8: good, 95
        tt22_row("DV-01", i3b="0"),         # row 9: ma already used at row 2
        tt22_row("DV-08", i2d="5,5"),       # row 10: above max 5
        tt22_row("DV-09", i3a="0", i3c="0"),  # row 11: good, 70
    ]
    path = write_dict_sheet(tmp_path / "s.csv", TT22_COLUMNS, rows, delimiter=";")
    result = score_sheet(path, tt22, outputs=[tmp_path / "r.json"])
    assert errors_of(result) == {
        (3, "1.c", ""), (4, "1.b", "12"), (5, "2.b", "-1"), (6, "2.a", "abc"), (7, "3.a", "7,5,0"),
        (9, "ma", "DV-01"), (10, "2.d", "5,5"),
    }
    assert [(s["id"], s["row"], s["total"]) for s in result.shown] == [("DV-01", 2, 100), ("DV-07", 8, 95),
                                                                       ("DV-09", 11, 70)]
    assert result.summary["scored"] == 3
    assert result.summary["rejected"] == 7
    by_row = {e.row: e for e in result.errors}
    for e in result.errors:
        assert e.message.strip()
    assert "10" in by_row[4].message       # says the maximum
    assert "2" in by_row[9].message        # says where the code was first used
    assert "5" in by_row[10].message


def test_row_with_several_bad_cells_reports_each(tmp_path, tt22):
    rows = [tt22_row("DV-01", i1a="11", i2c="", i3c="x")]
    path = write_dict_sheet(tmp_path / "s.csv", TT22_COLUMNS, rows)
    result = score_sheet(path, tt22, outputs=[])
    assert errors_of(result) == {(2, "1.a", "11"), (2, "2.c", ""), (2, "3.c", "x")}
    assert result.summary["rejected"] == 1


def test_missing_ma_and_ten_are_bad_rows(tmp_path, tt22):
    rows = [tt22_row(""), tt22_row("DV-02", ""), tt22_row("DV-03")]
    path = write_dict_sheet(tmp_path / "s.csv", TT22_COLUMNS, rows)
    result = score_sheet(path, tt22, outputs=[])
    assert errors_of(result) == {(2, "ma", ""), (3, "ten", "")}
    assert [s["id"] for s in result.shown] == ["DV-03"]


def test_blank_lines_are_skipped_and_rows_keep_excel_numbers(tmp_path, tt22):
    lines = table(TT22_COLUMNS, [tt22_row("DV-01"), tt22_row("DV-02", i1a="abc"), tt22_row("DV-03", i3a="0")])
    width = len(TT22_COLUMNS)
    body = [TT22_COLUMNS, lines[0], [], [""] * width, lines[1], [], lines[2], [], [""] * width]
    path = tmp_path / "s.csv"
    path.write_text("\r\n".join(";".join(r) for r in body) + "\r\n", encoding="utf-8")
    result = score_sheet(path, tt22, outputs=[])
    # rows: 1 header, 2 DV-01, 3 blank, 4 empty cells, 5 DV-02, 6 blank, 7 DV-03
    assert [(s["id"], s["row"]) for s in result.shown] == [("DV-01", 2), ("DV-03", 7)]
    assert errors_of(result) == {(5, "1.a", "abc")}
    assert result.summary == {**result.summary, "scored": 2, "rejected": 1}


def test_xlsx_bad_rows_carry_excel_row_numbers(tmp_path, tt22):
    rows = [["DV-01", "A", "", *[TT22_MAX[c] for c in TT22_CODES]],
            [None] * len(TT22_COLUMNS),
            ["DV-02", "B", "", 11, *[TT22_MAX[c] for c in TT22_CODES[1:]]]]
    path = write_xlsx(tmp_path / "s.xlsx", TT22_COLUMNS, rows)
    result = score_sheet(path, tt22, outputs=[])
    assert errors_of(result) == {(4, "1.a", "11")}
    assert [s["row"] for s in result.shown] == [2]


def test_cell_outside_the_header_is_not_dropped_silently(tmp_path, tt22):
    lines = table(TT22_COLUMNS, [tt22_row("DV-01"), tt22_row("DV-02")])
    lines[1] = [*lines[1], "ghi thêm"]
    path = tmp_path / "s.csv"
    path.write_text("\r\n".join(",".join(r) for r in [TT22_COLUMNS, *lines]) + "\r\n", encoding="utf-8")
    result = score_sheet(path, tt22, outputs=[])
    assert [s["id"] for s in result.shown] == ["DV-01"]
    assert [(e.row, e.value) for e in result.errors] == [(3, "ghi thêm")]


def test_duplicate_header_is_a_file_error(tmp_path, tt22):
    columns = [*TT22_COLUMNS, "1.a"]
    path = write_csv(tmp_path / "s.csv", columns, [["DV-01", "A", "", *["1"] * 11]])
    with pytest.raises(SheetError, match="1.a"):
        Sheet(path, tt22.criteria)


def test_ma_is_compared_after_trimming(tmp_path, tt22):
    rows = [tt22_row("DV-01"), tt22_row(" DV-01 ")]
    path = write_dict_sheet(tmp_path / "s.csv", TT22_COLUMNS, rows)
    result = score_sheet(path, tt22, outputs=[])
    assert errors_of(result) == {(3, "ma", "DV-01")}


def test_vung_kho_khan_header_by_its_label(tmp_path, tt25):
    columns = ["ma", "ten", "Xã thuộc vùng khó khăn", *TT25_COLUMNS_NO_VKK[3:]]
    row = {**tt25_level1("X-01", i5_2a="40", i5_2b="10"), "Xã thuộc vùng khó khăn": "có"}
    path = write_dict_sheet(tmp_path / "s.csv", columns, [row])
    got = only_row(path, tt25)
    assert got.attrs["vung_kho_khan"] == "co"


def test_xlsx_boolean_cells(tmp_path, tt25):
    header = TT25_COLUMNS_NO_VKK
    row = table(header, [tt25_level2("X-01")])[0]
    row[header.index("1.1")] = True
    row[header.index("1.2")] = False
    path = write_xlsx(tmp_path / "s.xlsx", header, [row])
    got = only_row(path, tt25)
    assert (got.values["1.1"], got.values["1.2"]) == (1, 0)


def test_header_only_sheet_scores_nothing(tmp_path, tt22):
    path = write_dict_sheet(tmp_path / "s.csv", TT22_COLUMNS, [])
    result = score_sheet(path, tt22, outputs=[])
    assert result.shown == [] and result.errors == []
    assert result.summary["scored"] == 0


@pytest.mark.parametrize("workers", ["1", "2"])
def test_large_sheet_keeps_row_numbers_and_duplicates_across_chunks(tmp_path, tt22, monkeypatch, workers):
    """Several thousand rows (read in chunks, maybe by worker processes): numbering, duplicates and
    bad cells are still those of the physical rows."""
    monkeypatch.setenv("RECOGNISE_WORKERS", workers)
    lines = [";".join(TT22_COLUMNS)]
    expected_rows: dict[str, int] = {}
    bad: set[tuple[int, str, str]] = set()
    full = [str(TT22_MAX[c]) for c in TT22_CODES]
    for i in range(3000):
        if i % 250 == 7:
            lines.append("")                      # a blank line still takes an Excel row
        ma = f"DV-{i:05d}"
        values = list(full)
        if i % 997 == 500:
            values[0] = "abc"
            bad.add((len(lines) + 1, "1.a", "abc"))
        else:
            expected_rows[ma] = len(lines) + 1
        lines.append(";".join([ma, f"Đơn vị {i}", "", *values]))
    lines.append(";".join(["DV-00002", "Trùng mã", "", *full]))
    bad.add((len(lines), "ma", "DV-00002"))
    path = tmp_path / "s.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    out = tmp_path / "r.json"
    result = score_sheet(path, tt22, outputs=[out], keep=0)
    import json

    data = json.loads(out.read_text(encoding="utf-8"))
    assert {(e["row"], e["column"], e["value"]) for e in data["errors"]} == bad
    assert {s["id"]: s["row"] for s in data["subjects"]} == expected_rows
    assert [s["id"] for s in data["subjects"]] == sorted(expected_rows)
    assert result.summary["scored"] == len(expected_rows)
    assert result.summary["rejected"] == len(bad)


def test_data_under_an_empty_header_is_reported(tmp_path, tt22):
    header = ["ma", "ten", "", *TT22_CODES]
    rows = [["DV-01", "A", "", *[str(TT22_MAX[c]) for c in TT22_CODES]],
            ["DV-02", "B", "ghi thêm", *[str(TT22_MAX[c]) for c in TT22_CODES]]]
    path = write_csv(tmp_path / "s.csv", header, rows)
    result = score_sheet(path, tt22, outputs=[])
    assert [s["id"] for s in result.shown] == ["DV-01"]
    assert [(e.row, e.column, e.value) for e in result.errors] == [(3, "C", "ghi thêm")]
