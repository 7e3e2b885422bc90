"""The fast path (block checks while reading, caches of whole rows and of their parts) against the general path
(every cell normalised and parsed, every row scored and encoded on its own) on hostile sheets: the same bytes in
the JSON, CSV and XLSX results, the same row errors, summary, terminal table and explanation."""

from __future__ import annotations

import csv
import io
import random
import unicodedata
from pathlib import Path

import pytest

from engine.criteria.catalogue import find
from engine.criteria.load import LoadedSet, load_bytes
from engine.results.writers import csv_cells, csv_field
from engine.scoring.run import score_sheet
from engine.sheets.reader import FirstRows, layout


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


NAMES = ["Trường Tiểu học Nguyễn Văn An", _nfd("Trường THCS Trần Thị Bình"), "  Ủy ban nhân dân xã Yên Thế  ",
         "=SUM(A1:A9)", "+84 912", "-Hộ Lê", "@Đặng", 'Hợp tác xã "Bình Minh"', "Công ty; chi nhánh",
         "\u00a0Thôn Đông\u00a0", "x" * 1001, "", "Phòng\tGiáo dục", "Xã\u3000Hòa Bình"]
AREAS = ["Huyện Tân Phú, tỉnh Quảng Nam", _nfd("Huyện Ea Súp, tỉnh Đắk Lắk"), "", " Cà Mau ", "y" * 1001,
         "=HYPERLINK(\"x\")"]


def _value(rng: random.Random, inp) -> str:
    if inp.kind == "boolean":
        return rng.choice(["đạt", _nfd("đạt"), "không đạt", "x", "1", "0", " có ", "", "có lẽ", "Đạt"])
    if inp.kind == "level":
        top = int(inp.max or 3)
        return rng.choice([str(top), "mức độ 2", _nfd("mức độ 1"), "1", str(top + 2), "", "hai", " 2 "])
    if inp.kind == "percent":
        return rng.choice(["92,5", "92.5%", "80", "101", "", "abc", "40,0", " 75 ", "100%", "1e2"])
    top = inp.max or 10
    half = f"{int(top) - 1},5" if top >= 1 else "0"
    return rng.choice([str(top), str(top), str(top), half, "0", f" {top} ", f"{top}.0", "abc", "", "-1",
                       str(int(top) + 1), "1e3", "7,5,0", "1" + " " * 999 + "0", "\u00a05\u00a0", "0,0000000001"])


def _readable(rng: random.Random, inp, strong: bool) -> str:
    """A valid value of a levels input, written as boards write it; `strong`: enough for the highest level."""
    if strong:
        return {"boolean": "đạt", "level": str(inp.max or 3)}.get(inp.kind, "100")
    if inp.kind == "boolean":
        return rng.choice(["đạt", "không đạt", _nfd("đạt"), " Đạt ", "có", "không"])
    if inp.kind == "level":
        return rng.choice([str(rng.randint(0, int(inp.max or 3))), "mức độ 2", " 1 "])
    tenths = rng.randint(0, 1000)
    return rng.choice([f"{tenths // 10},{tenths % 10}", f"{tenths / 10}%", str(tenths // 10)])


def _attribute(rng: random.Random, attr) -> str:
    if attr.kind == "boolean":
        return rng.choice(["có", "không", _nfd("có"), "", "???", " Không "])
    return rng.choice([*attr.values(), "", "khác"])


DATES = ["", "", "15/03/2020", "2020-03-15", " 15/03/2020 ", "15/3/2024", "01/01/2025", "31/12/2024",
         "2025-12-31", "01/01/2026", "31/02/2021", "abc", "x" * 1001]  # the year scored is 2025; 4 unreadable


def _rows(cs, n: int, rng: random.Random, board: bool) -> tuple[list[str], list[list[str]]]:
    columns = layout(cs)
    header = [c.key for c in columns] + ([("Tổng điểm" if cs.scheme == "points" else "Mức độ")] if board else [])
    previous: list[list[str]] = []
    rows = []
    for i in range(n):
        roll = rng.random()
        if previous and roll < 0.25:  # the same inputs as an earlier row, another code and name
            cells = list(rng.choice(previous))
            cells[0] = f"DV-{i:05d}"
            cells[1] = rng.choice(NAMES[:10])
        else:
            cells = []
            strong = rng.random() < 0.3  # a levels subject at the top level, or held back by its waiting time
            for c in columns:
                if c.key == "ma":
                    cells.append(f"DV-{i:05d}")
                elif c.key == "ten":
                    cells.append(rng.choice(NAMES) if rng.random() < 0.3 else f"Đơn vị {i}")
                elif c.key == "dia_ban":
                    cells.append(rng.choice(AREAS))
                elif c.key == "ghi_chu":
                    cells.append(rng.choice(["", "", "ghi chú", "z" * 1001]))
                elif c.role == "attribute":
                    cells.append(_attribute(rng, cs.attribute(c.key)))
                elif c.role == "history":
                    cells.append(rng.choice(DATES[:9] if rng.random() < 0.9 else DATES))
                elif c.input.kind == "points":
                    cells.append(str(c.input.max or 10) if rng.random() < 0.8 else _value(rng, c.input))
                else:  # levels: mostly readable and varied, so that most rows are the parts' to answer
                    cells.append(_readable(rng, c.input, strong) if rng.random() < 0.97 else _value(rng, c.input))
            previous.append(cells)
        if roll > 0.97:  # a duplicate code: of the row above, or of one far above (read again from the file)
            cells[0] = rows[-1][0] if rows and roll > 0.985 else f"DV-{max(0, i - 1500):05d}"
        if board:
            cells.append(rng.choice(["", "", "100", "97,5", "abc", "1", "Mức độ 2"]))
        if roll < 0.01:
            cells.append("ô thừa")  # a cell beyond the header
        rows.append(cells)
    return header, rows


def _sheet(path: Path, header: list[str], rows: list[list[str]], *, delimiter: str, newline: str, bom: bool,
           nfd_block: bool) -> Path:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=newline)
    writer.writerow(header)
    for i, cells in enumerate(rows):
        if nfd_block and 400 <= i < 700:
            cells = [_nfd(c) for c in cells]
        writer.writerow(cells)
        if i == 50:
            buf.write(delimiter * (len(header) - 1) + newline)  # a blank row
        if i == 60:
            writer.writerow(["DV-multi", 'dòng "một"\nhai'] + [""] * (len(header) - 2))  # a cell over two lines
    writer.writerow(["Tổng cộng"] + [""] * (len(header) - 1))
    writer.writerow(["Người lập biểu"])
    data = buf.getvalue().encode("utf-8")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


BELOW = "dvht-tt22-2020+indicator_below"  # TT 22/2020 with a knock-out on each indicator's points


EXAMPLE_LEVELS = "cdht-xa-tt25-2023+example"  # a levels set as an example: its notice on every subject and line


def _loaded(set_id: str) -> LoadedSet:
    if set_id == EXAMPLE_LEVELS:
        loaded = find("cdht-xa-tt25-2023")
        return load_bytes(loaded.path.read_bytes().replace(b"\nstatus: official\n", b"\nstatus: example\n"),
                          loaded.path.name)
    if set_id != BELOW:
        return find(set_id)
    loaded = find("dvht-tt22-2020")
    raw = loaded.path.read_bytes() + ("knockouts:\n  - kind: indicator_below\n    below: 5\n"
                                      "    text: không công nhận khi có chỉ số dưới 5 điểm\n"
                                      "    source: Ví dụ kiểm thử\n").encode()
    return load_bytes(raw, loaded.path.name)


def _both(tmp_path: Path, sheet: Path, set_id: str, keep: int, explain: str | None = None) -> None:
    loaded = _loaded(set_id)
    got = {}
    for fast in (True, False):
        outputs = [tmp_path / f"{fast}.json", tmp_path / f"{fast}.csv", tmp_path / f"{fast}.xlsx"]
        result = score_sheet(sheet, loaded, outputs, workers=1, keep=keep, explain=explain, fast=fast, year=2025)
        got[fast] = (result, [p.read_bytes() for p in outputs])
    (fast_result, fast_bytes), (general_result, general_bytes) = got[True], got[False]
    assert fast_bytes[0] == general_bytes[0]
    assert fast_bytes[1] == general_bytes[1]
    assert fast_bytes[2] == general_bytes[2]
    assert fast_result.errors == general_result.errors
    assert fast_result.summary == general_result.summary
    assert fast_result.shown == general_result.shown
    assert fast_result.explained == general_result.explained
    assert fast_result.differences == general_result.differences
    assert fast_result.sheet == general_result.sheet


VARIANTS = [(";", "\r\n", True, True), (",", "\n", False, False), ("\t", "\r\n", False, True), (";", "\n", True, False)]


@pytest.mark.parametrize("set_id", ["dvht-tt22-2020", "gdht-448-vidu", BELOW, "cdht-xa-tt25-2023", "cdht-huyen-tt25-2023",
                                    "dvht-tinh-tt24-2023", EXAMPLE_LEVELS])
@pytest.mark.parametrize("variant", range(len(VARIANTS)))
def test_fast_path_matches_general_path(tmp_path: Path, set_id: str, variant: int) -> None:
    delimiter, newline, bom, nfd_block = VARIANTS[variant]
    rng = random.Random(f"{set_id}-{variant}")
    cs = _loaded(set_id).criteria
    n = 2600 if variant == 0 else 700
    header, rows = _rows(cs, n, rng, board=variant == 3)
    sheet = _sheet(tmp_path / "s.csv", header, rows, delimiter=delimiter, newline=newline, bom=bom,
                   nfd_block=nfd_block)
    _both(tmp_path, sheet, set_id, keep=0)
    _both(tmp_path, sheet, set_id, keep=100, explain="DV-00600")


def test_text_under_no_header_and_many_far_duplicates(tmp_path: Path) -> None:
    set_id = "dvht-tt22-2020"
    rng = random.Random(7)
    header, rows = _rows(find(set_id).criteria, 2500, rng, board=False)
    header.append("")  # an empty header over a column some rows fill in
    for i, cells in enumerate(rows):
        cells.append("lạc chỗ" if i % 97 == 0 else "")
        if i > 1200 and i % 50 == 0:
            cells[0] = f"DV-{i - 1100:05d}"  # more far duplicates than the table reads again: exact codes from then
    sheet = _sheet(tmp_path / "s.csv", header, rows, delimiter=";", newline="\r\n", bom=True, nfd_block=False)
    _both(tmp_path, sheet, set_id, keep=0)


def test_first_rows_finds_the_same_duplicates_with_colliding_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    import engine.sheets.reader as reader

    rng = random.Random(3)
    for bits, readings in ((64, 3), (4, 1000), (4, 3)):
        if bits < 64:
            monkeypatch.setattr(reader, "hash", lambda s, b=bits: hash(s) & ((1 << b) - 1), raising=False)
        monkeypatch.setattr(FirstRows, "MAX_READINGS", readings)
        codes = [f"C{rng.randint(0, 300)}" for _ in range(3000)]
        by_row = {n: c for n, c in enumerate(codes, 2)}
        first = FirstRows(lambda wanted, by_row=by_row: {n: by_row[n] for n in wanted}, 0)
        used: dict[str, int] = {}
        for n, code in by_row.items():
            assert first.earlier(code, n) == used.get(code)
            used.setdefault(code, n)
            first.chunk.append((n, [code], None))
            if n % 1000 == 0:
                first.chunk = []


def test_csv_cells_are_written_as_csv_writer_writes_them() -> None:
    rng = random.Random(5)
    alphabet = ['"', ";", ",", "\r", "\n", " ", "a", "é", "\t", "'", "="]
    for _ in range(2000):
        cells = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 5))) for _ in range(rng.randint(2, 4))]
        buf = io.StringIO()
        csv.writer(buf, delimiter=";", lineterminator="\r\n").writerow(cells)
        assert buf.getvalue()[:-2] == ";".join(csv_field(c) for c in cells) == csv_cells(cells)


@pytest.mark.parametrize("set_id", ["dvht-tt22-2020", "cdht-xa-tt25-2023"])
def test_plain_rows_are_answered_by_the_fast_path(tmp_path: Path, set_id: str) -> None:
    """Rows with nothing unusual never reach the general path (else the fast path would only be slower)."""
    from engine.scoring.fast import Block
    from engine.scoring.run import ChunkJob, _numbered
    from engine.sheets.reader import Sheet

    loaded = find(set_id)
    cs = loaded.criteria
    columns = [c for c in layout(cs) if c.key != "ngay_cong_nhan_muc_do_1"]
    rng = random.Random(11)
    def cell(c, i: int) -> str:
        if c.key in ("ma", "ten"):
            return f"DV-{i:05d}" if c.key == "ma" else f"Đơn vị {i}"
        if c.role != "input":
            return rng.choice(["có", "không"]) if c.role == "attribute" else ""
        if c.input.kind in ("points", "percent"):
            return str(c.input.max or 10)
        return "đạt" if c.input.kind == "boolean" else "1"

    rows = [[cell(c, i) for c in columns] for i in range(300)]
    sheet = tmp_path / "s.csv"
    with sheet.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, delimiter=";", lineterminator="\r\n").writerows([[c.key for c in columns], *rows])
    read = Sheet(sheet, cs)
    job = ChunkJob(loaded, read.columns, (".json", ".csv"), 0, None)
    items = [item for chunk in _numbered(read.chunks(1000)) for item in job(chunk)]
    assert items and all(isinstance(item, Block) for item in items)
    assert sum(sum(item.outcomes.values()) for item in items) == 300
    assert job._ready is not None and not job._ready[2].rows  # from the criteria's parts, not from whole rows
