"""Broken and hostile criteria files: each is refused with an error naming the file, the line and the key.

Every case starts from the text of a shipped file and changes one thing; the expected line is found
in the mutated text by searching, so the tests do not depend on the layout of the shipped files.
"""

from __future__ import annotations

import re
import time
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from engine.criteria.load import CriteriaError, CriteriaFileInvalid, load_file

CRITERIA_DIR = Path(__file__).resolve().parent.parent / "criteria"
TT22_TEXT = (CRITERIA_DIR / "dvht-tt22-2020.yaml").read_text(encoding="utf-8")
TT25_XA_TEXT = (CRITERIA_DIR / "cdht-xa-tt25-2023.yaml").read_text(encoding="utf-8")


def _replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) >= 1, f"không thấy {old!r}"
    return text.replace(old, new, 1)


def _line(text: str, needle: str, after: str | None = None) -> int:
    """1-based line of the first `needle` (after the first `after`, if given)."""
    start = text.index(after) if after is not None else 0
    at = text.index(needle, start)
    return text.count("\n", 0, at) + 1


def _write(tmp_path: Path, text: str, name: str = "bo-tieu-chi.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _refused(path: Path) -> list[CriteriaError]:
    with pytest.raises(CriteriaFileInvalid) as info:
        load_file(path)
    errors = info.value.errors
    assert errors, "lỗi rỗng"
    assert all(e.file == str(path) for e in errors)
    assert all(str(e).startswith(f"{path}:{e.line}: {e.key}: ") for e in errors)
    return errors


def _one(errors: list[CriteriaError], key: str) -> CriteriaError:
    found = [e for e in errors if e.key == key]
    assert found, f"không có lỗi cho khóa {key!r}; có: {[str(e) for e in errors]}"
    return found[0]


def test_unmodified_copy_loads(tmp_path):
    """The starting points are valid: every refusal below comes from the mutation."""
    assert load_file(_write(tmp_path, TT22_TEXT)).criteria.id == "dvht-tt22-2020"
    assert load_file(_write(tmp_path, TT25_XA_TEXT, "xa.yaml")).criteria.id == "cdht-xa-tt25-2023"


# --- keys -----------------------------------------------------------------------------------------

def test_unknown_top_level_key(tmp_path):
    text = _replace_once(TT22_TEXT, "title: Đơn vị học tập\n", "title: Đơn vị học tập\nmau_bia: đỏ thẫm\n")
    err = _one(_refused(_write(tmp_path, text)), "mau_bia")
    assert err.line == _line(text, "mau_bia:")
    assert "không được phép" in err.message


def test_unknown_key_inside_an_indicator(tmp_path):
    anchor = "source: Điều 5 khoản 2 điểm b\n"
    text = _replace_once(TT22_TEXT, anchor, anchor + "        trong_so: 2\n")
    err = _one(_refused(_write(tmp_path, text)), "criteria[1].indicators[1].trong_so")
    assert err.line == _line(text, "trong_so:")


def test_duplicate_top_level_key(tmp_path):
    text = _replace_once(TT22_TEXT, "jurisdiction: Toàn quốc\n", "jurisdiction: Toàn quốc\ntitle: Đơn vị học tập khác\n")
    errors = _refused(_write(tmp_path, text))
    err = _one(errors, "title")
    second = _line(text, "title: Đơn vị học tập khác")
    first = _line(text, "title: Đơn vị học tập\n")
    assert first < second
    assert err.line == second
    assert "trùng" in err.message and str(first) in err.message


def test_duplicate_key_inside_an_indicator(tmp_path):
    anchor = "        max: 5\n"  # 2.b
    text = _replace_once(TT22_TEXT, anchor, anchor + "        max: 7\n")
    err = _one(_refused(_write(tmp_path, text)), "criteria[1].indicators[1].max")
    assert err.line == _line(text, "        max: 7\n")


def test_wrong_type_for_a_maximum(tmp_path):
    text = _replace_once(TT22_TEXT, "        max: 10\n", '        max: "mười"\n')  # 1.a
    err = _one(_refused(_write(tmp_path, text)), "criteria[0].indicators[0].max")
    assert err.line == _line(text, 'max: "mười"')
    assert "mười" in err.message


def test_wrong_type_for_a_date(tmp_path):
    text = _replace_once(TT22_TEXT, "effective_from: 2020-09-21", "effective_from: 31/09/2020")
    err = _one(_refused(_write(tmp_path, text)), "effective_from")
    assert err.line == _line(text, "effective_from:")
    assert "dd/mm/yyyy" in err.message, err.message


def test_a_date_typed_day_first_is_read(tmp_path):
    """Dates are accepted as boards write them (dd/mm/yyyy) in a province's criteria file too."""
    text = _replace_once(TT22_TEXT, "effective_from: 2020-09-21", "effective_from: 21/09/2020")
    assert load_file(_write(tmp_path, text)).criteria.effective_from == date(2020, 9, 21)


# --- sums, bands, thresholds, dates -------------------------------------------------------------

def test_indicator_maxima_not_adding_up_to_criterion_max(tmp_path):
    text = _replace_once(TT22_TEXT, "        max: 25\n", "        max: 20\n")  # 3.a: 20 + 10 + 5 = 35 ≠ 40
    errors = _refused(_write(tmp_path, text))
    err = _one(errors, "criteria[2].max")
    assert err.line == _line(text, "    max: 40\n")
    assert "35" in err.message and "40" in err.message
    assert [e.key for e in errors] == ["criteria[2].max"]


def test_criterion_maxima_not_adding_up_to_max_total(tmp_path):
    # TC3 40 → 45 with 3.c 5 → 10: TC3 adds up, the total is 105 ≠ 100
    text = _replace_once(TT22_TEXT, "    max: 40\n", "    max: 45\n")
    at = text.index("code: 3.c")
    text = text[:at] + _replace_once(text[at:], "max: 5\n", "max: 10\n")
    errors = _refused(_write(tmp_path, text))
    err = _one(errors, "max_total")
    assert err.line == _line(text, "max_total: 100")
    assert "105" in err.message
    assert [e.key for e in errors] == ["max_total"]


def test_overlapping_grade_bands(tmp_path):
    text = _replace_once(TT22_TEXT, "    below: 85\n", "    below: 90\n")  # Khá [70; 90) overlaps Tốt from 85
    err = _one(_refused(_write(tmp_path, text)), "grades[1].below")
    assert err.line == _line(text, "below: 90")
    assert "chồng" in err.message


def test_gapped_grade_bands(tmp_path):
    text = _replace_once(TT22_TEXT, "    below: 70\n", "    below: 65\n")  # Trung bình [50; 65), nothing for 65–70
    err = _one(_refused(_write(tmp_path, text)), "grades[2].below")
    assert err.line == _line(text, "below: 65")
    assert "hở" in err.message


def test_percent_threshold_above_100_in_a_levels_set(tmp_path):
    text = _replace_once(TT25_XA_TEXT, 'require: {"5.1": 80}', 'require: {"5.1": 120}')
    errors = _refused(_write(tmp_path, text))
    err = _one(errors, "criteria[4].indicators[0].levels[2][0].require.5.1")
    assert err.line == _line(text, '"5.1": 120')
    assert "120" in err.message


def test_negative_threshold_in_a_variant(tmp_path):
    text = _replace_once(TT25_XA_TEXT, "require: {5.2a: 40, 5.2b: 10}", "require: {5.2a: 40, 5.2b: -10}")
    err = _one(_refused(_write(tmp_path, text)), "criteria[4].indicators[1].levels[1][0].require.5.2b")
    assert err.line == _line(text, "5.2b: -10")


def test_effective_until_before_effective_from(tmp_path):
    text = _replace_once(TT22_TEXT, "effective_until: 2024-01-25", "effective_until: 2019-12-31")
    err = _one(_refused(_write(tmp_path, text)), "effective_until")
    assert err.line == _line(text, "effective_until:")


def test_official_set_with_a_missing_maximum(tmp_path):
    text = _replace_once(TT22_TEXT, "        max: 5\n", "")  # 2.b loses its maximum
    errors = _refused(_write(tmp_path, text))
    err = _one(errors, "criteria[1].indicators[1].max")
    assert err.line == _line(text, "- code: 2.b")
    assert "thiếu" in err.message


_EMPTY_GRADES = TT22_TEXT[:TT22_TEXT.index("grades:\n")] + "grades: []\n" + TT22_TEXT[TT22_TEXT.index("fail_grade:"):]
_XA_52_L1 = """            - when: {vung_kho_khan: [co]}
              require: {5.2a: 40, 5.2b: 10}"""

# (base text, old, new) → an error whose key starts with `key`, on the line of `needle` (None: no line to check)
BROKEN = {
    "levels-set-without-levels": (TT25_XA_TEXT, "levels:\n  - level: 1", None, "levels", None),
    "points-set-without-grades": (TT22_TEXT, "grades:\n", None, "grades", None),
    "points-set-without-max_total": (TT22_TEXT, "max_total: 100\n", "", "max_total", None),
    "empty-grades": (_EMPTY_GRADES, "grades: []", "grades: []", "grades", "grades: []"),
    "undeclared-attribute-in-when": (TT25_XA_TEXT, _XA_52_L1, _XA_52_L1.replace("vung_kho_khan", "mien_nui"),
                                     "criteria[4].indicators[1].levels[1][0].when.mien_nui", "mien_nui"),
    "require-of-an-unknown-column": (TT25_XA_TEXT, 'require: {"5.1": 80}', 'require: {"5.9": 80}',
                                     "criteria[4].indicators[0].levels[2][0].require.5.9", '"5.9"'),
    "duplicate-indicator-code": (TT25_XA_TEXT, 'code: "1.2"', 'code: "1.1"', "criteria[0].indicators[1].code",
                                 'code: "1.1"\n        text: Xây dựng chương trình'),
    "choice-attribute-without-choices": (TT25_XA_TEXT, "kind: boolean\n    default: khong",
                                         "kind: choice\n    default: khong", "attributes[0].choices", None),
    "percent-indicator-without-bands": (TT22_TEXT, "kind: points", "kind: percent", "criteria[0].indicators[0]",
                                        "- code: 1.a"),
    "level-kind-in-a-points-set": (TT22_TEXT, "kind: points", "kind: level", "criteria[0].indicators[0].kind",
                                   "kind: level"),
    "impossible-date": (TT22_TEXT, "effective_from: 2020-09-21", "effective_from: 2020-02-30", "effective_from",
                        "effective_from:"),
    "infinite-indicator-max": (TT22_TEXT, "        max: 10\n", "        max: .inf\n", "criteria[0]", None),
    "infinite-max_total": (TT22_TEXT, "max_total: 100", "max_total: .inf", "max_total", "max_total:"),
    "nan-threshold": (TT25_XA_TEXT, 'require: {"5.1": 80}', 'require: {"5.1": .nan}',
                      "criteria[4].indicators[0].levels[2][0].require.5.1", '"5.1": .nan'),
    "empty-requirement": (TT25_XA_TEXT, '1: [{require: {"1.1": true}}]', "1: [{require: {}}]",
                          "criteria[0].indicators[0].levels[1]", "require: {}"),
    "no-variant-for-a-level": (TT25_XA_TEXT, '1: [{require: {"1.1": true}}]', "1: []",
                               "criteria[0].indicators[0].levels[1]", "1: []"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_file_is_refused_with_its_key_never_a_crash(tmp_path, case):
    base, old, new, key, needle = BROKEN[case]
    if new is None:  # cut from `old` to the next top-level key
        at = base.index(old)
        nxt = next(i for i in range(at + len(old), len(base)) if base[i - 1] == "\n" and base[i].isalpha())
        text = base[:at] + base[nxt:]
    else:
        text = _replace_once(base, old, new)
    path = _write(tmp_path, text)
    try:
        load_file(path)
    except CriteriaFileInvalid as exc:
        errors = exc.errors
    except Exception as exc:  # the point of the test: nothing but CriteriaFileInvalid
        pytest.fail(f"{case}: {type(exc).__name__} thay vì CriteriaFileInvalid: {exc!r}")
    else:
        pytest.fail(f"{case}: tệp hỏng được chấp nhận")
    hits = [e for e in errors if e.key == key or e.key.startswith((key + ".", key + "["))]
    assert hits, f"không có lỗi cho {key!r}; có: {[str(e) for e in errors]}"
    if needle is not None:
        assert any(e.line == _line(text, needle) for e in hits), [str(e) for e in hits]


def test_datetime_instead_of_a_date_is_explained_in_vietnamese(tmp_path):
    text = _replace_once(TT22_TEXT, "effective_from: 2020-09-21", "effective_from: 2020-09-21 08:30:00")
    err = _one(_refused(_write(tmp_path, text)), "effective_from")
    assert err.line == _line(text, "effective_from:")
    assert "dd/mm/yyyy" in err.message, err.message


def test_boolean_key_is_refused_as_not_a_string(tmp_path):
    text = _replace_once(TT22_TEXT, "title: Đơn vị học tập\n", "title: Đơn vị học tập\ntrue: có\n")
    errors = _refused(_write(tmp_path, text))
    assert any(e.line == _line(text, "true: có") and "chuỗi" in e.message for e in errors), [str(e) for e in errors]


# --- hostile YAML ---------------------------------------------------------------------------------

def test_python_object_apply_is_refused_and_not_executed(tmp_path):
    marker = Path("/tmp/PWNED_x")
    marker.unlink(missing_ok=True)
    local = tmp_path / "PWNED_local"
    text = _replace_once(TT22_TEXT, "title: Đơn vị học tập\n",
                         f'title: !!python/object/apply:os.system ["touch {marker} {local}"]\n')
    errors = _refused(_write(tmp_path, text))
    err = _one(errors, "title")
    assert err.line == _line(text, "!!python/object/apply")
    assert "python/object/apply" in err.message
    assert not marker.exists()
    assert not local.exists()


def test_python_name_is_refused(tmp_path):
    text = _replace_once(TT22_TEXT, "fail_grade: Chưa đạt", "fail_grade: !!python/name:os.system ''")
    err = _one(_refused(_write(tmp_path, text)), "fail_grade")
    assert err.line == _line(text, "!!python/name")
    assert "python/name" in err.message


def test_python_module_tag_at_the_root_is_refused(tmp_path):
    text = "--- !!python/object/new:os.system [echo PWNED]\n"
    errors = _refused(_write(tmp_path, text))
    assert errors[0].line == 1


def test_billion_laughs_is_refused_quickly(tmp_path):
    bomb = ['lol0: &a0 ["ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha"]']
    for k in range(1, 10):
        bomb.append(f"lol{k}: &a{k} [" + ", ".join([f"*a{k - 1}"] * 9) + "]")
    text = TT22_TEXT + "\n".join(bomb) + "\n"
    path = _write(tmp_path, text)
    began = time.monotonic()
    errors = _refused(path)
    assert time.monotonic() - began < 2.0
    assert errors[0].line == _line(text, "&a0")


def test_merge_key_alias_is_refused(tmp_path):
    text = _replace_once(TT22_TEXT, "authority:\n", "mac_dinh: &md {x: 1}\nauthority:\n  <<: *md\n")
    errors = _refused(_write(tmp_path, text))
    assert errors[0].line == _line(text, "&md")


def test_file_over_one_megabyte_is_refused(tmp_path):
    text = TT22_TEXT + "# " + "Ghi chú rất dài. " * 70_000 + "\n"
    assert len(text.encode("utf-8")) > 1_000_000
    errors = _refused(_write(tmp_path, text))
    assert errors[0].line == 1
    assert re.search(r"1[ .,]?000[ .,]?000", errors[0].message), errors[0].message  # says what the limit is


def test_deep_nesting_is_refused(tmp_path):
    text = _replace_once(TT22_TEXT, "notes:\n", "notes:\n  - " + "[" * 200 + "]" * 200 + "\n")
    errors = _refused(_write(tmp_path, text))
    assert errors[0].line >= _line(text, "notes:")


def _cp1258(text: str) -> bytes:
    """Vietnamese text as Windows-1258 (precomposed base letters, combining tone marks)."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out += base.encode("cp1258") + "".join(c for c in parts if c in tones).encode("cp1258")
    return bytes(out)


def test_windows_1258_file_is_refused(tmp_path):
    raw = _cp1258(TT22_TEXT)
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    path = tmp_path / "tcvn.yaml"
    path.write_bytes(raw)
    errors = _refused(path)
    assert errors[0].line == 1
    assert "UTF-8" in errors[0].message


def test_utf8_with_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + TT22_TEXT.encode("utf-8"))
    assert load_file(path).criteria.title == "Đơn vị học tập"


@pytest.mark.parametrize("text", ["", "\n\n", "# chỉ có ghi chú\n"], ids=["empty", "blank", "comment"])
def test_empty_file_is_refused(tmp_path, text):
    errors = _refused(_write(tmp_path, text))
    assert errors[0].line == 1
    assert errors[0].key == "(gốc)"


def test_yaml_list_is_refused(tmp_path):
    text = "- dvht-tt22-2020\n- cdht-xa-tt25-2023\n"
    errors = _refused(_write(tmp_path, text))
    assert errors[0].key == "(gốc)" and errors[0].line == 1


def test_syntax_error_names_its_line(tmp_path):
    text = _replace_once(TT22_TEXT, "scheme: points\n", "scheme: [points\n")
    errors = _refused(_write(tmp_path, text))
    assert errors[0].line >= _line(text, "scheme: [points")


def test_missing_file_is_refused(tmp_path):
    errors = _refused(tmp_path / "khong-co.yaml")
    assert errors[0].line == 1


# --- limits of the rule engine ---------------------------------------------------------------------

def _levels_set(n: int) -> str:
    """cdht-xa-tt25-2023 with its criteria replaced by one criterion of `n` yes/no indicators, 2 levels."""
    head = TT25_XA_TEXT[:TT25_XA_TEXT.index("criteria:\n")]
    tail = TT25_XA_TEXT[TT25_XA_TEXT.index("authority:\n"):]
    lines = ["criteria:", "  - code: TC1", "    name: Tiêu chí thử nghiệm", "    source: Điều 6 khoản 1",
             "    indicators:"]
    for k in range(1, n + 1):
        code = f"1.{k}"
        lines += [f'      - code: "{code}"', f"        text: Chỉ tiêu thử số {k}", "        source: Điều 6 khoản 1",
                  "        kind: boolean", "        levels:",
                  f'          1: [{{require: {{"{code}": true}}}}]', f'          2: [{{require: {{"{code}": true}}}}]']
    return head + "\n".join(lines) + "\n" + tail


def test_levels_set_within_the_engine_limits_loads(tmp_path):
    cs = load_file(_write(tmp_path, _levels_set(31))).criteria  # 1 + 31 × 2 = 63 conditions
    assert len(cs.indicators()) == 31


def test_levels_set_beyond_the_engine_limits_is_refused_at_load(tmp_path):
    text = _levels_set(40)  # 40 indicators × 2 levels: 81 conditions true at once > 64
    errors = _refused(_write(tmp_path, text))
    err = _one(errors, "criteria")
    assert err.line == _line(text, "criteria:")
    assert "64" in err.message
