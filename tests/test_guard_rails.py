"""Guard rails before a paper is signed or a registry row written: one test per rail, tried as a new user would.

`documents` and `record` refuse (exit 2, nothing written) results without an evaluation year, a criteria set not
in force that year, an issuing body that is not the competent one (the 2025 reform included), a province other
than the subjects', a decision dated before the year, and a decision recognising nobody; `--force` goes ahead and
keeps what it went past. `sheet` and `score` never overwrite a filled sheet or an input without `--force`;
`record` never records a subject again for the year under another decision without `--force`. Rows rejected by
scoring are listed in the summaries of `documents` and `record`.

The two traps of following the README literally come first: scoring `samples/dvht-tt22-minh-hoa.csv` as its
table shows (no `--year`), then printing with the sample configuration, whose decision is signed in 2025 and whose
`nam` is 2024, a year TT 22/2020 no longer governs (repealed by TT 24/2023 from 26/01/2024).

Every expected value is read from the results file the command line wrote, the configuration written here, or
the criteria files (effective dates, authorities): samples/README.md says the commune sample has 16 scored
communes, 11 recognised, and rejected rows 17 and 18.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.app import app
from engine.criteria.catalogue import find
from engine.documents.guards import OVERRIDES_FILE, body, competence
from engine.registry.store import Registry

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
runner = CliRunner()

# the communes of Huyện Minh Hòa, tỉnh Thanh Sơn, 2024: recognised by the district education office (TT 25/2023
# Art. 9.2.đ), signed before the reform of 01/07/2025
COMMUNES_CONFIG = """\
tinh: Tỉnh Thanh Sơn
xa: Huyện Minh Hòa
co_quan_ban_hanh: Phòng Giáo dục và Đào tạo huyện Minh Hòa
dia_danh: Minh Hòa
so_quyet_dinh: 42/QĐ-PGDĐT
ngay_quyet_dinh: 16/03/2025
nguoi_ky:
  tham_quyen: KT. TRƯỞNG PHÒNG
  chuc_vu: Phó Trưởng phòng
  ho_ten: Lê Thị Bích Ngọc
"""

# district units of TT 22/2020, 2023: the district People's Committee recognises (Art. 7.2)
UNITS_CONFIG = """\
tinh: Tỉnh Thanh Sơn
xa: Huyện Minh Hòa
co_quan_ban_hanh: Ủy ban nhân dân huyện Minh Hòa
dia_danh: Minh Hòa
so_quyet_dinh: 7/QĐ-UBND
ngay_quyet_dinh: 2024-03-15
nguoi_ky:
  tham_quyen: TM. ỦY BAN NHÂN DÂN
  chuc_vu: Chủ tịch
  ho_ten: Nguyễn Văn An
"""

# households of the example set: the commune People's Committee
HOUSEHOLDS_CONFIG = """\
tinh: Tỉnh Thanh Sơn
xa: Xã Tân Lập
co_quan_ban_hanh: Ủy ban nhân dân xã Tân Lập
dia_danh: Tân Lập
so_quyet_dinh: 3/QĐ-UBND
ngay_quyet_dinh: 10/01/2025
nguoi_ky:
  tham_quyen: TM. ỦY BAN NHÂN DÂN
  chuc_vu: Chủ tịch
  ho_ten: Nguyễn Văn An
"""


def flat(text: str) -> str:
    return " ".join(re.sub(r"[│├└─┃┏┓┗┛┡┩╇╈┳┻┼┬┴┌┐┘╭╮╰╯]", " ", text).split())


def cli(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def refused(result) -> str:
    """The command refused: exit 2, no traceback; its words on one line."""
    assert result.exit_code == 2, f"exit {result.exit_code}: {result.output} {result.exception!r}"
    assert "Traceback" not in result.output
    return flat(result.output)


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def scored(tmp: Path, sheet: Path, set_id: str, *year: object) -> tuple[Path, dict]:
    out = tmp / "ket-qua.json"
    result = cli("score", sheet, "--criteria", set_id, *(("--year", *year) if year else ()), "--output", out)
    assert result.exit_code in (0, 1), result.output
    return out, json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def readme_results(tmp_path_factory) -> tuple[Path, dict]:
    """`recognise score samples/dvht-tt22-minh-hoa.csv --criteria dvht-tt22-2020`, as the README's table shows it."""
    return scored(tmp_path_factory.mktemp("readme"), SAMPLES / "dvht-tt22-minh-hoa.csv", "dvht-tt22-2020")


@pytest.fixture(scope="module")
def units_2023(tmp_path_factory) -> tuple[Path, dict]:
    return scored(tmp_path_factory.mktemp("tt22"), SAMPLES / "dvht-tt22-minh-hoa.csv", "dvht-tt22-2020", 2023)


@pytest.fixture(scope="module")
def communes_2024(tmp_path_factory) -> tuple[Path, dict]:
    return scored(tmp_path_factory.mktemp("tt25"), SAMPLES / "cdht-xa-huyen-minh-hoa.xlsx", "cdht-xa-tt25-2023", 2024)


# ------------------------------------------------------------------------------ the README's two traps


def test_trap_wrong_year_results_without_year_are_refused(tmp_path, readme_results):
    """The README's score example has no --year; the sample decision is signed on 15/08/2025. Before, the
    documents took 2025 from that date (or 2024 from `nam`): now both commands refuse and say to re-score."""
    results, data = readme_results
    assert "year" not in data["criteria"]
    config = tmp_path / "trien-khai.yaml"
    shutil.copy(SAMPLES / "trien-khai-minh-hoa.yaml", config)
    before = tree(tmp_path)
    for args in (("documents", results, "--config", config, "--output", tmp_path / "van-ban"),
                 ("record", results, "--config", config, "--registry", tmp_path / "so.sqlite3")):
        text = refused(cli(*args))
        assert "không ghi năm đánh giá" in text and "--year" in text, text
        assert "không được đoán từ ngày ký" in text, text
    assert tree(tmp_path) == before  # no folder, no registry file


def test_trap_repealed_circular_is_refused(tmp_path, readme_results, units_2023):
    """The sample configuration says `nam: 2024`: TT 22/2020 was in force until 25/01/2024 only, so the refusal
    names the repeal and the sets in force for 2024 (TT 24/2023). Results carrying 2024 (edited by hand: `score`
    itself refuses TT 22/2020 for 2024) are refused by both commands alike."""
    tt22 = find("dvht-tt22-2020").criteria
    assert tt22.effective_until == date(2024, 1, 25) and not tt22.in_force(2024)
    results, _ = readme_results
    config = tmp_path / "trien-khai.yaml"
    shutil.copy(SAMPLES / "trien-khai-minh-hoa.yaml", config)
    text = refused(cli("documents", results, "--config", config, "--output", tmp_path / "van-ban"))
    assert "dvht-tt22-2020" in text and "không có hiệu lực cho năm đánh giá 2024" in text, text
    assert "25/01/2024" in text and "dvht-huyen-tt24-2023" in text, text

    _, data = units_2023
    data["criteria"]["year"] = 2024
    edited = write(tmp_path / "sua-tay.json", json.dumps(data, ensure_ascii=False))
    units = write(tmp_path / "don-vi.yaml", UNITS_CONFIG)
    registry = tmp_path / "so.sqlite3"
    for args in (("documents", edited, "--config", units, "--output", tmp_path / "van-ban"),
                 ("record", edited, "--config", units, "--registry", registry)):
        assert "không có hiệu lực cho năm đánh giá 2024" in refused(cli(*args))
    assert not (tmp_path / "van-ban").exists() and not registry.exists()
    forced = cli("record", edited, "--config", units, "--registry", registry, "--force")
    assert forced.exit_code == 0, forced.output
    assert "Đã bỏ qua 1 kiểm tra theo --force" in flat(forced.output)
    assert "không có hiệu lực cho năm đánh giá 2024" in flat(forced.output)


def test_score_itself_refuses_a_repealed_set_for_the_year(tmp_path):
    text = refused(cli("score", SAMPLES / "dvht-tt22-minh-hoa.csv", "--criteria", "dvht-tt22-2020", "--year", 2024,
                       "--output", tmp_path / "r.json"))
    assert "không có hiệu lực cho năm đánh giá 2024" in text
    assert not (tmp_path / "r.json").exists()


# ------------------------------------------------------------------------------ the issuing body


def test_wrong_issuing_body_is_refused(tmp_path, communes_2024):
    """TT 25/2023: the head of the district education office recognises communes; the commune's own People's
    Committee may not."""
    results, _ = communes_2024
    config = write(tmp_path / "c.yaml", COMMUNES_CONFIG.replace("Phòng Giáo dục và Đào tạo huyện Minh Hòa",
                                                                "Ủy ban nhân dân xã Tân Lập"))
    for args in (("documents", results, "--config", config, "--output", tmp_path / "ra"),
                 ("record", results, "--config", config, "--registry", tmp_path / "so.sqlite3")):
        text = refused(cli(*args))
        assert "“Ủy ban nhân dân xã Tân Lập”" in text and "Trưởng phòng Giáo dục và Đào tạo" in text, text
        assert "--force" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.yaml"]


AUTHORITIES = [
    # set, evaluation year, decision date, issuing body, cap_huyen, competent
    ("cdht-xa-tt25-2023", 2024, date(2025, 3, 16), "Phòng Giáo dục và Đào tạo huyện Minh Hòa", False, True),
    ("cdht-xa-tt25-2023", 2024, date(2025, 3, 16), "Sở Giáo dục và Đào tạo", False, False),
    # year 2024 decided after 01/07/2025: no district body any more; the province's assignee may sign
    ("cdht-xa-tt25-2023", 2024, date(2025, 8, 15), "Phòng Giáo dục và Đào tạo huyện Minh Hòa", False, False),
    ("cdht-xa-tt25-2023", 2024, date(2025, 8, 15), "Sở Giáo dục và Đào tạo", False, True),
    ("cdht-xa-tt25-2023", 2025, date(2026, 3, 1), "Ủy ban nhân dân huyện Minh Hòa", False, False),
    ("cdht-xa-tt25-2023", 2025, date(2026, 3, 1), "Phòng Giáo dục và Đào tạo huyện Minh Hòa", True, True),
    ("dvht-huyen-tt24-2023", 2024, date(2025, 2, 10), "Ủy ban nhân dân huyện Minh Hòa", False, True),
    ("dvht-huyen-tt24-2023", 2024, date(2025, 2, 10), "Ủy ban nhân dân xã Tân Lập", False, False),
    ("dvht-huyen-tt24-2023", 2025, date(2026, 2, 10), "Ủy ban nhân dân xã Tân Lập", False, True),
    ("dvht-tinh-tt24-2023", 2024, date(2025, 2, 10), "Ủy ban nhân dân tỉnh Thanh Sơn", False, True),
    ("dvht-tinh-tt24-2023", 2024, date(2025, 2, 10), "Ủy ban nhân dân thành phố Hà Nội", False, True),
    ("dvht-tinh-tt24-2023", 2024, date(2025, 2, 10), "Ủy ban nhân dân thành phố Thái Nguyên", False, False),
    ("dvht-tt22-2020", 2023, date(2024, 3, 15), "Ủy ban nhân dân tỉnh Bắc Kạn", False, True),
    ("dvht-tt22-2020", 2023, date(2024, 3, 15), "UBND huyện Chợ Mới", False, True),
    ("dvht-tt22-2020", 2023, date(2024, 3, 15), "Sở Giáo dục và Đào tạo", False, False),
    ("cdht-tinh-tt25-2023", 2024, date(2025, 6, 1), "Bộ Giáo dục và Đào tạo", False, True),
    ("gdht-448-vidu", 2024, date(2025, 1, 10), "Ủy ban nhân dân phường Quang Trung", False, True),
    ("gdht-448-vidu", 2024, date(2025, 1, 10), "Hội Khuyến học xã Tân Lập", False, False),
]


@pytest.mark.parametrize(("set_id", "year", "signed", "issuer", "cap_huyen", "competent"), AUTHORITIES,
                         ids=[f"{a[0]}-{a[1]}-{a[3]}{'-cap_huyen' if a[4] else ''}" for a in AUTHORITIES])
def test_competent_authority_by_set_and_year(set_id, year, signed, issuer, cap_huyen, competent):
    authority = find(set_id).criteria.authority
    why = competence(authority, issuer, year, signed, cap_huyen)
    assert (why is None) == competent, why


def test_bodies_are_read_by_kind_and_level():
    assert body("Chủ tịch Ủy ban nhân dân cấp tỉnh (đơn vị cấp tỉnh) hoặc cấp huyện (đơn vị cấp huyện)").levels == {
        "tinh", "huyen"}
    assert body("Ủy ban nhân dân thị xã Phổ Yên").levels == {"huyen"}
    assert body("Ủy ban nhân dân thị trấn Minh Hòa").levels == {"xa"}
    assert body("Ủy ban nhân dân Thành phố Hồ Chí Minh").levels == {"tinh"}
    assert body("Hội Khuyến học tỉnh") is None


def test_district_body_refused_for_2025_through_the_command(tmp_path):
    """Communes evaluated for 2025 with the district education office named explicitly: refused (the
    configuration's default is refused by the configuration check, the explicit name by this one)."""
    results, _ = scored(tmp_path, SAMPLES / "cdht-xa-huyen-minh-hoa.xlsx", "cdht-xa-tt25-2023", 2025)
    config = write(tmp_path / "c.yaml", COMMUNES_CONFIG.replace("16/03/2025", "16/03/2026"))
    text = refused(cli("documents", results, "--config", config, "--output", tmp_path / "ra"))
    assert "thuộc cấp huyện" in text and "01/07/2025" in text, text
    assert not (tmp_path / "ra").exists()


# ------------------------------------------------------------------------------ province, date, nobody


def test_province_other_than_the_subjects_is_refused(tmp_path, communes_2024):
    results, data = communes_2024
    areas = {s["area"] for s in data["subjects"]}
    assert areas == {"Huyện Minh Hòa, tỉnh Thanh Sơn"}
    config = write(tmp_path / "c.yaml", COMMUNES_CONFIG.replace("Tỉnh Thanh Sơn", "Tỉnh Thái Nguyên"))
    for args in (("documents", results, "--config", config, "--output", tmp_path / "ra"),
                 ("record", results, "--config", config, "--registry", tmp_path / "so.sqlite3")):
        text = refused(cli(*args))
        assert f"“Tỉnh Thái Nguyên” nhưng {len(data['subjects'])} đối tượng thuộc tỉnh Thanh Sơn" in text, text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.yaml"]


def test_decision_dated_before_the_evaluation_year_is_refused(tmp_path, units_2023):
    results, _ = units_2023
    config = write(tmp_path / "c.yaml", UNITS_CONFIG.replace("2024-03-15", "20/12/2022"))
    text = refused(cli("record", results, "--config", config, "--registry", tmp_path / "so.sqlite3"))
    assert "20/12/2022 trước năm đánh giá 2023" in text, text


def test_a_configured_year_contradicting_the_results_is_refused_even_forced(tmp_path, units_2023):
    results, _ = units_2023
    config = write(tmp_path / "c.yaml", UNITS_CONFIG + "nam: 2022\n")
    for force in ((), ("--force",)):
        text = refused(cli("documents", results, "--config", config, "--output", tmp_path / "ra", *force))
        assert "nam: năm đánh giá 2022 khác năm 2023" in text and "thêm --force" not in text, text
    assert not (tmp_path / "ra").exists()


def _all_zero(source: Path, target: Path) -> Path:
    """The sample sheet with every indicator at 0 points: nobody reaches a grade."""
    with source.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";" if source.name.startswith("dvht") else ","))
    header, body_rows = rows[0], rows[1:]
    first = next(i for i, h in enumerate(header) if h[:1].isdigit())
    zeroed = [[*r[:first], *("0" for _ in r[first:])] for r in body_rows if r and not r[0].startswith("DVHT-07")]
    with target.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows([header, *zeroed])
    return target


def test_nothing_recognised_is_refused(tmp_path):
    """A decision "công nhận 0 đơn vị" is not printed, nor recorded."""
    sheet = _all_zero(SAMPLES / "dvht-tt22-minh-hoa.csv", tmp_path / "bang-0.csv")
    results, data = scored(tmp_path, sheet, "dvht-tt22-2020", 2023)
    assert data["subjects"] and not any(s["recognised"] for s in data["subjects"])
    config = write(tmp_path / "c.yaml", UNITS_CONFIG)
    before = tree(tmp_path)
    for args in (("documents", results, "--config", config, "--output", tmp_path / "ra"),
                 ("record", results, "--config", config, "--registry", tmp_path / "so.sqlite3")):
        text = refused(cli(*args))
        assert f"không có đối tượng nào được công nhận trong {len(data['subjects'])} đối tượng" in text, text
    assert tree(tmp_path) == before


# ------------------------------------------------------------------------------ --force keeps the reason


def test_forced_documents_keep_what_they_went_past(tmp_path):
    """Three households, a body the rules do not know as competent: refused; with --force the documents are
    printed and kiem-tra-bo-qua.txt says why; a later regular run removes that stale note."""
    lines = (SAMPLES / "gdht-vidu-ho-gia-dinh.csv").read_text(encoding="utf-8-sig").splitlines()[:4]
    sheet = write(tmp_path / "bang.csv", "\n".join(lines) + "\n")
    results, data = scored(tmp_path, sheet, "gdht-448-vidu", 2024)
    assert any(s["recognised"] for s in data["subjects"])
    wrong = write(tmp_path / "sai.yaml", HOUSEHOLDS_CONFIG.replace("Ủy ban nhân dân xã Tân Lập",
                                                                   "Hội Khuyến học xã Tân Lập"))
    out = tmp_path / "van-ban"
    assert "Hội Khuyến học xã Tân Lập" in refused(cli("documents", results, "--config", wrong, "--output", out))
    assert not out.exists()
    forced = cli("documents", results, "--config", wrong, "--output", out, "--force")
    assert forced.exit_code == 0, forced.output
    note = (out / OVERRIDES_FILE).read_text(encoding="utf-8")
    assert "recognise documents --force" in note and "Hội Khuyến học xã Tân Lập" in note, note
    assert (out / "quyet-dinh.pdf").is_file() and OVERRIDES_FILE in flat(forced.output)
    right = write(tmp_path / "dung.yaml", HOUSEHOLDS_CONFIG)
    again = cli("documents", results, "--config", right, "--output", out)
    assert again.exit_code == 0, again.output
    assert not (out / OVERRIDES_FILE).exists()


# ------------------------------------------------------------------------------ rejected rows are never dropped


def test_rejected_rows_are_listed_by_documents_and_record(tmp_path, communes_2024):
    results, data = communes_2024
    errors = data["errors"]
    assert sorted({e["row"] for e in errors}) == [17, 18]  # samples/README.md: two rows wrong on purpose
    config = write(tmp_path / "c.yaml", COMMUNES_CONFIG)
    printed = cli("documents", results, "--config", config, "--output", tmp_path / "ra")
    recorded = cli("record", results, "--config", config, "--registry", tmp_path / "so.sqlite3")
    for result, where in ((printed, "quyết định, danh sách hay thông báo"), (recorded, "sổ công nhận")):
        assert result.exit_code == 0, result.output
        text = flat(result.output)
        assert f"{len(errors)} dòng bị loại khi chấm, không có trong {where}" in text, text
        for e in errors:
            assert f"dòng {e['row']} ({e['id']}" in text and e["message"] in text, text


# ------------------------------------------------------------------------------ never overwrite


def test_sheet_never_overwrites_an_existing_file(tmp_path):
    target = tmp_path / "bang-diem.csv"
    write(target, "ma;ten;1.a\nDV-01;Đơn vị đã điền;10\n")
    filled = target.read_bytes()
    text = refused(cli("sheet", "dvht-tt22-2020", "--output", target))
    assert "đã có" in text and "--force" in text
    assert target.read_bytes() == filled
    forced = cli("sheet", "dvht-tt22-2020", "--output", target, "--force")
    assert forced.exit_code == 0, forced.output
    assert target.read_bytes() != filled and "Đơn vị đã điền" not in target.read_text(encoding="utf-8-sig")


def test_score_never_overwrites_its_input(tmp_path):
    sheet = tmp_path / "bang-diem.csv"
    shutil.copy(SAMPLES / "dvht-tt22-minh-hoa.csv", sheet)
    filled = sheet.read_bytes()
    text = refused(cli("score", sheet, "--criteria", "dvht-tt22-2020", "--year", 2023, "--output", sheet))
    assert "là chính bảng điểm" in text and "--force" in text, text
    assert sheet.read_bytes() == filled
    same = tmp_path / "." / "bang-diem.csv"  # the same file under another spelling
    text = refused(cli("score", sheet, "--criteria", "dvht-tt22-2020", "--year", 2023, "--output",
                       tmp_path / "r.json", "--output", same))
    assert "là chính bảng điểm" in text and not (tmp_path / "r.json").exists()
    forced = cli("score", sheet, "--criteria", "dvht-tt22-2020", "--year", 2023, "--output", sheet, "--force")
    assert forced.exit_code == 1, forced.output  # two rows rejected, as ever
    assert "Ghi đè theo --force" in flat(forced.output)
    assert sheet.read_bytes() != filled


# ------------------------------------------------------------------------------ recording twice


def test_recording_again_under_another_decision_names_the_earlier_one(tmp_path, communes_2024):
    results, data = communes_2024
    registry = tmp_path / "so.sqlite3"
    first = write(tmp_path / "qd-42.yaml", COMMUNES_CONFIG)
    assert cli("record", results, "--config", first, "--registry", registry).exit_code == 0
    url = f"sqlite:///{registry}"
    held = Registry(url).query()
    assert len(held) == len(data["subjects"])
    second = write(tmp_path / "qd-43.yaml", COMMUNES_CONFIG.replace("42/QĐ-PGDĐT", "43/QĐ-PGDĐT"))
    text = refused(cli("record", results, "--config", second, "--registry", registry))
    assert f"{len(data['subjects'])} đối tượng đã được ghi vào sổ công nhận cho năm 2024" in text, text
    assert "quyết định số 42/QĐ-PGDĐT ngày 16/03/2025" in text and "--force" in text, text
    assert Registry(url).query() == held
    again = cli("record", results, "--config", first, "--registry", registry)  # the same decision: nothing new
    assert again.exit_code == 0 and f"Đã ghi 0, đã có {len(data['subjects'])}" in flat(again.output)
    forced = cli("record", results, "--config", second, "--registry", registry, "--force")
    assert forced.exit_code == 0, forced.output
    assert "đã có trong sổ theo quyết định số 42/QĐ-PGDĐT" in flat(forced.output)
    assert len(Registry(url).query()) == 2 * len(data["subjects"])
