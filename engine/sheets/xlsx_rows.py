"""XLSX score sheets read straight from the package, streaming, with every cell where the file puts it.

Not through openpyxl's read-only mode, for three reasons measured on hostile files: it trusts the
sheet's <dimension> (a file that understates it lost 16 of 18 rows without a word), it turns numbers
into floats (84,99999999999999999 became 85) and it loads any number of shared strings before the
first row. Here the used range is what the rows say, a number is the decimal the file stores, and
every part is read under limits checked before or while it is parsed, so that a small file that
would unpack to gigabytes is refused in seconds.
"""

from __future__ import annotations

import posixpath
import pyexpat
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Context, Decimal, InvalidOperation
from pathlib import Path
from typing import IO

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.cell import get_column_letter
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from engine.errors import did_you_mean
from engine.sheets.raw import MAX_CELL_CHARS, MAX_COLUMNS, Flaw, RawRow, SheetError, SheetInfo, open_regular
from engine.vn.numbers import fmt
from engine.vn.text import nfc

MAX_XLSX_BYTES = 200_000_000
MAX_XLSX_UNPACKED = 4_000_000_000
MAX_RATIO = 100  # unpacked / packed of one part: real sheets stay near 10, zip bombs reach thousands
RATIO_FROM = 5_000_000  # parts smaller than this unpack quickly whatever their ratio
MAX_PART_BYTES = 50_000_000  # workbook, relationships, styles
MAX_SHARED_STRINGS = 1_000_000
MAX_SHARED_CHARS = 100_000_000
MAX_EMPTY_CELLS = 2_000_000  # cells and rows holding no value, read before giving up on the file
MAX_STYLES = 100_000
MAX_OTHER_ELEMENTS = 2_000_000  # elements of a worksheet besides rows and cells (merges, links, formats…)
MAX_CELL_ELEMENTS = 1_000  # elements inside one cell (rich-text runs of an inline string)
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384
EXCEL_DIGITS = 15  # significant digits Excel keeps, shows and lets a board type
SHORT_DIGITS = 10  # a longer number within rounding of one this short is a formula's rounding error
CHUNK = 1 << 16

_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")
_QUOTED = re.compile(r'"[^"]*"|\\.')  # literal text in a number format: a quoted "%" does not scale
_ROUND15 = Context(prec=EXCEL_DIGITS)


def _local(name: str) -> str:
    """`x:row` and `row` alike (namespaces are not processed: only the local names matter here)."""
    return name[name.rfind(":") + 1:]


class _Refused(Exception):
    """Raised inside the XML handlers; becomes a SheetError naming the file."""


def _parser() -> pyexpat.XMLParserType:
    parser = pyexpat.ParserCreate()
    parser.buffer_text = True

    def no_dtd(*_args) -> None:  # a spreadsheet part never declares a DTD or entities
        raise _Refused("phần XML có khai báo DTD hoặc thực thể (không có trong tệp Excel thật)")

    parser.StartDoctypeDeclHandler = no_dtd
    parser.EntityDeclHandler = no_dtd
    return parser


@dataclass
class _Package:
    path: Path
    archive: zipfile.ZipFile
    names: dict[str, str] = field(default_factory=dict)  # lower-case name → name as stored

    def find(self, name: str) -> str | None:
        return name if name in self.archive.NameToInfo else self.names.get(name.lower())

    def chunks(self, part: str, parser: pyexpat.XMLParserType) -> Iterator[None]:
        """Feed one part to the parser chunk by chunk, pausing after each (rows are handed out then);
        every way the part can be broken ends as one SheetError."""
        try:
            with self.archive.open(part) as stream:
                while chunk := stream.read(CHUNK):
                    parser.Parse(chunk, False)
                    yield
                parser.Parse(b"", True)
                yield
        except _Refused as exc:
            raise SheetError(f"{self.path}: {exc}; không chấm gì") from None
        except pyexpat.ExpatError as exc:
            raise SheetError(f"{self.path}: tệp XLSX hỏng: phần {part} không phải XML hợp lệ "
                             f"(dòng {exc.lineno}); không chấm gì") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError):
            raise SheetError(f"{self.path}: tệp XLSX hỏng: không giải nén được phần {part}; "
                             "không chấm gì") from None

    def feed(self, part: str, parser: pyexpat.XMLParserType) -> None:
        for _ in self.chunks(part, parser):
            pass


def _open(path: Path, handle: IO[bytes]) -> _Package:
    size = handle.seek(0, 2)
    handle.seek(0)
    if size > MAX_XLSX_BYTES:
        raise SheetError(f"{path}: tệp lớn hơn {MAX_XLSX_BYTES // 1_000_000} MB")
    try:
        archive = zipfile.ZipFile(handle)
        infos = archive.infolist()
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError):  # the library's reason is English
        raise SheetError(f"{path}: không mở được tệp XLSX (không phải tệp Excel .xlsx, hoặc tệp bị hỏng); lưu lại "
                         "bảng bằng Excel hoặc LibreOffice dạng .xlsx rồi chấm lại") from None
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_XLSX_UNPACKED:
        raise SheetError(f"{path}: tệp XLSX giải nén ra hơn {MAX_XLSX_UNPACKED // 1_000_000_000} GB; không chấm gì")
    for info in infos:  # declared sizes: zipfile stops at them, so they bound the work
        if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise SheetError(f"{path}: phần {info.filename} của tệp XLSX nén {info.compress_size:,} byte thành "
                             f"{info.file_size:,} byte (gấp hơn {MAX_RATIO} lần): không phải bảng điểm thật "
                             "(tệp nén bất thường); không chấm gì".replace(",", "."))
    return _Package(path, archive, {info.filename.lower(): info.filename for info in infos})


def _small(package: _Package, name: str, start: Callable[[str, dict], None]) -> None:
    info = package.archive.getinfo(name)
    if info.file_size > MAX_PART_BYTES:
        raise SheetError(f"{package.path}: phần {name} của tệp XLSX lớn bất thường ({info.file_size:,} byte); "
                         "không chấm gì".replace(",", "."))
    parser = _parser()
    parser.StartElementHandler = lambda tag, attrs: start(_local(tag), attrs)
    package.feed(name, parser)


def _relationships(package: _Package, part: str) -> dict[str, tuple[str, str]]:
    """Id → (type, target part) for the relationships of `part` ('' for the package itself)."""
    folder, base = posixpath.split(part)
    rels = package.find(posixpath.join(folder, "_rels", base + ".rels"))
    found: dict[str, tuple[str, str]] = {}
    if rels is None:
        return found

    def start(tag: str, attrs: dict) -> None:
        if tag == "Relationship" and attrs.get("TargetMode") != "External":
            target = attrs.get("Target", "")
            target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            found[attrs.get("Id", "")] = (attrs.get("Type", ""), target)

    _small(package, rels, start)
    return found


@dataclass
class _Workbook:
    sheets: list[tuple[str, str]]  # (name, part) of each worksheet, in the workbook's order
    shared: str | None
    styles: str | None
    date1904: bool


def _workbook(package: _Package) -> _Workbook:
    office = next((t for kind, t in _relationships(package, "").values() if kind.endswith("/officeDocument")),
                  "xl/workbook.xml")
    part = package.find(office)
    if part is None:
        raise SheetError(f"{package.path}: tệp XLSX hỏng: không có phần sổ tính {office}; không chấm gì")
    rels = _relationships(package, part)
    listed: list[tuple[str, str]] = []
    flags = {"date1904": False}

    def start(tag: str, attrs: dict) -> None:
        if tag == "sheet":
            rid = next((v for k, v in attrs.items() if _local(k) == "id"), "")
            listed.append((nfc(attrs.get("name", "")), rid))
        elif tag == "workbookPr":
            flags["date1904"] = attrs.get("date1904", "0").lower() in ("1", "true")

    _small(package, part, start)
    sheets = [(name, rels[rid][1]) for name, rid in listed
              if rid in rels and rels[rid][0].endswith("/worksheet")]
    shared = next((t for kind, t in rels.values() if kind.endswith("/sharedStrings")), None)
    styles = next((t for kind, t in rels.values() if kind.endswith("/styles")), None)
    return _Workbook(sheets, shared and package.find(shared), styles and package.find(styles), flags["date1904"])


_STYLE_SECTIONS = frozenset({"numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs",
                             "tableStyles", "colors", "extLst"})


def _number_kinds(package: _Package, part: str | None) -> list[str]:
    """For each cell style: 'percent', 'date' or '' (how Excel shows the number stored in the cell)."""
    if part is None:
        return []
    codes: dict[int, str] = {}
    styles: list[int] = []
    section = {"now": ""}

    def start(tag: str, attrs: dict) -> None:
        if tag in _STYLE_SECTIONS:
            section["now"] = tag
        elif tag == "numFmt" and section["now"] == "numFmts":
            codes[_int(attrs.get("numFmtId"), -1)] = attrs.get("formatCode", "")
        elif tag == "xf" and section["now"] == "cellXfs":
            if len(styles) >= MAX_STYLES:
                raise _Refused(f"tệp XLSX có hơn {MAX_STYLES} kiểu ô")
            styles.append(_int(attrs.get("numFmtId"), 0))

    _small(package, part, start)
    kinds: dict[int, str] = {}
    for number in set(styles):
        code = codes.get(number, BUILTIN_FORMATS.get(number, "General"))
        bare = _QUOTED.sub("", code)
        kinds[number] = ("percent" if "%" in bare else
                         "date" if is_date_format(code) and not is_timedelta_format(code) else "")
    return [kinds[n] for n in styles]


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _shared_strings(package: _Package, part: str | None) -> list[str]:
    strings: list[str] = []
    if part is None:
        return strings
    state = {"depth_rph": 0, "in_t": False, "chars": 0}
    current: list[str] = []

    def start(tag: str, attrs: dict) -> None:
        name = _local(tag)
        if name == "sst":
            declared = _int(attrs.get("uniqueCount"), 0)
            if declared > MAX_SHARED_STRINGS:
                raise _Refused(_too_many_strings(declared))
        elif name == "si":
            current.clear()
        elif name == "rPh":
            state["depth_rph"] += 1  # phonetic hints are not part of the text
        elif name == "t":
            state["in_t"] = True

    def end(tag: str) -> None:
        name = _local(tag)
        if name == "t":
            state["in_t"] = False
        elif name == "rPh":
            state["depth_rph"] -= 1
        elif name == "si":
            if len(strings) >= MAX_SHARED_STRINGS:
                raise _Refused(_too_many_strings(len(strings) + 1))
            strings.append(nfc(_unescape("".join(current))[: MAX_CELL_CHARS + 1]).strip())

    def text(data: str) -> None:
        if state["in_t"] and not state["depth_rph"]:
            state["chars"] += len(data)
            if state["chars"] > MAX_SHARED_CHARS:
                raise _Refused(f"bảng chuỗi dùng chung của tệp XLSX dài hơn {MAX_SHARED_CHARS:,} ký tự"
                               .replace(",", "."))
            current.append(data)

    parser = _parser()
    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, text
    package.feed(part, parser)
    return strings


def _too_many_strings(count: int) -> str:
    return (f"tệp XLSX có hơn {MAX_SHARED_STRINGS:,} chuỗi dùng chung ({count:,}): lớn hơn mọi bảng điểm thật"
            .replace(",", "."))


_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape(text: str) -> str:
    """Excel writes characters XML cannot hold as `_x000D_`."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


# --- numbers --------------------------------------------------------------------------------

def _decimal(text: str) -> Decimal | None:
    try:
        d = Decimal(text.strip())
    except InvalidOperation:
        return None
    return d if d.is_finite() else None


def _shift(d: Decimal, places: int) -> Decimal:
    """d·10^places, exactly (no context rounding: the digits stay as stored)."""
    sign, digits, exponent = d.as_tuple()
    return Decimal((sign, digits, int(exponent) + places))


def _significant(d: Decimal) -> int:
    digits = d.as_tuple().digits
    return len("".join(map(str, digits)).strip("0")) or 1


def number_text(d: Decimal) -> str:
    """The decimal as a board would type it (`7,5`), every stored digit kept; an absurd magnitude in
    scientific form, which the value parser names as too large or too small."""
    if d.is_zero():
        return "0"
    if abs(d.adjusted()) > 100:
        return str(d).replace(".", ",")
    return format(d, "f").replace(".", ",")


def _imprecise(d: Decimal) -> Decimal | None:
    """The short number a long one sits within rounding of (59,999999999999993 → 60), when the file
    holds more digits than Excel keeps: a formula's rounding error or a deliberate value, no one can
    tell, so the row is refused rather than compared either way."""
    if len(d.as_tuple().digits) <= EXCEL_DIGITS or _significant(d) <= EXCEL_DIGITS or abs(d.adjusted()) > 100:
        return None
    near = _ROUND15.plus(d)
    return near if _significant(near) <= SHORT_DIGITS else None


# --- the worksheet --------------------------------------------------------------------------

class _Rows:
    """Expat handlers for one worksheet: completed rows are collected in `ready`.

    The handlers run once per element of files with millions of them: plain attributes, no objects
    per cell, column letters looked up once."""

    def __init__(self, path: Path, shared: list[str], kinds: list[str], date1904: bool):
        self.path, self.shared, self.kinds = path, shared, kinds
        self.epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
        self.ready: list[RawRow] = []
        self.number = 0
        self.values: dict[int, str] = {}
        self.flaws: list[Flaw] = []
        self.in_cell = False
        self.column = 0
        self.kind = "n"
        self.style = 0
        self.parts: list[str] = []
        self.chars = 0
        self.collect = False
        self.inline = False
        self.phonetic = 0
        self.empty = 0
        self.other = 0
        self.inner = 0
        self.in_row = False
        self.letters: dict[str, int] = {}

    def start(self, tag: str, attrs: dict) -> None:
        if ":" in tag:
            tag = _local(tag)
        if tag == "c":
            if not self.in_row or self.in_cell:
                raise _Refused("tệp XLSX hỏng: có ô nằm ngoài mọi dòng hoặc trong một ô khác")
            self.inner = 0
            ref = attrs.get("r")
            self.column = self.column + 1 if ref is None else self._column(ref)
            self.kind = attrs.get("t", "n")
            style = attrs.get("s")
            self.style = 0 if style is None else _int(style, 0)
            self.in_cell, self.parts, self.chars, self.inline, self.phonetic = True, [], 0, False, 0
        elif tag == "row":
            if self.in_row:
                raise _Refused("tệp XLSX hỏng: có dòng nằm trong một dòng khác")
            self.in_row = True
            r = attrs.get("r")
            self.number = self.number + 1 if r is None else _int(r, 0)
            if not 1 <= self.number <= EXCEL_ROWS:
                raise _Refused(f"tệp XLSX hỏng: số dòng “{str(r)[:20]}” ngoài khoảng 1–{EXCEL_ROWS}")
            self.values, self.flaws, self.column = {}, [], 0
        elif self.in_cell:
            self.inner += 1
            if self.inner > MAX_CELL_ELEMENTS:
                raise _Refused(f"tệp XLSX có ô chứa hơn {MAX_CELL_ELEMENTS:,} phần tử".replace(",", "."))
            if tag == "v":
                self.collect = not self.inline
            elif tag == "is":
                self.inline = True
            elif tag == "rPh":
                self.phonetic += 1
            elif tag == "t" and self.inline and not self.phonetic:
                self.collect = True
        else:
            self.other += 1
            if self.other > MAX_OTHER_ELEMENTS:
                raise _Refused(f"trang tính của tệp XLSX có hơn {MAX_OTHER_ELEMENTS:,} phần tử không phải dòng "
                               "hay ô: không phải bảng điểm thật".replace(",", "."))

    def _column(self, ref: str) -> int:
        letters = ref.rstrip("0123456789")
        column = self.letters.get(letters)
        if column is not None:
            return column
        m = _REF.match(ref)
        if m is None:
            raise _Refused(f"tệp XLSX hỏng: địa chỉ ô “{ref[:20]}” không đọc được")
        column = 0
        for ch in m.group(1).upper():
            column = column * 26 + ord(ch) - 64
        if column > EXCEL_COLUMNS:
            raise _Refused(f"tệp XLSX hỏng: ô {ref[:20]} ngoài {EXCEL_COLUMNS} cột của Excel")
        if len(self.letters) < EXCEL_COLUMNS:
            self.letters[letters] = column
        return column

    def text(self, data: str) -> None:
        if self.collect and self.chars <= MAX_CELL_CHARS:
            self.parts.append(data)
            self.chars += len(data)

    def end(self, tag: str) -> None:
        if ":" in tag:
            tag = _local(tag)
        if tag == "c":
            self.in_cell = self.collect = False
            value = self._value("".join(self.parts)) if self.parts else ""
            if value:
                self._keep(self.column, value)
            else:
                self._count_empty()
        elif tag == "row":
            self.in_row = False
            if not self.values:
                self._count_empty()
                return
            cells = [""] * max(self.values)
            for column, value in self.values.items():
                cells[column - 1] = value
            self.ready.append(RawRow(self.number, cells, tuple(self.flaws)))
        elif tag in ("v", "t"):
            self.collect = False
        elif tag == "is":
            self.inline = False
        elif tag == "rPh":
            self.phonetic -= 1

    def _keep(self, column: int, value: str) -> None:
        if column > MAX_COLUMNS + 1:  # far outside any sheet: one cell stands for all, the row reports it
            if MAX_COLUMNS + 1 in self.values:
                return
            column = MAX_COLUMNS + 1
        self.values[column] = value

    def _count_empty(self) -> None:
        self.empty += 1
        if self.empty > MAX_EMPTY_CELLS:
            raise _Refused(f"tệp XLSX có hơn {MAX_EMPTY_CELLS:,} ô hoặc dòng trống: không phải bảng điểm thật "
                           "(xóa các ô thừa rồi lưu lại)".replace(",", "."))

    def _value(self, raw: str) -> str:
        kind = self.kind
        if kind == "s":
            index = _int(raw.strip(), -1)
            if 0 <= index < len(self.shared):
                return self.shared[index]
            self._flaw(raw[:20], f"ô {get_column_letter(self.column)}{self.number} chỉ tới chuỗi dùng chung số "
                                 f"“{raw[:20]}” mà tệp không có (tệp XLSX hỏng); không chấm dòng này")
            return ""
        if kind in ("inlineStr", "str", "e"):
            return nfc(_unescape(raw)).strip()
        if kind == "b":
            return {"1": "1", "0": "0", "true": "1", "false": "0"}.get(raw.strip().lower(), raw.strip())
        if kind == "d":
            return _iso_date(raw.strip())
        return self._number(raw)

    def _number(self, raw: str) -> str:
        kind = self.kinds[self.style] if 0 <= self.style < len(self.kinds) else ""
        if not kind and len(raw) <= EXCEL_DIGITS and raw.isascii() and raw.isdigit():
            return raw  # most cells of a score sheet: a whole number, as stored
        d = _decimal(raw)
        if d is None:
            return nfc(raw).strip()  # not a number after all: the value parser says so
        if kind == "date" and 1 <= d < 2_958_466:
            return _day_text(from_excel(float(d), self.epoch))
        if kind == "percent" and abs(d.adjusted()) <= 100:
            d = _shift(d, 2)  # Excel stores 92% as 0.92
        near = _imprecise(d)
        if near is not None:
            self._flaw(number_text(d), f"số {number_text(d)} có {_significant(d)} chữ số có nghĩa, nhiều hơn "
                                       f"{EXCEL_DIGITS} chữ số Excel giữ, và chỉ lệch {fmt(near)} một sai số làm "
                                       "tròn (thường do công thức): không biết giá trị đúng; làm tròn bằng hàm "
                                       "ROUND hoặc nhập số rồi chấm lại", numeric=True)
        return number_text(d)

    def _flaw(self, value: str, message: str, numeric: bool = False) -> None:
        self.flaws.append(Flaw(min(self.column, MAX_COLUMNS + 1) - 1, value, message, numeric=numeric))


def _day_text(moment: datetime) -> str:
    if (moment.hour, moment.minute, moment.second, moment.microsecond) == (0, 0, 0, 0):
        return f"{moment.day:02d}/{moment.month:02d}/{moment.year:04d}"
    return f"{moment.day:02d}/{moment.month:02d}/{moment.year:04d} {moment:%H:%M:%S}"


def _iso_date(text: str) -> str:
    try:
        return _day_text(datetime.fromisoformat(text))
    except ValueError:
        return nfc(text).strip()


def xlsx_sheet_names(path: Path) -> list[str]:
    """The worksheets of the workbook, in its order."""
    with open_regular(path) as handle:
        package = _open(path, handle)
        with package.archive:
            return [name for name, _ in _workbook(package).sheets]


def xlsx_rows(path: Path, sheet_name: str | None, info: SheetInfo | None = None) -> Iterator[RawRow]:
    with open_regular(path) as handle:
        package = _open(path, handle)
        with package.archive:
            book = _workbook(package)
            if not book.sheets:
                raise SheetError(f"{path}: tệp XLSX không có trang tính nào")
            if sheet_name is None:
                name, part = book.sheets[0]
            else:
                name = nfc(sheet_name)
                part = next((p for n, p in book.sheets if n == name), "")
                if not part:
                    names = [n for n, _ in book.sheets]
                    raise SheetError(f"{path}: không có trang tính “{sheet_name}”; có: {', '.join(names)}",
                                     hint=did_you_mean(sheet_name, names))
            if info is not None:
                info.worksheet = name
            stored = package.find(part)
            if stored is None:
                raise SheetError(f"{path}: tệp XLSX hỏng: thiếu phần {part} của trang tính; không chấm gì")
            kinds = _number_kinds(package, book.styles)
            rows = _Rows(path, _shared_strings(package, book.shared), kinds, book.date1904)
            parser = _parser()
            parser.StartElementHandler, parser.EndElementHandler = rows.start, rows.end
            parser.CharacterDataHandler = rows.text
            for _ in package.chunks(stored, parser):
                ready, rows.ready = rows.ready, []
                yield from ready
