"""`recognise report`: rates counted by hand from a generated province, compared with the report's numbers."""

from __future__ import annotations

import csv
import io
import math
import random
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import html5lib
import pytest
from typer.testing import CliRunner

from cli.app import app
from engine.registry.store import Decision, Recognition, Registry
from engine.targets.plans import find_plan
from engine.targets.report import (
    BY_EVALUATED,
    BY_TOTALS,
    ReportError,
    TotalsRow,
    build_report,
    make_report,
    read_totals,
)

runner = CliRunner()
YEAR = 2020
PROVINCE = "Tỉnh Bắc Kạn"
OTHER_PROVINCE = "Tỉnh Thái Nguyên"
# three communes of a few villages; "Thôn Bản Chang" is in two of them
COMMUNES = {
    "Xã Bằng Thành": ["Thôn Nà Mò", "Thôn Bản Chang", "Thôn Khuổi Khí"],
    "Xã Nghiên Loan": ["Thôn Bản Chang", "Thôn Nà Làng", "Thôn Pù Mò"],
    "Thị trấn Chợ Rã": ["Tổ 1", "Tổ 2", "Tổ 3", "Tổ 4"],
}
TITLES = {"gdht": "Gia đình học tập", "dhht": "Dòng họ học tập", "cdht-thon": "Cộng đồng học tập cấp thôn",
          "dvht": "Đơn vị học tập cấp cơ sở"}
CRITERIA = {"gdht": "gdht-448-2015", "dhht": "dhht-448-2015", "cdht-thon": "cdht-thon-448-2015",
            "dvht": "dvht-co-so-448-2015"}


@dataclass(frozen=True)
class Subject:
    key: str
    province: str
    commune: str
    village: str
    id: str
    recognised: bool


def generate() -> list[Subject]:
    rng = random.Random(281)
    out = []
    for province, communes in ((PROVINCE, COMMUNES), (OTHER_PROVINCE, {"Xã Tân Lập": ["Xóm Đồng"]})):
        for c, (commune, villages) in enumerate(communes.items()):
            for v, village in enumerate(villages):
                for h in range(4 + (3 * c + v) % 5):
                    out.append(Subject("gdht", province, commune, village, f"HGD-{c}{v}{h:02d}", rng.random() < 0.65))
                for k in range(1 + v % 2):
                    out.append(Subject("dhht", province, commune, village, f"DH-{c}{v}{k}", rng.random() < 0.5))
                out.append(Subject("cdht-thon", province, commune, village, f"TH-{c}{v}", rng.random() < 0.6))
            for u in range(3):
                out.append(Subject("dvht", province, commune, "", f"DV-{c}{u}", u != 2 or c == 0))
    return out


SUBJECTS = generate()


def results(key: str, subjects: list[Subject], year: int = YEAR, title: str | None = None) -> dict:
    return {"criteria": {"id": CRITERIA[key], "title": title or TITLES[key], "sha256": "0" * 64, "year": year},
            "subjects": [{"id": s.id, "name": f"Đối tượng {s.id}", "area": s.village if key != "dvht" else s.commune,
                          "grade": "Tốt" if s.recognised else "Chưa đạt", "level": None, "total": 90 if s.recognised else 40,
                          "recognised": s.recognised} for s in subjects]}


@pytest.fixture(scope="module")
def registry(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("so")
    url = f"sqlite:///{folder / 'so-cong-nhan.sqlite3'}"
    reg = Registry(url)
    groups: dict[tuple, list[Subject]] = defaultdict(list)
    for s in SUBJECTS:
        groups[(s.key, s.province, s.commune)].append(s)
    for n, ((key, province, commune), subjects) in enumerate(sorted(groups.items())):
        reg.record(results(key, subjects), Decision(f"{n + 1}/QĐ-UBND", date(YEAR, 12, 20), province, commune))
    # a household first denied, then recognised by a later decision (recorded again only forced): counted once,
    # as recognised
    first = next(s for s in SUBJECTS if s.key == "gdht" and not s.recognised and s.province == PROVINCE)
    later = Decision("99/QĐ-UBND", date(YEAR + 1, 1, 15), first.province, first.commune)
    reg.record(results("gdht", [replace(first, recognised=True)]), later, force=True)
    # another year and a title without a target: not counted in the targets
    reg.record(results("gdht", [s for s in SUBJECTS if s.key == "gdht"][:10], year=YEAR - 1),
               Decision("5/QĐ-UBND", date(YEAR - 1, 12, 1), PROVINCE, "Xã Bằng Thành"))
    reg.record({"criteria": {"id": "cdht-xa-tt44-2014", "title": "Cộng đồng học tập cấp xã", "sha256": "1" * 64,
                             "year": YEAR},
                "subjects": [{"id": f"XA-{i}", "name": c, "area": c, "grade": "Khá", "level": None, "total": 75,
                              "recognised": i != 1} for i, c in enumerate(COMMUNES)]},
               Decision("7/QĐ-UBND", date(YEAR, 12, 30), PROVINCE, ""))
    reg.engine.dispose()
    return url


def recognised_now(s: Subject) -> bool:
    first = next(x for x in SUBJECTS if x.key == "gdht" and not x.recognised and x.province == PROVINCE)
    return s.recognised or s == first


def by_hand(key: str, level: str) -> dict[tuple, tuple[int, int]]:
    """(place, name first) -> (recognised, evaluated), counted from the generated subjects."""
    counts: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for s in SUBJECTS:
        if s.key != key:
            continue
        place = {"thon": (s.village, s.commune, s.province), "xa": (s.commune, s.province), "tinh": (s.province,)}[level]
        counts[place][0] += recognised_now(s)
        counts[place][1] += 1
    return {p: (r, n) for p, (r, n) in counts.items()}


def pct(recognised: int, total: int) -> Decimal:
    return (Decimal(recognised) * 100 / Decimal(total)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def short_by(target: int, recognised: int, total: int) -> int:
    return max(0, math.ceil(target * total / 100) - recognised)


def rows_of(report, key: str, level: str) -> dict[tuple, object]:
    return {r.place: r for r in report.rows if r.key == key and r.level == level}


def write_totals(tmp_path: Path, lines: list[str], name: str = "tong-so.csv") -> Path:
    path = tmp_path / name
    path.write_text("\ufeff" + "\n".join(["cap;dia_ban;danh_hieu;tong_so;kho_khan", *lines]) + "\n", encoding="utf-8")
    return path


def report_cli(*args: str):
    return runner.invoke(app, ["report", *args])


def read_csv(path: Path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))


def number(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


# ---------------------------------------------------------------- the numbers


@pytest.mark.parametrize("key", ["gdht", "dhht"])
@pytest.mark.parametrize("level", ["thon", "xa", "tinh"])
def test_rates_over_evaluated_subjects_match_the_hand_count(registry, key, level):
    report = make_report(YEAR, plan=find_plan("qd-281-2014"), registry=registry)
    got = rows_of(report, key, level)
    expected = by_hand(key, level)
    assert set(got) == set(expected)
    target = {"gdht": 70, "dhht": 50}[key]
    for place, (recognised, evaluated) in expected.items():
        row = got[place]
        assert (row.recognised, row.evaluated, row.denominator) == (recognised, evaluated, evaluated)
        assert row.denominator_text == BY_EVALUATED
        assert row.rate == pct(recognised, evaluated)
        assert row.target == target and row.target_kind == "chung"
        assert row.gap == Decimal(target) - pct(recognised, evaluated)
        assert row.met is (recognised * 100 >= target * evaluated)
        assert row.short_by == short_by(target, recognised, evaluated)


def test_communities_and_units_are_counted_per_commune_not_per_village(registry):
    report = make_report(YEAR, plan=find_plan("qd-387-2022"), registry=registry)
    for key in ("cdht-thon", "dvht"):
        assert rows_of(report, key, "thon") == {}
        got = rows_of(report, key, "xa")
        for place, (recognised, evaluated) in by_hand(key, "xa").items():
            assert (got[place].recognised, got[place].evaluated) == (recognised, evaluated)
    assert rows_of(report, "dvht", "xa")[("Xã Bằng Thành", PROVINCE)].target == 80  # QĐ 387: 80% of organisations
    assert rows_of(report, "cdht-thon", "tinh")[(PROVINCE,)].target == 65


def test_the_later_decision_and_other_years_are_counted_once(registry):
    report = make_report(YEAR, plan=None, registry=registry)
    province = rows_of(report, "gdht", "tinh")[(PROVINCE,)]
    households = [s for s in SUBJECTS if s.key == "gdht" and s.province == PROVINCE]
    assert province.evaluated == len(households)
    assert province.recognised == sum(s.recognised for s in households) + 1
    assert province.target is None and province.rate is not None


def test_a_title_without_target_is_reported_without_one(registry):
    report = make_report(YEAR, plan=find_plan("qd-281-2014"), registry=registry)
    rows = [r for r in report.rows if r.key == "Cộng đồng học tập cấp xã"]
    assert [(r.level, r.place, r.recognised, r.evaluated, r.target) for r in rows] == [
        ("tinh", (PROVINCE,), 2, 3, None)]


def test_bac_kan_lower_target_in_a_difficult_commune(registry, tmp_path):
    totals = write_totals(tmp_path, ["xa;Xã Nghiên Loan;gdht;;có"])
    report = make_report(YEAR, plan=find_plan("bac-kan-1150-2014"), registry=registry, totals=totals)
    communes = rows_of(report, "gdht", "xa")
    hand = by_hand("gdht", "xa")
    hard = communes[("Xã Nghiên Loan", PROVINCE)]
    assert hard.difficult and (hard.target, hard.target_kind) == (70, "vùng khó khăn")
    assert hard.target_denominator == "số gia đình hội viên"
    recognised, evaluated = hand[("Xã Nghiên Loan", PROVINCE)]
    assert hard.gap == Decimal(70) - pct(recognised, evaluated)
    assert hard.short_by == short_by(70, recognised, evaluated)
    assert hard.denominator_text == BY_EVALUATED  # kho_khan alone does not change the denominator
    assert communes[("Xã Bằng Thành", PROVINCE)].target == 80
    for place, row in rows_of(report, "gdht", "thon").items():  # the villages of a difficult commune are difficult
        if place[2] == PROVINCE:
                assert row.target == (70 if place[1] == "Xã Nghiên Loan" else 80), place
    # every title of the difficult commune: clans 40, units 75
    assert rows_of(report, "dhht", "xa")[("Xã Nghiên Loan", PROVINCE)].target == 40
    assert rows_of(report, "dvht", "xa")[("Xã Nghiên Loan", PROVINCE)].target == 75
    assert rows_of(report, "gdht", "tinh")[(PROVINCE,)].target == 80
    # a provincial plan does not apply outside its province
    other = rows_of(report, "gdht", "xa")[("Xã Tân Lập", OTHER_PROVINCE)]
    assert other.target is None and "ngoài phạm vi kế hoạch" in " ".join(other.notes)


def test_qd_281_difficult_rates(registry, tmp_path):
    totals = write_totals(tmp_path, ["xa;Xã Nghiên Loan, Bắc Kạn;gdht;;có"])
    report = make_report(YEAR, plan=find_plan("qd-281-2014"), registry=registry, totals=totals)
    assert rows_of(report, "gdht", "xa")[("Xã Nghiên Loan", PROVINCE)].target == 60
    assert rows_of(report, "dhht", "xa")[("Xã Nghiên Loan", PROVINCE)].target == 40
    assert rows_of(report, "cdht-thon", "xa")[("Xã Nghiên Loan", PROVINCE)].target == 50
    units = rows_of(report, "dvht", "xa")[("Xã Nghiên Loan", PROVINCE)]
    assert units.difficult and (units.target, units.target_kind) == (50, "chung")  # no difficult rate known
    assert any("không có tỷ lệ riêng cho vùng khó khăn" in n for n in report.notices)


def test_totals_override_the_denominator(registry, tmp_path):
    totals = write_totals(tmp_path, [
        "xa;Xã Bằng Thành;gdht;50;",
        "thon;Thôn Nà Mò;gdht;12;",                      # unique: the name alone is enough
        "thon;Thôn Bản Chang, Xã Nghiên Loan;gdht;1.200;",  # a thousands separator
        "tinh;Bắc Kạn;Gia đình học tập;400;",            # a title by name, a province without "Tỉnh"
        "thon;Thôn Mới, Xã Bằng Thành;gdht;20;",         # not in the registry: nothing recognised there
        "xa;Thị trấn Chợ Rã;dhht;30;có",
    ])
    report = make_report(YEAR, plan=find_plan("bac-kan-1150-2014"), registry=registry, totals=totals)
    hand_xa, hand_thon = by_hand("gdht", "xa"), by_hand("gdht", "thon")
    cases = [(rows_of(report, "gdht", "xa")[("Xã Bằng Thành", PROVINCE)], hand_xa[("Xã Bằng Thành", PROVINCE)][0], 50),
             (rows_of(report, "gdht", "thon")[("Thôn Nà Mò", "Xã Bằng Thành", PROVINCE)],
              hand_thon[("Thôn Nà Mò", "Xã Bằng Thành", PROVINCE)][0], 12),
             (rows_of(report, "gdht", "thon")[("Thôn Bản Chang", "Xã Nghiên Loan", PROVINCE)],
              hand_thon[("Thôn Bản Chang", "Xã Nghiên Loan", PROVINCE)][0], 1200),
             (rows_of(report, "gdht", "tinh")[(PROVINCE,)], by_hand("gdht", "tinh")[(PROVINCE,)][0], 400),
             (rows_of(report, "gdht", "thon")[("Thôn Mới", "Xã Bằng Thành", PROVINCE)], 0, 20)]
    for row, recognised, total in cases:
        assert (row.recognised, row.denominator, row.denominator_text) == (recognised, total, BY_TOTALS)
        assert row.rate == pct(recognised, total)
        assert row.gap == Decimal(80) - pct(recognised, total)
        assert row.short_by == short_by(80, recognised, total)
    clans = rows_of(report, "dhht", "xa")[("Thị trấn Chợ Rã", PROVINCE)]
    assert (clans.denominator, clans.target) == (30, 40)
    # rows without a total keep the evaluated count, and say so
    other = rows_of(report, "gdht", "thon")[("Thôn Bản Chang", "Xã Bằng Thành", PROVINCE)]
    assert other.denominator_text == BY_EVALUATED
    assert other.denominator == by_hand("gdht", "thon")[("Thôn Bản Chang", "Xã Bằng Thành", PROVINCE)][1]


def test_a_total_below_the_recognised_count_is_a_warning(registry, tmp_path):
    totals = write_totals(tmp_path, ["tinh;Tỉnh Bắc Kạn;gdht;3;"])
    report = make_report(YEAR, plan=find_plan("qd-281-2014"), registry=registry, totals=totals)
    row = rows_of(report, "gdht", "tinh")[(PROVINCE,)]
    assert row.rate > 100 and row.met
    assert any("nhỏ hơn số được công nhận" in w for w in report.warnings)


def test_area_keeps_the_place_and_what_is_inside(registry):
    report = make_report(YEAR, plan=find_plan("qd-281-2014"), registry=registry, area="xa bang thanh")
    assert {(r.level, r.place[-2] if r.level == "thon" else r.place[0]) for r in report.rows} == {
        ("xa", "Xã Bằng Thành"), ("thon", "Xã Bằng Thành")}
    village = make_report(YEAR, plan=None, registry=registry, area="Thôn Bản Chang, Xã Nghiên Loan")
    assert {r.place for r in village.rows} == {("Thôn Bản Chang", "Xã Nghiên Loan", PROVINCE)}


# ---------------------------------------------------------------- the totals file


@pytest.mark.parametrize(("lines", "words"), [
    (["huyen;Ba Bể;gdht;10;"], "cap"),
    (["xa;;gdht;10;"], "dia_ban trống"),
    (["xa;Xã Bằng Thành;cdht-xa;10;"], "danh_hieu"),
    (["xa;Xã Bằng Thành;gdht;-3;"], "số nguyên không âm"),
    (["xa;Xã Bằng Thành;gdht;1,5;"], "số nguyên không âm"),
    (["xa;Xã Bằng Thành;gdht;10;hơi"], "có hoặc không"),
    (["xa;Xã Bằng Thành;gdht;;"], "không có tong_so"),
    (["xa;Xã A, Huyện B, Tỉnh C;gdht;10;"], "nhiều nhất 2 phần"),
])
def test_bad_totals_rows_are_named_by_line(tmp_path, lines, words):
    path = write_totals(tmp_path, ["xa;Xã Bằng Thành;dhht;10;", *lines])
    with pytest.raises(ReportError) as caught:
        read_totals(path)
    assert f"{path}:3:" in str(caught.value) and words in str(caught.value)


def test_totals_header_and_encoding(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("Cấp,Địa bàn,Danh hiệu,Tổng số\nxã,Xã Bằng Thành,gdht,10\n", encoding="utf-8")
    [row] = read_totals(path)
    assert (row.level, row.place, row.key, row.total, row.difficult) == ("xa", ("Xã Bằng Thành",), "gdht", 10, None)
    path.write_text("dia_ban;tong_so\n", encoding="utf-8")
    with pytest.raises(ReportError, match="thiếu cột cap, danh_hieu"):
        read_totals(path)
    path.write_bytes("cap;dia_ban;danh_hieu;tong_so\nxa;Xã Bằng Thành;gdht;10\n".encode("utf-16"))
    with pytest.raises(ReportError, match="UTF-8"):
        read_totals(path)


def test_an_ambiguous_village_must_name_its_commune(registry, tmp_path):
    totals = write_totals(tmp_path, ["thon;Thôn Bản Chang;gdht;10;"])
    with pytest.raises(ReportError, match="không rõ, có ở nhiều nơi"):
        make_report(YEAR, plan=None, registry=registry, totals=totals)


def test_a_place_both_difficult_and_not_is_refused(registry, tmp_path):
    totals = write_totals(tmp_path, ["xa;Xã Bằng Thành;gdht;;có", "xa;Xã Bằng Thành;dhht;;không"])
    with pytest.raises(ReportError, match="vừa có vừa không"):
        make_report(YEAR, plan=None, registry=registry, totals=totals)


def test_a_total_given_twice_is_refused(registry, tmp_path):
    totals = write_totals(tmp_path, ["xa;Xã Bằng Thành;gdht;10;", "xa;bang thanh;gdht;12;"])
    with pytest.raises(ReportError, match=":3: tổng số gdht"):
        make_report(YEAR, plan=None, registry=registry, totals=totals)


# ---------------------------------------------------------------- the command and its files


def test_cli_writes_csv_with_the_hand_numbers(registry, tmp_path):
    out = tmp_path / "bao-cao.csv"
    totals = write_totals(tmp_path, ["xa;Xã Nghiên Loan;gdht;;có", "xa;Xã Bằng Thành;gdht;50;"])
    run = report_cli("--year", str(YEAR), "--registry", registry, "--plan", "bac-kan-1150-2014",
                     "--totals", str(totals), "--output", str(out))
    assert run.exit_code == 0, run.output
    assert "Gia đình học tập" in run.output and "Đã ghi" in run.output
    rows = read_csv(out)
    text = out.read_bytes().decode("utf-8-sig")
    assert text.splitlines()[0].startswith("nam;ke_hoach;danh_hieu;")
    assert "\r\n" in text
    gdht = {(r["cap"], r["dia_ban"], r["thuoc"]): r for r in rows if r["danh_hieu"] == "gdht"}
    for (village, commune, province), (recognised, evaluated) in by_hand("gdht", "thon").items():
        if province != PROVINCE:
            continue
        r = gdht[("thôn", village, f"{commune}, {province}")]
        target = 70 if commune == "Xã Nghiên Loan" else 80
        assert (int(r["cong_nhan"]), int(r["mau_so"]), r["mau_so_tinh_theo"]) == (recognised, evaluated, BY_EVALUATED)
        assert number(r["ty_le"]) == pct(recognised, evaluated)
        assert "." not in r["ty_le"]  # decimal commas
        assert (int(r["chi_tieu"]), number(r["chenh_lech"])) == (target, target - pct(recognised, evaluated))
        assert r["vung_kho_khan"] == ("có" if commune == "Xã Nghiên Loan" else "không")
        assert r["dat_chi_tieu"] == ("có" if recognised * 100 >= target * evaluated else "không")
        assert int(r["con_thieu"]) == short_by(target, recognised, evaluated)
        assert "1150/QĐ-UBND" in r["can_cu"]
    commune = gdht[("xã", "Xã Bằng Thành", PROVINCE)]
    recognised = by_hand("gdht", "xa")[("Xã Bằng Thành", PROVINCE)][0]
    assert (int(commune["mau_so"]), commune["mau_so_tinh_theo"]) == (50, BY_TOTALS)
    assert number(commune["ty_le"]) == pct(recognised, 50)


def test_cli_writes_html_with_an_svg_chart(registry, tmp_path):
    out = tmp_path / "bao-cao.html"
    totals = write_totals(tmp_path, ["xa;Xã Nghiên Loan;gdht;;có"])
    run = report_cli("--year", str(YEAR), "--registry", registry, "--plan", "bac-kan-1150-2014",
                     "--totals", str(totals), "-o", str(out))
    assert run.exit_code == 0, run.output
    text = out.read_text(encoding="utf-8")
    html5lib.HTMLParser(strict=True).parse(text)  # raises on the first parse error
    doc = html5lib.parse(text, namespaceHTMLElements=False)
    assert doc.findall(".//script") == [] and "http://" not in text.replace("http://www.w3.org/2000/svg", "")
    assert doc.find(".").get("lang") == "vi"
    svgs = [e for e in doc.iter() if e.tag.endswith("svg")]
    report = make_report(YEAR, plan=find_plan("bac-kan-1150-2014"), registry=registry, totals=totals)
    groups = {(r.key, r.level) for r in report.rows}
    assert len(svgs) == len(groups)
    bars = [e for s in svgs for e in s.iter() if e.tag.endswith("rect")]
    assert len(bars) == len(report.rows)
    # the bar of a village is its rate on a 420-pixel scale, the black line its target
    hand = by_hand("gdht", "thon")
    village = ("Thôn Pù Mò", "Xã Nghiên Loan", PROVINCE)
    recognised, evaluated = hand[village]
    widths = {round(float(b.get("width")), 1) for b in bars}
    assert round(float(pct(recognised, evaluated)) * 420 / 100, 1) in widths
    assert re.search(r'<line x1="564\.0"[^>]*stroke="#000"', text)  # 270 + 70% of 420: the difficult target
    assert re.search(r'<line x1="606\.0"[^>]*stroke="#000"', text)  # 270 + 80% of 420
    assert "BÁO CÁO TỶ LỆ CÔNG NHẬN" in text and "Thôn Pù Mò" in text and "vùng khó khăn" in text
    assert "QĐ 1150/QĐ-UBND" in text


def test_default_plan_and_a_year_without_one(registry, tmp_path):
    run = report_cli("--year", str(YEAR), "--registry", registry)
    assert run.exit_code == 0, run.output
    assert "281/QĐ-TTg" in run.output
    out = tmp_path / "r.csv"
    run = report_cli("--year", "2026", "--registry", registry, "-o", str(out))
    assert run.exit_code == 0, run.output
    assert "Không có kế hoạch toàn quốc" in run.output
    assert read_csv(out) == []


def test_names_are_never_markup_formulas_or_html(tmp_path):
    url = f"sqlite:///{tmp_path / 'so.sqlite3'}"
    reg = Registry(url)
    hostile = ["<script>alert(1)</script>", "=HYPERLINK(\"http://x\")", "[red]đỏ[/]", "[link=file:///etc]x"]
    reg.record({"criteria": {"id": "gdht-448-vidu", "title": "Gia đình học tập (bộ minh họa)", "sha256": "2" * 64,
                             "year": YEAR},
                "subjects": [{"id": f"H{i}", "name": "x", "area": name, "recognised": i == 0, "grade": None,
                              "level": None, "total": None} for i, name in enumerate(hostile)]},
               Decision("1/QĐ-UBND", date(YEAR, 12, 1), "Tỉnh <b>X</b>", "Xã Y"))
    reg.engine.dispose()
    html, table = tmp_path / "r.html", tmp_path / "r.csv"
    run = report_cli("--year", str(YEAR), "--registry", url, "-o", str(html), "-o", str(table))
    assert run.exit_code == 0, run.output
    assert "[red]đỏ[/]" in run.output and "[link=file:///etc]x" in run.output
    text = html.read_text(encoding="utf-8")
    html5lib.HTMLParser(strict=True).parse(text)
    doc = html5lib.parse(text, namespaceHTMLElements=False)
    assert doc.findall(".//script") == [] and [b for b in doc.iter("b") if b.text == "X"] == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "Tỉnh &lt;b&gt;X&lt;/b&gt;" in text
    assert "BẢN MINH HỌA – KHÔNG CÓ GIÁ TRỊ PHÁP LÝ" in text and "BẢN MINH HỌA" in run.output
    rows = read_csv(table)
    assert {r["dia_ban"] for r in rows if r["cap"] == "thôn"} >= {"'=HYPERLINK(\"http://x\")"}
    assert all("BẢN MINH HỌA" in r["ghi_chu"] for r in rows)


@pytest.mark.parametrize(("args", "words"), [
    (["--plan", "khong-co"], "không có kế hoạch chỉ tiêu"),
    (["--output", "bao-cao.pdf"], "chỉ ghi được .csv, .html"),
    (["--output", "khong-co/r.csv"], "không tồn tại"),
    (["--area", "Xã Không Có"], "không có địa bàn"),
    (["--totals", "khong-co.csv"], "không đọc được tệp tổng số"),
    (["--year", "99999"], "không hợp lệ"),
])
def test_bad_arguments_exit_2(registry, tmp_path, monkeypatch, args, words):
    monkeypatch.chdir(tmp_path)
    run = report_cli("--year", str(YEAR), "--registry", registry, *args)
    assert run.exit_code == 2, run.output
    assert words in " ".join(run.output.split())


def test_a_missing_or_unreachable_registry_exits_2_and_creates_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RECOGNISE_REGISTRY", raising=False)
    missing = tmp_path / "khong-co.sqlite3"
    for url in (f"sqlite:///{missing}", str(missing), None):
        run = report_cli("--year", str(YEAR), *(["--registry", url] if url else []))
        assert run.exit_code == 2, run.output
        assert "không có sổ công nhận" in " ".join(run.output.split())
    assert list(tmp_path.iterdir()) == []
    not_a_db = tmp_path / "so.sqlite3"
    not_a_db.write_text("không phải cơ sở dữ liệu\n" * 100, encoding="utf-8")
    run = report_cli("--year", str(YEAR), "--registry", str(not_a_db))
    assert run.exit_code == 2, run.output
    run = report_cli("--year", str(YEAR), "--registry", "postgresql://khach@127.0.0.1:1/so")
    assert run.exit_code == 2, run.output
    assert "Traceback" not in run.output


def recognition(subject: str, area: str, recognised: bool, commune: str = "Thị trấn Chợ Rã") -> Recognition:
    return Recognition(subject, subject, PROVINCE, commune, area, "Gia đình học tập", "gdht-448-2015", "0" * 64, YEAR,
                       None, None, recognised, None, "1/QĐ-UBND", date(YEAR, 12, 1))


def test_places_are_told_apart_by_their_full_names():
    recs = [recognition("A", "Tổ 1", True), recognition("B", "Thôn 1", False), recognition("C", "thôn  1", True),
            recognition("D", "Tổ 1", True, commune="Xã Bằng Thành")]
    report = build_report(recs, YEAR, find_plan("qd-281-2014"))
    villages = {r.place: (r.recognised, r.evaluated) for r in report.rows if r.level == "thon"}
    assert villages == {("Tổ 1", "Thị trấn Chợ Rã", PROVINCE): (1, 1), ("Thôn 1", "Thị trấn Chợ Rã", PROVINCE): (1, 2),
                        ("Tổ 1", "Xã Bằng Thành", PROVINCE): (1, 1)}
    # written without the word for its kind, a place is still found when that is not ambiguous
    only = build_report(recs, YEAR, None, area="Chợ Rã")
    assert {r.place[-2] for r in only.rows if r.level == "thon"} == {"Thị trấn Chợ Rã"}
    with pytest.raises(ReportError, match="không rõ"):
        build_report(recs, YEAR, None, totals=[TotalsRow(2, "thon", ("1", "Chợ Rã"), "gdht", 10, None)], totals_file="t")
    exact = build_report(recs, YEAR, None, totals=[TotalsRow(2, "thon", ("Thôn 1", "Chợ Rã"), "gdht", 10, None)])
    assert {r.place: r.denominator for r in exact.rows if r.level == "thon"}[("Thôn 1", "Thị trấn Chợ Rã", PROVINCE)] == 10
