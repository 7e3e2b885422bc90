"""The target plans in `targets/`: every file loads, its numbers are the domain README's (§3), hostile files are refused."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from engine.criteria.load import CriteriaFileInvalid
from engine.targets.plans import (
    TARGETS_DIR,
    UnknownPlan,
    find_plan,
    load_plan,
    plan_for_year,
    shipped,
    title_key,
)

# /work/shared/domain/README.md §3, copied by hand: (year, {title: (rate, difficult rate)}, words of the denominators)
README_TARGETS = {
    "qd-281-2014": (2020, {"gdht": (70, 60), "dhht": (50, 40), "cdht-thon": (60, 50), "dvht": (50, None)},
                    {"gdht": "số gia đình", "dhht": "số dòng họ", "cdht-thon": "số cộng đồng"}),
    "qd-387-2022": (2025, {"gdht": (70, None), "dhht": (65, None), "cdht-thon": (65, None), "dvht": (80, None)},
                    {"dvht": "tổ chức trên địa bàn xã"}),
    # Bắc Kạn: each rate 10 (percentage points) lower in vùng sâu, vùng xa, đặc biệt khó khăn communes
    "bac-kan-1150-2014": (2020, {"gdht": (80, 70), "dhht": (50, 40), "cdht-thon": (60, 50), "dvht": (85, 75)},
                          {"gdht": "số gia đình hội viên", "dhht": "dòng họ khuyến học", "cdht-thon": "số cộng đồng"}),
}
DOCUMENTS = {"qd-281-2014": ("281/QĐ-TTg", "2014-02-20", "national", None),
             "qd-387-2022": ("387/QĐ-TTg", "2022-03-25", "national", None),
             "bac-kan-1150-2014": ("1150/QĐ-UBND", "2014-07-14", "province", "Bắc Kạn")}


def test_every_shipped_file_loads():
    files = sorted(TARGETS_DIR.glob("*.yaml"))
    assert [f.stem for f in files] == sorted(README_TARGETS)
    for f in files:
        plan = load_plan(f)
        assert plan.id == f.stem
    assert sorted(p.id for p in shipped()) == sorted(README_TARGETS)


@pytest.mark.parametrize("plan_id", sorted(README_TARGETS))
def test_numbers_are_the_readme(plan_id):
    year, rates, words = README_TARGETS[plan_id]
    plan = find_plan(plan_id)
    assert plan.target_year == year
    got = {t.title: (t.rate, t.difficult_rate) for t in plan.targets}
    assert got == {k: (Decimal(r), None if d is None else Decimal(d)) for k, (r, d) in rates.items()}
    for key, text in words.items():
        assert text in plan.target(key).denominator
    number, signed, scope, province = DOCUMENTS[plan_id]
    assert plan.document.number == number
    assert plan.document.signed.isoformat() == signed
    assert (plan.scope, plan.province) == (scope, province)
    for t in plan.targets:  # every number with its source, naming the document
        assert number.split("/")[0] in t.source
        if t.difficult_rate is not None:
            assert number.split("/")[0] in t.difficult_source


def test_difficult_areas_and_uncertainty_are_written_down():
    qd281 = find_plan("qd-281-2014")
    assert qd281.difficult_areas == "vùng núi, vùng sâu, vùng xa, vùng đặc biệt khó khăn"
    assert all(t.note for t in qd281.targets if t.difficult_rate is not None)  # the order 60/40/50 is uncertain
    assert "chưa đối chiếu" in qd281.target("gdht").note
    assert find_plan("qd-387-2022").difficult_areas is None
    bk = find_plan("bac-kan-1150-2014")
    assert "vùng sâu, vùng xa, đặc biệt khó khăn" in bk.difficult_areas
    assert "10 điểm phần trăm" in bk.target("gdht").note


@pytest.mark.parametrize(("year", "plan_id"), [(2015, "qd-281-2014"), (2020, "qd-281-2014"), (2021, "qd-387-2022"),
                                               (2025, "qd-387-2022"), (2026, None)])
def test_plan_for_year_is_the_nearest_national_target(year, plan_id):
    plan = plan_for_year(year)
    assert (plan.id if plan else None) == plan_id


def test_a_provincial_plan_only_by_id_and_only_in_its_province():
    assert all(plan_for_year(y).scope == "national" for y in (2014, 2020))
    bk = find_plan("bac-kan-1150-2014")
    assert bk.covers("Tỉnh Bắc Kạn") and bk.covers("bac  kan") and not bk.covers("Tỉnh Thái Nguyên")
    assert find_plan("qd-281-2014").covers("Tỉnh Thái Nguyên")


def test_unknown_plan_lists_the_known():
    with pytest.raises(UnknownPlan, match="qd-281-2014"):
        find_plan("khong-co")


@pytest.mark.parametrize(("title", "key"), [
    ("Gia đình học tập", "gdht"), ("Gia đình học tập (bộ minh họa)", "gdht"), ("GIA DINH HOC TAP", "gdht"),
    ("Dòng họ học tập", "dhht"), ("Cộng đồng học tập cấp thôn", "cdht-thon"), ("Đơn vị học tập cấp cơ sở", "dvht"),
    ("Đơn vị học tập", "dvht"), ("Cộng đồng học tập cấp xã", None), ("Cộng đồng học tập cấp tỉnh", None),
    ("dvht", "dvht"), ("", None),
])
def test_title_keys_by_folded_prefix(title, key):
    assert title_key(title) == key


# ---------------------------------------------------------------- hostile and broken files

GOOD = """\
id: tinh-x-2025
title: Kế hoạch tỉnh X
document:
  number: 1/QĐ-UBND
  title: Quyết định số 1/QĐ-UBND
  issuer: Ủy ban nhân dân tỉnh X
  signed: 2022-05-01
scope: province
province: Tỉnh X
target_year: 2025
difficult_areas: xã vùng khó khăn
targets:
  - title: gdht
    rate: 75
    denominator: số gia đình
    source: QĐ 1/QĐ-UBND, Điều 1
    difficult_rate: 65
    difficult_source: QĐ 1/QĐ-UBND, Điều 1
"""


def write(tmp_path: Path, text: str | bytes, name: str = "ke-hoach.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def refused(tmp_path: Path, text: str | bytes) -> list[str]:
    path = write(tmp_path, text)
    with pytest.raises(CriteriaFileInvalid) as caught:
        load_plan(path)
    return [str(e) for e in caught.value.errors]


def test_a_good_provincial_file_loads_by_path(tmp_path):
    plan = find_plan(str(write(tmp_path, GOOD)))
    assert plan.target("gdht").difficult_rate == Decimal(65)
    assert plan.covers("Tỉnh X") and not plan.covers("Tỉnh Y")


def test_unknown_key_is_an_error_with_file_and_line(tmp_path):
    errors = refused(tmp_path, GOOD.replace("    rate: 75\n", "    rate: 75\n    bonus: 5\n"))
    assert errors == [f"{tmp_path / 'ke-hoach.yaml'}:15: targets[0].bonus: "
                      "khóa không được phép (không có trong lược đồ của tệp)"]


@pytest.mark.parametrize(("change", "where", "words"), [
    (("rate: 75", "rate: 120"), "targets[0].rate", "không quá 100"),
    (("rate: 75", "rate: 0"), "targets[0].rate", "lớn hơn 0"),
    (("rate: 75", "rate: '75'"), "targets[0].rate", "cần một số"),
    (("rate: 75", "rate: true"), "targets[0].rate", "cần một số"),
    (("rate: 75", "rate: .nan"), "targets[0].rate", "hữu hạn"),
    (("rate: 75", "rate: .inf"), "targets[0].rate", "hữu hạn"),
    (("difficult_rate: 65", "difficult_rate: 80"), "targets[0].difficult_rate", "cao hơn tỷ lệ chung"),
    (("title: gdht", "title: cdht-xa"), "targets[0].title", "không hợp lệ"),
    (("scope: province\nprovince: Tỉnh X\n", "scope: province\n"), "scope", "province"),
    (("scope: province\n", "scope: national\n"), "province", "toàn quốc"),
    (("difficult_areas: xã vùng khó khăn\n", ""), "difficult_areas", "vùng nào"),
    (("    difficult_source: QĐ 1/QĐ-UBND, Điều 1\n", ""), "targets[0].difficult_source", "căn cứ"),
    (("    source: QĐ 1/QĐ-UBND, Điều 1\n", ""), "targets[0].source", "thiếu khóa"),
    (("target_year: 2025", "target_year: 20250"), "target_year", "không hợp lệ"),
    (("signed: 2022-05-01", "signed: 2022-02-30"), "document.signed", "không hợp lệ"),
    (("id: tinh-x-2025", "id: ../../etc"), "id", "không đúng dạng"),
])
def test_bad_values_are_refused_at_their_line(tmp_path, change, where, words):
    old, new = change
    assert old in GOOD
    errors = refused(tmp_path, GOOD.replace(old, new, 1))
    assert any(f": {where}: " in e and words in e for e in errors), errors
    assert all(e.startswith(f"{tmp_path / 'ke-hoach.yaml'}:") for e in errors)


def test_a_title_twice_is_refused(tmp_path):
    twice = GOOD + GOOD[GOOD.index("  - title: gdht"):].replace("rate: 75", "rate: 70")
    errors = refused(tmp_path, twice)
    assert any("targets[1].title" in e and "đã có chỉ tiêu" in e for e in errors)


@pytest.mark.parametrize("text", [
    "!!python/object/apply:os.system ['touch /tmp/pwned-targets']\n",
    GOOD.replace("title: Kế hoạch tỉnh X", "title: !!python/object/apply:os.system ['touch /tmp/pwned-targets']"),
    "a: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\nc: [*b, *b, *b, *b]\n",  # billion laughs
    GOOD.replace("province: Tỉnh X", "province: &p Tỉnh X\nimplements: *p"),
    "[" * 5000 + "]" * 5000,
    "a: " + "[" * 100_000,  # PyYAML alone would take hours on this
    "- 1\n- 2\n",
    "",
    "id: x\nid: y\n",
    GOOD.replace("title: Kế hoạch tỉnh X", "title: !!binary aGVsbG8="),
    "targets: {" + ", ".join(f"k{i}: {i}" for i in range(60_000)) + "}\n",
])
def test_hostile_yaml_is_refused(tmp_path, text):
    refused(tmp_path, text)
    assert not Path("/tmp/pwned-targets").exists()


def test_not_utf8_and_too_big_and_missing_are_refused(tmp_path):
    assert "UTF-8" in refused(tmp_path, GOOD.encode("utf-16"))[0]
    assert "lớn hơn" in refused(tmp_path, b"# " + b"x" * 300_000 + b"\n")[0]
    with pytest.raises(CriteriaFileInvalid, match="không đọc được"):
        load_plan(tmp_path / "khong-co.yaml")
