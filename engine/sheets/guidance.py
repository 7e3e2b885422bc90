"""What a template says, as text: what each input asks (maximum points, the threshold of each level, per kind
of subject where it varies), how to fill it, and a worked example row with the outcome it was built to have.

Nothing here decides anything: thresholds are copied from the criteria set as text, never compared with a
subject's value; the example is built from the thresholds, so its outcome is known by construction (and the
tests score it).
"""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

from engine.criteria.model import Attribute, CriteriaSet, Indicator, Input, Variant
from engine.rules.compiler import variant_values
from engine.vn.numbers import fmt
from engine.vn.text import fold

PASS_FAIL = ("đạt", "không đạt")
NOT_APPLICABLE = "không áp dụng"

EXAMPLE_SUBJECT = {  # kind: (code, name, area)
    "household": ("HGD-001", "Hộ ông Nguyễn Văn An", "Thôn Đông, xã Hòa Bình"),
    "clan": ("DH-001", "Dòng họ Nguyễn Văn", "Xã Hòa Bình"),
    "village": ("THON-001", "Thôn Đông", "Xã Hòa Bình"),
    "commune": ("XA-001", "Xã Hòa Bình", "Huyện Hòa Bình"),
    "district": ("HUYEN-01", "Huyện Hòa Bình", "Tỉnh Hòa Bình"),
    "province": ("TINH-01", "Tỉnh Hòa Bình", ""),
    "unit": ("DV-001", "Đơn vị Hòa Bình", "Huyện Hòa Bình"),
    "person": ("CD-001", "Ông Nguyễn Văn An", "Thôn Đông, xã Hòa Bình"),
}


# --- what an input asks -------------------------------------------------------------------

def _threshold(inp: Input, value: float | bool) -> str:
    if inp.kind == "boolean" or isinstance(value, bool):
        return "đạt" if value else "không đạt"
    if inp.kind == "percent":
        return f"≥ {fmt(value)}%"
    if inp.kind == "level":
        return f"≥ mức {fmt(value)}"
    return f"≥ {fmt(value)}"


def _attribute_of(cs: CriteriaSet, ind: Indicator) -> Attribute | None:
    """The attribute an indicator's requirements depend on (one per indicator in every set)."""
    for variants in (ind.levels or {}).values():
        key = next((k for k, _ in variant_values(cs, variants) if k is not None), None)
        if key is not None:
            return cs.attribute(key)
    return None


def covering(cs: CriteriaSet, variants: list[Variant], value: str | None) -> Variant | None:
    """The variant of a level that applies to subjects with this attribute value (the first that covers it)."""
    for variant, (_, covered) in zip(variants, variant_values(cs, variants), strict=True):
        if covered is None or value in covered:
            return variant
    return None


def outcomes(cs: CriteriaSet, ind: Indicator, inp: Input) -> dict[str | None, tuple[tuple[int, str | None], ...]]:
    """For each value of the attribute the indicator depends on (None: every subject alike), what the input must
    reach at each level: a threshold as text, NOT_APPLICABLE, or None (the level does not ask this input)."""
    attr = _attribute_of(cs, ind)
    values: list[str | None] = list(attr.values()) if attr is not None else [None]
    result: dict[str | None, tuple[tuple[int, str | None], ...]] = {}
    for value in values:
        per_level: list[tuple[int, str | None]] = []
        for level, variants in sorted((ind.levels or {}).items()):
            variant = covering(cs, variants, value)
            text: str | None = None
            if variant is not None and variant.not_applicable:
                text = NOT_APPLICABLE
            elif variant is not None and variant.require and inp.key in variant.require:
                text = _threshold(inp, variant.require[inp.key])
            per_level.append((level, text))
        result[value] = tuple(per_level)
    return result


def _levels_text(per_level: tuple[tuple[int, str | None], ...], short: bool = False) -> str:
    """`mức độ 1: ≥ 90%; mức độ 2: ≥ 95%`, or `mức độ 1, 2: đạt` when the levels ask the same; `short` for a
    group of subjects inside a longer line (`mức độ 1 ≥ 90%, mức độ 2 ≥ 95%`)."""
    asked: dict[str, list[int]] = {}
    for level, text in per_level:
        if text is not None and text != NOT_APPLICABLE:
            asked.setdefault(text, []).append(level)
    if not asked:
        if short:
            return "để trống"
        applies = any(text == NOT_APPLICABLE for _, text in per_level)
        return "để trống (không áp dụng)" if applies else "để trống (không xét)"
    colon, sep = ("", ", ") if short else (":", "; ")
    return sep.join(f"mức độ {', '.join(str(lv) for lv in levels)}{colon} {text}" for text, levels in asked.items())


def _choice_name(attr: Attribute, value: str) -> str:
    if attr.kind == "boolean":
        return attr.label if value == "co" else f"{attr.label}: {attr.values()[value]}"
    return choice_labels(attr)[value]


def short_label(label: str) -> str:
    """A choice's label without its gloss in brackets (the reader accepts it as it accepts the whole label)."""
    return label.split("(")[0].strip() or label


def choice_labels(attr: Attribute) -> dict[str, str]:
    """What the dropdown offers for each choice: the short labels, unless two of them read alike."""
    short = {code: short_label(label) for code, label in attr.values().items()}
    return short if len({fold(v) for v in short.values()}) == len(short) else attr.values()


def level_needs(cs: CriteriaSet, ind: Indicator, inp: Input) -> tuple[str, str]:
    """(short, full) requirement of an input of a levels set, grouped by kind of subject where it varies."""
    by_value = outcomes(cs, ind, inp)
    groups: dict[tuple, list[str | None]] = {}
    for value, per_level in by_value.items():
        groups.setdefault(per_level, []).append(value)
    if len(groups) == 1:
        text = _levels_text(next(iter(groups)))
        return text, text
    attr = _attribute_of(cs, ind)
    assert attr is not None
    # "the others": the group of the attribute's default, else the largest
    rest = next((g for g, values in groups.items() if attr.default in values), None) or \
        max(groups, key=lambda g: len(groups[g]))
    short_parts, full_parts = [], []
    for per_level, values in groups.items():
        names = "; ".join(_choice_name(attr, v) for v in values if v is not None)
        full_parts.append(f"- {names}: {_levels_text(per_level)}")
        if per_level is rest:
            continue
        shown = names if len(names) <= 45 else f"{len(values)} loại (xem ghi chú)"
        short_parts.append(f"{shown}: {_levels_text(per_level, short=True)}")
    short_parts.append(f"còn lại: {_levels_text(rest, short=True)}")
    return "; ".join(short_parts), f"Theo {attr.label.lower()}:\n" + "\n".join(full_parts)


def points_need(ind: Indicator, inp: Input) -> str:
    top = ind.max
    if ind.kind == "boolean":
        return f"đạt: {fmt(top)} điểm; không đạt: 0 điểm"
    if ind.bands:
        unit = "%" if inp.kind == "percent" else ""
        bands = "; ".join(f"≥ {fmt(b.min)}{unit}: {fmt(b.points)} điểm" for b in ind.bands)
        return f"{bands}; thấp hơn: 0 điểm"
    return f"tối đa {fmt(top)} điểm" if top is not None else "chưa có điểm tối đa (bộ dự thảo)"


def how_to_fill(inp: Input, top: float | None) -> str:
    if inp.kind == "boolean":
        return "Chọn “đạt” hoặc “không đạt” trong danh sách."
    if inp.kind == "percent":
        return "Nhập tỷ lệ phần trăm từ 0 đến 100, ví dụ 92 hoặc 92,5 (không cần dấu %)."
    if inp.kind == "level":
        return f"Chọn mức đạt được, từ 0 đến {fmt(top)} (0: chưa đạt mức nào)."
    if inp.kind == "points":
        upper = f" đến {fmt(top)}" if top is not None else ""
        return f"Nhập điểm từ 0{upper}, số lẻ dùng dấu phẩy (ví dụ 7,5)."
    upper = f" đến {fmt(top)}" if top is not None else ""
    return f"Nhập số từ 0{upper}."


# --- the worked example ---------------------------------------------------------------------

def example_attributes(cs: CriteriaSet) -> dict[str, str]:
    """The example's attributes: the default, else the choice under which the most inputs are asked for."""
    chosen: dict[str, str] = {}
    for attr in cs.attributes:
        if attr.default is not None:
            chosen[attr.key] = attr.default
            continue

        def asked(value: str, key: str = attr.key) -> int:
            count = 0
            for _, ind in cs.indicators():
                a = _attribute_of(cs, ind)
                if a is None or a.key != key:
                    continue
                for inp in ind.input_list():
                    per_level = outcomes(cs, ind, inp)[value]
                    count += any(t is not None and t != NOT_APPLICABLE for _, t in per_level)
            return count
        chosen[attr.key] = max(attr.values(), key=asked)  # the first of the best, in the file's order
    return chosen


def example_values(cs: CriteriaSet, attrs: dict[str, str]) -> dict[str, str]:
    """A valid value for each input, as a board would type it. Levels sets: what the highest level asks of the
    example's kind of subject (empty where nothing is asked), so that the example meets every level. Points
    sets: the maximum, except half of it on the last points indicator (a decimal, and a total below the top)."""
    values: dict[str, str] = {}
    if cs.scheme == "points":
        pointed = [inp.key for _, ind in cs.indicators() for inp in ind.input_list()
                   if ind.kind == "points" and ind.max is not None]
        for _, ind in cs.indicators():
            for inp in ind.input_list():
                if ind.kind == "boolean":
                    values[inp.key] = PASS_FAIL[0]
                elif ind.bands:
                    values[inp.key] = fmt(ind.bands[0].min)
                elif ind.max is not None:
                    top = Decimal(str(ind.max))
                    values[inp.key] = fmt(top / 2 if pointed and inp.key == pointed[-1] else top)
        return values
    for _, ind in cs.indicators():
        attr = _attribute_of(cs, ind)
        value = attrs[attr.key] if attr is not None else None
        variants = [covering(cs, vs, value) for vs in (ind.levels or {}).values()]
        for inp in ind.input_list():
            asked = [v.require[inp.key] for v in variants
                     if v is not None and not v.not_applicable and v.require and inp.key in v.require]
            if not asked:
                values[inp.key] = ""
            elif inp.kind == "boolean":
                values[inp.key] = PASS_FAIL[0]
            else:
                values[inp.key] = fmt(max(float(a) for a in asked))
    return values


def example_history(cs: CriteriaSet) -> tuple[date, int]:
    """A level-1 decision date for the example and an evaluation year by whose 31/12 the waiting time has
    passed: 15/02 of the year the set came into force, and as many years later as the months need, plus one."""
    level = next((lv for lv in cs.levels or [] if lv.months_after_lower), None)
    start = date(cs.effective_from.year, 2, 15)
    months = level.months_after_lower if level is not None and level.months_after_lower else 0
    return start, start.year + math.ceil(months / 12)


def example_total(cs: CriteriaSet) -> Decimal | None:
    if cs.scheme != "points":
        return None
    values = example_values(cs, example_attributes(cs))
    total = Decimal(0)
    for _, ind in cs.indicators():
        for inp in ind.input_list():
            if ind.kind == "boolean":
                total += Decimal(str(ind.max or 0))
            elif ind.bands:
                total += Decimal(str(ind.bands[0].points))
            elif values.get(inp.key):
                total += Decimal(values[inp.key].replace(",", "."))
            else:
                return None  # a draft without maxima: no example total
    return total


def example_outcome(cs: CriteriaSet) -> list[str]:
    """What scoring the example row gives, worked out from how it was built (sentences for the guide)."""
    if cs.scheme == "points":
        total = example_total(cs)
        if total is None:
            return ["Bộ dự thảo chưa có điểm tối đa: không chấm được dòng ví dụ."]
        lines = [f"Tổng điểm của dòng ví dụ: {fmt(total)}"
                 + (f" trên {fmt(cs.max_total)} điểm." if cs.max_total is not None else " điểm.")]
        if cs.grades:
            bands = "; ".join(f"{g.name}: từ {fmt(g.min)}" + (f" đến dưới {fmt(g.below)}" if g.below is not None else "")
                              + " điểm" for g in cs.grades)
            lines.append(f"Xếp loại theo tổng điểm: {bands}; còn lại: {cs.fail_grade or 'không xếp loại'}.")
        lines += [f"Điều kiện: {k.text} ({k.source})." for k in cs.knockouts]
        return lines
    names = ", ".join(lv.name.lower() for lv in cs.levels or [])
    lines = [f"Dòng ví dụ đạt mọi chỉ tiêu của {names} (mỗi ô ghi đúng bằng ngưỡng cao nhất; bằng ngưỡng là đạt)."]
    waiting = next((lv for lv in cs.levels or [] if lv.months_after_lower), None)
    if waiting is not None:
        start, year = example_history(cs)
        lines.append(f"Quyết định công nhận mức độ 1 ngày {start:%d/%m/%Y}: chấm với năm đánh giá {year} "
                     f"(--year {year}) thì đã đủ {waiting.months_after_lower} tháng đến 31/12/{year}, "
                     f"được công nhận {waiting.name.lower()}. Để trống ô ngày thì chỉ xét tối đa mức độ 1.")
    else:
        lines.append(f"Được công nhận {(cs.levels or [])[-1].name.lower()}.")
    return lines
