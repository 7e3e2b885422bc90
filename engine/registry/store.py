"""The registry of recognitions across years: SQLite by default (a file), PostgreSQL by URL.

The schema is versioned with Alembic (engine/migrations); opening a registry brings it to the
latest version under a lock, so two processes opening a new registry at once do not collide.
Recording is one transaction of insert-or-ignore rows keyed by (criteria set, subject, year,
decision number): recording the same results twice changes nothing, concurrent writers lose
nothing, and a failed write leaves the registry as it was.

A registry URL may carry a password (`user:password@host`, `?password=`): it is never printed, in
any message or report, only `shown_url` (password masked) is. Every fault (server unreachable within
CONNECT_TIMEOUT seconds, a table dropped, a value edited by hand into something the registry never
writes) is a RegistryError of one Vietnamese sentence.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import NamedTuple, TypeVar
from urllib.parse import unquote

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError

from engine.errors import RecogniseError
from engine.vn.text import nfc

DEFAULT_URL = "sqlite:///so-cong-nhan.sqlite3"
CONNECT_TIMEOUT = 10  # seconds to reach a PostgreSQL server (unless the URL sets connect_timeout)
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
T = TypeVar("T")

_metadata = sa.MetaData()
recognitions = sa.Table(
    "recognitions", _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("subject", sa.String(200)), sa.Column("name", sa.String(1000)),
    sa.Column("province", sa.String(200)), sa.Column("commune", sa.String(200)), sa.Column("area", sa.String(1000)),
    sa.Column("title", sa.String(300)), sa.Column("criteria_id", sa.String(100)),
    sa.Column("criteria_sha256", sa.String(64)), sa.Column("year", sa.Integer),
    sa.Column("grade", sa.String(100)), sa.Column("level", sa.Integer), sa.Column("recognised", sa.Boolean),
    sa.Column("total", sa.Numeric(10, 4)),
    sa.Column("decision_number", sa.String(100)), sa.Column("decision_date", sa.Date),
    sa.Column("revoked", sa.Boolean, server_default=sa.false()),  # revision 0002: revoked, the row kept
)
# revision 0002: every revocation (thu-hoi) and correction (dinh-chinh, the field with its old and new value)
events = sa.Table(
    "recognition_events", _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("recognition_id", sa.Integer, sa.ForeignKey("recognitions.id")),
    sa.Column("kind", sa.String(20)), sa.Column("field", sa.String(50)),
    sa.Column("old", sa.String(1000)), sa.Column("new", sa.String(1000)),
    sa.Column("decision_number", sa.String(100)), sa.Column("decision_date", sa.Date),
    sa.Column("reason", sa.String(2000)), sa.Column("recorded_at", sa.DateTime(timezone=True)),
)


class RegistryError(RecogniseError):
    pass


class AlreadyRecorded(RegistryError):
    """Subjects already recorded for the year under another decision: named, nothing written."""


@dataclass(frozen=True, slots=True)
class Recognition:
    subject: str
    name: str
    province: str
    commune: str
    area: str
    title: str
    criteria_id: str
    criteria_sha256: str
    year: int
    grade: str | None
    level: int | None
    recognised: bool
    total: Decimal | None
    decision_number: str
    decision_date: date


@dataclass(frozen=True)
class Decision:
    number: str
    day: date
    province: str = ""
    commune: str = ""


@dataclass(frozen=True)
class Earlier:
    """A decision that already recorded some of the subjects for the same title and year."""

    number: str
    day: date
    subjects: tuple[str, ...]

    def __str__(self) -> str:
        codes = ", ".join(self.subjects[:5]) + (f" và {len(self.subjects) - 5} đối tượng khác"
                                                if len(self.subjects) > 5 else "")
        return f"quyết định số {self.number} ngày {self.day:%d/%m/%Y} ({len(self.subjects)} đối tượng: {codes})"


def _immediate_transactions(engine: sa.Engine) -> None:
    """SQLite: every transaction takes the write lock when it begins, so two writers queue (busy
    timeout) instead of failing on a lock upgrade."""
    @sa.event.listens_for(engine, "connect")
    def _no_implicit_begin(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None

    @sa.event.listens_for(engine, "begin")
    def _begin_immediate(conn: sa.Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


_SECRET_PARAMETER = re.compile(r"pass|pwd|secret|token", re.IGNORECASE)
MASK = "***"


def _parts(url: str) -> tuple[str, str, str, str | None]:
    """(scheme://, user information, host and path, query or None), read as plain URL syntax."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return "", "", url, None
    authority, tail = re.match(r"([^/?#]*)(.*)", rest, re.DOTALL).groups()
    userinfo, at, host = authority.rpartition("@")
    path, mark, query = tail.partition("?")
    return scheme + sep, userinfo if at else "", host + path, query if mark else None


def _parameters(query: str) -> list[tuple[str, str]]:
    return [(k, v) for k, _, v in (p.partition("=") for p in query.split("&"))]


def shown_url(url: str) -> str:
    """The registry's URL as it may be printed: every password masked (`user:***@host`, `?password=***`).
    Read as plain URL syntax, so that a URL SQLAlchemy cannot parse is still shown without its password."""
    scheme, userinfo, rest, query = _parts(url)
    if ":" in userinfo:
        userinfo = f"{userinfo.split(':', 1)[0]}:{MASK}"
    shown = scheme + (f"{userinfo}@" if userinfo else "") + rest
    if query is not None:
        shown += "?" + "&".join(f"{k}={MASK}" if _SECRET_PARAMETER.search(unquote(k)) else (f"{k}={v}" if v else k)
                                for k, v in _parameters(query))
    return shown


def secrets(url: str) -> list[str]:
    """The passwords a URL carries, as written and decoded (what an error message might repeat)."""
    _, userinfo, _, query = _parts(url)
    found = [userinfo.split(":", 1)[1]] if ":" in userinfo else []
    found += [v for k, v in _parameters(query or "") if _SECRET_PARAMETER.search(unquote(k))]
    values = {x for v in found for x in (v, unquote(v), unquote(v.replace("+", " "))) if x}
    return sorted(values, key=len, reverse=True)


def scrubbed(text: str, url: str) -> str:
    """`text` with the URL shown as `shown_url` and every password of it masked."""
    text = text.replace(url, shown_url(url))
    for secret in secrets(url):
        if len(secret) >= 4:
            text = text.replace(secret, MASK)
        else:  # a very short password: only where it stands as a word of its own
            text = re.sub(rf"(?<![\w]){re.escape(secret)}(?![\w])", MASK, text)
    return text


def registry_url(url: str | None) -> str:
    return url or os.environ.get("RECOGNISE_REGISTRY") or DEFAULT_URL


def open_engine(url: str) -> sa.Engine:
    """An engine as the registry and the web application use it: SQLite transactions take the write lock when
    they begin; PostgreSQL gives up on an unreachable server."""
    engine = sa.create_engine(url, connect_args=_connect_args(url))
    if url.startswith("sqlite"):
        _immediate_transactions(engine)
    return engine


def _connect_args(url: str) -> dict:
    """SQLite waits for a writer's lock; PostgreSQL gives up on an unreachable server after CONNECT_TIMEOUT."""
    if url.startswith("sqlite"):
        return {"timeout": 60}
    if url.startswith("postgres") and "connect_timeout" not in url:
        return {"connect_timeout": CONNECT_TIMEOUT}
    return {}


class Registry:
    def __init__(self, url: str | None = None):
        self.url = registry_url(url)
        if why := sqlite_file_problem(self.url):
            raise RegistryError(scrubbed(f"không mở được sổ công nhận {self._shown()}: {why}", self.url))
        try:
            self.engine = open_engine(self.url)
            self._migrate()
            self._check_tables()
        except CommandError as exc:  # a revision this program does not know: made by a newer version
            raise RegistryError(self._failed("không mở được", exc, "sổ do phiên bản mới hơn tạo ra, hãy cập nhật "
                                                                  "recognise")) from None
        except RegistryError:
            raise
        except Exception as exc:  # noqa: BLE001  (drivers raise their own kinds; each becomes one sentence)
            raise RegistryError(self._failed("không mở được", exc)) from None

    def _shown(self) -> str:
        return shown_url(self.url)

    def _failed(self, what: str, exc: BaseException, advice: str = "") -> str:
        """One sentence: what could not be done with which registry, and the driver's reason (first line, no
        SQL, no password)."""
        reason = driver_reason(exc)
        if _missing_table(reason):
            reason, advice = "sổ thiếu bảng dữ liệu (bảng đã bị xóa hoặc sổ bị sửa tay)", "khôi phục sổ từ bản sao lưu"
        text = f"{what} sổ công nhận {self._shown()}: {reason}" + (f"; {advice}" if advice else "")
        return scrubbed(text, self.url)

    def _check_tables(self) -> None:
        """A registry at the latest version whose table of recognitions was dropped: refused on opening."""
        with self.engine.connect() as conn:
            inspector = sa.inspect(conn)
            for table in (recognitions, events):
                if not inspector.has_table(table.name):
                    raise RegistryError(scrubbed(
                        f"không mở được sổ công nhận {self._shown()}: sổ không còn bảng {table.name} (bảng đã bị "
                        "xóa hoặc sổ bị sửa tay); khôi phục sổ từ bản sao lưu", self.url))

    def _migrate(self) -> None:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        head = ScriptDirectory.from_config(config).get_current_head()
        with self.engine.begin() as conn:
            if MigrationContext.configure(conn).get_current_revision() == head:
                return
        with self.engine.begin() as conn:
            self._lock(conn)  # two processes opening a new registry: one migrates, the other waits
            if MigrationContext.configure(conn).get_current_revision() != head:
                config.attributes["connection"] = conn
                command.upgrade(config, "head")

    @staticmethod
    def _lock(conn: sa.Connection) -> None:
        """Writers one at a time (SQLite transactions already begin IMMEDIATE, holding the write lock)."""
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(727001)"))

    def record(self, results: dict, decision: Decision, *, force: bool = False) -> tuple[int, int]:
        """Store every scored subject of a results file (`criteria` and `subjects` as `recognise score` writes
        them) under one decision: (added, already there). See `record_entries`."""
        return self.record_entries(results["criteria"], _batches(map(entry, results["subjects"]), BATCH), decision,
                                   force=force)

    def record_entries(self, criteria: Mapping, batches: Iterable[Sequence[Entry]], decision: Decision, *,
                       force: bool = False) -> tuple[int, int]:
        """Store the subjects of a results file (`criteria`: its header; `batches`: its entries, as Entry or as
        plain tuples in Entry's field order with the total as a Decimal or its exact text, read once, a batch at a
        time, each inserted with one executemany) under one decision: (added, already there).

        The evaluation year is the results' (never the decision's). Subjects already recorded for that title and
        year, in the same province and commune (codes are a sheet's own: HGD-001 of two communes are two
        households), under another decision number are refused (AlreadyRecorded naming that decision) unless
        `force`; the check is made batch by batch in the same transaction as the writing."""
        year = criteria.get("year")
        if year is None:
            raise RegistryError("kết quả không ghi năm đánh giá (chấm không có --year); năm không được đoán từ ngày "
                                "quyết định: hãy chấm lại với --year, không ghi gì vào sổ công nhận")
        scope = _Scope.of(criteria, decision)
        found: dict[tuple[str, date], list[str]] = {}
        total = added = 0
        try:
            with self.engine.begin() as conn:
                self._lock(conn)
                check = not force and self._others_in_scope(conn, scope)
                before = self._count(conn)
                for batch in batches:
                    codes = nfc_all([e[0] for e in batch])
                    total += len(batch)
                    if check:
                        self._earlier_into(conn, found, scope, codes)
                    if not found:  # once refused, the rest is only checked, to name every earlier decision
                        self._insert_batch(conn, scope.rows(batch, codes, conn.dialect.name))
                earlier = _earlier_list(found)
                if earlier:
                    raise AlreadyRecorded(
                        f"{sum(len(e.subjects) for e in earlier)} đối tượng đã được ghi vào sổ công nhận cho năm "
                        f"{year} theo {'; '.join(map(str, earlier))}; không ghi lại theo quyết định số "
                        f"{decision.number}, sổ giữ nguyên (nếu quyết định mới thay thế quyết định cũ: thêm --force)")
                if total:
                    added = self._count(conn) - before
        except RegistryError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise RegistryError(self._failed("không ghi được vào", exc)) from None
        return added, total - added

    def earlier(self, results: dict, decision: Decision) -> list[Earlier]:
        """The other decisions that recorded some of these subjects for the same title, year, province and
        commune."""
        return self.earlier_entries(results["criteria"], (str(s["id"]) for s in results["subjects"]), decision)

    def earlier_entries(self, criteria: Mapping, subjects: Iterable[str], decision: Decision) -> list[Earlier]:
        """`earlier` for the subject codes of a results file, read once, in batches."""
        if criteria.get("year") is None:
            return []
        scope = _Scope.of(criteria, decision)
        found: dict[tuple[str, date], list[str]] = {}
        try:
            with self.engine.connect() as conn:
                if self._others_in_scope(conn, scope):
                    for batch in _batches(subjects, BATCH):
                        self._earlier_into(conn, found, scope, nfc_all(batch))
        except Exception as exc:  # noqa: BLE001
            raise RegistryError(self._failed("không đọc được", exc)) from None
        return _earlier_list(found)

    @staticmethod
    def _others_in_scope(conn: sa.Connection, scope: _Scope) -> bool:
        """Whether any other decision recorded anything for the title, year, province and commune: if none (the
        usual case, a new year), no subject needs looking up."""
        t = recognitions.c
        return conn.execute(sa.select(t.id).where(*scope.others()).limit(1)).first() is not None

    @staticmethod
    def _earlier_into(conn: sa.Connection, found: dict[tuple[str, date], list[str]], scope: _Scope,
                      subjects: list[str]) -> None:
        t = recognitions.c
        for start in range(0, len(subjects), LOOKUP):
            stmt = (sa.select(t.decision_number, t.decision_date, t.subject)
                    .where(*scope.others(), t.subject.in_(subjects[start:start + LOOKUP]))
                    .order_by(t.decision_date, t.decision_number, t.subject))
            for number, day, subject in conn.execute(stmt):
                found.setdefault((number, day), []).append(subject)

    @staticmethod
    def _count(conn: sa.Connection) -> int:
        return conn.execute(sa.select(sa.func.count()).select_from(recognitions)).scalar_one()

    @staticmethod
    def _insert_batch(conn: sa.Connection, rows: list) -> None:
        """Insert-or-ignore one batch. SQLite: the rows as the driver binds them, in one executemany (SQLAlchemy's
        per-row parameter processing cost twice the insert itself); PostgreSQL: through SQLAlchemy."""
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql(_SQLITE_INSERT, rows)
            return
        from sqlalchemy.dialects.postgresql import insert
        conn.execute(insert(recognitions).on_conflict_do_nothing(), rows)

    def query(self, *, subject: str | None = None, year: int | None = None, title: str | None = None,
              recognised: bool | None = None) -> list[Recognition]:
        """The registry as its decisions now stand, for every reader (report, history, lower-level shares,
        review, the web dashboard): corrected values as corrected; a revoked recognition (its row kept, see
        engine/registry/changes.py) as a subject evaluated and not recognised."""
        return [replace(r, recognised=False) if revoked else r
                for r, _, revoked in self.rows(subject=subject, year=year, title=title, recognised=recognised)]

    def rows(self, *, subject: str | None = None, year: int | None = None, title: str | None = None,
             recognised: bool | None = None, decision: str | None = None) -> list[tuple[Recognition, int, bool]]:
        """(recognition as stored, row id, revoked), in decision date order. `recognised`: as it now stands
        (a revoked recognition is not recognised). `decision`: recorded under this decision number exactly."""
        t = recognitions.c
        stmt = sa.select(recognitions).order_by(t.decision_date, t.subject, t.id)
        if subject is not None:
            stmt = stmt.where(t.subject == nfc(subject))
        if decision is not None:
            stmt = stmt.where(t.decision_number == nfc(decision))
        if year is not None:
            stmt = stmt.where(t.year == year)
        if title is not None:
            stmt = stmt.where(t.title == nfc(title))
        if recognised is True:
            stmt = stmt.where(t.recognised.is_(True), t.revoked.is_(False))
        elif recognised is False:
            stmt = stmt.where(sa.or_(t.recognised.is_(False), t.revoked.is_(True)))
        try:
            with self.engine.connect() as conn:
                if conn.dialect.name == "sqlite":  # SQLite keeps whatever is typed into a column: every row checked
                    found = _first_unreadable(conn)
                    if found is not None:
                        raise _EditedValue(*found)
                shared: dict = {}
                return [(_recognition(row._mapping, shared), row._mapping["id"], bool(row._mapping["revoked"]))
                        for row in conn.execute(stmt)]
        except _EditedValue as exc:
            raise RegistryError(scrubbed(
                f"không đọc được sổ công nhận {self._shown()}: dòng id {exc.row}, cột {exc.column} có giá trị "
                f"“{str(exc.value)[:100]}” không phải {exc.expected} (sổ bị sửa tay?); sửa lại dòng đó hoặc khôi "
                "phục sổ từ bản sao lưu", self.url)) from None
        except Exception as exc:  # noqa: BLE001
            raise RegistryError(self._failed("không đọc được", exc)) from None


BATCH = 1000  # subjects checked and inserted at a time
LOOKUP = 500  # subject codes in one look-up of earlier decisions


class Entry(NamedTuple):
    """What the registry stores of one scored subject; the rest comes from the results' header and the decision."""

    id: str
    name: str
    area: str
    grade: str | None
    level: int | None
    recognised: bool
    total: Decimal | None


def entry(s: Mapping) -> Entry:
    """A subject as `recognise score` writes it (a dict), as the registry stores it."""
    total = s.get("total")
    return Entry(str(s["id"]), str(s.get("name", "")), str(s.get("area") or ""), s.get("grade"), s.get("level"),
                 bool(s.get("recognised")), total if total is None or type(total) is Decimal else Decimal(str(total)))


def nfc_all(texts: list[str]) -> list[str]:
    """Each text in NFC, with one check for the whole list when (as usual) all of them already are: joined by line
    breaks, which compose with nothing, they are NFC exactly when each of them is."""
    joined = "\n".join(texts)
    if joined.isascii() or unicodedata.is_normalized("NFC", joined):
        return texts
    return [nfc(text) for text in texts]


_COLUMNS = ("subject", "name", "area", "grade", "level", "recognised", "total", "province", "commune", "title",
            "criteria_id", "criteria_sha256", "year", "decision_number", "decision_date")
# SQLite: ON CONFLICT DO NOTHING (as SQLAlchemy's on_conflict_do_nothing) skips only the rows the unique
# constraint refuses; INSERT OR IGNORE would also skip a NOT NULL violation silently
_SQLITE_INSERT = (f"INSERT INTO recognitions ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))}) "
                  "ON CONFLICT DO NOTHING")


@dataclass(frozen=True)
class _Scope:
    """The values every row of one recording shares: the results' header and the decision."""

    title: str
    year: int
    criteria_id: str
    sha256: str
    number: str
    day: date
    province: str
    commune: str

    @staticmethod
    def of(criteria: Mapping, decision: Decision) -> _Scope:
        return _Scope(nfc(str(criteria.get("title", ""))), int(criteria["year"]), str(criteria.get("id", "")),
                      str(criteria.get("sha256", "")), nfc(decision.number), decision.day, nfc(decision.province),
                      nfc(decision.commune))

    def others(self) -> tuple:
        """Rows of the same title, year, province and commune under another decision, not revoked (a revoked
        recognition does not stand in the way of a new one)."""
        t = recognitions.c
        return (t.title == self.title, t.year == self.year, t.decision_number != self.number, t.revoked.is_(False),
                t.province == self.province, t.commune == self.commune)

    def rows(self, batch: Sequence[Entry], codes: list[str], dialect: str) -> list:
        """The batch as inserted (`codes`: its subject codes in NFC): tuples in _COLUMNS order as SQLite stores
        them (a date as its ISO text, a total as a float, as SQLAlchemy binds them), dictionaries of Python values
        for SQLAlchemy elsewhere (a total as a Decimal)."""
        names, areas = nfc_all([e[1] for e in batch]), nfc_all([e[2] for e in batch])
        if dialect == "sqlite":
            fixed = (self.province, self.commune, self.title, self.criteria_id, self.sha256, self.year, self.number,
                     self.day.isoformat())
            return [(code, name, area, grade, level, recognised, None if total is None else float(total), *fixed)
                    for code, name, area, (_, _, _, grade, level, recognised, total)
                    in zip(codes, names, areas, batch, strict=True)]
        fixed_values = {"province": self.province, "commune": self.commune, "title": self.title,
                        "criteria_id": self.criteria_id, "criteria_sha256": self.sha256, "year": self.year,
                        "decision_number": self.number, "decision_date": self.day}
        return [{"subject": code, "name": name, "area": area, "grade": grade, "level": level,
                 "recognised": recognised, "total": Decimal(total) if type(total) is str else total, **fixed_values}
                for code, name, area, (_, _, _, grade, level, recognised, total)
                in zip(codes, names, areas, batch, strict=True)]


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _earlier_list(found: dict[tuple[str, date], list[str]]) -> list[Earlier]:
    return [Earlier(number, day, tuple(dict.fromkeys(codes))) for (number, day), codes in sorted(
        found.items(), key=lambda item: (item[0][1], item[0][0]))]


# ---------------------------------------------------------------- faults, as one sentence


# SQLite's reasons, in Vietnamese (what its file meets: rights, a read-only disk, a full disk, another writer)
_SQLITE_VI = {"unable to open database file": "không mở hoặc tạo được tệp sổ (không có quyền hoặc ổ đĩa chỉ đọc)",
              "attempt to write a readonly database": "tệp sổ chỉ đọc", "database or disk is full": "hết chỗ trên đĩa",
              "disk I/O error": "lỗi ghi đĩa (đĩa đầy hoặc tệp vượt giới hạn kích thước)",
              "file is not a database": "tệp không phải sổ công nhận SQLite",
              "database is locked": "sổ đang được một tiến trình khác ghi"}


def driver_reason(exc: BaseException) -> str:
    """The driver's own reason, first line, without SQLAlchemy's SQL and links."""
    inner = getattr(exc, "orig", None) or exc
    text = " ".join(str(inner).split("\n")[0].split()) or type(inner).__name__
    text = re.sub(r"\s*\(Background on this error at: [^)]*\)", "", text)[:300]
    return next((vi for en, vi in _SQLITE_VI.items() if text.startswith(en)), text)


def sqlite_file_problem(url: str) -> str | None:
    """Why the file of an SQLite registry cannot be one (a folder, a missing folder), before SQLite says it in
    its own words."""
    if not url.startswith("sqlite:///"):
        return None
    database = url.removeprefix("sqlite:///").split("?", 1)[0]
    if database in ("", ":memory:") or database.startswith("file:"):
        return None
    path = Path(database)
    if path.is_dir():
        return f"{path} là một thư mục, không phải tệp sổ"
    if not path.parent.is_dir():
        return f"{path.parent} không phải thư mục" if path.parent.exists() else f"thư mục {path.parent} không tồn tại"
    return None


def _missing_table(reason: str) -> bool:
    return bool(re.search(r"no such table|relation \S+ does not exist|UndefinedTable", reason))


class _EditedValue(Exception):
    def __init__(self, row: object, column: str, value: object, expected: str):
        super().__init__(row, column, value, expected)
        self.row, self.column, self.value, self.expected = row, column, value, expected


_TEXT = ("subject", "name", "province", "commune", "area", "title", "criteria_id", "criteria_sha256",
         "decision_number", "grade")
_EXPECTED = {"year": "năm (số nguyên 1–9999)", "level": "mức độ (số nguyên)", "recognised": "đúng/sai (0 hoặc 1)",
             "revoked": "đúng/sai (0 hoặc 1)",
             "total": "số", "decision_date": "ngày (yyyy-mm-dd)", **dict.fromkeys(_TEXT, "chuỗi ký tự")}


def _bad_field(key: str, value: object) -> bool:
    """Whether a converted value is one the registry never writes (SQLite keeps whatever is typed into it)."""
    if value is None:
        return key not in ("grade", "level", "total")
    if key in _TEXT:
        return not isinstance(value, str)
    if key == "year":
        return isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 9999
    if key == "level":
        return isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100
    if key in ("recognised", "revoked"):
        return not isinstance(value, bool)
    if key == "total":
        return not isinstance(value, Decimal) or not value.is_finite()
    if key == "decision_date":
        return not isinstance(value, date)
    return False


_FIELDS = [f.name for f in fields(Recognition)]


# values most rows of a register share (one decision, one commune, one set): one object each, not one a row
_SHARED = frozenset({"province", "commune", "area", "title", "criteria_id", "criteria_sha256", "decision_number",
                     "decision_date", "grade"})


def _recognition(mapping, shared: dict) -> Recognition:
    values = {}
    for key in _FIELDS:
        value = mapping[key]
        if _bad_field(key, value):
            raise _EditedValue(mapping["id"], key, value, _EXPECTED[key])
        values[key] = shared.setdefault(value, value) if key in _SHARED and value is not None else value
    return Recognition(**values)


# rows SQLite may hold that the registry never writes: a superset, found in SQL; each is then checked in Python
_SUSPECT = " OR ".join([
    "typeof(year) != 'integer'", "year NOT BETWEEN 1 AND 9999",
    "typeof(recognised) != 'integer'", "recognised NOT IN (0, 1)", "typeof(revoked) != 'integer'",
    "revoked NOT IN (0, 1)",
    "(level IS NOT NULL AND (typeof(level) != 'integer' OR level NOT BETWEEN 0 AND 100))",
    "(total IS NOT NULL AND (typeof(total) NOT IN ('integer', 'real') OR abs(total) > 1e300))",
    "typeof(decision_date) != 'text'", "date(julianday(decision_date)) IS NULL",
    "date(julianday(decision_date)) != decision_date",  # 2024-02-30 too
    *(f"typeof({c}) != 'text'" for c in _TEXT if c != "grade"), "(grade IS NOT NULL AND typeof(grade) != 'text')",
])


def _first_unreadable(conn: sa.Connection) -> tuple[object, str, object, str] | None:
    """The first row holding a value the registry never writes: read as stored, then converted as SQLAlchemy
    would (a date `2024-13-45`, a year `hai nghìn`, `có` where SQLite would read any text as true)."""
    table = recognitions.name
    suspects = [row[0] for row in conn.exec_driver_sql(f"SELECT id FROM {table} WHERE {_SUSPECT} ORDER BY id "
                                                       "LIMIT 100")]
    if not suspects:
        return None
    columns = [c for c in recognitions.columns if c.name in _EXPECTED]
    raw = conn.exec_driver_sql(f"SELECT id, {', '.join(c.name for c in columns)} FROM {table} "
                               f"WHERE id IN ({', '.join(str(int(i)) for i in suspects)}) ORDER BY id")
    convert = {c.name: c.type.dialect_impl(conn.dialect).result_processor(conn.dialect, None) for c in columns}
    for row in raw:
        for column, value in zip(columns, row[1:], strict=True):
            if column.name in ("recognised", "revoked") and value not in (0, 1):
                return row[0], column.name, value, _EXPECTED[column.name]
            try:
                converted = convert[column.name](value) if convert[column.name] and value is not None else value
            except (ValueError, TypeError, ArithmeticError):
                return row[0], column.name, value, _EXPECTED[column.name]
            if _bad_field(column.name, converted):
                return row[0], column.name, value, _EXPECTED[column.name]
    return None
