"""What changed between two versions of a criteria set, criterion by criterion, in Vietnamese.

Criteria, indicators, grades and levels are matched by their code (name, number); everything a decision
prints is compared: texts, maxima, bands, thresholds per level, grade bands, knock-outs, sources, dates.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.criteria.describe import grade_text, level_requirements, level_text, measure, number
from engine.criteria.model import STATUS_VI, SUBJECT_KIND_VI, CriteriaSet, Criterion, Indicator


@dataclass(frozen=True)
class Change:
    where: str  # "Thông tin chung", "Tiêu chí TC1", "Tiêu chí TC1, chỉ tiêu 1.2", "Xếp loại"…
    kind: str  # "thêm", "bỏ", "sửa"
    what: str  # the field changed, or the item added or removed
    before: str | None = None
    after: str | None = None

    def __str__(self) -> str:
        if self.kind == "thêm":
            return f"+ {self.where}: thêm {self.what}" + (f" — {self.after}" if self.after else "")
        if self.kind == "bỏ":
            return f"- {self.where}: bỏ {self.what}" + (f" — {self.before}" if self.before else "")
        return f"~ {self.where}: {self.what}: “{self.before}” → “{self.after}”"


def _day(d) -> str:
    return d.strftime("%d/%m/%Y") if d else "không có"


def _text(x) -> str:
    return "không có" if x is None or x == "" else str(x)


def _fields(where: str, pairs: list[tuple[str, str, str]]) -> list[Change]:
    return [Change(where, "sửa", label, a, b) for label, a, b in pairs if a != b]


def _general(a: CriteriaSet, b: CriteriaSet) -> list[Change]:
    def row(label: str, get) -> tuple[str, str, str]:
        return label, get(a), get(b)

    return _fields("Thông tin chung", [
        row("mã", lambda s: s.id),
        row("danh hiệu", lambda s: s.title),
        row("đối tượng", lambda s: SUBJECT_KIND_VI[s.subject_kind]),
        row("phạm vi", lambda s: s.jurisdiction),
        row("bộ gốc", lambda s: _text(s.derives_from)),
        row("tình trạng", lambda s: STATUS_VI[s.status]),
        row("số văn bản", lambda s: s.source.number),
        row("tên văn bản", lambda s: s.source.title),
        row("cơ quan ban hành", lambda s: s.source.issuer),
        row("ngày ký", lambda s: _day(s.source.signed)),
        row("điều, khoản", lambda s: s.source.articles),
        row("ghi chú văn bản", lambda s: _text(s.source.note)),
        row("ngày có hiệu lực", lambda s: _day(s.effective_from)),
        row("ngày hết hiệu lực", lambda s: _day(s.effective_until)),
        row("cách đánh giá", lambda s: "chấm điểm" if s.scheme == "points" else "theo mức độ"),
        row("tổng điểm tối đa", lambda s: number(s.max_total) if s.scheme == "points" else "không có"),
        row("thẩm quyền công nhận", lambda s: s.authority.recognised_by),
        row("cơ quan ban hành quyết định", lambda s: _text(s.authority.issuing_body)),
        row("tên quyết định", lambda s: s.authority.decision_title),
    ])


def _indicator_fields(a: CriteriaSet, b: CriteriaSet, x: Indicator, y: Indicator) -> list[tuple[str, str, str]]:
    pairs = [("nội dung", x.text, y.text), ("căn cứ", x.source, y.source),
             ("cách ghi và điểm", measure(a, x), measure(b, y)), ("ghi chú", _text(x.note), _text(y.note))]
    ra, rb = level_requirements(a, x), level_requirements(b, y)
    for lv in sorted(set(ra) | set(rb)):
        pairs.append((f"yêu cầu mức độ {lv}", ra.get(lv, "không có"), rb.get(lv, "không có")))
    return pairs


def _criterion(a: CriteriaSet, b: CriteriaSet, x: Criterion, y: Criterion) -> list[Change]:
    where = f"Tiêu chí {y.code}"
    out = _fields(where, [("tên", x.name, y.name), ("căn cứ", x.source, y.source),
                          ("điểm tối đa", number(x.max), number(y.max)) if a.scheme == b.scheme == "points"
                          else ("điểm tối đa", "", ""), ("ghi chú", _text(x.note), _text(y.note))])
    old = {i.code: i for i in x.indicators}
    new = {i.code: i for i in y.indicators}
    for code, ind in old.items():
        if code not in new:
            out.append(Change(where, "bỏ", f"chỉ tiêu {code}", before=f"{ind.text} ({measure(a, ind)})"))
    for code, ind in new.items():
        if code not in old:
            out.append(Change(where, "thêm", f"chỉ tiêu {code}", after=f"{ind.text} ({measure(b, ind)})"))
        else:
            out += _fields(f"{where}, chỉ tiêu {code}", _indicator_fields(a, b, old[code], ind))
    old_order = [c for c in old if c in new]
    new_order = [c for c in new if c in old]
    if old_order != new_order:
        out.append(Change(where, "sửa", "thứ tự chỉ tiêu", ", ".join(old_order), ", ".join(new_order)))
    return out


def _keyed(where: str, what: str, old: dict[str, str], new: dict[str, str]) -> list[Change]:
    out = [Change(where, "bỏ", f"{what} {k}", before=v) for k, v in old.items() if k not in new]
    for k, v in new.items():
        if k not in old:
            out.append(Change(where, "thêm", f"{what} {k}", after=v))
        elif old[k] != v:
            out.append(Change(where, "sửa", f"{what} {k}", old[k], v))
    return out


def _decision(a: CriteriaSet, b: CriteriaSet) -> list[Change]:
    def grades(s: CriteriaSet) -> dict[str, str]:
        return {f"“{g.name}”": f"{grade_text(s, g)} ({g.source})" for g in s.grades or []}

    def levels(s: CriteriaSet) -> dict[str, str]:
        return {f"{lv.level}": f"{lv.name}: {level_text(lv)} ({lv.source})" for lv in s.levels or []}

    def knockouts(s: CriteriaSet) -> dict[str, str]:
        return {f"“{k.text}”": (f"chỉ tiêu dưới {number(k.below)} điểm; " if k.kind == "indicator_below" else
                                "tiêu chí bị 0 điểm; ") + f"căn cứ {k.source}" for k in s.knockouts}

    out = _keyed("Xếp loại", "loại", grades(a), grades(b))
    out += _fields("Xếp loại", [("loại không đạt", _text(a.fail_grade), _text(b.fail_grade))])
    out += _keyed("Mức độ", "mức độ", levels(a), levels(b))
    out += _keyed("Điều kiện loại trừ", "điều kiện", knockouts(a), knockouts(b))
    return out


def changes(a: CriteriaSet, b: CriteriaSet) -> list[Change]:
    """Every difference from `a` (the older version) to `b`, in the order of `b`'s criteria."""
    out = _general(a, b)
    old = {c.code: c for c in a.criteria}
    new = {c.code: c for c in b.criteria}
    for code, crit in old.items():
        if code not in new:
            out.append(Change(f"Tiêu chí {code}", "bỏ", f"tiêu chí {code}",
                              before=f"{crit.name}; chỉ tiêu {', '.join(i.code for i in crit.indicators)}"))
    for code, crit in new.items():
        if code not in old:
            out.append(Change(f"Tiêu chí {code}", "thêm", f"tiêu chí {code}",
                              after=f"{crit.name}; chỉ tiêu {', '.join(i.code for i in crit.indicators)}"))
        else:
            out += _criterion(a, b, old[code], crit)
    out += _decision(a, b)
    out += _keyed("Thuộc tính", "thuộc tính", {t.key: f"{t.label} ({', '.join(t.values().values())})"
                                                for t in a.attributes},
                  {t.key: f"{t.label} ({', '.join(t.values().values())})" for t in b.attributes})
    out += _keyed("Còn thiếu", "mục", {f"“{m.what}”": m.source for m in a.missing},
                  {f"“{m.what}”": m.source for m in b.missing})
    out += [Change("Ghi chú", "bỏ", "ghi chú", before=n) for n in a.notes if n not in b.notes]
    out += [Change("Ghi chú", "thêm", "ghi chú", after=n) for n in b.notes if n not in a.notes]
    return out


def report(a: CriteriaSet, b: CriteriaSet, name_a: str, name_b: str) -> list[str]:
    """The lines printed by `recognise criteria diff`, grouped by where the change is."""
    found = changes(a, b)
    if not found:
        return [f"{name_a} và {name_b}: nội dung hai bộ tiêu chí giống nhau."]
    lines = [f"So sánh {name_a} ({a.id}) với {name_b} ({b.id}): {len(found)} thay đổi."]
    last = None
    for c in found:
        group = c.where.split(",")[0]
        if group != last:
            lines.append(f"{group}:")
            last = group
        shown = str(c)
        lines.append("  " + shown.replace(f"{group}: " if c.where == group else f"{group}, ", "", 1))
    return lines
