"""Differential oracle: every scoreable set decided here from the circulars, against `recognise score`.

The numbers are copied by hand from the verbatim circulars in tests/legal/ (each beside its article);
nothing is read from the engine or from criteria/*.yaml, except the example set gdht-448-vidu, whose
illustrative numbers exist only in criteria/gdht-448-vidu.yaml (quoted where they are used). The engine
runs as a board runs it: `recognise score SHEET --criteria ID --year Y --output r.json`, and `total`,
`grade`, `level`, `recognised` are compared subject by subject.

Counting of the history (the 12 months before level 2): from the date in the optional column
`ngay_cong_nhan_muc_do_1` to 31/12 of --year, in whole months; no date, no level 2.
Values are written as boards write them (`84,5`, `92%`, `đạt`, `mức độ 2`), including exact decimals
a float cannot hold (84,99999999999999999 is under 85).
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cli.app import app

D = Decimal
EPS = D("0.00000000000000001")  # 84,99999999999999999 = 85 − EPS
LEGAL = Path(__file__).resolve().parent / "legal"
NOTICE = "BẢN MINH HỌA – KHÔNG CÓ GIÁ TRỊ PHÁP LÝ"
# no shrinking: a failure lists every wrong row of its sheet, and the run stays short
SETTINGS = settings(max_examples=40, deadline=None, database=None, phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# =============================================================================================
# The oracle: the law, by hand
# =============================================================================================

@dataclass(frozen=True)
class Expect:
    total: Decimal | None
    grade: str | None
    level: int | None
    recognised: bool
    why: str = ""


def months_to_year_end(decided: date, year: int) -> int:
    """Whole months from the decision to 31/12 of the evaluation year: the largest m with decided + m months ≤ 31/12."""
    end = date(year, 12, 31)
    if decided > end:
        return -1
    m = 0
    while _plus_months(decided, m + 1) <= end:
        m += 1
    return m


def _plus_months(day: date, months: int) -> date:
    y, mo = divmod(day.month - 1 + months, 12)
    first_next = date(day.year + y + (mo + 1) // 12, (mo + 1) % 12 + 1, 1)
    last = (first_next - timedelta(days=1)).day
    return date(day.year + y, mo + 1, min(day.day, last))


def level_granted(meets_1: bool, meets_2: bool, months: int | None) -> int:
    """TT 24/2023 Art. 8, 14 (TT 25/2023 Art. 8, 13, 18): each level on its own article.
    Level 2 also needs a level-1 decision at least 12 months old (TT 24/2023 Art. 2.11, 5.3, 11.3:
    "sau ít nhất 1 năm (12 tháng) kể từ ngày ra quyết định công nhận"; TT 25/2023 Art. 5, 10, 15 cl. 2–3,
    known in secondary wording only). Without a known decision, level 1 at most."""
    if meets_2 and months is not None and months >= 12:
        return 2
    return 1 if meets_1 else 0


# --- TT 22/2020: points ------------------------------------------------------------------------

TT22_MAX = {  # Điều 5: (tối đa … điểm)
    "1.a": D(10), "1.b": D(10), "1.c": D(10),              # khoản 1 a–c
    "2.a": D(10), "2.b": D(5), "2.c": D(10), "2.d": D(5),  # khoản 2 a–d
    "3.a": D(25), "3.b": D(10), "3.c": D(5),               # khoản 3 a–c
}
TT22_CRITERIA = {"TC1": ("1.a", "1.b", "1.c"), "TC2": ("2.a", "2.b", "2.c", "2.d"), "TC3": ("3.a", "3.b", "3.c")}
TT22_BANDS = ((D(85), "Tốt"), (D(70), "Khá"), (D(50), "Trung bình"))  # Điều 6 khoản 3 a–c ("từ … điểm")
TT22_FAIL = "Chưa đạt"                                                 # Điều 6 khoản 3 d: các trường hợp còn lại


def tt22_expect(points: dict[str, Decimal]) -> Expect:
    total = sum(points.values(), D(0))  # Điều 6 khoản 2: tổng số điểm, tối đa 100
    grade = next((name for low, name in TT22_BANDS if total >= low), TT22_FAIL)
    return Expect(total, grade, None, grade != TT22_FAIL)


# --- gdht-448-vidu: the example set (numbers of criteria/gdht-448-vidu.yaml, not law) ---------

VIDU_POINTS = {c: D(10) for c in ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "4.1", "4.2")}  # max: 10
VIDU_BOOLEAN = {"3.2": D(10)}  # "ghi đạt / không đạt, được 10 điểm hoặc 0 điểm"
VIDU_CODES = ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2", "4.1", "4.2")
VIDU_CRITERIA = {"TC1": ("1.1", "1.2", "1.3"), "TC2": ("2.1", "2.2", "2.3"), "TC3": ("3.1", "3.2"), "TC4": ("4.1", "4.2")}
VIDU_PASS, VIDU_GRADE, VIDU_FAIL = D(80), "Đạt", "Chưa đạt"  # grades: Đạt, min 80; fail_grade: Chưa đạt


def vidu_expect(points: dict[str, Decimal]) -> Expect:
    total = sum(points.values(), D(0))
    zero = [c for c, codes in VIDU_CRITERIA.items() if sum((points[x] for x in codes), D(0)) == 0]
    # knockouts: criterion_zero, "không công nhận khi có tiêu chí bị điểm 0"
    grade = VIDU_GRADE if total >= VIDU_PASS and not zero else VIDU_FAIL
    return Expect(total, grade, None, grade == VIDU_GRADE, f"tiêu chí 0 điểm: {zero}" if zero else "")


# --- TT 24/2023: units (district Art. 6–8, province Art. 12–14) ---------------------------------

DISTRICT_KINDS = ("co_quan", "csgd_mam_non", "csgd_mam_non_tu_thuc", "csgd_pho_thong", "csgd_pho_thong_tu_thuc",
                  "csgd_nghe_nghiep", "csgd_nghe_nghiep_tu_thuc", "csgd_khac", "csgd_khac_tu_thuc",
                  "to_chuc_kinh_te", "to_chuc_xa_hoi")
PROVINCE_KINDS = ("co_quan", "csgd_pho_thong", "csgd_pho_thong_tu_thuc", "csgd_dai_hoc", "csgd_dai_hoc_tu_thuc",
                  "csgd_nghe_nghiep", "csgd_nghe_nghiep_tu_thuc", "csgd_khac", "csgd_khac_tu_thuc",
                  "to_chuc_kinh_te", "to_chuc_xa_hoi")


def public(kind: str) -> bool:
    """"cơ quan, đơn vị sự nghiệp công lập": a body, or a school that is not dân lập, tư thục."""
    return kind == "co_quan" or (kind.startswith("csgd_") and not kind.endswith("_tu_thuc"))


def kind_of(kind: str) -> str:
    return kind.removesuffix("_tu_thuc")


def district_learners(kind: str) -> bool:
    """Điều 2 khoản 8: Người học, except in preschools and district schools up to lower secondary."""
    return kind_of(kind) in ("csgd_nghe_nghiep", "csgd_khac")


def province_learners(kind: str) -> bool:
    """Điều 2 khoản 2 and 8: every education institution assessed at province level has Người học."""
    return kind.startswith("csgd_")


def tt24_members(level: int, v: dict, kind: str) -> list[tuple[str, bool]]:
    """Tiêu chí 1 and 2 (Điều 6 khoản 1–2 for level 1, Điều 7 khoản 1–2 for level 2; the province
    articles 12, 13 cite them)."""
    share = D(90) if level == 1 else D(95)  # Điều 6 khoản 2 a, b, c, đ "Tối thiểu 90%"; Điều 7: 95%
    out = [(c, v[c]) for c in ("1.1", "1.2", "1.4", "1.5")]  # Điều 6 khoản 1 a, b, d, đ
    if public(kind):
        out.append(("1.3", v["1.3"]))  # khoản 1 c: "(đối với đơn vị là cơ quan, đơn vị sự nghiệp công lập …)"
    out += [(c, v[c] >= share) for c in ("2.1", "2.2", "2.3", "2.5")]
    if kind != "to_chuc_kinh_te":  # khoản 2 d: "không bao gồm thành viên trong đơn vị là tổ chức kinh tế"
        out.append(("2.4a", v["2.4a"] >= 50) if level == 1 else ("2.4b", v["2.4b"] >= 70))  # 6.2.d 50%, 7.2.d 70%
    return out


def tt24_district_meets(level: int, v: dict, kind: str) -> list[tuple[str, bool]]:
    out = tt24_members(level, v, kind)
    out.append(("3.1a", v["3.1a"] >= (D(90) if level == 1 else D(95))))  # Điều 6 / 7 khoản 3 a: Thành viên
    if district_learners(kind):
        out.append(("3.1b", v["3.1b"] >= (D(95) if level == 1 else D(97))))  # same, second sentence: Người học
    out.append(("3.2", v["3.2"]))  # khoản 3 b
    if level == 1 or public(kind):  # 6.3.c "Đơn vị cấp huyện"; 7.3.c "… là cơ quan, đơn vị sự nghiệp công lập"
        out.append(("3.3", v["3.3"]))
    if kind_of(kind) == "csgd_pho_thong":  # khoản 3 d: "mức đáp ứng cơ bản" (1) / "mức đáp ứng tốt" (2)
        out.append(("3.4", v["3.4"] >= level))
    if kind_of(kind) == "csgd_nghe_nghiep":  # khoản 3 đ: kiểm định chất lượng giáo dục nghề nghiệp
        out.append(("3.5", v["3.5"]))
    return out


def tt24_province_meets(level: int, v: dict, kind: str) -> list[tuple[str, bool]]:
    out = tt24_members(level, v, kind)  # Điều 12 / 13 khoản 1–2
    out.append(("3.1a", v["3.1a"] >= (D(90) if level == 1 else D(95))))  # Điều 12 / 13 khoản 3 a
    if province_learners(kind):
        out.append(("3.1b", v["3.1b"] >= (D(95) if level == 1 else D(97))))
    out.append(("3.2", v["3.2"]))  # khoản 3 b
    out.append(("3.3", v["3.3"]))  # khoản 3 c, both levels: "Đơn vị cấp tỉnh"
    if kind_of(kind) == "csgd_pho_thong":  # khoản 3 d (QĐ 4725): THPT, GDTX
        out.append(("3.4", v["3.4"] >= level))
    if kind_of(kind) == "csgd_dai_hoc":  # khoản 3 đ (QĐ 4740)
        out.append(("3.5", v["3.5"] >= level))
    if kind_of(kind) == "csgd_nghe_nghiep":  # khoản 3 e
        out.append(("3.6", v["3.6"]))
    return out


# --- TT 25/2023: communities (commune Art. 6–8, district Art. 11–13, province Art. 16–18) ---------

TT25_XA_BOOLEANS = ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "4.1")


def tt25_commune_meets(level: int, v: dict, vkk: str) -> list[tuple[str, bool]]:
    out = [(c, v[c]) for c in TT25_XA_BOOLEANS]  # Điều 6 khoản 1–3, 4 a (Điều 7 khoản 1–4 a)
    standards = {1: (2, 2, 1), 2: (3, 3, 2)}[level]  # Điều 6 / 7 khoản 4 b–d: PCGD tiểu học, THCS; XMC
    out += [(c, v[c] >= need) for c, need in zip(("4.2", "4.3", "4.4"), standards, strict=True)]
    out.append(("5.1", v["5.1"] >= (D(60) if level == 1 else D(80))))  # khoản 5 a
    if vkk == "co":  # khoản 5 b, "Đối với xã thuộc vùng khó khăn"
        trained, degree = (D(40), D(10)) if level == 1 else (D(50), D(12))
    else:
        trained, degree = (D(50), D(12)) if level == 1 else (D(60), D(15))
    return out + [("5.2a", v["5.2a"] >= trained), ("5.2b", v["5.2b"] >= degree)]


TT25_HUYEN_BOOLEANS = ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "4.2", "4.3")
TT25_TINH_BOOLEANS = ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "2.5", "3.1", "3.2", "3.3", "3.4", "3.5",
                      "4.2", "4.3")


def tt25_area_meets(booleans: tuple[str, ...]) -> Callable[[int, dict, str], list[tuple[str, bool]]]:
    def meets(level: int, v: dict, _: str) -> list[tuple[str, bool]]:
        # district Điều 11 / 12, province Điều 16 / 17: khoản 1–3 and 4 b, c met or not; khoản 4 a
        # "ít nhất 90% số xã (huyện) được công nhận" at level 1 (4.1a) or level 2 (4.1b)
        share = ("4.1a", v["4.1a"] >= 90) if level == 1 else ("4.1b", v["4.1b"] >= 90)
        return [(c, v[c]) for c in booleans] + [share]
    return meets


# =============================================================================================
# Sheets as boards write them
# =============================================================================================

TRUE_WORDS = ("đạt", "Đạt", "ĐẠT", "dat", "có", "Có", "x", "X", "1")
FALSE_WORDS = ("không đạt", "Không đạt", "khong dat", "KHÔNG ĐẠT", "không", "Không", "0")


def number_text(value: Decimal, comma: bool) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",") if comma else text


def write_sheet(folder: Path, header: list[str], rows: list[list[str]], form: str) -> Path:
    if form == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        ws = book.active
        ws.append(header)
        for row in rows:  # whole numbers typed as numbers, the rest as the board's text
            ws.append([int(c) if re.fullmatch(r"\d{1,3}", c) else c for c in row])
        path = folder / "bang-diem.xlsx"
        book.save(path)
        return path
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=form[-1], lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path = folder / "bang-diem.csv"
    path.write_bytes(("\ufeff" if form.startswith("bom") else "").encode() + buf.getvalue().encode("utf-8"))
    return path


RUNNER = CliRunner()


def score(path: Path, set_id: str, year: int) -> list[dict]:
    out = path.with_name("ket-qua.json")
    res = RUNNER.invoke(app, ["score", str(path), "--criteria", set_id, "--year", str(year), "--output", str(out)])
    assert res.exit_code == 0, f"{set_id} --year {year}: exit {res.exit_code}\n{res.output}\n{res.exception!r}"
    data = json.loads(out.read_text(encoding="utf-8"), parse_float=D)
    assert data["errors"] == [], data["errors"]
    return data["subjects"]


def as_decimal(value) -> Decimal | None:
    return None if value is None else D(str(value))


def total_agrees(got: Decimal | None, want: Decimal, boundaries: tuple[Decimal, ...]) -> bool:
    """Exact when the total fits in six decimals; otherwise within 10⁻⁶ and never across a grade boundary
    (a printed 85 beside "Khá" contradicts Điều 6 khoản 3)."""
    if got is None:
        return False
    if want == want.quantize(D("0.000001")):
        return got == want
    return abs(got - want) <= D("0.000001") and all((got >= b) == (want >= b) for b in boundaries)


# =============================================================================================
# Points sets: TT 22/2020 and the example set
# =============================================================================================

TT22_TARGETS = [D(x) for x in ("0", "49.5", "50", "69.5", "70", "84.5", "85", "85.5", "100")] + [
    b + d for b in (D(50), D(70), D(85)) for d in (-EPS, EPS)]
VIDU_TARGETS = [D(x) for x in ("0", "10", "79.5", "80", "80.5", "100")] + [D(80) - EPS, D(80) + EPS]


@st.composite
def spread(draw, target: Decimal, maxima: dict[str, Decimal]) -> dict[str, Decimal]:
    """Points for `maxima` adding up to `target`: halves at random, the last indicator takes the rest."""
    order = draw(st.permutations(list(maxima)))
    left, points = target, {}
    for i, code in enumerate(order):
        rest = sum((maxima[c] for c in order[i + 1:]), D(0))
        low, high = max(D(0), left - rest), min(maxima[code], left)
        value = left if i == len(order) - 1 else low + D(draw(st.integers(0, int((high - low) * 2)))) / 2
        points[code] = value
        left -= value
    return points


@st.composite
def tt22_points(draw) -> dict[str, Decimal]:
    if draw(st.integers(0, 2)) == 0:
        return {c: D(draw(st.integers(0, int(m) * 4))) / 4 for c, m in TT22_MAX.items()}
    return draw(spread(draw(st.sampled_from(TT22_TARGETS)), TT22_MAX))


@st.composite
def vidu_points(draw) -> dict[str, Decimal]:
    met = draw(st.integers(0, 4)) > 0
    points = {"3.2": VIDU_BOOLEAN["3.2"] if met else D(0)}
    target = draw(st.sampled_from(VIDU_TARGETS)) - points["3.2"]
    target = min(max(target, D(0)), sum(VIDU_POINTS.values(), D(0)))
    points.update(draw(spread(target, VIDU_POINTS)))
    knocked = draw(st.sampled_from([None, None, None, *VIDU_CRITERIA]))  # a whole criterion at 0
    if knocked is not None:
        for code in VIDU_CRITERIA[knocked]:
            points[code] = D(0)
    return points


@dataclass(frozen=True)
class PointsSet:
    id: str
    codes: tuple[str, ...]
    points: Callable
    expect: Callable[[dict[str, Decimal]], Expect]
    boundaries: tuple[Decimal, ...]
    years: tuple[int, ...]
    booleans: tuple[str, ...] = ()
    notice: bool = False


POINTS_SETS = [
    PointsSet("dvht-tt22-2020", tuple(TT22_MAX), tt22_points, tt22_expect, (D(50), D(70), D(85)),
              (2021, 2022, 2023)),  # in force 21/09/2020–25/01/2024
    PointsSet("gdht-448-vidu", VIDU_CODES, vidu_points, vidu_expect, (VIDU_PASS,), (2022, 2024, 2025),
              booleans=("3.2",), notice=True),
]


@st.composite
def points_sheets(draw, spec: PointsSet):
    rows = draw(st.lists(spec.points(), min_size=1, max_size=12))
    texts = []
    for points in rows:
        row = {}
        for code in spec.codes:
            if code in spec.booleans:
                row[code] = draw(st.sampled_from(TRUE_WORDS if points[code] else FALSE_WORDS))
            else:
                text = number_text(points[code], draw(st.booleans()))
                row[code] = draw(st.sampled_from([text, f" {text} "]))
        texts.append(row)
    return rows, texts, draw(st.sampled_from(spec.years)), draw(st.sampled_from([",", ";", "bom;", "xlsx"]))


def check_points(spec: PointsSet, subjects: list[dict], rows: list[dict], texts: list[dict], year: int) -> None:
    assert [s["id"] for s in subjects] == [f"DT-{i:03d}" for i in range(len(rows))]
    wrong = []
    for s, points, text in zip(subjects, rows, texts, strict=True):
        want = spec.expect(points)
        problems = []
        if not total_agrees(as_decimal(s["total"]), want.total, spec.boundaries):
            problems.append(f"tổng điểm cần {want.total}, engine ghi {s['total']}")
        got = (s["grade"], s["level"], s["recognised"])
        if got != (want.grade, None, want.recognised):
            problems.append(f"tổng {want.total} {want.why} → cần {want.grade}/{want.recognised}, engine: {got}")
        if spec.notice and NOTICE not in json.dumps(s, ensure_ascii=False, default=str):
            problems.append(f"thiếu dòng “{NOTICE}”")
        if problems:
            wrong.append(f"{s['id']} {text}: " + "; ".join(problems))
    assert not wrong, f"{spec.id} --year {year}, {len(wrong)}/{len(rows)} sai:\n" + "\n".join(wrong[:8])


def run_points(spec: PointsSet, rows, texts, year: int, form: str) -> None:
    header = ["ma", "ten", *spec.codes]
    body = [[f"DT-{i:03d}", f"Đối tượng {i}", *[t[c] for c in spec.codes]] for i, t in enumerate(texts)]
    with tempfile.TemporaryDirectory() as tmp:
        subjects = score(write_sheet(Path(tmp), header, body, form), spec.id, year)
    check_points(spec, subjects, rows, texts, year)


@pytest.mark.parametrize("spec", POINTS_SETS, ids=lambda s: s.id)
def test_points_sets_agree_with_the_oracle(spec: PointsSet):
    @SETTINGS
    @given(sheet=points_sheets(spec))
    def check(sheet):
        run_points(spec, *sheet)

    check()


def _boundary_points(spec: PointsSet) -> list[dict[str, Decimal]]:
    """Every indicator at its maximum, then one indicator lowered so the total lands on, just under
    and just over each boundary."""
    maxima = TT22_MAX if spec.id == "dvht-tt22-2020" else {**VIDU_POINTS, **VIDU_BOOLEAN}
    full = sum(maxima.values(), D(0))
    rows = [dict(maxima)]
    for b in spec.boundaries:
        for total in (b - D("0.5"), b - EPS, b, b + EPS):
            points, deficit = dict(maxima), full - total
            for code in (c for c in maxima if c not in spec.booleans):
                take = min(points[code], deficit)
                points[code] -= take
                deficit -= take
            assert deficit == 0
            rows.append(points)
    if spec.id == "gdht-448-vidu":  # full marks but one criterion at 0: knocked out at 80 points
        for crit in VIDU_CRITERIA.values():
            rows.append({c: (D(0) if c in crit else m) for c, m in maxima.items()})
    return rows


@pytest.mark.parametrize("spec", POINTS_SETS, ids=lambda s: s.id)
def test_points_boundaries_exactly(spec: PointsSet):
    rows = _boundary_points(spec)
    texts = [{c: (TRUE_WORDS[0] if p[c] else FALSE_WORDS[0]) if c in spec.booleans else number_text(p[c], i % 2 == 0)
              for c in spec.codes} for i, p in enumerate(rows)]
    run_points(spec, rows, texts, spec.years[-1], ";")


# =============================================================================================
# Levels sets: TT 24/2023 and TT 25/2023
# =============================================================================================

@dataclass(frozen=True)
class Field:
    code: str
    kind: str  # "bool", "pct" or "level"
    marks: tuple[int, ...] = ()  # values the generator aims at (the legal thresholds; not used to decide)
    top: int = 0


def _pct(code: str, *marks: int) -> Field:
    return Field(code, "pct", marks)


@dataclass(frozen=True)
class LevelSet:
    id: str
    fields: tuple[Field, ...]
    meets: Callable[[int, dict, str], list[tuple[str, bool]]]
    since: date  # first day a level-1 decision under this circular can carry
    attribute: str | None = None
    attribute_values: tuple[str, ...] = ("",)
    parts: tuple[tuple[str, str], ...] = ()  # (part, whole): "trong đó", the part is at most the whole
    may_be_empty: Callable[[str, str], bool] = lambda code, attr: False
    years: tuple[int, ...] = (2024, 2025, 2025, 2026, 2026)

    def expect(self, v: dict, attr: str, months: int | None) -> Expect:
        one, two = self.meets(1, v, attr), self.meets(2, v, attr)
        level = level_granted(all(ok for _, ok in one), all(ok for _, ok in two), months)
        short = {lv: [c for c, ok in checks if not ok] for lv, checks in ((1, one), (2, two))}
        return Expect(None, None, level, level >= 1, f"thiếu mức 1: {short[1]}, thiếu mức 2: {short[2]}, "
                                                    f"tháng từ quyết định mức 1: {months}")


TT24_COMMON = (
    *(Field(c, "bool") for c in ("1.1", "1.2", "1.3", "1.4", "1.5")),
    _pct("2.1", 90, 95), _pct("2.2", 90, 95), _pct("2.3", 90, 95), _pct("2.4a", 50), _pct("2.4b", 70),
    _pct("2.5", 90, 95), _pct("3.1a", 90, 95), _pct("3.1b", 95, 97), Field("3.2", "bool"), Field("3.3", "bool"),
)


def _not_learners(learners: Callable[[str], bool]) -> Callable[[str, str], bool]:
    # "3.1b may be left empty where it does not apply"
    return lambda code, kind: code == "3.1b" and not learners(kind)


LEVEL_SETS = [
    LevelSet("dvht-huyen-tt24-2023", (*TT24_COMMON, Field("3.4", "level", top=2), Field("3.5", "bool")),
             tt24_district_meets, date(2024, 1, 26), "loai_don_vi", DISTRICT_KINDS,
             may_be_empty=_not_learners(district_learners)),
    LevelSet("dvht-tinh-tt24-2023", (*TT24_COMMON, Field("3.4", "level", top=2), Field("3.5", "level", top=2),
                                     Field("3.6", "bool")),
             tt24_province_meets, date(2024, 1, 26), "loai_don_vi", PROVINCE_KINDS,
             may_be_empty=_not_learners(province_learners)),
    LevelSet("cdht-xa-tt25-2023", (*(Field(c, "bool") for c in TT25_XA_BOOLEANS), Field("4.2", "level", (2, 3), 3),
                                   Field("4.3", "level", (2, 3), 3), Field("4.4", "level", (1, 2), 2),
                                   _pct("5.1", 60, 80), _pct("5.2a", 40, 50, 60), _pct("5.2b", 10, 12, 15)),
             tt25_commune_meets, date(2024, 2, 12), "vung_kho_khan", ("co", "khong"), parts=(("5.2b", "5.2a"),)),
    LevelSet("cdht-huyen-tt25-2023", (*(Field(c, "bool") for c in TT25_HUYEN_BOOLEANS), _pct("4.1a", 90),
                                      _pct("4.1b", 90)),
             tt25_area_meets(TT25_HUYEN_BOOLEANS), date(2024, 2, 12), parts=(("4.1b", "4.1a"),)),
    LevelSet("cdht-tinh-tt25-2023", (*(Field(c, "bool") for c in TT25_TINH_BOOLEANS), _pct("4.1a", 90),
                                     _pct("4.1b", 90)),
             tt25_area_meets(TT25_TINH_BOOLEANS), date(2024, 2, 12), parts=(("4.1b", "4.1a"),)),
]
HISTORY = "ngay_cong_nhan_muc_do_1"
VKK_TEXT = {"co": ("có", "Có", "x", "1"), "khong": ("không", "khong", "0", "")}


def edges(marks: tuple[int, ...]) -> list[Decimal]:
    out = {D(m) + d for m in marks for d in (D("-0.1"), -EPS, D(0), EPS)}
    return sorted(x for x in out if D(0) <= x <= D(100))


@dataclass
class LevelRow:
    values: dict
    texts: dict[str, str]
    attr: str
    attr_text: str
    decided: date | None
    decided_text: str = ""
    extra: dict = field(default_factory=dict)


def field_text(f: Field, value, style: int) -> str:
    if value is None:
        return ""
    if f.kind == "bool":
        words = TRUE_WORDS if value else FALSE_WORDS
        return words[style % len(words)]
    if f.kind == "level":
        return (str(value), f"mức độ {value}", f"Mức độ {value}")[style % 3]
    text = number_text(value, style % 2 == 1)
    return text + ("", "%", " %", "")[style % 4]


def date_text(day: date, style: int) -> str:
    return day.strftime("%d/%m/%Y") if style % 2 == 0 else day.isoformat()


def _order_parts(spec: LevelSet, values: dict) -> None:
    for part, whole in spec.parts:
        if values[part] > values[whole]:
            values[part], values[whole] = values[whole], values[part]


@st.composite
def level_rows(draw, spec: LevelSet, year: int) -> LevelRow:
    attr = draw(st.sampled_from(spec.attribute_values))
    mode = draw(st.sampled_from(["strong", "edge", "edge", "random"]))
    values: dict = {}
    for f in spec.fields:
        if f.kind == "bool":
            values[f.code] = mode != "random" or draw(st.integers(0, 9)) > 0
        elif f.kind == "level":
            values[f.code] = f.top if mode != "random" else draw(st.sampled_from([f.top, f.top, *range(f.top + 1)]))
        elif mode == "random":
            values[f.code] = draw(st.one_of(st.sampled_from(edges(f.marks)), st.integers(0, 1000).map(lambda n: D(n) / 10)))
        else:
            values[f.code] = D(draw(st.integers(max(f.marks), 100)))
    if mode == "edge":
        for f in draw(st.lists(st.sampled_from(spec.fields), min_size=1, max_size=2, unique=True)):
            if f.kind == "bool":
                values[f.code] = False
            elif f.kind == "level":
                values[f.code] = draw(st.integers(0, f.top))
            else:
                values[f.code] = draw(st.sampled_from(edges(f.marks)))
    _order_parts(spec, values)
    for f in spec.fields:
        if spec.may_be_empty(f.code, attr) and draw(st.integers(0, 2)) == 0:
            values[f.code] = None
    texts = {f.code: field_text(f, values[f.code], draw(st.integers(0, 11))) for f in spec.fields}
    end = date(year, 12, 31)
    decided = None
    if spec.since <= end and draw(st.integers(0, 3)) > 0:
        edge_days = [d for d in (date(year - 1, 12, 31), date(year, 1, 1), date(year - 1, 1, 1), end) if d >= spec.since]
        decided = draw(st.one_of(st.sampled_from(edge_days), st.dates(spec.since, end)) if edge_days
                       else st.dates(spec.since, end))
    attr_text = draw(st.sampled_from(VKK_TEXT[attr])) if spec.attribute == "vung_kho_khan" else attr
    return LevelRow(values, texts, attr, attr_text, decided,
                    "" if decided is None else date_text(decided, draw(st.integers(0, 1))))


@st.composite
def level_sheets(draw, spec: LevelSet):
    year = draw(st.sampled_from(spec.years))
    rows = draw(st.lists(level_rows(spec, year), min_size=1, max_size=12))
    with_history = draw(st.integers(0, 3)) > 0
    return rows, year, with_history, draw(st.sampled_from([",", ";", "bom;", "xlsx"]))


def run_levels(spec: LevelSet, rows: list[LevelRow], year: int, with_history: bool, form: str) -> None:
    header = ["ma", "ten", *([spec.attribute] if spec.attribute else []), *(f.code for f in spec.fields),
              *([HISTORY] if with_history else [])]
    body = [[f"DT-{i:04d}", f"Đối tượng {i}", *([r.attr_text] if spec.attribute else []),
             *(r.texts[f.code] for f in spec.fields), *([r.decided_text] if with_history else [])]
            for i, r in enumerate(rows)]
    with tempfile.TemporaryDirectory() as tmp:
        subjects = score(write_sheet(Path(tmp), header, body, form), spec.id, year)
    assert [s["id"] for s in subjects] == [f"DT-{i:04d}" for i in range(len(rows))]
    wrong = []
    for s, r in zip(subjects, rows, strict=True):
        months = months_to_year_end(r.decided, year) if with_history and r.decided else None
        want = spec.expect(r.values, r.attr, months)
        got = (s["level"], s["recognised"], s["grade"], s["total"])
        if got != (want.level, want.recognised, None, None):
            wrong.append(f"{s['id']} {spec.attribute or ''}={r.attr_text!r} {r.texts} "
                         f"{HISTORY}={r.decided_text if with_history else '(không có cột)'!r}: cần mức độ {want.level} "
                         f"({want.why}); engine: mức độ {s['level']}, công nhận {s['recognised']}, "
                         f"grade {s['grade']!r}, total {s['total']!r}")
    assert not wrong, f"{spec.id} --year {year}, {len(wrong)}/{len(rows)} sai:\n" + "\n".join(wrong[:8])


@pytest.mark.parametrize("spec", LEVEL_SETS, ids=lambda s: s.id)
def test_levels_sets_agree_with_the_oracle(spec: LevelSet):
    @SETTINGS
    @given(sheet=level_sheets(spec))
    def check(sheet):
        run_levels(spec, *sheet)

    check()


def _at_marks(spec: LevelSet, pick: Callable[[tuple[int, ...]], int]) -> dict:
    def value(f: Field):
        if f.kind == "bool":
            return True
        if f.kind == "level":
            return pick(f.marks) if f.marks else f.top
        return D(pick(f.marks))
    return {f.code: value(f) for f in spec.fields}


def boundary_rows(spec: LevelSet, year: int) -> list[LevelRow]:
    """Two bases (every value exactly at its highest, then its lowest, threshold), for every kind of
    subject; then every input moved, alone, to each edge value (just under, at, just over a threshold);
    each with no history and with a decision of 31/12 of the year before (exactly 12 months)."""
    assert date(year, 1, 1) >= spec.since
    rows: list[LevelRow] = []
    style = 0
    histories = [None, date(year - 1, 12, 31)] if date(year - 1, 12, 31) >= spec.since else [None]
    for attr in spec.attribute_values:
        for base in (_at_marks(spec, max), _at_marks(spec, min)):
            variants = [dict(base)]
            for f in spec.fields:
                options = ([False] if f.kind == "bool" else list(range(f.top)) if f.kind == "level"
                           else edges(f.marks))
                variants += [{**base, f.code: x} for x in options]
                if spec.may_be_empty(f.code, attr):
                    variants.append({**base, f.code: None})
            for n, values in enumerate(variants):
                if any(values[p] is not None and values[w] is not None and values[p] > values[w] for p, w in spec.parts):
                    continue
                # the base alone also with a decision 11 months old (01/01) and one of the last day
                late = [date(year, 1, 1), date(year, 12, 31)] if n == 0 else []
                for decided in histories + late:
                    style += 1
                    texts = {f.code: field_text(f, values[f.code], style) for f in spec.fields}
                    attr_text = VKK_TEXT[attr][style % 3] if spec.attribute == "vung_kho_khan" else attr
                    rows.append(LevelRow(values, texts, attr, attr_text, decided,
                                         "" if decided is None else date_text(decided, style)))
    return rows


@pytest.mark.parametrize("spec", LEVEL_SETS, ids=lambda s: s.id)
def test_levels_boundaries_exactly(spec: LevelSet):
    year = 2025
    rows = boundary_rows(spec, year)
    reached = {spec.expect(r.values, r.attr, r.decided and months_to_year_end(r.decided, year)).level for r in rows}
    assert reached == {0, 1, 2}  # the sheet reaches every outcome
    run_levels(spec, rows, year, True, ";")


@pytest.mark.parametrize("spec", LEVEL_SETS, ids=lambda s: s.id)
def test_without_a_history_column_level_two_is_never_granted(spec: LevelSet):
    """Nothing tells the rules that level 1 was granted 12 months ago: level 1 at most (Art. 5.3)."""
    rows = [r for r in boundary_rows(spec, 2025) if r.decided is None]
    run_levels(spec, rows, 2025, False, ",")


# =============================================================================================
# The oracle itself, on cases worked out by hand
# =============================================================================================

def _tt24_unit(district: bool, **changes) -> dict:
    """Every value of a district (province) unit just at level 2; changes keyed 3_1b for 3.1b."""
    v: dict = {c: True for c in ("1.1", "1.2", "1.3", "1.4", "1.5", "3.2", "3.3")}
    v.update({"2.1": D(95), "2.2": D(95), "2.3": D(95), "2.4a": D(50), "2.4b": D(70), "2.5": D(95), "3.1a": D(95),
              "3.1b": D(97), "3.4": 2})
    v.update({"3.5": True} if district else {"3.5": 2, "3.6": True})
    return {**v, **{k.replace("_", "."): x for k, x in changes.items()}}


def test_oracle_on_hand_cases():
    full = dict(TT22_MAX)
    assert tt22_expect({**full, "3.a": D("9.99999999999999999")}).grade == "Khá"  # 84,99999999999999999
    assert tt22_expect({**full, "3.a": D(10)}).grade == "Tốt"  # 85
    assert tt22_expect({**full, "3.a": D(0), "3.b": D("0.99999999999999999")}).grade == "Trung bình"
    assert tt22_expect({c: D(0) for c in full}).recognised is False
    vidu_full = {**VIDU_POINTS, **VIDU_BOOLEAN}
    assert vidu_expect({**vidu_full, "1.1": D(0), "4.1": D(0), "4.2": D(10) - EPS}).grade == "Chưa đạt"
    assert vidu_expect({**vidu_full, "1.1": D(0), "4.1": D(0)}).grade == "Đạt"  # 80
    assert vidu_expect({**vidu_full, "4.1": D(0), "4.2": D(0)}).grade == "Chưa đạt"  # 80, but TC4 = 0
    assert vidu_expect({**vidu_full, "4.1": D(0)}).grade == "Đạt"  # 90
    assert months_to_year_end(date(2024, 12, 31), 2025) == 12
    assert months_to_year_end(date(2025, 1, 1), 2025) == 11
    assert months_to_year_end(date(2024, 1, 31), 2024) == 11
    assert months_to_year_end(date(2024, 2, 29), 2025) == 22
    district = LEVEL_SETS[0]
    # an enterprise meeting every Art. 7 indicator without "Tập thể lao động tiên tiến" (7.3.c: public only)
    firm = _tt24_unit(True, **{"3_3": False})
    assert district.expect(firm, "to_chuc_kinh_te", 12).level == 2
    assert district.expect(firm, "to_chuc_kinh_te", None).level == 0  # Art. 6.3.c needs it at level 1
    assert district.expect(firm, "to_chuc_kinh_te", 11).level == 0
    # a public office meeting every indicator: level 2 only with a 12-month-old level-1 decision
    office = _tt24_unit(True)
    assert [district.expect(office, "co_quan", m).level for m in (None, 11, 12)] == [1, 1, 2]
    # a private primary school: no 1.3, no 3.3 at level 2, no 3.1b (no Người học)
    private = _tt24_unit(True, **{"1_3": False, "3_1b": None})
    assert district.expect({**private, "3.3": False}, "csgd_pho_thong_tu_thuc", 12).level == 2
    assert district.expect({**private, "3.4": 1}, "csgd_pho_thong_tu_thuc", 12).level == 1
    # certificate share under 50%, proficiency share at 70%: level 2 needs only the latter
    assert district.expect({**office, "2.4a": D(50) - EPS}, "co_quan", 12).level == 2
    assert district.expect({**office, "2.4a": D(50) - EPS}, "co_quan", None).level == 0
    vocational = _tt24_unit(True, **{"3_1b": D("96.9")})
    assert district.expect(vocational, "csgd_nghe_nghiep", 24).level == 1
    province = LEVEL_SETS[1]
    provincial_firm = _tt24_unit(False, **{"3_3": False, "2_4a": D(0), "2_4b": D(0)})
    assert province.expect(provincial_firm, "to_chuc_kinh_te", 12).level == 0  # 13.3.c: every unit
    college = _tt24_unit(False, **{"1_3": False, "3_5": 1})
    assert province.expect(college, "csgd_dai_hoc_tu_thuc", 12).level == 1
    commune = LEVEL_SETS[2]
    xa = {**{c: True for c in TT25_XA_BOOLEANS}, "4.2": 3, "4.3": 3, "4.4": 2, "5.1": D(80), "5.2a": D(50),
          "5.2b": D(12)}
    assert commune.expect(xa, "co", 12).level == 2
    assert commune.expect(xa, "khong", 12).level == 1
    assert commune.expect({**xa, "5.1": D(60) - EPS}, "co", 12).level == 0
    assert commune.expect(xa, "co", None).level == 1


# =============================================================================================
# What each subject says about the waiting time: the history read and the level held back
# =============================================================================================

@pytest.mark.parametrize(("spec", "attr", "clause"), [
    (LEVEL_SETS[0], "co_quan", "Điều 5 khoản 3"),   # TT 24/2023, district unit
    (LEVEL_SETS[1], "co_quan", "Điều 11 khoản 3"),  # TT 24/2023, province unit
    (LEVEL_SETS[2], "khong", None), (LEVEL_SETS[3], "", None), (LEVEL_SETS[4], "", None),  # TT 25/2023
], ids=lambda x: x.id if isinstance(x, LevelSet) else None)
def test_pending_level_two_and_history_are_reported(spec: LevelSet, attr: str, clause: str | None):
    """Every level-2 indicator met: the history decides, and the subject says what it read and what waits."""
    base = _at_marks(spec, max)
    cases = [  # (decision, level, months, level 2 pending)
        (None, 1, None, True), (date(2024, 12, 31), 2, 12, False), (date(2025, 1, 1), 1, 11, True),
        (date(2025, 12, 31), 1, 0, True),
    ]
    header = ["ma", "ten", *([spec.attribute] if spec.attribute else []), *(f.code for f in spec.fields), HISTORY]
    body = [[f"DT-{i}", "Đối tượng", *([attr] if spec.attribute else []),
             *(field_text(f, base[f.code], i) for f in spec.fields), "" if d is None else date_text(d, i)]
            for i, (d, *_) in enumerate(cases)]
    with tempfile.TemporaryDirectory() as tmp:
        subjects = score(write_sheet(Path(tmp), header, body, ";"), spec.id, 2025)
    for s, (decided, level, months, pending) in zip(subjects, cases, strict=True):
        where = f"{spec.id} {s['id']} ({decided})"
        assert s["level"] == level, where
        history = s.get("history")
        assert isinstance(history, dict), f"{where}: thiếu khóa history"
        assert history.get("months") == months, f"{where}: {history}"
        assert history.get("level_1_decision") == (decided.isoformat() if decided else None), f"{where}: {history}"
        assert history.get("from") == ("bang-diem" if decided else None), f"{where}: {history}"
        held = [x for x in s.get("pending") or [] if x.get("level") == 2]
        assert bool(held) == pending, f"{where}: pending {s.get('pending')}"
        if held and clause:
            assert clause in json.dumps(held, ensure_ascii=False), f"{where}: {held}"


# =============================================================================================
# The numbers above are the circulars' (tests/legal holds them verbatim)
# =============================================================================================

def test_the_oracles_numbers_are_in_the_legal_texts():
    tt22 = (LEGAL / "tt22-2020.md").read_text(encoding="utf-8")
    for sentence in ("(tối đa 30 điểm)", "(tối đa 40 điểm)", "(tối đa 25 điểm)", "(tối đa 05 điểm)",
                     "từ 85 điểm đến 100 điểm", "từ 70 điểm đến dưới 85 điểm", "từ 50 điểm đến dưới 70 điểm"):
        assert sentence in tt22, sentence
    tt24 = (LEGAL / "tt24-2023.md").read_text(encoding="utf-8")
    for sentence in (
        "được công nhận mức độ 1 sau ít nhất 1 năm (12 tháng) kể từ ngày ra quyết định công nhận có thể đề nghị "
        "đánh giá, công nhận nâng mức độ 2",
        "Tối thiểu 90% Thành viên trong đơn vị tuân thủ kỷ luật lao động",
        "Tối thiểu 95% Thành viên trong đơn vị tuân thủ kỷ luật lao động",
        "Tối thiểu 50% Thành viên trong đơn vị có chứng nhận hoặc chứng chỉ ngoại ngữ",
        "Tối thiểu 70% Thành viên trong đơn vị có trình độ ngoại ngữ",
        "(không bao gồm thành viên trong đơn vị là tổ chức kinh tế)",
        "Đối với đơn vị là Cơ sở giáo dục đánh giá, công nhận ở cấp huyện tối thiểu 95% Người học",
        "tối thiểu 97% người học",
        "Đơn vị cấp huyện là cơ quan, đơn vị sự nghiệp công lập đạt danh hiệu thi đua",
        "(không bao gồm nhà trẻ, trường mẫu giáo, trường mầm non, trường tiểu học, trường trung học cơ sở",
        "mức độ 2 khi đạt đầy đủ các tiêu chí, chỉ tiêu được quy định tại Điều 7 Thông tư này",
        "mức độ 2 khi đạt đầy đủ các tiêu chí, chỉ tiêu được quy định tại Điều 13 Thông tư này",
    ):
        assert sentence in tt24, sentence
    tt25 = (LEGAL / "tt25-2023.md").read_text(encoding="utf-8")
    for sentence in ("Có ít nhất 90% số xã được công nhận đạt “Cộng đồng học tập” cấp xã mức độ 1",
                     "Có ít nhất 90% số xã được công nhận đạt “Cộng đồng học tập” cấp xã mức độ 2",
                     "Có ít nhất 90% số huyện được công nhận đạt “Cộng đồng học tập” cấp huyện mức độ 1",
                     "Có ít nhất 90% số huyện được công nhận đạt “Cộng đồng học tập” cấp huyện mức độ 2",
                     "Đối với xã thuộc vùng khó khăn có ít nhất 40% công dân",
                     "Đối với xã thuộc vùng khó khăn có ít nhất 50% công dân"):
        assert sentence in tt25, sentence
