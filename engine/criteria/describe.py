"""A criteria set in words: what an indicator is worth and what each level asks of it.

Shared by the book (the annex printed for publication) and the diff, so that both say the same thing
the same way; nothing here judges a subject.
"""

from __future__ import annotations

from engine.criteria.model import CriteriaSet, Grade, Indicator, Knockout, Level
from engine.rules.compiler import show_threshold, variant_label, variant_values
from engine.vn.numbers import fmt

KIND_VI = {
    "points": "chấm điểm",
    "boolean": "đạt / không đạt",
    "percent": "tỷ lệ (%)",
    "number": "số lượng",
    "level": "mức độ chuẩn",
}
UNKNOWN = "chưa có (dự thảo)"


def number(x: float | None) -> str:
    return UNKNOWN if x is None else fmt(x)


def measure(cs: CriteriaSet, ind: Indicator) -> str:
    """How the indicator is recorded and scored: its maximum, its bands of points."""
    kind = KIND_VI.get(ind.kind or "", "") if ind.kind else ", ".join(
        f"{i.key}: {KIND_VI[i.kind]}" for i in ind.input_list())
    if cs.scheme != "points":
        return kind
    parts = [f"tối đa {number(ind.max)} điểm", kind]
    if ind.bands:
        inp = ind.input_list()[0]
        parts.append("; ".join(f"từ {show_threshold(inp, b.min)}: {fmt(b.points)} điểm" for b in ind.bands))
    return "; ".join(p for p in parts if p)


def level_requirements(cs: CriteriaSet, ind: Indicator) -> dict[int, str]:
    """What each level asks of the indicator, variant by variant (kind of subject, vùng khó khăn)."""
    inputs = {i.key: i for i in ind.input_list()}
    out: dict[int, str] = {}
    for lv, variants in sorted((ind.levels or {}).items()):
        parts = []
        for v, (attr, values) in zip(variants, variant_values(cs, variants), strict=True):
            cond = "; ".join(_need(k if len(inputs) > 1 else "", inputs[k], t)
                             for k, t in (v.require or {}).items() if k in inputs) or "không áp dụng"
            parts.append(cond + variant_label(cs, attr, values))
        out[lv] = " | ".join(parts)
    return out


def _need(key: str, inp, threshold) -> str:
    """One requirement; the column is named only when the indicator reads several."""
    said = "đạt" if isinstance(threshold, bool) else f"≥ {show_threshold(inp, threshold)}"
    return f"{key} {said}" if key else said


def grade_text(cs: CriteriaSet, g: Grade) -> str:
    upper = f"đến {number(cs.max_total)}" if g.below is None else f"đến dưới {fmt(g.below)}"
    return f"từ {fmt(g.min)} {upper} điểm; {'được công nhận' if g.recognised else 'không được công nhận'}"


def level_text(lv: Level) -> str:
    needs = "đạt tất cả chỉ tiêu của mức" + (" và các mức thấp hơn" if lv.requires_lower and lv.level > 1 else "")
    if lv.months_after_lower:
        needs += f"; ít nhất {lv.months_after_lower} tháng sau quyết định công nhận mức độ {lv.level - 1}"
    return needs


def knockout_text(k: Knockout) -> str:
    return k.text
