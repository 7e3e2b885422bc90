"""`recognise record` and `recognise score … --record` through typer's CliRunner, on SQLite and PostgreSQL.

The results file is made by scoring the shipped sample sheet; every expected value is read from that
results file or from the configuration written here. "Nothing written" means: the SQLite file was not
even created, or the PostgreSQL database has no table.
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from cli.app import app
from engine.registry.store import Registry

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "dvht-tt22-minh-hoa.csv"
runner = CliRunner()

CONFIG = """\
tinh: Tỉnh Thái Nguyên
xa: Xã Tân Lập
co_quan_ban_hanh: Ủy ban nhân dân huyện Đại Từ
dia_danh: Đại Từ
so_quyet_dinh: 15/QĐ-UBND
ngay_quyet_dinh: 2025-03-20
nguoi_ky:
  tham_quyen: TM. ỦY BAN NHÂN DÂN
  chuc_vu: Chủ tịch
  ho_ten: Nguyễn Văn An
"""


def flat(text: str) -> str:
    text = re.sub(r"[│├└─┃┏┓┗┛┡┩╇╈┳┻┼┬┴┌┐┘]", " ", text)
    return " ".join(text.split())


@pytest.fixture(scope="module")
def scored(tmp_path_factory) -> Path:
    """The sample sheet scored for 2023 (18 subjects scored, 2 rows rejected)."""
    out = tmp_path_factory.mktemp("scored") / "ket-qua.json"
    result = runner.invoke(app, ["score", str(SAMPLE), "--criteria", "dvht-tt22-2020", "--year", "2023",
                                 "--output", str(out)])
    assert result.exit_code == 1, result.output
    return out


@pytest.fixture
def results(scored) -> dict:
    return json.loads(scored.read_text(encoding="utf-8"))


@pytest.fixture
def config(tmp_path) -> Path:
    path = tmp_path / "trien-khai.yaml"
    path.write_text(CONFIG, encoding="utf-8")
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'so.sqlite3'}"
    return request.getfixturevalue("postgres_server").new_database()


def rows(url: str):
    registry = Registry(url)
    try:
        return registry.query()
    finally:
        registry.engine.dispose()


def nothing_written(url: str) -> bool:
    if url.startswith("sqlite:///"):
        return not Path(url.removeprefix("sqlite:///")).exists()
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return sa.inspect(conn).get_table_names() == []
    finally:
        engine.dispose()


def record(*args: str):
    return runner.invoke(app, ["record", *args])


def write_json(path: Path, data) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------- record


def test_record_stores_every_subject_under_the_configured_decision(scored, results, config, url):
    result = record(str(scored), "--config", str(config), "--registry", url)
    assert result.exit_code == 0, result.output
    assert f"Đã ghi {len(results['subjects'])}, đã có 0" in flat(result.output)
    stored = {r.subject: r for r in rows(url)}
    assert set(stored) == {s["id"] for s in results["subjects"]}
    for s in results["subjects"]:
        r = stored[s["id"]]
        assert (r.name, r.area, r.grade, r.level, r.recognised) == (s["name"], s["area"], s["grade"], s["level"],
                                                                     s["recognised"])
        assert r.total == Decimal(str(s["total"]))
        assert (r.title, r.criteria_id, r.criteria_sha256, r.year) == (
            results["criteria"]["title"], results["criteria"]["id"], results["criteria"]["sha256"], 2023)
        assert (r.decision_number, r.decision_date, r.province, r.commune) == (
            "15/QĐ-UBND", date(2025, 3, 20), "Tỉnh Thái Nguyên", "Xã Tân Lập")


def test_recording_twice_changes_nothing(scored, results, config, url):
    n = len(results["subjects"])
    assert record(str(scored), "--config", str(config), "--registry", url).exit_code == 0
    before = rows(url)
    again = record(str(scored), "--config", str(config), "--registry", url)
    assert again.exit_code == 0, again.output
    assert f"Đã ghi 0, đã có {n}" in flat(again.output)
    assert rows(url) == before


def test_results_without_a_year_are_refused_never_given_the_decision_year(results, config, tmp_path, url):
    """No year in the results: refused (re-score with --year), never the decision's 2025; with `nam:` in the
    configuration only `--force` goes ahead, under that year, and says so."""
    del results["criteria"]["year"]
    plain = write_json(tmp_path / "khong-nam.json", results)
    refused = record(str(plain), "--config", str(config), "--registry", url)
    assert refused.exit_code == 2 and "--year" in flat(refused.output), refused.output
    assert record(str(plain), "--config", str(config), "--registry", url, "--force").exit_code == 2
    assert nothing_written(url)
    config.write_text(CONFIG + "nam: 2023\n", encoding="utf-8")
    assert record(str(plain), "--config", str(config), "--registry", url).exit_code == 2
    assert nothing_written(url)
    forced = record(str(plain), "--config", str(config), "--registry", url, "--force")
    assert forced.exit_code == 0, forced.output
    assert "--force" in flat(forced.output) and "--year" in flat(forced.output)
    assert {r.year for r in rows(url)} == {2023}


def test_a_configured_year_other_than_the_results_year_is_refused(scored, config, url):
    config.write_text(CONFIG + "nam: 2024\n", encoding="utf-8")
    result = record(str(scored), "--config", str(config), "--registry", url)
    assert result.exit_code == 2, result.output
    assert "2024" in flat(result.output) and "2023" in flat(result.output)
    assert nothing_written(url)


def test_the_registry_defaults_to_the_environment_then_a_file_in_the_current_folder(scored, config, tmp_path,
                                                                                    monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RECOGNISE_REGISTRY", raising=False)
    assert record(str(scored), "--config", str(config)).exit_code == 0
    assert (tmp_path / "so-cong-nhan.sqlite3").is_file()
    monkeypatch.setenv("RECOGNISE_REGISTRY", f"sqlite:///{tmp_path / 'tu-bien.sqlite3'}")
    assert record(str(scored), "--config", str(config)).exit_code == 0
    assert len(rows(f"sqlite:///{tmp_path / 'tu-bien.sqlite3'}")) == 18


@pytest.mark.parametrize(("change", "shown"), [
    (lambda r: r["subjects"][3].update(level="một"), "level"),
    (lambda r: r["subjects"][3].update(total="chín mươi"), "total"),
    (lambda r: r["subjects"][3].update(id="X" * 201), "201"),
    (lambda r: r["subjects"][3].update(id=r["subjects"][0]["id"]), "trùng"),
    (lambda r: r["subjects"][3].pop("recognised"), "recognised"),
    (lambda r: r["subjects"][3].pop("id"), "id"),
    (lambda r: r["criteria"].update(id=""), "criteria.id"),
    (lambda r: r["criteria"].update(year="2023"), "criteria.year"),
], ids=["level", "total", "long-id", "duplicate-id", "no-recognised", "no-id", "no-criteria-id", "text-year"])
def test_bad_results_are_refused_and_nothing_is_written(results, config, tmp_path, url, change, shown):
    change(results)
    bad = write_json(tmp_path / "ket-qua.json", results)
    result = record(str(bad), "--config", str(config), "--registry", url)
    assert result.exit_code == 2, result.output
    assert shown in flat(result.output)
    assert nothing_written(url)


@pytest.mark.parametrize("content", [b"not json", b"{}", b'{"criteria": {}, "subjects": [1]}', b"\xff\xfe"],
                         ids=["text", "empty", "subject-not-object", "not-utf8"])
def test_a_file_that_is_not_a_results_file_is_refused(config, tmp_path, content):
    url = f"sqlite:///{tmp_path / 'so.sqlite3'}"
    bad = tmp_path / "ket-qua.json"
    bad.write_bytes(content)
    result = record(str(bad), "--config", str(config), "--registry", url)
    assert result.exit_code == 2, result.output
    assert "ket-qua.json" in flat(result.output)
    assert nothing_written(url)


def test_a_bad_configuration_is_refused_and_nothing_is_written(scored, tmp_path, url):
    config = tmp_path / "trien-khai.yaml"
    config.write_text(CONFIG.replace("so_quyet_dinh: 15/QĐ-UBND\n", ""), encoding="utf-8")
    result = record(str(scored), "--config", str(config), "--registry", url)
    assert result.exit_code == 2, result.output
    assert "so_quyet_dinh" in flat(result.output)
    missing = record(str(scored), "--config", str(tmp_path / "khong-co.yaml"), "--registry", url)
    assert missing.exit_code == 2, missing.output
    assert "khong-co.yaml" in flat(missing.output)
    assert nothing_written(url)


@pytest.mark.parametrize("bad", ["sqlite:////no/such/folder/so.sqlite3",
                                 "postgresql+psycopg://nobody@/registry?host=/no/such/socket/dir&port=5432"])
def test_an_unreachable_registry_exits_2(scored, config, bad):
    result = record(str(scored), "--config", str(config), "--registry", bad)
    assert result.exit_code == 2, result.output
    assert "không mở được sổ công nhận" in flat(result.output)


def test_a_failed_write_exits_2_and_leaves_the_registry_as_it_was(scored, results, config, tmp_path, url, monkeypatch):
    first = results["subjects"][:5]
    summary = {**results["summary"], "scored": 5, "recognised": sum(s["recognised"] for s in first)}
    write_json(tmp_path / "dau.json", {**results, "subjects": first, "summary": summary})
    assert record(str(tmp_path / "dau.json"), "--config", str(config), "--registry", url).exit_code == 0
    before = rows(url)
    monkeypatch.setattr(Registry, "_insert_batch",
                        staticmethod(lambda conn, rows: conn.execute(sa.text("INSERT INTO nowhere VALUES (1)"))))
    result = record(str(scored), "--config", str(config), "--registry", url)
    assert result.exit_code == 2, result.output
    assert "không ghi được" in flat(result.output)
    monkeypatch.undo()
    assert rows(url) == before


def test_a_registry_from_a_newer_version_exits_2_with_a_message(scored, config, tmp_path):
    url = f"sqlite:///{tmp_path / 'so.sqlite3'}"
    assert record(str(scored), "--config", str(config), "--registry", url).exit_code == 0
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    result = record(str(scored), "--config", str(config), "--registry", url)
    assert result.exit_code == 2, result.output
    assert "không mở được sổ công nhận" in flat(result.output)


# ------------------------------------------------------------------------------------------ score --record


def test_score_record_without_an_output_records_through_a_temporary_file(config, url):
    result = runner.invoke(app, ["score", str(SAMPLE), "--criteria", "dvht-tt22-2020", "--year", "2023",
                                 "--record", "--config", str(config), "--registry", url])
    assert result.exit_code == 1, result.output  # the sample has two rejected rows: recorded all the same
    assert "Đã ghi 18, đã có 0" in flat(result.output)
    assert "ket-qua.json" not in result.output  # the temporary file is not announced as an output
    assert len(rows(url)) == 18
    again = runner.invoke(app, ["score", str(SAMPLE), "--criteria", "dvht-tt22-2020", "--year", "2023",
                                "--record", "--config", str(config), "--registry", url])
    assert "Đã ghi 0, đã có 18" in flat(again.output)


def test_score_record_records_the_json_output(config, tmp_path, url):
    out = tmp_path / "ket-qua.json"
    result = runner.invoke(app, ["score", str(SAMPLE), "--criteria", "dvht-tt22-2020", "--year", "2023",
                                 "--output", str(out), "--record", "--config", str(config), "--registry", url])
    assert result.exit_code == 1, result.output
    written = json.loads(out.read_text(encoding="utf-8"))
    assert {r.subject for r in rows(url)} == {s["id"] for s in written["subjects"]}


def test_score_record_needs_a_configuration(tmp_path):
    url = f"sqlite:///{tmp_path / 'so.sqlite3'}"
    result = runner.invoke(app, ["score", str(SAMPLE), "--criteria", "dvht-tt22-2020", "--record", "--registry", url])
    assert result.exit_code == 2, result.output
    assert "--config" in flat(result.output)
    assert nothing_written(url)


def test_score_record_with_a_bad_configuration_exits_2_and_writes_nothing(tmp_path):
    url = f"sqlite:///{tmp_path / 'so.sqlite3'}"
    config = tmp_path / "trien-khai.yaml"
    config.write_text("tinh: [\n", encoding="utf-8")
    result = runner.invoke(app, ["score", str(SAMPLE), "--criteria", "dvht-tt22-2020", "--year", "2023",
                                 "--record", "--config", str(config), "--registry", url])
    assert result.exit_code == 2, result.output
    assert nothing_written(url)
