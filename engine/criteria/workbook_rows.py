"""A criteria set as the rows of the provincial workbook, sheet by sheet: what `recognise criteria derive --output
x.xlsx` pre-fills, and what importing that workbook must give back (the same set)."""

from __future__ import annotations

from datetime import date

from engine.criteria import workbook_layout as L
from engine.criteria.model import STATUS_VI, SUBJECT_KIND_VI, CriteriaSet, Indicator, Variant

Value = str | int | float | date | None


def form_values(cs: CriteriaSet) -> dict[str, Value]:
    """The set's worksheet: field key → value."""
    out: dict[str, Value] = {
        "id": cs.id, "title": cs.title, "subject_kind": SUBJECT_KIND_VI[cs.subject_kind],
        "jurisdiction": cs.jurisdiction, "derives_from": cs.derives_from, "status": STATUS_VI[cs.status],
        "scheme": L.SCHEMES[cs.scheme], "effective_from": cs.effective_from, "effective_until": cs.effective_until,
        "max_total": cs.max_total,
    }
    for key, value in cs.source.model_dump().items():
        out[f"source.{key}"] = value
    for key, value in cs.authority.model_dump().items():
        out[f"authority.{key}"] = value
    return out


def _threshold(value: float | bool | None) -> Value:
    if value is None:
        return None
    return L.PASS if value is True else value


def _general(variants: list[Variant] | None) -> Variant | None:
    return variants[-1] if variants and variants[-1].when is None else None


def sheet_rows(cs: CriteriaSet) -> dict[str, list[dict[str, Value]]]:
    """Every table worksheet: sheet name → rows of column key → value."""
    out: dict[str, list[dict[str, Value]]] = {L.CRITERIA_SHEET: []}
    crit = out[L.CRITERIA_SHEET]
    kinds = L.POINTS_KINDS if cs.scheme == "points" else L.LEVELS_KINDS
    for c in cs.criteria:
        crit.append({"criterion": c.code, "name": c.name, "source": c.source, "max": c.max, "note": c.note})
        for ind in c.indicators:
            row: dict[str, Value] = {"indicator": ind.code, "text": ind.text, "source": ind.source, "note": ind.note}
            crit.append(row)
            if cs.scheme == "points":
                row.update(kind=kinds.get(ind.kind or "", ind.kind), max=ind.max)
                continue
            for level, variants in (ind.levels or {}).items():
                general = _general(variants)
                if general is not None:
                    row[f"level_source:{level}"] = general.source
            if ind.inputs is None:
                row.update(kind=kinds.get(ind.kind or "", ind.kind), max=ind.max)
                row.update(_level_cells(ind, ind.code))
                continue
            for inp in ind.inputs:
                crit.append({"input_key": inp.key, "input_label": inp.label, "kind": kinds.get(inp.kind, inp.kind),
                             "max": inp.max, "at_most": inp.at_most, **_level_cells(ind, inp.key)})
    if cs.scheme == "points":
        out[L.BANDS_SHEET] = [{"indicator": ind.code, "min": b.min, "points": b.points}
                              for _, ind in cs.indicators() for b in ind.bands or []]
        grades: list[dict[str, Value]] = [{"name": g.name, "min": g.min, "below": g.below,
                                           "recognised": L.YES if g.recognised else L.NO, "source": g.source}
                                          for g in cs.grades or []]
        if cs.fail_grade is not None:
            grades.append({"name": cs.fail_grade, "recognised": L.NO, "source": cs.fail_grade_source})
        out[L.GRADES_SHEET] = grades
        out[L.KNOCKOUTS_SHEET] = [{"kind": L.KNOCKOUT_KINDS[k.kind], "text": k.text, "source": k.source,
                                   "below": getattr(k, "below", None)} for k in cs.knockouts]
    else:
        out[L.LEVELS_SHEET] = [{"level": lv.level, "name": lv.name, "source": lv.source,
                                "requires_lower": L.YES if lv.requires_lower else L.NO,
                                "months_after_lower": lv.months_after_lower,
                                "months_after_lower_source": lv.months_after_lower_source} for lv in cs.levels or []]
        out[L.VARIANTS_SHEET] = [row for _, ind in cs.indicators() for row in _variant_rows(ind)]
        out[L.ATTRIBUTES_SHEET] = _attribute_rows(cs)
        out[L.SHARES_SHEET] = [{"input_key": inp.key, **inp.registry_share.model_dump()}
                               for _, ind in cs.indicators() for inp in ind.input_list() if inp.registry_share]
    out[L.NOTES_SHEET] = ([{"kind": L.NOTE_KINDS["note"], "text": n} for n in cs.notes] +
                          [{"kind": L.NOTE_KINDS["missing"], "text": m.what, "source": m.source} for m in cs.missing])
    return out


def _cell(variant: Variant | None, key: str) -> Value:
    if variant is None:
        return None
    if variant.not_applicable:
        return L.NOT_APPLICABLE
    return _threshold((variant.require or {}).get(key))


def _level_cells(ind: Indicator, key: str) -> dict[str, Value]:
    return {f"level:{level}": _cell(_general(variants), key) for level, variants in (ind.levels or {}).items()}


def _variant_rows(ind: Indicator) -> list[dict[str, Value]]:
    """The special cases of an indicator: one group per attribute and values, one row per input of the group."""
    groups: dict[tuple[str, tuple[str, ...]], dict[int, Variant]] = {}
    for level, variants in (ind.levels or {}).items():
        for v in variants:
            if v.when:
                attribute, values = next(iter(v.when.items()))
                groups.setdefault((attribute, tuple(values)), {})[level] = v
    rows = []
    keys = [None] if ind.inputs is None else [inp.key for inp in ind.inputs]
    for (attribute, values), by_level in groups.items():
        for i, key in enumerate(keys):
            row: dict[str, Value] = {"indicator": ind.code, "input_key": key, "attribute": attribute,
                                     "values": "; ".join(values)}
            for level, v in by_level.items():
                row[f"level:{level}"] = _cell(v, key or ind.code)
                if i == 0:
                    row[f"level_source:{level}"] = v.source
            rows.append(row)
    return rows


def _attribute_rows(cs: CriteriaSet) -> list[dict[str, Value]]:
    rows: list[dict[str, Value]] = []
    for a in cs.attributes:
        default = a.values().get(a.default) if a.kind == "boolean" and a.default else a.default
        first: dict[str, Value] = {"key": a.key, "label": a.label, "kind": L.ATTRIBUTE_KINDS[a.kind],
                                   "default": default, "source": a.source}
        choices = list((a.choices or {}).items())
        if choices:
            first.update(choice_key=choices[0][0], choice_label=choices[0][1])
        rows.append(first)
        rows += [{"choice_key": k, "choice_label": v} for k, v in choices[1:]]
    return rows
