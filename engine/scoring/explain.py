"""Why a grade or level was granted or denied, and what a subject lacks for the next one: words for
what the rules decided (engine/rules/facts.py verdicts), never a decision of their own."""

from __future__ import annotations

from decimal import Decimal

from engine.criteria.model import CriteriaSet
from engine.rules.facts import FinalVerdict, GradeVerdict, InputVerdict, LevelVerdict
from engine.vn.numbers import fmt


def grade_reasons(cs: CriteriaSet, total: Decimal, verdict: GradeVerdict) -> list[str]:
    assert cs.grades is not None and cs.max_total is not None
    out: list[str] = list(verdict.knockouts)
    if verdict.band >= 0:
        g = cs.grades[verdict.band]
        upper = f"đến {fmt(cs.max_total)}" if g.below is None else f"đến dưới {fmt(g.below)}"
        granted = "được công nhận" if verdict.recognised else "không được công nhận"
        out.append(f"Tổng {fmt(total)}/{fmt(cs.max_total)} điểm, trong khoảng từ {fmt(g.min)} {upper}: "
                   f"xếp loại {g.name}, {granted} ({g.source}).")
    elif verdict.knockouts and all(k.kind == "criterion_zero" for k in cs.knockouts):
        ko_source = "; ".join(k.source for k in cs.knockouts)
        out.append(f"Tổng {fmt(total)}/{fmt(cs.max_total)} điểm nhưng có tiêu chí bị 0 điểm: "
                   f"xếp loại {verdict.grade}, không được công nhận ({ko_source}).")
        out.append("Cần có điểm ở mọi tiêu chí để được xếp loại.")
    elif verdict.knockouts:
        ko_source = "; ".join(k.source for k in cs.knockouts)
        out.append(f"Tổng {fmt(total)}/{fmt(cs.max_total)} điểm nhưng không đạt điều kiện loại trừ: "
                   f"xếp loại {verdict.grade}, không được công nhận ({ko_source}).")
        out += [f"Cần từ {fmt(k.below)} điểm ở mọi chỉ tiêu để được xếp loại." if k.kind == "indicator_below"
                else "Cần có điểm ở mọi tiêu chí để được xếp loại." for k in cs.knockouts]
    else:
        lowest = cs.grades[-1]
        cited = f" ({cs.fail_grade_source})" if cs.fail_grade_source else ""
        out.append(f"Tổng {fmt(total)}/{fmt(cs.max_total)} điểm, dưới {fmt(lowest.min)}: "
                   f"xếp loại {verdict.grade}, không được công nhận{cited}.")
    if verdict.next_grade is not None and verdict.next_min is not None:
        out.append(f"Thiếu {fmt(verdict.next_min - total)} điểm để đạt loại {verdict.next_grade} "
                   f"(cần từ {fmt(verdict.next_min)} điểm).")
    return out


def level_reasons(cs: CriteriaSet, verdicts: list[list[InputVerdict]], decision: LevelVerdict,
                  final: FinalVerdict) -> list[str]:
    """`verdicts`: per indicator, the verdicts of its inputs."""
    head, needed, lacking = level_head(cs, decision, final)
    if needed is None:
        return head
    return head + [lacking_line(lacking, [shortfalls(verdicts, needed)])]


def level_head(cs: CriteriaSet, decision: LevelVerdict,
               final: FinalVerdict) -> tuple[list[str], tuple[int, ...] | None, str]:
    """What the reasons say whatever the inputs: the level granted, the levels held back; then, when a higher
    level is not reached, the levels whose shortfalls are told and the start of that line (`lacking_line`)."""
    assert cs.levels is not None
    out: list[str] = []
    granted = final.level
    if granted:
        lv = next(x for x in cs.levels if x.level == granted)
        history = decision.history_met.get(granted)
        out.append(f"Đạt {lv.name.lower()}: đạt tất cả các tiêu chí, chỉ tiêu ({lv.source})"
                   + (f"; {history}." if history else "."))
    higher = [x for x in cs.levels if x.level > granted]
    out += [decision.held_back[x.level] for x in higher if x.level in decision.held_back]
    nxt = next((x for x in higher if x.level not in decision.held_back), None)
    if nxt is None:
        return out, None, ""
    failed = [c.code for ci, c in enumerate(cs.criteria) if nxt.level not in decision.criteria_met[ci]]
    needed = tuple(x.level for x in cs.levels if x.level == nxt.level or (nxt.requires_lower and x.level < nxt.level))
    head = "Không đạt" if not granted else "Chưa đạt"
    criteria_text = f"tiêu chí {', '.join(failed)} chưa đạt" if failed else "chưa đạt mức độ thấp hơn"
    return out, needed, f"{head} {nxt.name.lower()} ({nxt.source}): {criteria_text}"


def shortfalls(verdicts: list[list[InputVerdict]], needed: tuple[int, ...]) -> str:
    """What the inputs lack at the `needed` levels, indicator by indicator: a piece of `lacking_line`."""
    said = []
    for vs in verdicts:
        for lv in needed:
            for v in vs:
                if lv in v.shortfalls:
                    said.append(f"chỉ tiêu {v.shortfalls[lv]}")
    return "; ".join(said)


def lacking_line(start: str, pieces: list[str]) -> str:
    """The line saying why the next level is not reached, from `level_head` and the `shortfalls` of each part
    of the indicators (in order)."""
    detail = "; ".join([p for p in pieces if p])
    return start + (f" — {detail}." if detail else ".")
