"""Rows of a levels set put together from the parts they share with rows already scored.

The general path reads a row into a Row (every cell parsed), asks engine/scoring/levels.py for its
subject and encodes the subject whole. Here the same LevelsPath answers from the cells themselves:
the attributes, the date of the level-1 decision and each criterion's inputs are looked up by their
texts, and only a criterion not seen before has its inputs parsed and the rules asked. The outputs
are put together from pieces encoded once: each criterion's cells (on its part), each decision's
head, each date's history; only the reasons are encoded per row. A row with anything to report (an
invalid or over-long cell, an input the rules need left empty, a date after the year) is left to the
general path, which says why.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from operator import itemgetter

from engine.criteria.model import CriteriaSet, Input
from engine.results.codec import dump
from engine.results.writers import csv_cells, csv_field, encode_csv, encode_xlsx, outcome_label
from engine.rules.facts import FinalVerdict
from engine.scoring.levels import CACHE_LIMIT, CriterionPart, LevelsPath
from engine.sheets.reader import HISTORY_COLUMN, MAX_CELL_CHARS, Column, RowParser
from engine.vn.dates import parse_date

_INVALID = object()  # a cached text the general path must report on


class LevelsRows:
    """Per-job caches of a levels set over a sheet's columns; `row(cells)` as FastRows._points_row."""

    def __init__(self, levels: LevelsPath, parser: RowParser, columns: list[Column | None],
                 want: tuple[bool, bool, bool], line_end: str):
        self.levels, self.parser, self.want, self.line_end = levels, parser, want, line_end
        cs: CriteriaSet = levels.cs
        at = {c.key: i for i, c in enumerate(columns) if c is not None}
        attributes = [(a.key, a.default, at.get(a.key)) for a in cs.attributes]
        self._attribute_list = attributes
        self._attribute_texts = _getter([i for _, _, i in attributes if i is not None])
        self._history_at = at.get(HISTORY_COLUMN, -1) if levels.has_history_rule else None  # -1: no column
        # per criterion (`usable`: every input has a column): the cells of its inputs, in the order LevelsPath keys
        # its parts by, its inputs, and the pairs (part, whole) of its inputs where one is a part of the other
        self._criteria: list[tuple[Callable, list[Input], list[tuple[int, int]]]] = []
        for crit in cs.criteria:
            inputs = [inp for ind in crit.indicators for inp in ind.input_list()]
            keys = [inp.key for inp in inputs]
            parts = [(keys.index(inp.key), keys.index(inp.at_most)) for inp in inputs if inp.at_most in keys]
            self._criteria.append((_getter([at[k] for k in keys]), inputs, parts))
        self._attrs: dict[tuple, object] = {}
        self._dates: dict[str, object] = {}
        self._decided: dict[tuple, tuple] = {}

    @staticmethod
    def usable(cs: CriteriaSet, columns: list[Column | None]) -> bool:
        """Whether every input has a column of its own (shares of lower areas too: the registry is not asked on
        this path), every criterion an input, and every part its whole in its own criterion (a check the row
        would otherwise need across criteria)."""
        keys = {c.key for c in columns if c is not None}
        for crit in cs.criteria:
            inputs = [inp for ind in crit.indicators for inp in ind.input_list()]
            mine = {inp.key for inp in inputs}
            if not inputs or any(inp.key not in keys or (inp.at_most and inp.at_most not in mine) for inp in inputs):
                return False
        return True

    def row(self, cells: list[str]) -> tuple[tuple, list[CriterionPart]] | None:
        """The decision's encoded head and rest, and the criteria's parts; None when the general path must
        speak for the row."""
        levels = self.levels
        texts = self._attribute_texts(cells)
        known = self._attrs.get(texts)
        if known is None:
            known = self._attributes(texts)
        if known is _INVALID:
            return None
        attrs, asked, attributes_json = known
        months, history_json = None, b""
        if self._history_at is not None:
            text = cells[self._history_at] if self._history_at >= 0 else ""
            told = self._dates.get(text)
            if told is None:
                told = self._date(text)
            if told is _INVALID:
                return None
            months, history_json = told
        found = []
        for ci, (texts_of, inputs, pairs) in enumerate(self._criteria):
            mine = texts_of(cells)
            part = levels.known_part(ci, asked[ci], mine)
            if part is None:
                values = self._values(inputs, mine, pairs)
                if values is None:
                    return None
                part = levels.new_part(ci, attrs, asked[ci], mine, values, dict(zip(values, mine, strict=True)))
            if part.missing:
                return None
            if part.json is None:
                self._encode(part)
            found.append(part)
        final, pending, reasons = levels.conclude(found, months)
        key = (final, None if pending is None else tuple([(p["level"], p["reason"]) for p in pending]))
        head = self._decided.get(key)
        if head is None:
            head = self._keep(self._decided, key, self._head(final, pending))
        json_head, json_pending, csv_head, xlsx_head, recognised, outcome = head
        said = " ".join(reasons)
        json_rest = b""
        if self.want[0]:
            json_rest = b'], "reasons": ' + dump(reasons).encode() + json_pending + history_json + b"}"
        return ((attributes_json + json_head, json_rest, csv_head,
                 (";" + csv_field(said) + self.line_end).encode() if self.want[1] else b"",
                 xlsx_head, [said], recognised, outcome), found)

    def _attributes(self, texts: tuple[str, ...]) -> object:
        given: dict[str, str] = {}
        cells = iter(texts)
        for key, default, at in self._attribute_list:
            text = next(cells) if at is not None else ""
            if not text and default is not None:
                given[key] = default
                continue
            value = self.parser.attribute(key, text) if text and len(text) <= MAX_CELL_CHARS else None
            if value is None:
                return self._keep(self._attrs, texts, _INVALID)
            given[key] = value
        attrs, asked = self.levels.attributes_of(given)
        shown = b", " + (dump({"attributes": given})[1:-1].encode() + b", " if given else b"")  # then the head
        return self._keep(self._attrs, texts, (attrs, asked, shown))

    def _date(self, text: str) -> object:
        day: date | None = None
        if text:
            day = parse_date(text) if len(text) <= MAX_CELL_CHARS else None
            if day is None:
                return self._keep(self._dates, text, _INVALID)
        history, months, wrong = self.levels.waited(day, "bang-diem", 0)
        if wrong:
            return self._keep(self._dates, text, _INVALID)
        return self._keep(self._dates, text, (months, b', "history": ' + dump(history).encode()))

    def _values(self, inputs: list[Input], texts: tuple[str, ...],
                pairs: list[tuple[int, int]]) -> dict | None:
        """A criterion's inputs parsed, by key; None when one is invalid or a part exceeds its whole."""
        values: dict = {}
        for inp, text in zip(inputs, texts, strict=True):
            if not text:
                values[inp.key] = None  # whether it was needed is the rules' to say
                continue
            value = self.parser.value(inp, text) if len(text) <= MAX_CELL_CHARS else ""
            if isinstance(value, str):
                return None
            values[inp.key] = value
        for part, whole in pairs:
            a, b = values[inputs[part].key], values[inputs[whole].key]
            if a is not None and b is not None and a > b:
                return None
        return values

    def _encode(self, part: CriterionPart) -> None:
        """A criterion's cells in the outputs, as the encoders write them in a subject: in CSV and XLSX the result
        of each indicator, in JSON the part told."""
        want_json, want_csv, want_xlsx = self.want
        part.json = dump(self.levels.told(part)).encode() if want_json else b""
        if want_csv or want_xlsx:
            part.xlsx = self.levels.results(part)
            part.csv = ";".join(map(csv_field, part.xlsx)).encode()

    def _head(self, final: FinalVerdict, pending: list[dict] | None) -> tuple:
        """What a decision puts in the outputs before the criteria (and, in JSON, after the reasons)."""
        subject = {"id": "", "name": "", "area": "", "row": 0, "total": None, "grade": None, "level": final.level,
                   "recognised": final.recognised, "criteria": [], "reasons": []}
        text = dump({"total": None, "max_total": None, "grade": None, "level": final.level,
                     "recognised": final.recognised, "criteria": []})
        cells = encode_csv(subject)
        return (text[1:-2].encode(), b', "pending": ' + dump(pending).encode() if pending is not None else b"",
                (csv_cells(cells[4:7]) + ";").encode(), encode_xlsx(subject)[4:7], final.recognised,
                outcome_label(subject))

    @staticmethod
    def _keep(cache: dict, key: object, value):
        if len(cache) >= CACHE_LIMIT:
            cache.clear()
        cache[key] = value
        return value


def _getter(indexes: list[int]) -> Callable[[list[str]], tuple[str, ...]]:
    """The cells at `indexes`, as a tuple."""
    if not indexes:
        return lambda cells: ()
    if len(indexes) == 1:
        i = indexes[0]
        return lambda cells: (cells[i],)
    return itemgetter(*indexes)
