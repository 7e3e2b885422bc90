"""A criteria set → one durable-rules ruleset (JSON rule form) and the actions its rules run.

Nothing else knows the rule form; the fields of facts and state are named in engine/rules/facts.py.
Every legal decision is a rule here: an indicator's points or per-level verdict (with the subject's
kind deciding whether it applies), a missing value, a grade and whether it is recognised, the next
grade within reach, a knock-out, each criterion and level, the history rule, the final level.
Every action *sets* state keys (never increments): a rule that fires twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from engine.criteria.checks import Problem
from engine.criteria.model import CriteriaSet, Indicator, Input, Level, Variant
from engine.rules import facts as F
from engine.rules.facts import State as S
from engine.vn.numbers import fmt

Action = Callable[[object], None]

# durable-rules 2.0.28 limits (see the project's notes on the library)
MAX_PROPERTIES = 252
MAX_TRUE_CONDITIONS = 64
MAX_RULES = 4096
MAX_SIBLINGS = 512


@dataclass
class Compiled:
    """Rules in groups, one durable-rules ruleset per group: the engine tests a fact against every rule of its
    ruleset (about 1 µs a rule), so a question goes to the small ruleset that holds the rules it can match."""

    name: str
    rules: dict[str, dict] = field(default_factory=dict)
    actions: dict[str, Action] = field(default_factory=dict)
    attribute_fields: dict[str, str] = field(default_factory=dict)
    group: str = ""  # the group the next rules go to
    groups: dict[str, str] = field(default_factory=dict)  # rule → group

    def add(self, rule: str, conditions: list[dict], action: Action) -> None:
        name = f"{self.name}:{rule}"
        self.rules[rule] = {"all": [{"m": {"$and": conditions}}], "run": name}
        self.actions[name] = action
        self.groups[rule] = self.group

    def ruleset(self, group: str = "") -> str:
        return f"{self.name}/{group}" if group else self.name

    def definition(self) -> dict:
        # set_rulesets mutates what it is given: hand it a copy. Every ruleset has a rule every fact matches,
        # so that every fact yields a state.
        seen = f"{self.name}:seen"
        self.actions[seen] = setter(**{F.SEEN: 1})
        every = {"all": [{"m": {"$and": [{"$ex": {F.KIND: 1}}]}}], "run": seen}
        out: dict[str, dict] = {}
        for rule, body in self.rules.items():
            group = out.setdefault(self.ruleset(self.groups[rule]), {"any": dict(every, all=list(every["all"]))})
            group[rule] = {"all": body["all"], "run": body["run"]}
        return out

    def sizes(self) -> list[int]:
        """The number of rules in each ruleset."""
        return [len(rules) for rules in self.definition().values()]


# --- exact comparisons (see engine/rules/facts.py) -------------------------------------------

def at_least(name: str, value: float) -> dict:
    return {"$gte": {name: F.threshold(value)}}


def below(name: str, value: float) -> dict:
    return {"$lt": {name: F.threshold(value)}}


def at_most(name: str, cut: str, value: float) -> dict:
    top = F.threshold(value)
    return {"$or": [{"$lt": {name: top}}, {"$and": [{name: top}, {cut: 0}]}]}


def equals(name: str, value: float) -> dict:
    return {"$and": [{name: F.threshold(value)}, {F.CUT: 0}]}


def show_value(inp: Input, shown: str) -> str:
    if inp.kind == "boolean":
        return shown
    if inp.kind == "percent":
        return f"{shown}%"
    if inp.kind == "level":
        return f"mức độ {shown}"
    return shown


def show_threshold(inp: Input, threshold) -> str:
    if inp.kind == "percent":
        return f"{fmt(threshold)}%"
    if inp.kind == "level":
        return f"mức độ {fmt(threshold)}"
    return fmt(threshold)


# Actions take exactly one parameter: durable-rules runs a two-parameter action asynchronously.

def setter(**values) -> Action:
    def run(c) -> None:
        for key, value in values.items():
            c.s[key] = value
    return run


def _award_input(top: float | None) -> Action:
    def run(c) -> None:
        c.s[S.POINTS_FROM_INPUT] = 1
        c.s[S.REASON] = f"Hội đồng chấm {c.m[F.SHOWN]}/{fmt(top)} điểm"
    return run


def _award_band(inp: Input, threshold: float, points: float, top: float | None, sign: str) -> Action:
    def run(c) -> None:
        c.s[S.POINTS] = points
        c.s[S.REASON] = (f"{show_value(inp, c.m[F.SHOWN])} {sign} {show_threshold(inp, threshold)}: "
                         f"được {fmt(points)}/{fmt(top)} điểm")
    return run


def _shortfall(level: int, label: str, inp: Input, threshold: float | None) -> Action:
    def run(c) -> None:
        if threshold is None:
            text = f"{inp.key}: không đạt, cần đạt cho mức độ {level}{label}"
        else:
            text = (f"{inp.key}: {show_value(inp, c.m[F.SHOWN])} < {show_threshold(inp, threshold)} "
                    f"cần cho mức độ {level}{label}")
        c.s[S.short(level)] = text
    return run


def _meets(level: int, label: str, inp: Input, threshold: float | None) -> Action:
    def run(c) -> None:
        shown = f"{inp.key}: {show_value(inp, c.m[F.SHOWN]) if threshold is not None else 'đạt'}"
        c.s[S.met(level)] = 1
        c.s[S.why(level)] = shown + ("" if threshold is None else f" ≥ {show_threshold(inp, threshold)}") + label
    return run


def compile_set(cs: CriteriaSet, name: str) -> Compiled:
    out = Compiled(name)
    out.attribute_fields = {a.key: F.attribute_field(i) for i, a in enumerate(cs.attributes)}
    for n, (ci, ind) in enumerate(_indexed(cs)):
        out.group = criterion_group(ci)
        if cs.scheme == "points":
            _points_indicator(out, n, ind)
        else:
            _levels_indicator(out, cs, n, ind)
    out.group = DECISIONS
    if cs.scheme == "points":
        _grades(out, cs)
    else:
        _levels(out, cs)
        _final(out, cs)
    return out


DECISIONS = "d"  # the group of the grade, history, level and final rules


def criterion_group(ci: int) -> str:
    """The group of a criterion's rules: its indicators' and, in a levels set, its own."""
    return f"c{ci}"


def _indexed(cs: CriteriaSet) -> list[tuple[int, Indicator]]:
    """Each indicator of the set, in order, with the index of its criterion."""
    return [(ci, ind) for ci, crit in enumerate(cs.criteria) for ind in crit.indicators]


# --- indicators -----------------------------------------------------------------------------

def _missing(out: Compiled, tag: str, base: list[dict], key: str) -> None:
    out.add(f"{tag}-empty", base + [{F.EMPTY: 1}],
            setter(**{S.MISSING: 1, S.REASON: f"chỉ tiêu {key}: ô trống (thiếu số liệu)"}))


def _points_indicator(out: Compiled, n: int, ind: Indicator) -> None:
    base = [{F.KIND: F.INDICATOR}, {F.INDEX: n}, {F.PART: 0}]
    top = ind.max
    assert top is not None
    _missing(out, f"i{n}", base, ind.input_list()[0].key)
    if ind.kind == "points":
        out.add(f"i{n}-points", base + [at_least(F.VALUE, 0), at_most(F.VALUE, F.CUT, top)], _award_input(top))
    elif ind.kind == "boolean":
        out.add(f"i{n}-met", base + [equals(F.VALUE, 1)], setter(**{S.POINTS: top,
                S.REASON: f"Đạt: được {fmt(top)}/{fmt(top)} điểm"}))
        out.add(f"i{n}-unmet", base + [equals(F.VALUE, 0)], setter(**{S.POINTS: 0,
                S.REASON: f"Không đạt: 0/{fmt(top)} điểm"}))
    else:
        inp = ind.input_list()[0]
        bands = ind.bands or []
        for b, band in enumerate(bands):
            cond = base + [at_least(F.VALUE, band.min)]
            if b > 0:
                cond.append(below(F.VALUE, bands[b - 1].min))
            out.add(f"i{n}-band{b}", cond, _award_band(inp, band.min, band.points, top, "≥"))
        lowest = bands[-1].min
        out.add(f"i{n}-below", base + [below(F.VALUE, lowest)], _award_band(inp, lowest, 0, top, "<"))


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


def attribute_classes(cs: CriteriaSet, ind: Indicator) -> tuple[str, dict[str, str]] | None:
    """The attribute an indicator's rules read and, for each of its values, the first value its rules treat
    alike (covered by the same variant at every level: the same rules, the same words); None when the rules
    read no attribute or more than one. A question about a value is the question about its class's first value."""
    levels = ind.levels or {}
    keys = {k for variants in levels.values() for v in variants for k in v.when or {}}
    if len(keys) != 1:
        return None
    attr_key = keys.pop()
    attr = cs.attribute(attr_key)
    assert attr is not None
    covered = []
    for variants in levels.values():
        by_value: dict[str, tuple[int, ...]] = {}
        for v, (_, values) in enumerate(variant_values(cs, variants)):
            for value in values or []:
                by_value[value] = by_value.get(value, ()) + (v,)
        covered.append(by_value)
    first: dict[tuple, str] = {}
    return attr_key, {value: first.setdefault(tuple(c.get(value) for c in covered), value) for value in attr.values()}


def variant_label(cs: CriteriaSet, attr_key: str | None, values: list[str] | None) -> str:
    if attr_key is None or values is None:
        return ""
    attr = cs.attribute(attr_key)
    assert attr is not None
    shown = ", ".join(attr.values()[v] for v in values)
    return f" ({attr.label}: {shown})"


def _levels_indicator(out: Compiled, cs: CriteriaSet, n: int, ind: Indicator) -> None:
    """Each input of an indicator is judged on a fact of its own, per level and per kind of subject: met,
    short, not applicable, not asked for at that level, or missing (an empty cell where a value is needed);
    the level fact joins the inputs (a compound indicator such as 5.2 is met when both 5.2a and 5.2b are)."""
    for j, inp in enumerate(ind.input_list()):
        for level, variants in (ind.levels or {}).items():
            for v, (variant, (attr_key, values)) in enumerate(zip(variants, variant_values(cs, variants), strict=True)):
                label = variant_label(cs, attr_key, values) if variant.when else ""  # the general case needs no gloss
                if values == []:
                    continue  # a variant for the other kinds of subject, when there are none
                base = [{F.KIND: F.INDICATOR}, {F.INDEX: n}, {F.PART: j}]
                tag = f"i{n}-{j}-l{level}-v{v}"
                if attr_key is not None and values is not None:  # one rule for all the kinds it covers
                    field = out.attribute_fields[attr_key]
                    base.append({field: values[0]} if len(values) == 1 else {"$or": [{field: x} for x in values]})
                if variant.not_applicable:
                    out.add(f"{tag}-na", base, setter(**{S.met(level): 1, S.not_applicable(level): 1,
                                                          S.why(level): f"không áp dụng{label}"}))
                elif inp.key not in (variant.require or {}):
                    out.add(f"{tag}-free", base, setter(**{S.met(level): 1}))
                else:
                    _missing(out, tag, base, inp.key)
                    if inp.kind == "boolean":
                        out.add(f"{tag}-met", base + [equals(F.VALUE, 1)], _meets(level, label, inp, None))
                        out.add(f"{tag}-short", base + [equals(F.VALUE, 0)], _shortfall(level, label, inp, None))
                    else:
                        threshold = (variant.require or {})[inp.key]
                        out.add(f"{tag}-met", base + [at_least(F.VALUE, threshold)],
                                _meets(level, label, inp, threshold))
                        out.add(f"{tag}-short", base + [below(F.VALUE, threshold)],
                                _shortfall(level, label, inp, threshold))


# --- decisions ------------------------------------------------------------------------------

def _grades(out: Compiled, cs: CriteriaSet) -> None:
    assert cs.grades is not None and cs.max_total is not None
    knock = any(k.kind == "criterion_zero" for k in cs.knockouts)
    base = [{F.KIND: F.GRADE}]
    no_zero = [{"$gt": {F.criterion_field(ci): 0}} for ci in range(len(cs.criteria))] if knock else []
    n_ind = len(cs.indicators())
    no_zero += [at_least(F.indicator_points_field(n), k.below) for k in cs.knockouts
                if k.kind == "indicator_below" and k.below is not None for n in range(n_ind)]
    bands = []
    for g, grade in enumerate(cs.grades):
        upper = at_most(F.TOTAL, F.TOTAL_CUT, cs.max_total) if grade.below is None else below(F.TOTAL, grade.below)
        bands.append([at_least(F.TOTAL, grade.min), upper])
        out.add(f"grade{g}", base + bands[g] + no_zero,
                setter(**{S.GRADE: grade.name, S.BAND: g, S.RECOGNISED: int(grade.recognised)}))
        if g > 0:  # the next grade within reach by points (never promised to a knocked-out subject)
            better = cs.grades[g - 1]
            out.add(f"next{g}", base + bands[g] + no_zero, setter(**{S.NEXT_GRADE: better.name, S.NEXT_MIN: better.min}))
    lowest = cs.grades[-1]
    fail = [below(F.TOTAL, lowest.min)]
    out.add("grade-fail", base + fail, setter(**{S.GRADE: cs.fail_grade, S.BAND: -1, S.RECOGNISED: 0}))
    out.add("next-fail", base + fail + no_zero, setter(**{S.NEXT_GRADE: lowest.name, S.NEXT_MIN: lowest.min}))
    for ki, ko in enumerate(cs.knockouts):
        if ko.kind == "indicator_below" and ko.below is not None:
            for n, (_, ind) in enumerate(cs.indicators()):
                out.add(f"kl{ki}-{n}", base + [below(F.indicator_points_field(n), ko.below)],
                        setter(**{S.GRADE: cs.fail_grade, S.BAND: -1, S.RECOGNISED: 0,
                                   S.indicator_knockout(n): f"Chỉ tiêu {ind.code} dưới {fmt(ko.below)} điểm: "
                                                            f"{ko.text} ({ko.source})."}))
            continue
        for ci, crit in enumerate(cs.criteria):
            out.add(f"ko-{ci}", base + [{F.criterion_field(ci): 0}],
                    setter(**{S.GRADE: cs.fail_grade, S.BAND: -1, S.RECOGNISED: 0,
                               S.knockout(ci): f"Tiêu chí {crit.code} bị 0 điểm: {ko.text} ({ko.source})."}))


def _level_inputs(cs: CriteriaSet) -> list[tuple[int, int, int]]:
    """(criterion index, indicator index, input index) of every input of the set, in order."""
    out = []
    n = 0
    for ci, crit in enumerate(cs.criteria):
        for ind in crit.indicators:
            out += [(ci, n, j) for j, _ in enumerate(ind.input_list())]
            n += 1
    return out


def needed_levels(cs: CriteriaSet, lv: Level) -> list[int]:
    """The levels whose criteria a level needs: its own, and the lower ones when it requires them."""
    return [x.level for x in cs.levels or [] if x.level == lv.level or (lv.requires_lower and x.level < lv.level)]


def _held_back(lv: Level, below_name: str, months: int, source: str) -> Action:
    def run(c) -> None:
        since = c.m[F.MONTHS]
        done = (f"chưa có quyết định công nhận {below_name} (cột ngay_cong_nhan_muc_do_1 hoặc sổ công nhận)"
                if c.m[F.HISTORY_KNOWN] == 0 else f"quyết định công nhận {below_name} mới {since} tháng")
        c.s[S.held_back(lv.level)] = (f"Đủ tiêu chí {lv.name.lower()}; cần quyết định công nhận {below_name} "
                                      f"đủ {months} tháng ({source}): {done}.")
    return run


def _history_met(lv: Level, below_name: str, months: int, source: str) -> Action:
    def run(c) -> None:
        c.s[S.waited(lv.level)] = 1
        c.s[S.history_met(lv.level)] = (f"quyết định công nhận {below_name} đã {c.m[F.MONTHS]} tháng, "
                                        f"đủ {months} tháng ({source})")
    return run


def _levels(out: Compiled, cs: CriteriaSet) -> None:
    """Asked in small steps (engine/rules/facts.py): per criterion, its indicators and itself at each level;
    the history, per level with a waiting time; then each level from the criteria it needs."""
    assert cs.levels is not None
    inputs = _level_inputs(cs)
    for ci in range(len(cs.criteria)):
        out.group = criterion_group(ci)
        base = [{F.KIND: F.CRITERION}, {F.INDEX: ci}]
        mine = [(n, j) for c, n, j in inputs if c == ci]
        for lv in cs.levels:
            level = lv.level
            for n in sorted({n for n, _ in mine}):
                out.add(f"ind{n}-l{level}", base + [{F.input_met_field(n, j, level): 1} for m, j in mine if m == n],
                        setter(**{S.indicator(n, level): 1}))
            out.add(f"crit{ci}-l{level}", base + [{F.input_met_field(n, j, level): 1} for n, j in mine],
                    setter(**{S.criterion(ci, level): 1}))
    out.group = DECISIONS
    history = [{F.KIND: F.HISTORY}]
    for lv in cs.levels:
        level = lv.level
        conds = [{F.LEVEL_NUMBER: level}] + [{F.criterion_met_field(ci, x): 1} for x in needed_levels(cs, lv)
                                             for ci in range(len(cs.criteria))]
        base = [{F.KIND: F.LEVEL}]
        if lv.months_after_lower is None:
            out.add(f"level{level}", base + conds, setter(**{S.granted(level): 1}))
            continue
        months = lv.months_after_lower
        source = lv.months_after_lower_source or lv.source
        below_name = f"mức độ {level - 1}"
        out.add(f"waited{level}", history + [{F.HISTORY_KNOWN: 1}, {"$gte": {F.MONTHS: months}}],
                _history_met(lv, below_name, months, source))
        out.add(f"waited{level}-no-history", history + [{F.HISTORY_KNOWN: 0}],
                _held_back(lv, below_name, months, source))
        out.add(f"waited{level}-too-soon", history + [{F.HISTORY_KNOWN: 1}, {"$lt": {F.MONTHS: months}}],
                _held_back(lv, below_name, months, source))
        out.add(f"level{level}", base + conds + [{F.waited_field(level): 1}], setter(**{S.granted(level): 1}))
        out.add(f"level{level}-held", base + conds + [{F.waited_field(level): 0}], setter(**{S.held(level): 1}))


def _final(out: Compiled, cs: CriteriaSet) -> None:
    """The level granted is the highest level whose conditions hold; recognised when there is one."""
    assert cs.levels is not None
    numbers = sorted(lv.level for lv in cs.levels)
    base = [{F.KIND: F.FINAL}]
    for i, level in enumerate(numbers):
        higher = [{F.granted_field(x): 0} for x in numbers[i + 1:]]
        out.add(f"final{level}", base + [{F.granted_field(level): 1}] + higher,
                setter(**{S.LEVEL: level, S.RECOGNISED: 1}))
    out.add("final-none", base + [{F.granted_field(x): 0} for x in numbers], setter(**{S.LEVEL: 0, S.RECOGNISED: 0}))


# --- limits ---------------------------------------------------------------------------------

def limit_problems(cs: CriteriaSet) -> list[Problem]:
    """Meet the engine's limits at load time with a clear message, never at run time."""
    if cs.status == "draft":
        return []  # a draft is never compiled
    out: list[Problem] = []
    n_ind = len(cs.indicators())
    indicator_props = 8 + len(cs.attributes)
    levels = len(cs.levels or [])
    below_ko = n_ind if any(k.kind == "indicator_below" for k in cs.knockouts) else 0
    if cs.scheme == "levels":  # the widest of a criterion question and a level question
        widest = levels * max([len(cs.criteria)] + [sum(len(i.input_list()) for i in c.indicators)
                                                      for c in cs.criteria])
        decision_props, true_at_once = 5 + widest, 2 + widest
    else:
        decision_props, true_at_once = 5 + len(cs.criteria) + below_ko, 3 + len(cs.criteria) + below_ko
    if max(indicator_props, decision_props) > MAX_PROPERTIES:
        out.append(Problem(("criteria",), f"quá nhiều giá trị trong một sự kiện của bộ máy luật "
                                          f"({max(indicator_props, decision_props)} > {MAX_PROPERTIES})"))
    if true_at_once > MAX_TRUE_CONDITIONS:
        out.append(Problem(("criteria",), f"quá nhiều điều kiện đồng thời đúng ({true_at_once} > "
                                          f"{MAX_TRUE_CONDITIONS}): chia bộ tiêu chí nhỏ hơn"))
    if n_ind > MAX_SIBLINGS:
        out.append(Problem(("criteria",), f"quá nhiều chỉ tiêu ({n_ind} > {MAX_SIBLINGS})"))
    if not out:
        rules = max(compile_set(cs, "limits").sizes())
        if rules > MAX_RULES:
            out.append(Problem(("criteria",), f"quá nhiều luật ({rules} > {MAX_RULES})"))
    return out
