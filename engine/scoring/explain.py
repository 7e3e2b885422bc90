"""Why a grade or level was granted or denied, and what a subject lacks for the next one."""

from __future__ import annotations

from decimal import Decimal

from engine.criteria.model import CriteriaSet
from engine.rules.decider import GradeVerdict, InputVerdict, LevelVerdict
from engine.vn.numbers import fmt


def grade_reasons(cs: CriteriaSet, total: Decimal, verdict: GradeVerdict) -> list[str]:
    assert cs.grades is not None and cs.max_total is not None
    out: list[str] = list(verdict.knockouts)
    ko_source = "; ".join(k.source for k in cs.knockouts)
    if verdict.band >= 0:
        g = cs.grades[verdict.band]
        upper = f"đến {fmt(cs.max_total)}" if g.below is None else f"đến dưới {fmt(g.below)}"
        granted = "được công nhận" if g.recognised else "không được công nhận"
        out.append(f"Tổng {fmt(total)}/{fmt(cs.max_total)} điểm, trong khoảng từ {fmt(g.min)} {upper}: "
                   f"xếp loại {g.name}, {granted} ({g.source}).")
    elif verdict.knockouts:
        out.append(f"Tổng {fmt(total)}/{fmt(cs.max_total)} điểm nhưng có tiêu chí bị 0 điểm: "
                   f"xếp loại {cs.fail_grade}, không được công nhận ({ko_source}).")
    else:
        lowest = cs.grades[-1]
        cited = f" ({cs.fail_grade_source})" if cs.fail_grade_source else ""
        out.append(f"Tổng {fmt(total)}/{fmt(cs.max_total)} điểm, dưới {fmt(lowest.min)}: "
                   f"xếp loại {cs.fail_grade}, không được công nhận{cited}.")
    better = cs.grades[: verdict.band] if verdict.band >= 0 else cs.grades
    reachable = [g for g in better if g.min > total]
    if reachable:
        nxt = reachable[-1]
        out.append(f"Thiếu {fmt(Decimal(str(nxt.min)) - total)} điểm để đạt loại {nxt.name} "
                   f"(cần từ {fmt(nxt.min)} điểm).")
    if verdict.knockouts and not reachable:
        out.append("Cần có điểm ở mọi tiêu chí để được xếp loại.")
    return out


def level_reasons(cs: CriteriaSet, verdicts: list[list[InputVerdict]], decision: LevelVerdict) -> list[str]:
    """`verdicts`: per indicator, the verdicts of its inputs."""
    assert cs.levels is not None
    out: list[str] = []
    granted = max(decision.levels, default=0)
    if granted:
        lv = next(x for x in cs.levels if x.level == granted)
        out.append(f"Đạt {lv.name.lower()}: đạt tất cả các tiêu chí, chỉ tiêu ({lv.source}).")
    nxt = next((x for x in cs.levels if x.level == granted + 1), None)
    if nxt is None:
        return out
    failed = [c.code for ci, c in enumerate(cs.criteria) if nxt.level not in decision.criteria_met[ci]]
    if not failed and decision.too_soon:  # every criterion holds, the history rule does not
        return out + [f"Chưa công nhận {nxt.name.lower()}: {why}" for why in decision.too_soon]
    needed = [x.level for x in cs.levels if x.level == nxt.level or (nxt.requires_lower and x.level < nxt.level)]
    shortfalls = [v.shortfalls[lv] for vs in verdicts for lv in needed for v in vs if lv in v.shortfalls]
    head = "Không đạt" if not granted else "Chưa đạt"
    detail = "; ".join(f"chỉ tiêu {s}" for s in shortfalls)
    criteria_text = f"tiêu chí {', '.join(failed)} chưa đạt" if failed else "chưa đạt mức độ thấp hơn"
    out.append(f"{head} {nxt.name.lower()} ({nxt.source}): {criteria_text}"
               + (f" — {detail}." if detail else "."))
    return out
