"""A criteria set → one durable-rules ruleset (JSON rule form) and the actions its rules run.

Nothing else knows the rule form. Two kinds of fact are asserted:
- an indicator fact `{"k": "i", "c": n, "f": …, "a0": …}`: the rules of indicator n award its
  points (points scheme) or say, per level, whether it is met and which input falls short;
- a decision fact `{"k": "d", …}`: the rules grant the grade (from the total and the knock-out
  conditions) or each level and criterion (from the indicators' verdicts).
Every action *sets* state keys (never increments): a rule that fires twice changes nothing.
Values in facts are numbers or plain strings only (durable-rules coerces types silently).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from engine.criteria.checks import Problem
from engine.criteria.model import CriteriaSet, Indicator, Input, Variant
from engine.vn.numbers import fmt

Action = Callable[[object], None]

# durable-rules 2.0.28 limits (see the project's notes on the library)
MAX_PROPERTIES = 252
MAX_TRUE_CONDITIONS = 64
MAX_RULES = 4096
MAX_SIBLINGS = 512


@dataclass
class Compiled:
    name: str
    rules: dict[str, dict] = field(default_factory=dict)
    actions: dict[str, Action] = field(default_factory=dict)
    attribute_fields: dict[str, str] = field(default_factory=dict)

    def add(self, rule: str, conditions: list[dict], action: Action) -> None:
        name = f"{self.name}:{rule}"
        self.rules[rule] = {"all": [{"m": {"$and": conditions}}], "run": name}
        self.actions[name] = action

    def definition(self) -> dict:
        # set_rulesets mutates what it is given: hand it a copy
        return {self.name: {k: {"all": v["all"], "run": v["run"]} for k, v in self.rules.items()}}


def show_value(inp: Input, value) -> str:
    if inp.kind == "boolean":
        return "đạt" if value == 1 else "không đạt"
    if inp.kind == "percent":
        return f"{fmt(value)}%"
    if inp.kind == "level":
        return f"mức độ {fmt(value)}"
    return fmt(value)


def show_threshold(inp: Input, threshold) -> str:
    if inp.kind == "percent":
        return f"{fmt(threshold)}%"
    if inp.kind == "level":
        return f"mức độ {fmt(threshold)}"
    return fmt(threshold)


# Actions take exactly one parameter: durable-rules runs a two-parameter action asynchronously.

def _award_input(top: float | None) -> Action:
    def run(c) -> None:
        c.s["p"] = c.m["f"]
        c.s["r"] = f"Hội đồng chấm {fmt(c.m['f'])}/{fmt(top)} điểm"
    return run


def _award_band(inp: Input, threshold: float, points: float, top: float | None, sign: str) -> Action:
    def run(c) -> None:
        c.s["p"] = points
        c.s["r"] = (f"{show_value(inp, c.m['f'])} {sign} {show_threshold(inp, threshold)}: "
                    f"được {fmt(points)}/{fmt(top)} điểm")
    return run


def _shortfall(level: int, label: str, key: str, inp: Input, threshold: float | None) -> Action:
    def run(c) -> None:
        if threshold is None:
            text = f"{key}: không đạt, cần đạt cho mức độ {level}{label}"
        else:
            text = (f"{key}: {show_value(inp, c.m['f'])} < {show_threshold(inp, threshold)} "
                    f"cần cho mức độ {level}{label}")
        c.s[f"m{level}"] = text
    return run


def _meets(level: int, label: str, key: str, inp: Input, threshold: float | None) -> Action:
    def run(c) -> None:
        shown = f"{key}: {show_value(inp, c.m['f'])}"
        c.s[f"L{level}"] = 1
        c.s[f"r{level}"] = shown + ("" if threshold is None else f" ≥ {show_threshold(inp, threshold)}") + label
    return run


def _too_soon(level: int, months: int, source: str) -> Action:
    def run(c) -> None:
        since = c.m["h"]
        done = "chưa có quyết định công nhận mức độ thấp hơn" if since < 0 else f"mới {since} tháng"
        c.s[f"hs{level}"] = (f"Mức độ {level} chỉ được xét sau ít nhất {months} tháng kể từ quyết định công nhận "
                             f"mức độ {level - 1}: {done} ({source}).")
    return run


def _setter(**values) -> Action:
    def run(c) -> None:
        for key, value in values.items():
            c.s[key] = value
    return run


def compile_set(cs: CriteriaSet, name: str) -> Compiled:
    out = Compiled(name)
    out.attribute_fields = {a.key: f"a{i}" for i, a in enumerate(cs.attributes)}
    out.add("any", [{"$ex": {"k": 1}}], _setter(seen=1))  # so that every fact yields a state
    for n, (_, ind) in enumerate(cs.indicators()):
        if cs.scheme == "points":
            _points_indicator(out, n, ind)
        else:
            _levels_indicator(out, cs, n, ind)
    if cs.scheme == "points":
        _grades(out, cs)
    else:
        _levels(out, cs)
    return out


# --- indicators -----------------------------------------------------------------------------

def _points_indicator(out: Compiled, n: int, ind: Indicator) -> None:
    base = [{"k": "i"}, {"c": n}]
    top = ind.max
    if ind.kind == "points":
        out.add(f"i{n}-points", base + [{"$gte": {"f": 0}}, {"$lte": {"f": top}}], _award_input(top))
    elif ind.kind == "boolean":
        out.add(f"i{n}-met", base + [{"f": 1}], _setter(p=top, r=f"Đạt: được {fmt(top)}/{fmt(top)} điểm"))
        out.add(f"i{n}-unmet", base + [{"f": 0}], _setter(p=0, r=f"Không đạt: 0/{fmt(top)} điểm"))
    else:
        inp = ind.input_list()[0]
        bands = ind.bands or []
        for b, band in enumerate(bands):
            cond = base + [{"$gte": {"f": band.min}}]
            if b > 0:
                cond.append({"$lt": {"f": bands[b - 1].min}})

            out.add(f"i{n}-band{b}", cond, _award_band(inp, band.min, band.points, top, "≥"))
        lowest = bands[-1].min
        out.add(f"i{n}-below", base + [{"$lt": {"f": lowest}}], _award_band(inp, lowest, 0, top, "<"))


def variant_values(cs: CriteriaSet, variants: list[Variant]) -> list[tuple[str | None, list[str] | None]]:
    """For each variant, the attribute it depends on and the values it covers (None: every subject)."""
    attr_key = next((k for v in variants if v.when for k in v.when), None)
    if attr_key is None:
        return [(None, None) for _ in variants]
    attr = cs.attribute(attr_key)
    assert attr is not None
    taken = {x for v in variants if v.when for x in v.when[attr_key]}
    rest = [x for x in attr.values() if x not in taken]
    return [(attr_key, list(v.when[attr_key]) if v.when else rest) for v in variants]


def variant_label(cs: CriteriaSet, attr_key: str | None, values: list[str] | None) -> str:
    if attr_key is None or values is None:
        return ""
    attr = cs.attribute(attr_key)
    assert attr is not None
    shown = ", ".join(attr.values()[v] for v in values)
    return f" ({attr.label}: {shown})"


def _levels_indicator(out: Compiled, cs: CriteriaSet, n: int, ind: Indicator) -> None:
    """Each input of an indicator is judged on a fact of its own, per level: met, short, not applicable,
    or not asked for at that level; the decision fact joins the inputs (a compound indicator such as
    5.2 is met when both 5.2a and 5.2b are)."""
    for j, inp in enumerate(ind.input_list()):
        for level, variants in (ind.levels or {}).items():
            for v, (variant, (attr_key, values)) in enumerate(zip(variants, variant_values(cs, variants), strict=True)):
                label = variant_label(cs, attr_key, values)
                for value in values or [None]:
                    base = [{"k": "i"}, {"c": n}, {"j": j}]
                    tag = f"i{n}-{j}-l{level}-v{v}"
                    if value is not None:
                        base.append({out.attribute_fields[attr_key]: value})
                        tag += f"-{value}"
                    if variant.not_applicable:
                        out.add(f"{tag}-na", base, _setter(**{f"L{level}": 1, f"na{level}": 1,
                                                              f"r{level}": f"không áp dụng{label}"}))
                    elif inp.key not in (variant.require or {}):
                        out.add(f"{tag}-free", base, _setter(**{f"L{level}": 1}))
                    elif inp.kind == "boolean":
                        out.add(f"{tag}-met", base + [{"f": 1}], _meets(level, label, inp.key, inp, None))
                        out.add(f"{tag}-short", base + [{"f": 0}], _shortfall(level, label, inp.key, inp, None))
                    else:
                        threshold = (variant.require or {})[inp.key]
                        out.add(f"{tag}-met", base + [{"$gte": {"f": threshold}}],
                                _meets(level, label, inp.key, inp, threshold))
                        out.add(f"{tag}-short", base + [{"$lt": {"f": threshold}}],
                                _shortfall(level, label, inp.key, inp, threshold))


# --- decisions ------------------------------------------------------------------------------

def _grades(out: Compiled, cs: CriteriaSet) -> None:
    assert cs.grades is not None and cs.max_total is not None
    knock = any(k.kind == "criterion_zero" for k in cs.knockouts)
    base = [{"k": "d"}]
    no_zero = [{"$gt": {f"c{ci}": 0}} for ci in range(len(cs.criteria))] if knock else []
    for g, grade in enumerate(cs.grades):
        upper = {"$lte": {"t": cs.max_total}} if grade.below is None else {"$lt": {"t": grade.below}}
        out.add(f"grade{g}", base + [{"$gte": {"t": grade.min}}, upper] + no_zero,
                _setter(grade=grade.name, g=g))
    lowest = cs.grades[-1].min
    out.add("grade-fail", base + [{"$lt": {"t": lowest}}], _setter(grade=cs.fail_grade, g=-1))
    for ko in cs.knockouts:
        for ci, crit in enumerate(cs.criteria):
            out.add(f"ko-{ci}", base + [{f"c{ci}": 0}],
                    _setter(grade=cs.fail_grade, g=-1, **{f"ko{ci}": f"Tiêu chí {crit.code} bị 0 điểm: {ko.text}"}))


def decision_field(n: int, j: int, level: int) -> str:
    return f"x{n}_{j}_{level}"


def _levels(out: Compiled, cs: CriteriaSet) -> None:
    assert cs.levels is not None
    numbers = [lv.level for lv in cs.levels]
    base = [{"k": "d"}]
    inputs = [(ci, n, j) for n, (ci, ind) in enumerate((ci, ind) for ci, c in enumerate(cs.criteria)
                                                        for ind in c.indicators)
              for j, _ in enumerate(ind.input_list())]
    for level in numbers:
        for n in sorted({n for _, n, _ in inputs}):
            out.add(f"ind{n}-l{level}", base + [{decision_field(n, j, level): 1} for _, m, j in inputs if m == n],
                    _setter(**{f"in{n}_{level}": 1}))
        for ci in range(len(cs.criteria)):
            out.add(f"crit{ci}-l{level}", base + [{decision_field(n, j, level): 1} for c, n, j in inputs if c == ci],
                    _setter(**{f"cr{ci}_{level}": 1}))
        lv = next(x for x in cs.levels if x.level == level)
        needed = [x for x in numbers if x == level or (lv.requires_lower and x < level)]
        conds = [{decision_field(n, j, x): 1} for x in needed for _, n, j in inputs]
        if lv.months_after_lower is None:
            out.add(f"level{level}", base + conds, _setter(**{f"lv{level}": 1}))
            continue
        # history from the registry: `hk` 1 when known, `h` months since the lower level's decision
        months = lv.months_after_lower
        out.add(f"level{level}-no-history", base + conds + [{"hk": 0}], _setter(**{f"lv{level}": 1}))
        out.add(f"level{level}", base + conds + [{"hk": 1}, {"$gte": {"h": months}}], _setter(**{f"lv{level}": 1}))
        out.add(f"level{level}-too-soon", base + [{"hk": 1}, {"$lt": {"h": months}}],
                _too_soon(level, months, lv.months_after_lower_source or lv.source))


# --- limits ---------------------------------------------------------------------------------

def limit_problems(cs: CriteriaSet) -> list[Problem]:
    """Meet the engine's limits at load time with a clear message, never at run time."""
    if cs.status == "draft":
        return []  # a draft is never compiled
    out: list[Problem] = []
    n_ind = len(cs.indicators())
    n_inputs = sum(len(i.input_list()) for _, i in cs.indicators())
    indicator_props = 5 + len(cs.attributes)
    levels = len(cs.levels or [])
    decision_props = 2 + (n_inputs * levels if cs.scheme == "levels" else len(cs.criteria))
    if max(indicator_props, decision_props) > MAX_PROPERTIES:
        out.append(Problem(("criteria",), f"quá nhiều giá trị trong một sự kiện của bộ máy luật "
                                          f"({max(indicator_props, decision_props)} > {MAX_PROPERTIES})"))
    true_at_once = 1 + (n_inputs * levels if cs.scheme == "levels" else len(cs.criteria) + 2)
    if true_at_once > MAX_TRUE_CONDITIONS:
        out.append(Problem(("criteria",), f"quá nhiều điều kiện đồng thời đúng ({true_at_once} > "
                                          f"{MAX_TRUE_CONDITIONS}): chia bộ tiêu chí nhỏ hơn"))
    if n_ind > MAX_SIBLINGS:
        out.append(Problem(("criteria",), f"quá nhiều chỉ tiêu ({n_ind} > {MAX_SIBLINGS})"))
    if not out:
        rules = len(compile_set(cs, "limits").rules)
        if rules > MAX_RULES:
            out.append(Problem(("criteria",), f"quá nhiều luật ({rules} > {MAX_RULES})"))
    return out
