"""Differential tests: the real engine (sheet → durable-rules → results) against a small evaluator
written here from the legal numbers, on random valid sheets.

- TT 22/2020 Art. 5 (maxima) and Art. 6 khoản 3 (Tốt ≥ 85, Khá ≥ 70, Trung bình ≥ 50, else Chưa đạt).
- TT 25/2023 Art. 6 (level 1), Art. 7 (level 2), Art. 8 (a level when every indicator holds); level 2 only
  when the level-1 decision is at least 12 months old (Art. 5 cl. 2–3, secondary wording), counted to
  31/12 of the evaluation year (2024 here); no decision known, level 1 at most.
The evaluator uses Decimal only; the strategies lean on the thresholds (totals near 85/70/50,
percentages at and 0,1 below 60/80/50/12…).
"""

from __future__ import annotations

import json
import random
import tempfile
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sheet_helpers import HISTORY, TT22_CRITERIA, TT22_MAX, TT25_BOOLEANS, write_csv, write_xlsx

from engine.scoring.run import score_sheet

D = Decimal
SETTINGS = settings(max_examples=200, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# --- the independent evaluator --------------------------------------------------------------

TT22_BANDS = [(D(85), "Tốt"), (D(70), "Khá"), (D(50), "Trung bình")]  # Art. 6 khoản 3 a–c


def tt22_expect(points: dict[str, Decimal]) -> dict:
    subtotals = {crit: sum((points[c] for c in codes), D(0)) for crit, codes in TT22_CRITERIA.items()}
    total = sum(subtotals.values(), D(0))
    grade = next((name for low, name in TT22_BANDS if total >= low), "Chưa đạt")  # khoản 3 d
    return {"total": total, "grade": grade, "recognised": grade != "Chưa đạt", "level": None,
            "criteria": subtotals}


def tt25_meets(level: int, v: dict, vkk: bool) -> bool:
    if not all(v[c] for c in TT25_BOOLEANS):                 # Art. 6 khoản 1–3, 4.a; Art. 7 khoản 1–4.a
        return False
    if level == 1:
        standards = v["4.2"] >= 2 and v["4.3"] >= 2 and v["4.4"] >= 1   # Art. 6 khoản 4 b–d
        share = v["5.1"] >= D(60)                                        # Art. 6 khoản 5 a
        trained, degree = (D(40), D(10)) if vkk else (D(50), D(12))      # Art. 6 khoản 5 b
    else:
        standards = v["4.2"] >= 3 and v["4.3"] >= 3 and v["4.4"] >= 2   # Art. 7 khoản 4 b–d
        share = v["5.1"] >= D(80)                                        # Art. 7 khoản 5 a
        trained, degree = (D(50), D(12)) if vkk else (D(60), D(15))      # Art. 7 khoản 5 b
    return standards and share and v["5.2a"] >= trained and v["5.2b"] >= degree


YEAR = 2024
YEAR_END = date(YEAR, 12, 31)


def waited_a_year(decided: date | None) -> bool:
    """At least 12 months from the level-1 decision to 31/12 of the evaluation year: its first anniversary
    (29 February → 1 March) is on or before that day."""
    if decided is None:
        return False
    try:
        anniversary = decided.replace(year=decided.year + 1)
    except ValueError:
        anniversary = date(decided.year + 1, 3, 1)
    return anniversary <= YEAR_END


def tt25_expect(v: dict, vkk: bool) -> dict:
    """`v["decided"]`: the date of the level-1 decision, None when none is known."""
    granted = [lv for lv in (1, 2) if tt25_meets(lv, v, vkk)]                # Art. 8 khoản 1
    if 2 in granted and not waited_a_year(v.get("decided")):                  # Art. 5 khoản 2, 3
        granted.remove(2)
    level = max(granted, default=0)
    return {"level": level, "recognised": level >= 1, "grade": None, "total": None}


def test_evaluator_on_hand_cases():
    full = {c: D(m) for c, m in TT22_MAX.items()}
    assert tt22_expect(full)["grade"] == "Tốt"
    assert tt22_expect({**full, "3.a": D("9.5")}) == {
        "total": D("84.5"), "grade": "Khá", "recognised": True, "level": None,
        "criteria": {"TC1": D(30), "TC2": D(30), "TC3": D("24.5")}}
    assert tt22_expect({**full, "3.a": D(0), "3.b": D(0), "3.c": D(0), "1.a": D(0)})["grade"] == "Trung bình"
    assert tt22_expect({c: D(0) for c in TT22_MAX})["grade"] == "Chưa đạt"
    base = {**{c: 1 for c in TT25_BOOLEANS}, "4.2": 2, "4.3": 2, "4.4": 1, "5.1": D(60), "5.2a": D(50), "5.2b": D(12)}
    assert tt25_expect(base, False)["level"] == 1
    assert tt25_expect({**base, "5.1": D("59.9")}, False)["level"] == 0
    assert tt25_expect({**base, "5.2a": D(40), "5.2b": D(10)}, True)["level"] == 1
    assert tt25_expect({**base, "5.2a": D(40), "5.2b": D(10)}, False)["level"] == 0
    top = {**base, "4.2": 3, "4.3": 3, "4.4": 2, "5.1": D(80), "5.2a": D(60), "5.2b": D(15)}
    assert tt25_expect(top, False)["level"] == 1                                   # no decision known
    assert tt25_expect({**top, "decided": date(2024, 1, 1)}, False)["level"] == 1  # 11 months
    assert tt25_expect({**top, "decided": date(2023, 12, 31)}, False)["level"] == 2  # 12 months
    assert not waited_a_year(date(2024, 2, 29)) and waited_a_year(date(2023, 2, 28))


# --- writing values the way boards do ---------------------------------------------------------

def number_text(value: Decimal, style: str) -> str:
    text = format(value.normalize(), "f") if value != value.to_integral_value() else str(int(value))
    if style == "comma":
        text = text.replace(".", ",")
    elif style == "comma0" and "." not in text:
        text += ",0"
    elif style == "padded":
        text = f" {text.replace('.', ',')} "
    return text


NUMBER_STYLES = st.sampled_from(["plain", "comma", "comma0", "padded"])
TRUE_WORDS = ["đạt", "Đạt", "ĐẠT", "dat", "DAT", "có", "Có", "co", "x", "X", "1"]
FALSE_WORDS = ["không đạt", "Không đạt", "KHÔNG ĐẠT", "khong dat", "không", "Không", "khong", "0"]


def halves(top: int) -> st.SearchStrategy[Decimal]:
    return st.integers(0, 2 * top).map(lambda n: D(n) / 2)


# --- TT 22 ----------------------------------------------------------------------------------

TT22_TARGETS = [D(x) for x in ("0", "49", "49.5", "50", "50.5", "69.5", "70", "70.5", "84.5", "85", "85.5",
                               "99.5", "100")]


@st.composite
def tt22_points(draw) -> dict[str, Decimal]:
    if draw(st.booleans()):
        return {c: draw(halves(m)) for c, m in TT22_MAX.items()}
    # a total at or next to a grade boundary, spread over the indicators at random
    target = draw(st.sampled_from(TT22_TARGETS))
    order = draw(st.permutations(list(TT22_MAX)))
    points: dict[str, Decimal] = {}
    left = target
    for i, code in enumerate(order):
        rest = sum((D(TT22_MAX[c]) for c in order[i + 1:]), D(0))
        low, high = max(D(0), left - rest), min(D(TT22_MAX[code]), left)
        last = i == len(order) - 1
        value = left if last else low + draw(st.integers(0, int((high - low) * 2))) / D(2)
        points[code] = value
        left -= value
    assert left == 0 and sum(points.values(), D(0)) == target
    return points


@st.composite
def tt22_sheets(draw):
    rows = draw(st.lists(tt22_points(), min_size=1, max_size=12))
    styles = [{c: draw(NUMBER_STYLES) for c in TT22_MAX} for _ in rows]
    kind = draw(st.sampled_from(["csv,", "csv;", "csv;bom", "xlsx"]))
    return rows, styles, kind


def _tt22_write(tmp: Path, rows, styles, kind) -> Path:
    header = ["ma", "ten", *TT22_MAX]
    if kind == "xlsx":
        body = [[f"DV-{i:03d}", f"Đơn vị {i}", *[float(p[c]) for c in TT22_MAX]] for i, p in enumerate(rows)]
        return write_xlsx(tmp / "s.xlsx", header, body)
    body = [[f"DV-{i:03d}", f"Đơn vị {i}", *[number_text(p[c], s[c]) for c in TT22_MAX]]
            for i, (p, s) in enumerate(zip(rows, styles, strict=True))]
    return write_csv(tmp / "s.csv", header, body, delimiter=kind[3], bom=kind.endswith("bom"))


def _check_tt22(subjects: list[dict], rows: list[dict[str, Decimal]]) -> None:
    assert [s["id"] for s in subjects] == [f"DV-{i:03d}" for i in range(len(rows))]
    for subject, points in zip(subjects, rows, strict=True):
        want = tt22_expect(points)
        got = {"total": D(str(subject["total"])), "grade": subject["grade"], "recognised": subject["recognised"],
               "level": subject["level"],
               "criteria": {c["code"]: D(str(c["points"])) for c in subject["criteria"]}}
        assert got == want, (subject["id"], {k: str(v) for k, v in points.items()})
        assert subject["max_total"] == 100


@SETTINGS
@given(sheet=tt22_sheets())
def test_tt22_engine_matches_the_evaluator(tt22, sheet):
    rows, styles, kind = sheet
    with tempfile.TemporaryDirectory() as tmp:
        path = _tt22_write(Path(tmp), rows, styles, kind)
        out = Path(tmp) / "r.json"
        result = score_sheet(path, tt22, outputs=[out], keep=len(rows))
        assert result.errors == []
        _check_tt22(result.shown, rows)
        data = json.loads(out.read_text(encoding="utf-8"))
        _check_tt22(data["subjects"], rows)
        want_recognised = sum(tt22_expect(p)["recognised"] for p in rows)
        assert (data["summary"]["scored"], data["summary"]["recognised"], data["summary"]["rejected"]) == (
            len(rows), want_recognised, 0)


# --- TT 25 commune --------------------------------------------------------------------------

def near(*thresholds: int) -> st.SearchStrategy[Decimal]:
    """A percentage with one decimal: at a threshold, 0,1 either side, or anywhere in 0–100."""
    points = sorted({D(t) + d for t in thresholds for d in (D("-0.1"), D(0), D("0.1")) if 0 <= D(t) + d <= 100})
    anywhere = st.integers(0, 1000).map(lambda n: D(n) / 10)
    return st.one_of(st.sampled_from(points), st.sampled_from(points), anywhere)


def percent_text(value: Decimal, style: int) -> str:
    text = number_text(value, "comma" if style % 2 else "plain")
    return text + ("%" if style == 2 else " %" if style == 3 else "")


# the legal thresholds again, only to aim the generator at the edges: (level, vkk) → input → threshold
TT25_EDGES = {
    (1, False): {"4.2": 2, "4.3": 2, "4.4": 1, "5.1": 60, "5.2a": 50, "5.2b": 12},
    (1, True): {"4.2": 2, "4.3": 2, "4.4": 1, "5.1": 60, "5.2a": 40, "5.2b": 10},
    (2, False): {"4.2": 3, "4.3": 3, "4.4": 2, "5.1": 80, "5.2a": 60, "5.2b": 15},
    (2, True): {"4.2": 3, "4.3": 3, "4.4": 2, "5.1": 80, "5.2a": 50, "5.2b": 12},
}
TT25_TOPS = {"4.2": 3, "4.3": 3, "4.4": 2}
VKK_YES = ["có", "Có", "x", "1"]
VKK_NO = ["không", "khong", "0", ""]


def _degree_within_trained(values: dict) -> None:
    """5.2b (university degree) is a share of 5.2a (trained) — "trong đó": a valid row has 5.2b ≤ 5.2a."""
    if values["5.2b"] > values["5.2a"]:
        values["5.2a"], values["5.2b"] = values["5.2b"], values["5.2a"]


@st.composite
def tt25_values(draw) -> tuple[dict, bool]:
    """Random values, or a commune exactly at the thresholds of a level with one input nudged across."""
    vkk = draw(st.booleans())
    if draw(st.integers(0, 2)) == 0:
        values: dict = {c: int(draw(st.integers(0, 19)) > 0) for c in TT25_BOOLEANS}  # mostly met
        for code, top, likely in (("4.2", 3, [2, 3]), ("4.3", 3, [2, 3]), ("4.4", 2, [1, 2])):
            values[code] = draw(st.one_of(st.sampled_from(likely), st.integers(0, top)))
        for code, marks in (("5.1", (60, 80)), ("5.2a", (40, 50, 60)), ("5.2b", (10, 12, 15))):
            values[code] = draw(near(*marks))
        _degree_within_trained(values)
        return values, vkk
    level = draw(st.sampled_from([1, 2]))
    values = {c: 1 for c in TT25_BOOLEANS}
    values.update({c: (D(t) if c.startswith("5") else t) for c, t in TT25_EDGES[(level, vkk)].items()})
    nudged = draw(st.sampled_from([None, *TT25_BOOLEANS, *TT25_EDGES[(level, vkk)]]))
    if nudged in TT25_BOOLEANS:
        values[nudged] = 0
    elif nudged in TT25_TOPS:
        values[nudged] = min(TT25_TOPS[nudged], max(0, values[nudged] + draw(st.sampled_from([-1, 1]))))
    elif nudged is not None:
        values[nudged] += draw(st.sampled_from([D("-0.1"), D("0.1")]))
    return values, vkk


NEAR_A_YEAR = [date(2023, 12, 30), date(2023, 12, 31), date(2024, 1, 1), date(2024, 12, 31), date(2023, 2, 28),
               date(2024, 2, 29)]


def decision_text(decided: date | None, style: int) -> str:
    if decided is None:
        return ""
    return decided.isoformat() if style else decided.strftime("%d/%m/%Y")


@st.composite
def tt25_rows(draw) -> tuple[dict, dict[str, str], str]:
    values, vkk = draw(tt25_values())
    values["decided"] = draw(st.one_of(st.none(), st.sampled_from(NEAR_A_YEAR),
                                       st.dates(date(2019, 1, 1), YEAR_END)))
    texts: dict[str, str] = {HISTORY: decision_text(values["decided"], draw(st.integers(0, 1)))}
    for code in TT25_BOOLEANS:
        texts[code] = draw(st.sampled_from(TRUE_WORDS if values[code] else FALSE_WORDS))
    for code in ("4.2", "4.3", "4.4"):
        level = values[code]
        texts[code] = draw(st.sampled_from([str(level), f"mức độ {level}", f"Mức độ {level}", f"MUC DO {level}"]))
    for code in ("5.1", "5.2a", "5.2b"):
        texts[code] = percent_text(values[code], draw(st.integers(0, 3)))
    return values, texts, draw(st.sampled_from(VKK_YES if vkk else VKK_NO))


@st.composite
def tt25_sheets(draw):
    rows = draw(st.lists(tt25_rows(), min_size=1, max_size=12))
    with_vkk = draw(st.integers(0, 3)) > 0
    kind = draw(st.sampled_from(["csv,", "csv;", "xlsx"]))
    return rows, with_vkk, kind


TT25_INPUTS = [*TT25_BOOLEANS, "4.2", "4.3", "4.4", "5.1", "5.2a", "5.2b"]


def _tt25_write(tmp: Path, rows, with_vkk: bool, kind: str) -> Path:
    header = ["ma", "ten", *(["vung_kho_khan"] if with_vkk else []), HISTORY, *TT25_INPUTS]
    body = [[f"X-{i:03d}", f"Xã {i}", *([vkk] if with_vkk else []), texts[HISTORY], *[texts[c] for c in TT25_INPUTS]]
            for i, (_, texts, vkk) in enumerate(rows)]
    if kind == "xlsx":
        at = header.index(HISTORY)
        for i, (values, _, _) in enumerate(rows):
            if values["decided"] is not None and i % 2:  # a date cell, as Excel keeps it
                body[i][at] = datetime(values["decided"].year, values["decided"].month, values["decided"].day)
        return write_xlsx(tmp / "s.xlsx", header, body)
    return write_csv(tmp / "s.csv", header, body, delimiter=kind[3])


def _vkk(text: str, with_vkk: bool) -> bool:
    return with_vkk and text in VKK_YES


def _check_tt25(subjects: list[dict], rows, with_vkk: bool) -> None:
    assert [s["id"] for s in subjects] == [f"X-{i:03d}" for i in range(len(rows))]
    for subject, (values, texts, vkk) in zip(subjects, rows, strict=True):
        want = tt25_expect(values, _vkk(vkk, with_vkk))
        got = {k: subject[k] for k in ("level", "recognised", "grade", "total")}
        assert got == want, (subject["id"], texts, vkk if with_vkk else "(no column)")


@SETTINGS
@given(sheet=tt25_sheets())
def test_tt25_commune_engine_matches_the_evaluator(tt25, sheet):
    rows, with_vkk, kind = sheet
    with tempfile.TemporaryDirectory() as tmp:
        path = _tt25_write(Path(tmp), rows, with_vkk, kind)
        out = Path(tmp) / "r.json"
        result = score_sheet(path, tt25, outputs=[out], keep=len(rows), year=YEAR)
        assert result.errors == []
        _check_tt25(result.shown, rows, with_vkk)
        data = json.loads(out.read_text(encoding="utf-8"))
        _check_tt25(data["subjects"], rows, with_vkk)


# --- many rows at once, in one process and in worker processes --------------------------------

def _random_tt25(rng: random.Random) -> tuple[dict, dict[str, str], str]:
    values: dict = {}
    texts: dict[str, str] = {}
    for code in TT25_BOOLEANS:
        met = rng.random() > 0.04
        values[code] = int(met)
        texts[code] = rng.choice(TRUE_WORDS if met else FALSE_WORDS)
    for code, top in (("4.2", 3), ("4.3", 3), ("4.4", 2)):
        level = rng.choice([top, top - 1, top - 1, rng.randint(0, top)])
        values[code], texts[code] = level, rng.choice([str(level), f"mức độ {level}"])
    for code, marks in (("5.1", (60, 80)), ("5.2a", (40, 50, 60)), ("5.2b", (10, 12, 15))):
        if rng.random() < 0.6:
            value = D(rng.choice(marks)) + rng.choice([D("-0.1"), D(0), D("0.1")])
        else:
            value = D(rng.randint(0, 1000)) / 10
        values[code] = value
    _degree_within_trained(values)
    for code in ("5.1", "5.2a", "5.2b"):
        texts[code] = percent_text(values[code], rng.randint(0, 3))
    kind = rng.random()
    decided = (None if kind < 0.3 else rng.choice(NEAR_A_YEAR) if kind < 0.5
               else date(2019, 1, 1) + timedelta(days=rng.randint(0, (YEAR_END - date(2019, 1, 1)).days)))
    values["decided"], texts[HISTORY] = decided, decision_text(decided, rng.randint(0, 1))
    return values, texts, rng.choice(["có", "không", ""])


@pytest.mark.parametrize("workers", ["1", "2"])
def test_large_sheet_matches_the_evaluator(tmp_path, tt25, monkeypatch, workers):
    """2,500 rows (several chunks): the durable-rules host must give the evaluator's answer for every one."""
    monkeypatch.setenv("RECOGNISE_WORKERS", workers)
    rng = random.Random(20240212)
    rows = [_random_tt25(rng) for _ in range(2500)]
    path = _tt25_write(tmp_path, rows, True, "csv;")
    out = tmp_path / "r.json"
    score_sheet(path, tt25, outputs=[out], keep=0, year=YEAR)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["errors"] == []
    _check_tt25(data["subjects"], rows, True)
    levels = [s["level"] for s in data["subjects"]]
    assert {0, 1, 2} <= set(levels)  # the sample reaches every outcome
    assert data["summary"]["recognised"] == sum(1 for lv in levels if lv >= 1)


def test_large_tt22_sheet_matches_the_evaluator(tmp_path, tt22):
    rng = random.Random(20200921)
    rows = []
    for _ in range(2500):
        if rng.random() < 0.5:
            rows.append({c: D(rng.randint(0, 2 * m)) / 2 for c, m in TT22_MAX.items()})
        else:  # near a boundary: all at maximum, then take off a deficit
            deficit = rng.choice([D(0), D("14.5"), D(15), D("15.5"), D("29.5"), D(30), D("30.5"), D("49.5"), D(50),
                                  D("50.5")])
            points = {c: D(m) for c, m in TT22_MAX.items()}
            for code in rng.sample(list(TT22_MAX), len(TT22_MAX)):
                take = min(points[code], deficit)
                points[code] -= take
                deficit -= take
            rows.append(points)
    styles = [{c: rng.choice(["plain", "comma", "comma0", "padded"]) for c in TT22_MAX} for _ in rows]
    path = _tt22_write(tmp_path, rows, styles, "csv;")
    out = tmp_path / "r.json"
    score_sheet(path, tt22, outputs=[out], keep=0)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["errors"] == []
    _check_tt22(data["subjects"], rows)
    assert {s["grade"] for s in data["subjects"]} == {"Tốt", "Khá", "Trung bình", "Chưa đạt"}


def test_worker_processes_give_the_same_bytes(tmp_path, tt25, monkeypatch):
    rng = random.Random(7)
    rows = [_random_tt25(rng) for _ in range(2200)]
    path = _tt25_write(tmp_path, rows, True, "csv,")
    outputs = {}
    for workers in ("1", "3"):
        monkeypatch.setenv("RECOGNISE_WORKERS", workers)
        paths = [tmp_path / f"r{workers}.json", tmp_path / f"r{workers}.csv"]
        score_sheet(path, tt25, outputs=paths, keep=0, year=YEAR)
        outputs[workers] = [p.read_bytes() for p in paths]
    assert outputs["1"] == outputs["3"]
