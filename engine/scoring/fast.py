"""Rows scored by what they share with rows already scored: the same output for the same inputs.

A row's encoded results, after its code, name, area and row number, depend only on its input and
attribute cells (given the criteria set). On points sets without attributes they are put together
from pieces built once per distinct value: each indicator's (cell text → points, JSON and CSV
parts), each criterion's (its cells → sum and parts), each total's (→ grade, reasons), all from what
the rules answered, encoded once in UTF-8. Levels sets are put together likewise from each
criterion's part and each decision's head (engine/scoring/fast_levels.py). On other sets a row is
worked out by the general path (RowParser, Scorer, the encoders) once per distinct combination of
its input and attribute cells, cut after its identity and remembered (bounded). Rows the caches
cannot speak for (an unexpected cell, a duplicate code, a flaw from reading, the rows kept for the
terminal table) go to the general path. tests/test_fast_path.py holds the two paths to the same bytes on hostile sheets.
"""

from __future__ import annotations

import decimal
from collections import Counter
from decimal import Decimal
from itertools import chain
from json.encoder import encode_basestring
from operator import attrgetter, itemgetter
from typing import NamedTuple

from engine.results.codec import dump
from engine.results.writers import (
    CsvWriter,
    csv_cells,
    csv_identity,
    encode_csv,
    encode_xlsx,
    outcome_label,
    subject_start,
)
from engine.scoring.explain import grade_reasons
from engine.scoring.scorer import (
    EXACT,
    Scorer,
    awarded_points,
    criterion_part,
    indicator_part,
    points_fields,
    points_result,
)
from engine.sheets.reader import BOARD_ROLES, MAX_CELL_CHARS, ROW_NUMBER, Column, RowError, RowParser

ROW_CACHE = 5_000  # distinct input combinations remembered (each holds its encoded outputs)
PIECE_CACHE = 20_000


class Tail(NamedTuple):
    """The outputs of a row after its identity, per output format, and what the tally needs."""

    json: tuple[bytes, ...]  # pieces in UTF-8, joined in the output (encoded once, not once a row)
    csv: bytes  # the line after the identity, with its end, in UTF-8
    xlsx: list
    recognised: bool
    outcome: str


class Errors(NamedTuple):
    """The row errors of a combination of inputs: (column, value, message), stamped with each row's identity."""

    found: tuple[tuple[str, str, str], ...]


GENERAL = object()  # the combination is the general path's (its results depend on more than its inputs)


class Piece(NamedTuple):
    """An indicator's points and its encoded parts (those of outputs not asked for are left empty)."""

    points: Decimal
    json: str
    csv: str
    xlsx: list


class Part(NamedTuple):
    """A criterion's points and its encoded parts (JSON in UTF-8), with its indicators' points."""

    points: Decimal
    json: bytes
    csv: bytes
    xlsx: list
    each: tuple[Decimal, ...]
    n: int  # a number of its own, never reused: rows are keyed by the parts they are made of
    millionths: int | None  # the points × 10⁶ when that is whole


class Block(NamedTuple):
    """Consecutive subjects from the caches: per output the encoded text (XLSX: the rows), and counts."""

    encoded: tuple
    recognised: int
    outcomes: dict[str, int]


_FORMULA = frozenset("=+-@")  # the first characters writers._text_cell guards
_ZERO = Decimal(0)
_JSON, _CSV, _XLSX, _N = attrgetter("json"), attrgetter("csv"), attrgetter("xlsx"), attrgetter("n")


class FastRows:
    """Per-job caches; `chunk` scores a chunk, handing the rows the caches cannot speak for to `general`."""

    def __init__(self, parser: RowParser, scorer: Scorer, columns: list[Column | None], notice: str | None,
                 explain: str | None, suffixes: tuple[str, ...]):
        self.parser, self.scorer, self.cs = parser, scorer, scorer.cs
        self.width = len(columns)
        index = {c.key: i for i, c in enumerate(columns) if c is not None}
        # cells that must be empty for the cached outputs to hold: text under no header, the board's own figures
        self.unnamed = [i for i, c in enumerate(columns) if c is None or c.role in BOARD_ROLES]
        self.i_ma, self.i_ten, self.i_area = index["ma"], index["ten"], index.get("dia_ban")
        self.i_note = index.get("ghi_chu")
        self.explain = explain
        values = [i for i, c in enumerate(columns) if c is not None and c is not ROW_NUMBER
                  and c.role in ("input", "attribute", "history")]
        self.key = itemgetter(*values) if values else (lambda cells: ())
        self.start = subject_start(notice)
        self.line_end = CsvWriter.line_end(notice)
        self.suffixes = suffixes
        self.want = tuple(s in suffixes for s in (".json", ".csv", ".xlsx"))
        self.rows: dict = {}
        self.row_cache = ROW_CACHE if ".json" in suffixes else 4 * ROW_CACHE  # a JSON tail is ten times longer
        self.points = self._points_layout(columns)
        self.levels = None
        if self.cs.scheme == "levels":
            from engine.scoring.fast_levels import LevelsRows  # only for a levels set

            if parser.shares is None and LevelsRows.usable(self.cs, columns):
                self.levels = LevelsRows(scorer.levels_path, parser, columns, self.want, self.line_end)

    def chunk(self, start: int, rows: list, keep: int, general) -> list:
        """Scored rows in Blocks; `general(i, number, cells, note)` gives the item of any other row."""
        out: list = []
        jsons: list[bytes] = []
        csvs: list[bytes] = []
        xlsxs: list[list] = []
        recognised = 0
        outcomes: list[str] = []
        want_json, want_csv, want_xlsx = (s in self.suffixes for s in (".json", ".csv", ".xlsx"))
        width, unnamed, explain, i_ma, i_ten, i_area, i_note = (self.width, self.unnamed, self.explain, self.i_ma,
                                                                 self.i_ten, self.i_area, self.i_note)
        key_of, cache, limit = self.key, self.rows, self.row_cache
        parts_row = self._points_row if self.points is not None else self.levels.row if self.levels else None
        enc, start_json = encode_basestring, self.start

        def flush() -> None:
            nonlocal jsons, csvs, xlsxs, recognised, outcomes
            if outcomes:
                if jsons:
                    jsons.pop()  # the separator after the last subject
                encoded = {".json": b"".join(jsons), ".csv": b"".join(csvs), ".xlsx": xlsxs}
                out.append(Block(tuple(encoded[s] for s in self.suffixes), recognised, dict(Counter(outcomes))))
                jsons, csvs, xlsxs, recognised, outcomes = [], [], [], 0, []

        for i, (number, cells, note) in enumerate(rows, start):
            tail = parts = None
            if note is None and i >= keep and len(cells) == width:
                ma, ten = cells[i_ma], cells[i_ten]
                area = cells[i_area] if i_area is not None else ""
                ident = f"{ma};{ten};{area};"
                if (ma and ten and ma != explain
                        and (len(ident) <= MAX_CELL_CHARS or max(len(ma), len(ten), len(area)) <= MAX_CELL_CHARS)
                        and (i_note is None or len(cells[i_note]) <= MAX_CELL_CHARS)
                        and not (unnamed and any(cells[k] for k in unnamed))):
                    # from the parts of the criteria (cheaper than remembering whole rows); else whole rows
                    if parts_row is not None:
                        found = parts_row(cells)
                        if found is not None:
                            tail, parts = found  # the total's (or decision's) encoded parts, and the criteria's
                    if parts is None:
                        key = key_of(cells)
                        tail = cache.get(key)
                        if tail is None:
                            tail = self._general(number, cells)
                            if len(cache) >= limit:
                                cache.clear()
                            cache[key] = tail
            if parts is None:
                if tail is None or tail is GENERAL:
                    flush()
                    out.append(general(i, number, cells, note))
                    continue
                if tail.__class__ is Errors:
                    flush()
                    out.append([RowError(number, column, value, message, ma, ten)
                                for column, value, message in tail.found])
                    continue
            if want_json:
                jsons.append(f'{start_json}{enc(ma)}, "name": {enc(ten)}, "area": {enc(area)}, "row": {number}'
                             .encode())
                if parts is None:
                    jsons.extend(tail.json)  # pieces, copied once when the block is joined
                else:
                    jsons += (tail[0], b", ".join(map(_JSON, parts)), tail[1])
                jsons.append(b",\n")
            if want_csv:
                if (ident.count(";") != 3 or '"' in ident or "\n" in ident or "\r" in ident or ma[0] in _FORMULA
                        or ten[0] in _FORMULA or area[:1] in _FORMULA):  # ma and ten are not empty here
                    ident = csv_identity(ma, ten, area, number)
                else:
                    ident = f"{ident}{number};"
                csvs.append(ident.encode())
                if parts is None:
                    csvs.append(tail.csv)
                else:
                    csvs += (tail[2], b";".join(map(_CSV, parts)), tail[3])
            if parts is None:
                if want_xlsx:
                    xlsxs.append([ma, ten, area, number, *tail.xlsx])
                recognised += tail.recognised
                outcomes.append(tail.outcome)
            else:
                if want_xlsx:
                    xlsxs.append([ma, ten, area, number, *tail[4], *chain.from_iterable(map(_XLSX, parts)), *tail[5]])
                recognised += tail[6]
                outcomes.append(tail[7])
        flush()
        return out

    def identity(self, number: int, cells: list[str]) -> tuple[str, str, str, str]:
        ma, ten = cells[self.i_ma], cells[self.i_ten]
        area = cells[self.i_area] if self.i_area is not None else ""
        return ma, ten, area, str(number)

    def json_head(self, ma: str, ten: str, area: str, number: str) -> str:
        return (f'{self.start}{encode_basestring(ma)}, "name": {encode_basestring(ten)}, '
                f'"area": {encode_basestring(area)}, "row": {number}')

    def _general(self, number: int, cells: list[str]) -> Tail | Errors | object:
        """A new combination, by the general path, cut after the identity (checked, else the general path
        keeps such rows)."""
        ma, ten, area, shown = self.identity(number, cells)
        row, errors = self.parser.parse(number, cells, None)
        if not errors:
            subject = self.scorer.score(row)
            if isinstance(subject, list):
                errors = subject
        else:
            errors = errors + self.scorer.missing(row)
        if errors:
            if any((e.row, e.ma, e.ten) != (number, ma, ten) for e in errors):
                return GENERAL
            return Errors(tuple((e.column, e.value, e.message) for e in errors))
        if row.board or (subject["id"], subject["name"], subject["area"], subject["row"]) != (ma, ten, area, number):
            return GENERAL
        want_json, want_csv, want_xlsx = self.want
        json: tuple[bytes, ...] = ()
        if want_json:
            text = dump(subject)
            head = '{"id": ' + self.json_head(ma, ten, area, shown)[len(self.start):]
            if not text.startswith(head):
                return GENERAL
            json = (text[len(head):].encode(),)
        return Tail(json, (csv_cells(encode_csv(subject)[4:]) + self.line_end).encode() if want_csv else b"",
                    encode_xlsx(subject)[4:] if want_xlsx else [], subject["recognised"], outcome_label(subject))

    # --- points sets: pieces per indicator and per criterion -----------------------------------

    def _points_layout(self, columns: list[Column | None]) -> list | None:
        """Per criterion: its indicators' (index, input, column); None when the set needs more than the inputs
        of each indicator alone (attributes, several inputs, parts of another input, the registry's shares)."""
        cs = self.cs
        if cs.scheme != "points" or cs.attributes or self.parser.shares is not None:
            return None
        at = {c.key: i for i, c in enumerate(columns) if c is not None}
        out, n = [], 0
        for crit in cs.criteria:
            items = []
            for ind in crit.indicators:
                inputs = ind.input_list()
                if len(inputs) != 1 or inputs[0].at_most or inputs[0].registry_share or inputs[0].key not in at:
                    return None
                items.append((n, ind, inputs[0], at[inputs[0].key]))
                n += 1
            if not items:
                return None
            where = [i for _, _, _, i in items]
            out.append((crit, items, itemgetter(*where) if len(where) > 1 else (lambda c, i=where[0]: (c[i],)), {}))
        self.context = decimal.Context(prec=EXACT)
        self.indicator_pieces: list[dict[str, Piece | None]] = [{} for _ in range(n)]
        self.totals: dict[object, tuple] = {}
        self.made = 0
        self.knockouts = bool(cs.knockouts)  # the grade may then depend on more than the total
        return out

    def _points_row(self, cells: list[str]) -> tuple[tuple, list[Part]] | None:
        """What `chunk` puts together a row of a points set from: its total's encoded parts (see `_total`)
        and its criteria's Parts; None when the caches cannot speak for it."""
        parts: list[Part] = []
        append = parts.append
        millionths: int | None = 0
        for crit, items, texts_of, cache in self.points:
            texts = texts_of(cells)
            part = cache.get(texts)
            if part is None:
                part = self._criterion(crit, items, texts)
                if part is None:
                    return None
                if len(cache) >= PIECE_CACHE:
                    cache.clear()
                cache[texts] = part
            append(part)
            if millionths is not None:
                millionths = None if part.millionths is None else millionths + part.millionths
        # the total, exactly, as an integer when it can be (a Decimal's hash is slow); else the parts themselves
        key: object = millionths if millionths is not None and not self.knockouts else tuple(map(_N, parts))
        head = self.totals.get(key)
        if head is None:
            head = self._total(parts)
            if len(self.totals) >= PIECE_CACHE:
                self.totals.clear()
            self.totals[key] = head
        return head, parts

    def _criterion(self, crit, items, texts: tuple[str, ...]) -> Part | None:
        pieces = []
        for (n, ind, inp, _), text in zip(items, texts, strict=True):
            cache = self.indicator_pieces[n]
            piece = cache.get(text, False)
            if piece is False:
                piece = self._indicator(n, ind, inp, text)
                if len(cache) >= PIECE_CACHE:
                    cache.clear()
                cache[text] = piece
            if piece is None:
                return None
            pieces.append(piece)
        points = Decimal(0)
        for p in pieces:
            points = self.context.add(points, p.points)
        want_json, want_csv, want_xlsx = self.want
        json = b""
        if want_json:
            text = dump(criterion_part(crit, points, []))
            json = (text[:-2] + ", ".join(p.json for p in pieces) + "]}").encode()
        self.made += 1
        scaled = points.scaleb(6)
        return Part(points, json, ";".join(p.csv for p in pieces).encode() if want_csv else b"",
                    [x for p in pieces for x in p.xlsx] if want_xlsx else [], tuple(p.points for p in pieces),
                    self.made, int(scaled) if scaled == scaled.to_integral_value() else None)

    def _indicator(self, n: int, ind, inp, text: str) -> Piece | None:
        if not text or len(text) > MAX_CELL_CHARS:
            return None  # whether the empty cell is missing, or too long, is the general path's to say
        value = self.parser.value(inp, text)
        if isinstance(value, str):
            return None
        verdict = self.scorer.decider.points(n, value)
        if verdict.missing:
            return None
        awarded = awarded_points(value, verdict)
        part = indicator_part(ind, text, points_fields(ind, awarded, verdict.reason))  # as Scorer._points does
        subject = {"id": "", "name": "", "area": "", "row": 0, "grade": "", "recognised": False, "total": None,
                   "reasons": [], "criteria": [{"indicators": [part]}]}
        want_json, want_csv, want_xlsx = self.want
        return Piece(awarded, dump(part) if want_json else "",
                     csv_cells(encode_csv(subject)[7:-1]) if want_csv else "",
                     encode_xlsx(subject)[7:-1] if want_xlsx else [])

    def _total(self, parts: list[Part]) -> tuple:
        """What a row's total decides (grade, reasons), encoded."""
        cs = self.cs
        total = _ZERO
        for part in parts:
            total = self.context.add(total, part.points)
        sums = tuple(p.points for p in parts)
        each = tuple(x for p in parts for x in p.each)
        decision = self.scorer.decider.grade(total, sums, each)
        result = points_result(cs, total, decision, [], grade_reasons(cs, total, decision))
        subject = {"id": "", "name": "", "area": "", "row": 0, **result}
        text = dump(result)
        mark = '"criteria": []'
        at = text.index(mark)
        json_head, json_rest = (", " + text[1:at] + '"criteria": [').encode(), text[at + len(mark) - 1:].encode()
        cells = encode_csv(subject)
        row = encode_xlsx(subject)
        return (json_head, json_rest, (csv_cells(cells[4:7]) + ";").encode(),
                (csv_cells(["", *cells[7:]]) + self.line_end).encode(), row[4:7], row[7:],
                decision.recognised, outcome_label(subject))
