"""The registry of recognitions (engine/registry.py), on SQLite and on a real PostgreSQL server.

Every test runs twice: on a SQLite file in the test's folder, and on a database of its own on the
PostgreSQL server the test run starts (tests/pg_server.py; skipped, saying why, when none can be
started). Results are written here by hand, in the shape `recognise score` writes them, so that the
registry is checked against an independent description of its input.

Concurrency is tested with real processes (multiprocessing, spawn), released together by a barrier.
"""

from __future__ import annotations

import multiprocessing
import queue as queue_module
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from engine.registry.history import level_one_dates
from engine.registry.store import AlreadyRecorded, Decision, Recognition, Registry, RegistryError

BACKENDS = ["sqlite", "postgresql"]
DECISION = Decision("15/QĐ-UBND", date(2025, 3, 20), "Tỉnh Thái Nguyên", "Xã Tân Lập")
SHA = "ab" * 32
WORKERS = 6
WAIT = 180  # seconds a process may take to start (spawn imports everything anew)


def results(codes, *, criteria_id="dvht-tt22-2020", title="Đơn vị học tập", year=2024, scheme="points",
            **subject_fields) -> dict:
    """A results file as `recognise score` writes it (only the fields the registry reads, and a few more)."""
    subjects = []
    for n, code in enumerate(codes):
        if scheme == "points":
            s = {"id": code, "name": f"Đơn vị {code}", "area": "Huyện Minh Hòa", "row": n + 2, "total": 85.5,
                 "max_total": 100, "grade": "Tốt", "level": None, "recognised": True, "reasons": []}
        else:
            s = {"id": code, "name": f"Xã {code}", "area": "Huyện Minh Hòa", "row": n + 2, "total": None,
                 "max_total": None, "grade": None, "level": 1, "recognised": True, "reasons": []}
        s.update(subject_fields)
        subjects.append(s)
    criteria = {"id": criteria_id, "title": title, "status": "official", "source": "Thông tư số 22/2020/TT-BGDĐT",
                "sha256": SHA, "scheme": scheme}
    if year is not None:
        criteria["year"] = year
    return {"criteria": criteria, "subjects": subjects, "errors": [], "summary": {}}


def codes(prefix: str, n: int) -> list[str]:
    return [f"{prefix}-{i:05d}" for i in range(n)]


@pytest.fixture(params=BACKENDS)
def url(request, tmp_path):
    """An empty registry's URL: a SQLite file, or a new database on the test run's PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'so-cong-nhan.sqlite3'}"
    return request.getfixturevalue("postgres_server").new_database()


@pytest.fixture
def book(url):
    registry = Registry(url)
    yield registry
    registry.engine.dispose()


def count(registry: Registry) -> int:
    with registry.engine.connect() as conn:
        return conn.execute(sa.text("SELECT count(*) FROM recognitions")).scalar_one()


# ---------------------------------------------------------------------------------------------- schema


def test_a_new_registry_is_at_the_head_revision(book):
    with book.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all() == ["0002"]
        inspector = sa.inspect(conn)
        assert "recognitions" in inspector.get_table_names()
        unique = {tuple(u["column_names"]) for u in inspector.get_unique_constraints("recognitions")}
        assert ("criteria_id", "subject", "year", "decision_number") in unique


def test_reopening_a_registry_keeps_its_rows_and_revision(url):
    first = Registry(url)
    first.record(results(codes("A", 3)), DECISION)
    first.engine.dispose()
    again = Registry(url)
    with again.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all() == ["0002"]
    assert count(again) == 3
    again.engine.dispose()


def test_a_registry_from_a_newer_version_is_a_registry_error(url):
    """A registry migrated by a newer recognise (a revision this one does not know) is refused with a
    RegistryError the commands report, not an Alembic exception."""
    first = Registry(url)
    with first.engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '0099'"))
    first.engine.dispose()
    with pytest.raises(RegistryError, match="không mở được sổ công nhận"):
        Registry(url)


# ------------------------------------------------------------------------------------------ recording


def test_recording_stores_every_field(book):
    data = results(["DV-01"], total=92.25, grade="Tốt")
    assert book.record(data, DECISION) == (1, 0)
    assert book.query() == [Recognition(
        subject="DV-01", name="Đơn vị DV-01", province="Tỉnh Thái Nguyên", commune="Xã Tân Lập",
        area="Huyện Minh Hòa", title="Đơn vị học tập", criteria_id="dvht-tt22-2020", criteria_sha256=SHA,
        year=2024, grade="Tốt", level=None, recognised=True, total=Decimal("92.25"),
        decision_number="15/QĐ-UBND", decision_date=date(2025, 3, 20))]


def test_recording_the_same_results_twice_changes_nothing(book):
    data = results(codes("DV", 1500))  # more than one batch of 1000
    assert book.record(data, DECISION) == (1500, 0)
    rows = book.query()
    assert book.record(data, DECISION) == (0, 1500)
    assert book.query() == rows
    assert count(book) == 1500
    reopened = Registry(book.url)  # and from another connection pool, as a second run of the command would
    assert reopened.record(data, DECISION) == (0, 1500)
    assert reopened.query() == rows
    reopened.engine.dispose()


def test_recording_overlapping_results_adds_only_the_new_subjects(book):
    assert book.record(results(codes("DV", 10)), DECISION) == (10, 0)
    assert book.record(results(codes("DV", 15)), DECISION) == (5, 10)
    assert count(book) == 15


def test_unicode_forms_of_one_code_are_one_subject(book):
    composed, decomposed = "XÃ-01", "XA\u0303-01"  # NFC and NFD of the same code
    assert book.record(results([composed]), DECISION) == (1, 0)
    assert book.record(results([decomposed]), DECISION) == (0, 1)


def test_another_decision_or_year_is_another_recognition(book):
    data = results(codes("DV", 4))
    later = Decision("16/QĐ-UBND", date(2025, 4, 1), "Tỉnh Thái Nguyên", "Xã Tân Lập")
    assert book.record(data, DECISION) == (4, 0)
    assert book.record(data, later, force=True) == (4, 0)  # a second decision for the same year: only forced
    assert book.record(results(codes("DV", 4), year=2025), DECISION) == (4, 0)
    assert count(book) == 12


def test_recording_again_under_another_decision_names_the_first(book):
    """DV-01…DV-04 recorded for 2024 under 15/QĐ-UBND: recording DV-03…DV-06 under 16/QĐ-UBND is refused
    naming 15/QĐ-UBND, its date and the two subjects, and nothing of it is written (not even DV-05, DV-06)."""
    book.record(results(["DV-01", "DV-02", "DV-03", "DV-04"]), DECISION)
    later = Decision("16/QĐ-UBND", date(2025, 4, 1), "Tỉnh Thái Nguyên", "Xã Tân Lập")
    again = results(["DV-03", "DV-04", "DV-05", "DV-06"])
    with pytest.raises(AlreadyRecorded) as caught:
        book.record(again, later)
    message = str(caught.value)
    assert "15/QĐ-UBND" in message and "20/03/2025" in message and "DV-03, DV-04" in message, message
    assert count(book) == 4
    assert [(e.number, e.subjects) for e in book.earlier(again, later)] == [("15/QĐ-UBND", ("DV-03", "DV-04"))]
    assert book.record(results(["DV-01"], title="Gia đình học tập"), later) == (1, 0)  # another title: no conflict
    elsewhere = Decision("3/QĐ-UBND", date(2025, 4, 1), "Tỉnh Thái Nguyên", "Xã Phú Lạc")
    assert book.record(results(["DV-01"]), elsewhere) == (1, 0)  # DV-01 of another commune's sheet: another unit


def test_earlier_decisions_are_found_in_every_batch_and_nothing_is_written(book):
    """Subjects are checked and written a batch at a time in one transaction: earlier recognitions met in the
    second and third batches (after the first was inserted) are all named, under each decision, and the
    registry is left as it was."""
    book.record(results(["DV-01500", "DV-02200"]), DECISION)
    second = Decision("16/QĐ-UBND", date(2025, 4, 1), "Tỉnh Thái Nguyên", "Xã Tân Lập")
    book.record(results(["DV-00100"]), second)
    later = Decision("17/QĐ-UBND", date(2025, 5, 1), "Tỉnh Thái Nguyên", "Xã Tân Lập")
    again = results(codes("DV", 2500))
    with pytest.raises(AlreadyRecorded) as caught:
        book.record(again, later)
    assert str(caught.value).startswith("3 đối tượng đã được ghi vào sổ công nhận cho năm 2024 theo quyết định số "
                                        "15/QĐ-UBND ngày 20/03/2025 (2 đối tượng: DV-01500, DV-02200); quyết định "
                                        "số 16/QĐ-UBND ngày 01/04/2025 (1 đối tượng: DV-00100)"), str(caught.value)
    assert count(book) == 3
    assert [(e.number, e.subjects) for e in book.earlier(again, later)] == [
        ("15/QĐ-UBND", ("DV-01500", "DV-02200")), ("16/QĐ-UBND", ("DV-00100",))]
    assert book.record(again, later, force=True) == (2500, 0)


def test_entries_as_plain_tuples_are_recorded_as_the_dictionaries_are(book, tmp_path):
    """What `recognise record` hands the registry: tuples in Entry's order, the total as its exact text."""
    rows = [("DV-1", "Trường THCS Võ Đình Quý", "Huyện Đại Từ", "Tốt", None, True, "92.25"),
            ("DV-2", "Hợp tác xã Ngô Thu Hà", "", "Chưa đạt", None, False, "40")]
    assert book.record_entries(results([])["criteria"], [rows], DECISION) == (2, 0)
    other = Registry(f"sqlite:///{tmp_path / 'dicts.sqlite3'}")
    other.record(results(["DV-1"], name=rows[0][1], area=rows[0][2], total=Decimal("92.25")), DECISION)
    other.record(results(["DV-2"], name=rows[1][1], area="", grade="Chưa đạt", recognised=False, total=40), DECISION)
    assert book.query() == other.query()
    other.engine.dispose()


def test_results_without_a_year_are_refused(book):
    """The evaluation year is never taken from the decision's date."""
    with pytest.raises(RegistryError) as caught:
        book.record(results(["DV-01"], year=None), DECISION)
    assert "--year" in str(caught.value)
    assert book.query() == []


def test_empty_results_record_nothing(book):
    assert book.record(results([]), DECISION) == (0, 0)
    assert count(book) == 0


# ------------------------------------------------------------------------------------- failed writes


def _rejected_at(n: int, bad: dict, size: int = 2500) -> dict:
    data = results(codes("BIG", size))
    data["subjects"][n].update(bad)
    return data


def test_a_value_the_database_rejects_after_the_first_batch_leaves_the_registry_as_it_was(book):
    before = results(codes("OLD", 7))
    book.record(before, DECISION)
    rows = book.query()
    # subject 1500 is in the second batch of 1000: the first batch has been sent when it fails
    # what each database refuses: SQLite cannot bind a list; PostgreSQL would store a list as text ("{Tốt,Khá}")
    # but refuses a non-number for an integer column
    bad = {"grade": ["Tốt", "Khá"]} if book.engine.dialect.name == "sqlite" else {"level": "một"}
    with pytest.raises(RegistryError, match="không ghi được"):
        book.record(_rejected_at(1499, bad), DECISION)
    assert count(book) == 7
    assert book.query() == rows
    assert book.record(before, DECISION) == (0, 7)  # and the registry still works


def test_postgresql_refuses_a_subject_code_longer_than_its_column_and_nothing_is_written(postgres_server):
    # PostgreSQL only: SQLite does not enforce VARCHAR lengths (the record command checks them before writing)
    book = Registry(postgres_server.new_database())
    book.record(results(codes("OLD", 3)), DECISION)
    with pytest.raises(RegistryError, match="không ghi được"):
        book.record(_rejected_at(1499, {"id": "X" * 201}), DECISION)
    assert count(book) == 3
    book.engine.dispose()


def test_a_failure_between_batches_leaves_the_registry_as_it_was(book, monkeypatch):
    book.record(results(codes("OLD", 5)), DECISION)
    real = Registry._insert_batch
    calls = []

    def second_batch_fails(conn, rows):
        calls.append(1)
        if len(calls) == 1:
            return real(conn, rows)
        conn.execute(sa.text("INSERT INTO no_such_table (subject) VALUES (:subject)"), {"subject": "X"})  # raises

    monkeypatch.setattr(Registry, "_insert_batch", staticmethod(second_batch_fails))
    with pytest.raises(RegistryError):
        book.record(results(codes("NEW", 2500)), DECISION)
    assert len(calls) == 2  # the first batch had been inserted, inside the transaction
    monkeypatch.undo()
    assert count(book) == 5
    assert {r.subject for r in book.query()} == set(codes("OLD", 5))


# --------------------------------------------------------------------------------------- concurrency


def _record_in_process(url: str, data: dict, barrier, out) -> None:
    try:
        registry = Registry(url)
        barrier.wait(WAIT)
        out.put(("ok", registry.record(data, DECISION)))
        registry.engine.dispose()
    except BaseException as exc:  # reported to the test, which fails with it
        out.put(("error", f"{type(exc).__name__}: {exc}"))


def _open_in_process(url: str, code: str, barrier, out) -> None:
    try:
        barrier.wait(WAIT)
        registry = Registry(url)  # all at once, on a registry nobody has created yet
        out.put(("ok", registry.record(results([code]), DECISION)))
        registry.engine.dispose()
    except BaseException as exc:
        out.put(("error", f"{type(exc).__name__}: {exc}"))


def _run_together(target, args_for: list[tuple]) -> list[tuple[int, int]]:
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(len(args_for))
    out = ctx.Queue()
    processes = [ctx.Process(target=target, args=(*args, barrier, out)) for args in args_for]
    for p in processes:
        p.start()
    reports = []
    try:
        for _ in processes:
            reports.append(out.get(timeout=2 * WAIT))
    except queue_module.Empty:
        pytest.fail(f"a process did not report in time; reports so far: {reports}")
    finally:
        for p in processes:
            p.join(timeout=WAIT)
            if p.is_alive():
                p.kill()
    errors = [message for status, message in reports if status == "error"]
    assert not errors, errors
    assert all(p.exitcode == 0 for p in processes), [p.exitcode for p in processes]
    return [value for _, value in reports]


def test_concurrent_writers_lose_nothing(book):
    shared = codes("SHARED", 50)  # every process records these too: exactly one of them adds each
    jobs = [(book.url, results(codes(f"P{n}", 300) + shared)) for n in range(WORKERS)]
    reports = _run_together(_record_in_process, jobs)
    assert count(book) == WORKERS * 300 + 50
    assert sum(added for added, _ in reports) == WORKERS * 300 + 50
    assert sum(already for _, already in reports) == (WORKERS - 1) * 50
    assert len({(r.subject, r.decision_number) for r in book.query()}) == WORKERS * 300 + 50


def test_processes_opening_a_new_registry_at_once_all_succeed(url):
    reports = _run_together(_open_in_process, [(url, f"DV-{n}") for n in range(WORKERS)])
    assert reports == [(1, 0)] * WORKERS
    registry = Registry(url)
    assert count(registry) == WORKERS
    with registry.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all() == ["0002"]
    registry.engine.dispose()


# ------------------------------------------------------------------------------------------- reading


def _levels(book: Registry) -> None:
    title = "Cộng đồng học tập cấp xã"
    kw = {"criteria_id": "cdht-xa-tt25-2023", "title": title, "scheme": "levels"}
    book.record(results(["XA-01", "XA-02"], year=2022, level=0, recognised=False, **kw),
                Decision("1/QĐ", date(2023, 2, 1), "Tỉnh Thanh Sơn", "Huyện Minh Hòa"))
    book.record(results(["XA-01"], year=2023, level=1, **kw),
                Decision("2/QĐ", date(2024, 3, 1), "Tỉnh Thanh Sơn", "Huyện Minh Hòa"))
    book.record(results(["XA-01"], year=2024, level=2, **kw),
                Decision("3/QĐ", date(2025, 3, 1), "Tỉnh Thanh Sơn", "Huyện Minh Hòa"))
    book.record(results(["XA-02"], year=2024, level=2, **kw),
                Decision("3/QĐ", date(2025, 3, 1), "Tỉnh Thanh Sơn", "Huyện Minh Hòa"))
    book.record(results(["XA-01"]), DECISION)  # another title: Đơn vị học tập


def test_query_filters_by_subject_year_title_and_outcome(book):
    _levels(book)
    title = "Cộng đồng học tập cấp xã"
    assert [(r.year, r.level) for r in book.query(subject="XA-01", title=title)] == [(2022, 0), (2023, 1), (2024, 2)]
    assert [r.decision_number for r in book.query(subject="XA-01")] == ["1/QĐ", "2/QĐ", "3/QĐ", "15/QĐ-UBND"]
    assert [r.subject for r in book.query(year=2024, title=title)] == ["XA-01", "XA-02"]
    assert [r.subject for r in book.query(recognised=False)] == ["XA-01", "XA-02"]
    assert [r.title for r in book.query(subject="XA-01", year=2024)] == [title, "Đơn vị học tập"]
    assert book.query(subject="XA-99") == []


def test_level_one_dates_are_the_first_decisions_recognising_level_one_or_above(book):
    _levels(book)
    title = "Cộng đồng học tập cấp xã"
    # XA-01: not recognised (2022), level 1 (01/03/2024), level 2 (2025); XA-02: straight at level 2 (01/03/2025)
    assert level_one_dates(book, title) == {"XA-01": date(2024, 3, 1), "XA-02": date(2025, 3, 1)}
    assert level_one_dates(book, title, until=date(2024, 12, 31)) == {"XA-01": date(2024, 3, 1)}
    assert level_one_dates(book, "Đơn vị học tập") == {}  # points, no level


# -------------------------------------------------------------------------------------- unreachable


@pytest.mark.parametrize("bad", [
    "sqlite:////no/such/folder/so.sqlite3",
    "postgresql+psycopg://nobody@/registry?host=/no/such/socket/dir&port=5432",
    "not a url",
    "nosuchdialect://x/y",
])
def test_an_unreachable_registry_is_a_registry_error(bad):
    with pytest.raises(RegistryError, match="không mở được sổ công nhận"):
        Registry(bad)
