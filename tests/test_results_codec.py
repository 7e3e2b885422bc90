"""The results file: one versioned layout, one codec, the illustrative notice everywhere.

Every results file here is made by scoring a shipped sample with the engine; forgeries are made by editing
that file by hand, as someone with a text editor would. "Nothing written" means: the documents folder was
not created, the registry's SQLite file was not created.
"""

from __future__ import annotations

import csv
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sheet_helpers import DEPLOYMENT_CONFIG
from typer.testing import CliRunner

from cli.app import app
from engine.criteria.catalogue import find
from engine.results import codec
from engine.results.codec import ResultsStream, ResultsUnreadable, mismatch, read_results
from engine.results.model import SCHEMA_VERSION
from engine.scoring.run import score_sheet

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
EXAMPLE_SHEET = SAMPLES / "gdht-vidu-ho-gia-dinh.csv"  # 120 households, gdht-448-vidu (an example set)
OFFICIAL_SHEET = SAMPLES / "dvht-tt22-minh-hoa.csv"  # 20 rows, dvht-tt22-2020 (official): 18 scored, 2 rejected
NOTICE = "BẢN MINH HỌA – KHÔNG CÓ GIÁ TRỊ PHÁP LÝ"  # written out here, not imported: the words boards must see
runner = CliRunner()

CONFIG = DEPLOYMENT_CONFIG


def squash(text: str) -> str:
    """Terminal output without any whitespace: long paths are folded by the console wherever it likes."""
    return re.sub(r"\s+", "", text)


def sheet_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))[1:]


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> dict[str, Path]:
    """gdht-448-vidu on its sample, plus one row that cannot be scored (so a rejected row is written too)."""
    base = tmp_path_factory.mktemp("vidu")
    text = EXAMPLE_SHEET.read_text(encoding="utf-8-sig")
    sheet = base / "bang.csv"
    sheet.write_text(text.rstrip("\n") + "\nHGD-999,Hộ sai,Thôn X,,10,9,9,10,9,9,10,đạt,10,mười\n", encoding="utf-8")
    outputs = {s: base / f"r.{s}" for s in ("json", "csv", "xlsx")}
    score_sheet(sheet, find("gdht-448-vidu"), list(outputs.values()), year=2024)
    return outputs


@pytest.fixture(scope="module")
def official(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("tt22")
    outputs = {s: base / f"r.{s}" for s in ("json", "csv", "xlsx")}
    score_sheet(OFFICIAL_SHEET, find("dvht-tt22-2020"), list(outputs.values()), year=2023)
    return outputs


def raw(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def write(path: Path, data: dict) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def csv_table(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    return rows[0], rows[1:]


# --- the layout ----------------------------------------------------------------------------------

def test_schema_version_is_the_first_key_and_the_codec_reads_it(example, official):
    for outputs in (example, official):
        text = outputs["json"].read_text(encoding="utf-8")
        assert text.startswith('{\n"schema_version": 1,\n"criteria": ')
        data = json.loads(text)
        assert list(data) == ["schema_version", "criteria", "subjects", "errors", "differences", "sheet", "summary"]
        results = read_results(outputs["json"])
        assert results.schema_version == SCHEMA_VERSION == 1
        assert [s.id for s in results.subjects] == [s["id"] for s in data["subjects"]]
        assert results.criteria.sha256 == data["criteria"]["sha256"] and results.criteria.year == data["criteria"]["year"]


def test_numbers_read_back_exact(example):
    """Totals are exact decimals (95.5 stays 95.5); a points total is the sum of its indicators' points."""
    data = raw(example["json"])
    results = read_results(example["json"])
    for s, written in zip(results.subjects, data["subjects"], strict=True):
        assert isinstance(s.total, Decimal) and s.total == Decimal(str(written["total"]))
        assert s.total == sum(i.points for c in s.criteria for i in c.indicators)
    # HGD-003 of the sample: 8+10+9,5 + 10+10+10 + 10+10 + 8+10 (3.2 "đạt" counts 10/10) = 95,5, counted by hand
    assert next(s.total for s in results.subjects if s.id == "HGD-003") == Decimal("95.5")


def test_output_is_byte_identical_run_after_run(example, tmp_path):
    sheet = example["json"].parent / "bang.csv"
    again = {s: tmp_path / f"r.{s}" for s in ("json", "csv", "xlsx")}
    score_sheet(sheet, find("gdht-448-vidu"), list(again.values()), year=2024)
    for suffix, path in again.items():
        assert path.read_bytes() == example[suffix].read_bytes(), suffix


# --- the illustrative notice ---------------------------------------------------------------------

def test_notice_on_every_json_subject_of_an_example_set(example):
    data = raw(example["json"])
    households = sheet_rows(EXAMPLE_SHEET)
    assert len(data["subjects"]) == len(households) == 120
    for s in data["subjects"]:
        assert list(s)[0] == "notice" and s["notice"] == NOTICE, s["id"]
    assert data["criteria"]["notice"] == NOTICE and data["criteria"]["status"] == "example"
    assert all(s.notice == NOTICE for s in read_results(example["json"]).subjects)


def test_notice_on_every_csv_row_of_an_example_set(example):
    header, rows = csv_table(example["csv"])
    assert header[-1] == "ghi_chu"
    assert len(rows) == 121  # 120 households scored and the rejected HGD-999
    assert all(r[-1] == NOTICE for r in rows)
    assert [r[0] for r in rows if r[-2] != "đã chấm"] == ["HGD-999"]


def test_notice_on_every_xlsx_row_of_an_example_set(example):
    book = load_workbook(example["xlsx"], read_only=True)
    results = [list(r) for r in book["Kết quả"].iter_rows(values_only=True)]
    assert results[0] == [NOTICE]
    header, rows = results[1], results[2:]
    assert header[-1] == "ghi_chu" and len(rows) == 120
    assert all(r[-1] == NOTICE for r in rows)
    errors = [list(r) for r in book["Lỗi"].iter_rows(values_only=True)]
    assert errors[0][-1] == "ghi_chu" and [r[1] for r in errors[1:]] == ["HGD-999"]
    assert all(r[-1] == NOTICE for r in errors[1:])


def test_no_notice_for_an_official_set(official):
    data = raw(official["json"])
    assert data["subjects"] and all("notice" not in s for s in data["subjects"])
    assert "notice" not in data["criteria"]
    header, rows = csv_table(official["csv"])
    assert "ghi_chu" not in header and all(len(r) == len(header) for r in rows)
    for path in official.values():
        if path.suffix != ".xlsx":
            assert "MINH HỌA" not in path.read_text(encoding="utf-8-sig")
    book = load_workbook(official["xlsx"], read_only=True)
    cells = [c for ws in book.worksheets for r in ws.iter_rows(values_only=True) for c in r]
    assert not any(isinstance(c, str) and "MINH HỌA" in c for c in cells)


def test_notice_in_the_terminal_summary_and_explanation():
    result = runner.invoke(app, ["score", str(EXAMPLE_SHEET), "--criteria", "gdht-448-vidu", "--year", "2024",
                                 "--show", "0", "--explain", "HGD-002"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    summary = next(line for line in lines if "Đã chấm 120 đối tượng" in line)
    assert NOTICE in summary
    explained = lines[next(i for i, line in enumerate(lines) if line.startswith("HGD-002 —")):]
    assert any(NOTICE in line for line in explained[1:3])  # right under the subject, before its criteria


def test_no_notice_in_the_terminal_for_an_official_set():
    result = runner.invoke(app, ["score", str(OFFICIAL_SHEET), "--criteria", "dvht-tt22-2020", "--year", "2023",
                                 "--explain", "DVHT-01"])
    assert result.exit_code == 1, result.output  # two rows of the sample are rejected
    assert "DVHT-01 —" in result.output and "MINH HỌA" not in result.output


# --- forged results refused by documents and record --------------------------------------------

def _set(path: str, value):
    def change(data: dict) -> None:
        *keys, last = path.split(".")
        target = data
        for k in keys:
            target = target[int(k)] if k.isdigit() else target[k]
        target[int(last) if last.isdigit() else last] = value
    return change


def _flip_sha(data: dict) -> None:
    sha = data["criteria"]["sha256"]
    data["criteria"]["sha256"] = sha[:-1] + ("0" if sha[-1] != "0" else "1")


def _unrecognise_one(data: dict) -> None:
    first = next(s for s in data["subjects"] if s["recognised"])
    first["recognised"] = False  # the summary still counts it


FORGERIES = {  # name: (change, what the refusal names)
    "sha256": (_flip_sha, "sha256"),
    "total-text": (_set("subjects.3.total", "chín mươi"), "subjects[3].total"),
    "total-nan": (_set("subjects.3.total", float("nan")), "subjects[3].total:phảilàsốhữuhạn"),
    "total-infinite": (_set("subjects.3.total", float("inf")), "subjects[3].total:phảilàsốhữuhạn"),
    "total-over-max": (_set("subjects.3.total", 100.5), "subjects[3].total"),
    "level-on-points": (_set("subjects.3.level", 2), "subjects[3]"),
    "recognised-text": (_set("subjects.3.recognised", "có"), "subjects[3].recognised"),
    "status-draft": (_set("criteria.status", "draft"), "criteria.notice"),
    "no-schema-version": (lambda d: d.pop("schema_version"), "schema_version"),
    "schema-version-2": (_set("schema_version", 2), "schema_version"),
    "summary": (_unrecognise_one, "summary.recognised"),
}


def _forge(source: Path, target: Path, change) -> Path:
    data = raw(source)
    change(data)
    return write(target, data)


def _record(results: Path, tmp_path: Path):
    config = tmp_path / "trien-khai.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    registry = tmp_path / "so.sqlite3"
    result = runner.invoke(app, ["record", str(results), "--config", str(config), "--registry",
                                 f"sqlite:///{registry}"])
    return result, registry


def _documents(results: Path, tmp_path: Path):
    config = tmp_path / "trien-khai.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    out = tmp_path / "van-ban"
    return runner.invoke(app, ["documents", str(results), "--config", str(config), "--out", str(out)]), out


@pytest.mark.parametrize("name", list(FORGERIES))
def test_forged_results_are_refused_by_record(official, tmp_path, name):
    change, named = FORGERIES[name]
    forged = _forge(official["json"], tmp_path / "gia.json", change)
    result, registry = _record(forged, tmp_path)
    assert result.exit_code == 2, result.output
    assert named in squash(result.output) and "gia.json" in squash(result.output)
    assert not registry.exists()


@pytest.mark.parametrize("name", list(FORGERIES))
def test_forged_results_are_refused_by_documents(official, tmp_path, name):
    change, named = FORGERIES[name]
    forged = _forge(official["json"], tmp_path / "gia.json", change)
    result, out = _documents(forged, tmp_path)
    assert result.exit_code == 2, result.output
    assert named in squash(result.output) and "gia.json" in squash(result.output)
    assert not out.exists()


def _example_passed_as_official(data: dict) -> None:
    """The careful forgery: status official, every notice removed; only the criteria file can tell."""
    data["criteria"]["status"] = "official"
    data["criteria"].pop("notice")
    for s in data["subjects"]:
        s.pop("notice")


@pytest.mark.parametrize("change", [_set("criteria.status", "official"), _example_passed_as_official],
                         ids=["status-only", "status-and-notices"])
def test_example_results_passed_as_official_are_refused(example, tmp_path, change):
    forged = _forge(example["json"], tmp_path / "gia.json", change)
    result, registry = _record(forged, tmp_path)
    assert result.exit_code == 2, result.output
    assert not registry.exists()
    said = squash(result.output)
    assert "criteria.notice" in said or ("trạngthái“official”khác“example”" in said), result.output
    result, out = _documents(forged, tmp_path)
    assert result.exit_code == 2, result.output
    assert not out.exists()


def test_a_stale_sha256_is_one_sentence_naming_the_set(official, tmp_path):
    forged = _forge(official["json"], tmp_path / "gia.json", _flip_sha)
    result, out = _documents(forged, tmp_path)
    said = " ".join(result.output.split())
    assert "không khớp bộ tiêu chí dvht-tt22-2020" in said and "dvht-tt22-2020.yaml" in said
    assert "hãy chấm lại bảng điểm" in said and result.exit_code == 2 and not out.exists()


def test_record_refuses_results_of_an_example_set(example, tmp_path):
    result, registry = _record(example["json"], tmp_path)
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert "minh họa gdht-448-vidu" in said and "chính thức" in said and NOTICE in said
    assert not registry.exists()


def test_score_record_refuses_an_example_set(tmp_path):
    config = tmp_path / "trien-khai.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    registry = tmp_path / "so.sqlite3"
    result = runner.invoke(app, ["score", str(EXAMPLE_SHEET), "--criteria", "gdht-448-vidu", "--year", "2024",
                                 "--record", "--config", str(config), "--registry", f"sqlite:///{registry}"])
    assert result.exit_code == 2, result.output
    assert not registry.exists()


def test_genuine_results_match_their_set(example, official):
    for outputs, set_id in ((example, "gdht-448-vidu"), (official, "dvht-tt22-2020")):
        assert mismatch(read_results(outputs["json"]).criteria, find(set_id)) is None
    wrong = mismatch(read_results(official["json"]).criteria, find("gdht-448-vidu"))
    assert wrong is not None and "mã “dvht-tt22-2020” khác “gdht-448-vidu”" in wrong


# --- the codec on its own ------------------------------------------------------------------------

def _problems(path: Path, **kw) -> str:
    with pytest.raises(ResultsUnreadable) as caught:
        read_results(path, **kw)
    return str(caught.value)


def test_every_problem_names_the_file_and_the_json_path(official, tmp_path):
    data = raw(official["json"])
    data["subjects"][0]["total"] = "x"
    data["subjects"][2]["recognised"] = None
    data["criteria"]["year"] = "2023"
    said = _problems(write(tmp_path / "r.json", data))
    lines = said.splitlines()
    assert len(lines) == 3 and all(line.startswith(f"{tmp_path / 'r.json'}: ") for line in lines)
    assert any("criteria.year: phải là số nguyên" in line for line in lines)
    assert any(f"subjects[0].total: phải là số, không phải \"x\" (mã \"{data['subjects'][0]['id']}\")" in line
               for line in lines)
    assert any("subjects[2].recognised: phải là true hoặc false, không phải null" in line for line in lines)


@pytest.mark.parametrize(("where", "value", "named"), [
    ("level", True, "level: phải là số nguyên"),
    ("level", 1.0, "level: phải là số nguyên"),
    ("level", 3, "mức độ 3 không có trong bộ tiêu chí (1, 2)"),
    ("grade", "Tốt", "grade là null"),
])
def test_levels_are_whole_numbers_of_the_set(tmp_path, where, value, named):
    """cdht-xa-tt25-2023 has levels 1 and 2 (Art. 3 of TT 25/2023); a level is one of them, or 0."""
    path = tmp_path / "r.json"
    score_sheet(SAMPLES / "cdht-xa-huyen-minh-hoa.xlsx", find("cdht-xa-tt25-2023"), [path], year=2024)
    assert read_results(path).criteria.levels == (1, 2)
    data = raw(path)
    data["subjects"][1][where] = value
    assert named in _problems(write(path, data))


def test_duplicate_codes_are_refused(official, tmp_path):
    data = raw(official["json"])
    data["subjects"][3]["id"] = data["subjects"][0]["id"]
    said = _problems(write(tmp_path / "r.json", data))
    assert f"subjects[3].id: trùng mã {data['subjects'][0]['id']} với subjects[0]" in said


def test_size_limit_encoding_and_nesting(official, tmp_path):
    assert "lớn hơn" in _problems(official["json"], max_bytes=1000)
    bom = tmp_path / "bom.json"
    bom.write_bytes(b"\xef\xbb\xbf" + official["json"].read_bytes())  # saved again by a Windows editor
    assert read_results(bom).summary.scored == 18
    latin = tmp_path / "latin.json"
    latin.write_bytes(official["json"].read_text(encoding="utf-8").encode("latin-1", "replace"))
    assert "UTF-8" in _problems(latin)
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    assert "JSON không hợp lệ" in _problems(deep)
    assert "không đọc được" in _problems(tmp_path / "khong-co.json")


def test_more_keys_may_be_added(official, tmp_path):
    """The layout promises stable keys, not only these keys: a newer writer's extra key is not an error."""
    data = raw(official["json"])
    data["subjects"][0]["them"] = {"x": 1}
    data["criteria"]["them"] = 1
    assert read_results(write(tmp_path / "r.json", data)).summary.scored == 18


def test_indicator_details_are_checked_too(official, tmp_path):
    """Details repeat from row to row (read once, then shared); a forged copy is still found, where it is."""
    data = raw(official["json"])
    first = data["subjects"][0]["criteria"][0]["indicators"][0]
    assert isinstance(first["points"], int) and first["points"] == 10  # DVHT-01, 1.a: 10 of 10 in the sample
    same = next(i for s in data["subjects"][1:] for c in s["criteria"] for i in c["indicators"]
                if i["code"] == first["code"] and i["points"] == 10 and i["input"] == first["input"])
    same["points"] = True
    said = _problems(write(tmp_path / "r.json", data))
    assert ".indicators[0].points: phải là số, không phải true" in said
    data = raw(official["json"])
    data["subjects"][0]["criteria"][0]["indicators"][0]["reason"] = ["a"]
    data["subjects"][1]["criteria"][0]["indicators"][0]["points"] = float("nan")
    said = _problems(write(tmp_path / "r.json", data))
    assert "subjects[0].criteria[0].indicators[0].reason: phải là chuỗi" in said
    assert "subjects[1].criteria[0].indicators[0].points: phải là số hữu hạn, không phải NaN" in said


# --- the stream ------------------------------------------------------------------------------------

def test_a_stream_gives_the_header_first_then_the_subjects_then_errors_and_summary(official):
    whole = read_results(official["json"])
    with ResultsStream(official["json"]) as stream:
        assert stream.header == whole.criteria
        assert stream.summary is None  # not read yet
        assert tuple(stream.subjects()) == whole.subjects
        assert (stream.errors, stream.summary, stream.schema_version) == (whole.errors, whole.summary, SCHEMA_VERSION)


def test_a_stream_reads_subjects_as_they_come_and_names_a_later_problem_as_the_whole_reader(official, tmp_path):
    data = raw(official["json"])
    data["subjects"][5]["total"] = "x"
    path = write(tmp_path / "r.json", data)
    seen = []
    with pytest.raises(ResultsUnreadable) as caught, ResultsStream(path) as stream:
        seen.extend(s.id for s in stream.subjects())
    assert seen == [s["id"] for s in data["subjects"][:5]]  # yielded before the problem was met, none after
    assert str(caught.value) == _problems(path)


def test_a_stream_refuses_a_bad_header_before_any_subject_listing_every_problem(official, tmp_path):
    data = raw(official["json"])
    data["criteria"]["status"] = "chinh-thuc"
    data["errors"][0]["row"] = "hai"
    path = write(tmp_path / "r.json", data)
    with pytest.raises(ResultsUnreadable) as caught, ResultsStream(path) as stream:
        stream.header  # noqa: B018
    assert str(caught.value) == _problems(path)
    assert "criteria.status" in str(caught.value) and "errors[0].row" in str(caught.value)


def test_a_stream_of_a_hand_sorted_file_holds_the_subjects_until_the_header(official, tmp_path):
    data = raw(official["json"])
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"subjects": data["subjects"], **{k: v for k, v in data.items() if k != "subjects"}},
                               ensure_ascii=False, indent=2), encoding="utf-8")
    whole = read_results(official["json"])
    with ResultsStream(path) as stream:
        assert stream.header == whole.criteria
        assert tuple(stream.subjects()) == whole.subjects


def test_the_fast_reading_of_subjects_gives_what_the_full_checks_give(example, official, tmp_path, monkeypatch):
    levels = tmp_path / "levels.json"
    score_sheet(SAMPLES / "cdht-xa-huyen-minh-hoa.xlsx", find("cdht-xa-tt25-2023"), [levels], year=2024)
    paths = [example["json"], official["json"], levels]
    fast = [read_results(p) for p in paths]
    monkeypatch.setattr(codec, "_fast_subject", lambda *_: None)
    monkeypatch.setattr(codec, "_fast_details", lambda *_: None)
    assert [read_results(p) for p in paths] == fast


@pytest.mark.parametrize(("field", "number", "said"), [
    ("name", "9" * 35, f'name: phải là chuỗi, không phải "{"9" * 35}"'),
    ("recognised", "9" * 31, f'recognised: phải là true hoặc false, không phải "{"9" * 31}"'),
    ("row", "9" * 35, f"row: {'9' * 35} ngoài khoảng 1–1000000000"),
    ("row", "9" * 5000, f"row: {'9' * 20}…(5000 chữ số) ngoài khoảng 1–1000000000"),
    ("total", "-" + "9" * 40, f"total: số -{'9' * 19}…(41 chữ số) quá lớn"),
])
def test_integers_of_any_length_are_named_not_converted(official, tmp_path, field, number, said):
    data = raw(official["json"])
    data["subjects"][0][field] = "@@"
    path = tmp_path / "r.json"
    path.write_text(json.dumps(data, ensure_ascii=False).replace('"@@"', number, 1), encoding="utf-8")
    assert f"subjects[0].{said}" in _problems(path)
