"""What the schema cannot say: sums of maxima, grade bands, thresholds, variants, completeness.

Each problem carries the path of the offending key in the file, so the loader can name its line.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from engine.criteria.model import CriteriaSet, Indicator, Input
from engine.vn.numbers import fmt

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    path: Path
    message: str


def _dec(x: float) -> Decimal:
    return Decimal(str(x))


def semantic_problems(cs: CriteriaSet) -> list[Problem]:
    problems: list[Problem] = []
    problems += _unique_codes(cs)
    problems += _dates(cs)
    problems += _attributes(cs)
    problems += _completeness(cs)
    problems += _exact_numbers(cs)
    problems += _knockouts(cs)
    if cs.scheme == "points":
        problems += _points_scheme(cs)
    else:
        problems += _levels_scheme(cs)
    return problems


EXACT_DIGITS = 6  # the rules compare values scaled by 10⁶ (engine/rules/facts.py)
LARGEST_NUMBER = 10**9


def _exact_numbers(cs: CriteriaSet) -> list[Problem]:
    """Every number the rules compare with must be exact at the rules' scale, or a boundary would move."""
    found: list[tuple[Path, float | None]] = [(("max_total",), cs.max_total)]
    found += [(("knockouts", ki, "below"), k.below) for ki, k in enumerate(cs.knockouts)]
    for gi, g in enumerate(cs.grades or []):
        found += [(("grades", gi, "min"), g.min), (("grades", gi, "below"), g.below)]
    for ci, c in enumerate(cs.criteria):
        found.append((("criteria", ci, "max"), c.max))
        for ii, ind in enumerate(c.indicators):
            here = ("criteria", ci, "indicators", ii)
            found.append((here + ("max",), ind.max))
            found += [(here + ("bands", bi, "min"), b.min) for bi, b in enumerate(ind.bands or [])]
            for level, variants in (ind.levels or {}).items():
                for vi, v in enumerate(variants):
                    found += [(here + ("levels", level, vi, "require", k), x) for k, x in (v.require or {}).items()
                              if not isinstance(x, bool)]
    out = []
    for where, x in found:
        if x is None:
            continue
        d = _dec(x)
        if abs(d) > LARGEST_NUMBER or d != d.quantize(Decimal(1).scaleb(-EXACT_DIGITS)):
            out.append(Problem(where, f"số {fmt(x)} có quá {EXACT_DIGITS} chữ số thập phân hoặc lớn hơn "
                                      f"{LARGEST_NUMBER:,}".replace(",", ".")))
    return out


def _unique_codes(cs: CriteriaSet) -> list[Problem]:
    out: list[Problem] = []
    seen: set[str] = set()
    reserved = {"ma", "ten", "dia_ban", "ghi_chu"} | {a.key for a in cs.attributes}
    for ci, c in enumerate(cs.criteria):
        if c.code in seen:
            out.append(Problem(("criteria", ci, "code"), f"mã tiêu chí {c.code!r} bị trùng"))
        seen.add(c.code)
        for ii, ind in enumerate(c.indicators):
            if ind.code in seen:
                out.append(Problem(("criteria", ci, "indicators", ii, "code"), f"mã chỉ tiêu {ind.code!r} bị trùng"))
            seen.add(ind.code)
            keys = [i.key for i in ind.input_list()]
            for k, key in enumerate(keys):
                clash = key in reserved or keys.count(key) > 1 or (key != ind.code and key in seen)
                if clash:
                    where = ("criteria", ci, "indicators", ii, "inputs", k, "key") if ind.inputs else (
                        "criteria", ci, "indicators", ii, "code")
                    out.append(Problem(where, f"cột {key!r} bị trùng với một cột khác của bảng điểm"))
                seen.add(key)
    return out


def _dates(cs: CriteriaSet) -> list[Problem]:
    if cs.effective_until and cs.effective_until < cs.effective_from:
        return [Problem(("effective_until",),
                        f"ngày hết hiệu lực {cs.effective_until} trước ngày có hiệu lực {cs.effective_from}")]
    return []


def _attributes(cs: CriteriaSet) -> list[Problem]:
    out: list[Problem] = []
    for ai, a in enumerate(cs.attributes):
        if a.kind == "choice" and not a.choices:
            out.append(Problem(("attributes", ai, "choices"), "thuộc tính kiểu lựa chọn cần danh sách 'choices'"))
        if a.kind == "boolean" and a.choices:
            out.append(Problem(("attributes", ai, "choices"), "thuộc tính có/không không có 'choices'"))
        if a.default is not None and a.default not in a.values():
            out.append(Problem(("attributes", ai, "default"),
                               f"giá trị mặc định {a.default!r} không thuộc {sorted(a.values())}"))
    return out


def _completeness(cs: CriteriaSet) -> list[Problem]:
    """An official or example set must be complete; a draft must say what it lacks."""
    if cs.status == "draft":
        if not cs.missing:
            return [Problem(("missing",), "bộ tiêu chí dự thảo phải liệt kê các giá trị còn thiếu trong 'missing'")]
        return []
    if cs.missing:
        return [Problem(("missing",), "chỉ bộ tiêu chí dự thảo (status: draft) được có giá trị còn thiếu")]
    out: list[Problem] = []
    if cs.scheme == "points":
        for key in ("max_total", "grades", "fail_grade"):
            if getattr(cs, key) is None:
                out.append(Problem((key,), "thiếu giá trị (chỉ bộ dự thảo được để trống)"))
        for ci, c in enumerate(cs.criteria):
            if c.max is None:
                out.append(Problem(("criteria", ci, "max"), "thiếu điểm tối đa của tiêu chí"))
            for ii, ind in enumerate(c.indicators):
                if ind.max is None:
                    out.append(Problem(("criteria", ci, "indicators", ii, "max"), "thiếu điểm tối đa của chỉ số"))
    elif cs.levels is None:
        out.append(Problem(("levels",), "thiếu danh sách mức độ"))
    return out


def _points_scheme(cs: CriteriaSet) -> list[Problem]:
    out: list[Problem] = []
    if cs.levels is not None:
        out.append(Problem(("levels",), "bộ tiêu chí tính điểm (scheme: points) không có 'levels'"))
    crit_sum = Decimal(0)
    all_known = True
    for ci, c in enumerate(cs.criteria):
        ind_sum = Decimal(0)
        known = True
        for ii, ind in enumerate(c.indicators):
            here = ("criteria", ci, "indicators", ii)
            out += _points_indicator(ind, here)
            if ind.max is None:
                known = False
            else:
                ind_sum += _dec(ind.max)
        if c.max is None:
            all_known = False
            continue
        crit_sum += _dec(c.max)
        if known and ind_sum != _dec(c.max):
            out.append(Problem(("criteria", ci, "max"),
                               f"tổng điểm tối đa các chỉ số là {fmt(ind_sum)}, khác điểm tối đa tiêu chí {fmt(c.max)}"))
    if cs.max_total is not None and all_known and crit_sum != _dec(cs.max_total):
        out.append(Problem(("max_total",),
                           f"tổng điểm tối đa các tiêu chí là {fmt(crit_sum)}, khác tổng tối đa {fmt(cs.max_total)}"))
    if cs.grades is not None and cs.max_total is not None:
        out += _grade_bands(cs)
    return out


def _knockouts(cs: CriteriaSet) -> list[Problem]:
    out: list[Problem] = []
    for ki, k in enumerate(cs.knockouts):
        here = ("knockouts", ki)
        if cs.scheme != "points":
            out.append(Problem(here, "điều kiện loại trừ chỉ dùng cho bộ tiêu chí tính điểm (scheme: points)"))
        if k.kind == "criterion_zero" and k.below is not None:
            out.append(Problem(here + ("below",), "loại 'criterion_zero' (tiêu chí bị 0 điểm) không có 'below'"))
        if k.kind != "indicator_below":
            continue
        if k.below is None or k.below <= 0:
            out.append(Problem(here + ("below",), "loại 'indicator_below' cần 'below': số điểm lớn hơn 0 mà mọi "
                                                  "chỉ tiêu phải đạt"))
            continue
        for ci, c in enumerate(cs.criteria):
            for ii, ind in enumerate(c.indicators):
                if ind.max is not None and ind.max < k.below:
                    out.append(Problem(("criteria", ci, "indicators", ii, "max"),
                                       f"chỉ tiêu {ind.code} tối đa {fmt(ind.max)} điểm, dưới ngưỡng loại trừ "
                                       f"{fmt(k.below)}: không ai đạt được"))
    return out


def _points_indicator(ind: Indicator, here: Path) -> list[Problem]:
    out: list[Problem] = []
    if ind.levels is not None:
        out.append(Problem(here + ("levels",), "chỉ số tính điểm không có 'levels'"))
    if ind.inputs is not None:
        out.append(Problem(here + ("inputs",), "chỉ số tính điểm đọc một cột duy nhất; dùng 'kind'"))
    if ind.kind is None:
        out.append(Problem(here, "thiếu 'kind' (points, boolean, percent, number)"))
    elif ind.kind == "level":
        out.append(Problem(here + ("kind",), "kiểu 'level' chỉ dùng cho bộ tiêu chí theo mức độ"))
    if ind.max is not None and ind.max <= 0:
        out.append(Problem(here + ("max",), f"điểm tối đa phải lớn hơn 0, không phải {fmt(ind.max)}"))
    needs_bands = ind.kind in ("percent", "number")
    if needs_bands and not ind.bands:
        out.append(Problem(here, f"chỉ số kiểu {ind.kind} cần 'bands' (khoảng điểm)"))
    if not needs_bands and ind.bands:
        out.append(Problem(here + ("bands",), f"chỉ số kiểu {ind.kind} không dùng 'bands'"))
    previous = None
    for bi, band in enumerate(ind.bands or []):
        if ind.max is not None and not 0 <= band.points <= ind.max:
            out.append(Problem(here + ("bands", bi, "points"),
                               f"số điểm {fmt(band.points)} ngoài khoảng 0–{fmt(ind.max)}"))
        if ind.kind == "percent" and not 0 <= band.min <= 100:
            out.append(Problem(here + ("bands", bi, "min"), f"ngưỡng {fmt(band.min)}% ngoài khoảng 0–100"))
        if previous is not None and band.min >= previous:
            out.append(Problem(here + ("bands", bi, "min"), "các khoảng phải xếp theo ngưỡng giảm dần, không trùng"))
        previous = band.min
    return out


def _grade_bands(cs: CriteriaSet) -> list[Problem]:
    """Bands from the top down: the first reaches max_total, each next one ends where the previous began."""
    out: list[Problem] = []
    assert cs.grades is not None and cs.max_total is not None
    names = [g.name for g in cs.grades] + [cs.fail_grade]
    for gi, g in enumerate(cs.grades):
        here = ("grades", gi)
        if names.count(g.name) > 1:
            out.append(Problem(here + ("name",), f"tên loại {g.name!r} bị trùng"))
        if not 0 <= g.min <= cs.max_total:
            out.append(Problem(here + ("min",), f"ngưỡng {fmt(g.min)} ngoài khoảng 0–{fmt(cs.max_total)}"))
        if gi == 0:
            if g.below is not None:
                out.append(Problem(here + ("below",),
                                   f"loại cao nhất kéo dài đến tổng tối đa {fmt(cs.max_total)}: bỏ 'below'"))
            continue
        prev = cs.grades[gi - 1]
        if g.below is None:
            out.append(Problem(here, "thiếu 'below' (cận trên, không kể cận)"))
        elif g.below > prev.min:
            out.append(Problem(here + ("below",),
                               f"khoảng [{fmt(g.min)}; {fmt(g.below)}) chồng lên loại {prev.name!r} từ {fmt(prev.min)}"))
        elif g.below < prev.min:
            out.append(Problem(here + ("below",),
                               f"hở khoảng [{fmt(g.below)}; {fmt(prev.min)}) giữa loại {g.name!r} và {prev.name!r}"))
        if g.below is not None and g.min >= g.below:
            out.append(Problem(here + ("min",), f"ngưỡng dưới {fmt(g.min)} không nhỏ hơn cận trên {fmt(g.below)}"))
    return out


def _levels_scheme(cs: CriteriaSet) -> list[Problem]:
    out: list[Problem] = []
    for key in ("grades", "max_total"):
        if getattr(cs, key) is not None:
            out.append(Problem((key,), f"bộ tiêu chí theo mức độ (scheme: levels) không có '{key}'"))
    numbers = [lv.level for lv in cs.levels or []]
    if numbers and numbers != list(range(1, len(numbers) + 1)):
        out.append(Problem(("levels",), f"các mức độ phải là 1, 2, … theo thứ tự, không phải {numbers}"))
    for ci, c in enumerate(cs.criteria):
        if c.max is not None:
            out.append(Problem(("criteria", ci, "max"), "tiêu chí theo mức độ không có điểm tối đa"))
        for ii, ind in enumerate(c.indicators):
            out += _levels_indicator(cs, ind, ("criteria", ci, "indicators", ii), numbers)
    return out


def _levels_indicator(cs: CriteriaSet, ind: Indicator, here: Path, numbers: list[int]) -> list[Problem]:
    out: list[Problem] = []
    if ind.inputs is None and ind.kind is None:
        out.append(Problem(here, "thiếu 'kind' hoặc 'inputs'"))
        return out
    if ind.inputs is not None and ind.kind is not None:
        out.append(Problem(here + ("kind",), "dùng 'kind' hoặc 'inputs', không dùng cả hai"))
    if ind.bands:
        out.append(Problem(here + ("bands",), "chỉ tiêu theo mức độ không có 'bands'"))
    inputs = {i.key: i for i in ind.input_list()}
    for k, inp in enumerate(ind.input_list()):
        whole = inputs.get(inp.at_most) if inp.at_most else None
        if inp.at_most and (whole is None or whole.kind != inp.kind or whole is inp):
            out.append(Problem(here + ("inputs", k, "at_most"),
                               f"'at_most' phải là một đầu vào khác, cùng kiểu, của chỉ tiêu này: {inp.at_most!r}"))
        if inp.kind == "points":
            out.append(Problem(here + (("inputs", k, "kind") if ind.inputs else ("kind",)),
                               "chỉ tiêu theo mức độ không chấm điểm: dùng boolean, percent, number hoặc level"))
        if inp.kind == "level" and (inp.max is None or inp.max < 1):
            out.append(Problem(here + (("inputs", k, "max") if ind.inputs else ("max",)),
                               "chỉ tiêu kiểu 'level' cần 'max' (mức cao nhất của chuẩn)"))
    if ind.levels is None:
        if cs.status != "draft":
            out.append(Problem(here, "thiếu 'levels' (yêu cầu của từng mức độ)"))
        return out
    if numbers and sorted(ind.levels) != numbers:
        out.append(Problem(here + ("levels",), f"cần yêu cầu cho đúng các mức {numbers}, có {sorted(ind.levels)}"))
    for lv, variants in ind.levels.items():
        out += _variants(cs, variants, inputs, here + ("levels", lv))
    return out


def _variants(cs: CriteriaSet, variants: list, inputs: dict[str, Input], here: Path) -> list[Problem]:
    out: list[Problem] = []
    attrs_used: set[str] = set()
    covered: set[str] = set()
    for vi, v in enumerate(variants):
        vh = here + (vi,)
        if v.not_applicable == (v.require is not None):
            out.append(Problem(vh, "mỗi trường hợp có đúng một trong 'require' hoặc 'not_applicable: true'"))
        elif v.require is not None and not v.require:
            out.append(Problem(vh + ("require",), "'require' rỗng: cần ít nhất một ngưỡng"))
        if v.when is None:
            if vi != len(variants) - 1:
                out.append(Problem(vh, "trường hợp không có 'when' (mặc định) phải đứng cuối"))
        else:
            for key, values in v.when.items():
                attr = cs.attribute(key)
                attrs_used.add(key)
                if attr is None:
                    out.append(Problem(vh + ("when", key), f"thuộc tính {key!r} chưa khai báo trong 'attributes'"))
                    continue
                for value in values:
                    if value not in attr.values():
                        out.append(Problem(vh + ("when", key),
                                           f"giá trị {value!r} không thuộc {sorted(attr.values())}"))
                    if value in covered:
                        out.append(Problem(vh + ("when", key), f"giá trị {value!r} đã có ở trường hợp trước"))
                    covered.add(value)
        for key, threshold in (v.require or {}).items():
            out += _threshold(inputs.get(key), key, threshold, vh + ("require", key))
    if len(attrs_used) > 1:
        out.append(Problem(here, f"các trường hợp chỉ được phân theo một thuộc tính, có {sorted(attrs_used)}"))
    return out


def _threshold(inp: Input | None, key: str, threshold: float | bool, here: Path) -> list[Problem]:
    if inp is None:
        return [Problem(here, f"cột {key!r} không phải đầu vào của chỉ tiêu này")]
    if inp.kind == "boolean":
        if threshold is not True:
            return [Problem(here, "chỉ tiêu đạt/không đạt chỉ yêu cầu 'true'")]
        return []
    if isinstance(threshold, bool):
        return [Problem(here, f"cột kiểu {inp.kind} cần một ngưỡng số, không phải true/false")]
    top = 100 if inp.kind == "percent" else inp.max
    if threshold < 0 or (top is not None and threshold > top):
        return [Problem(here, f"ngưỡng {fmt(threshold)} ngoài khoảng 0–{fmt(top)}")]
    return []
