"""Throughput and peak memory of `recognise score`, end to end, against a plain-Python reference.

For each criteria set (by default one points set and one levels set) this script:

1. generates N subjects with board-like values and writes them as a CSV score sheet in a temp dir;
2. runs the real pipeline as a subprocess:
   `recognise score SHEET --criteria ID --output r.json --output r.csv --show 0`;
3. runs, the same way, a bare reference (`--reference` mode of this script): the same reader
   (engine.sheets.reader.Sheet) and the same writers (engine.results.writers.writer_for), but the decisions made in
   plain Python (Decimal sums and the grade bands for a points set, per-level thresholds for a
   levels set), producing subject dicts of the same shape, without durable-rules;
4. runs recognise once more with RECOGNISE_WORKERS=1 (unless --no-single): large sheets are scored
   in worker processes, the reference always uses one;
5. prints, per set, wall seconds, subjects/s, their ratio (recognise/reference), each child's peak
   RSS (from os.wait4, so it is per command: the largest single process), the sampled PSS of the
   whole process tree, whether the two programs wrote identical files (or at least the same
   decisions), and the time 27 million subjects would take at the measured rate on this machine.

It reports; it does not assert: the exit code is 0 whatever the figures.

    python benchmarks/score_throughput.py [--n 200000] [--sets dvht-tt22-2020,cdht-xa-tt25-2023]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_SETS = ("dvht-tt22-2020", "cdht-xa-tt25-2023")
HOUSEHOLDS = 27_000_000
GOAL_RATIO = 0.25
GOAL_RSS_MB = 300

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
GIVEN = ["Văn An", "Thị Bình", "Đức Cường", "Thị Dung", "Minh Đức", "Thu Hà", "Quang Huy", "Ngọc Lan", "Bảo Long",
         "Thị Mai", "Hữu Nghĩa", "Thanh Phương", "Đình Quý", "Thị Sương", "Công Thành", "Thị Yến"]
PLACES = ["Tân Phú", "Hòa Bình", "Phú Lộc", "Quảng Điền", "Đồng Xoài", "Yên Thế", "Mường Tè", "Bắc Quang",
          "Đắk Mil", "Cái Nước", "Hương Khê", "Thạch Hà", "Ea Súp", "Lộc Ninh", "Krông Pắc", "Điện Biên Đông"]
PROVINCES = ["Hà Giang", "Lai Châu", "Nghệ An", "Hà Tĩnh", "Quảng Nam", "Đắk Lắk", "Bình Phước", "Cà Mau",
             "Thừa Thiên Huế", "Bắc Giang"]
UNIT_KINDS = ["Trường Tiểu học", "Trường THCS", "Trường THPT", "Ủy ban nhân dân xã", "Công ty TNHH",
              "Hợp tác xã", "Bệnh viện huyện", "Phòng Giáo dục và Đào tạo"]
SUBJECT_PREFIX = {"unit": "Đơn vị", "commune": "Xã", "district": "Huyện", "province": "Tỉnh", "village": "Thôn",
                  "household": "Hộ", "clan": "Dòng họ"}


# --- board-like sheets ----------------------------------------------------------------------

def _half(value: float) -> str:
    """A whole or half point as a board writes it: `7`, `7,5`."""
    whole = int(value)
    return str(whole) if value == whole else f"{whole},5"


def _tenths(tenths: int) -> str:
    """A percentage with one decimal: `72,5`, `80`."""
    return str(tenths // 10) if tenths % 10 == 0 else f"{tenths // 10},{tenths % 10}"


def _points_value(rng: random.Random, top: float, quality: tuple[float, float]) -> str:
    """Most subjects near the top: often the maximum, otherwise a few half points below it."""
    full, scale = quality
    if rng.random() < full:
        return _half(top)
    halves = 1 + int(rng.expovariate(1.0) * scale * top * 2)
    return _half(max(0.0, top - 0.5 * halves))


QUALITIES = [((0.75, 0.08), 0.70), ((0.45, 0.20), 0.25), ((0.15, 0.45), 0.05)]  # (p(full), deficit scale), weight


def _input_value(rng: random.Random, inp, quality: tuple[float, float], whole: str | None = None) -> str:
    if whole is not None:  # a part of another input (“trong đó”, e.g. 5.2b of 5.2a): 8–30 %, never above it
        cap = round(float(whole.replace(",", ".")) * 10)
        return _tenths(min(cap, rng.randint(80, 300)))
    if inp.kind == "points":
        return _points_value(rng, float(inp.max or 10), quality)
    if inp.kind == "boolean":
        return "đạt" if rng.random() < 0.97 else "không đạt"
    if inp.kind == "level":
        top = int(inp.max or 3)
        low = max(0, min(2, top - 1))  # levels 2–3 (1–2 where the maximum is 2)
        return str(top if rng.random() < 0.7 else low)
    if inp.kind == "percent":
        return _tenths(rng.randint(400, 950))  # 40–95 %, one decimal
    return _tenths(rng.randint(0, 1000))


def _attribute_value(rng: random.Random, attr) -> str:
    if attr.kind == "boolean":
        return "có" if rng.random() < 0.2 else "không"  # vùng khó khăn for about 20 %
    return rng.choice(list(attr.values()))


def write_sheet(cs, path: Path, n: int, seed: int = 20240212) -> None:
    rng = random.Random(seed)
    inputs = [inp for _, ind in cs.indicators() for inp in ind.input_list()]
    header = ["ma", "ten", "dia_ban", *[a.key for a in cs.attributes], *[inp.key for inp in inputs]]
    kinds, weights = zip(*QUALITIES, strict=True)
    prefix = SUBJECT_PREFIX.get(cs.subject_kind, "Đối tượng")
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        out.writerow(header)
        for i in range(1, n + 1):
            quality = rng.choices(kinds, weights)[0]
            place = rng.choice(PLACES)
            if cs.subject_kind == "unit":
                name = f"{rng.choice(UNIT_KINDS)} {rng.choice(SURNAMES)} {rng.choice(GIVEN)}"
            elif cs.subject_kind in ("household", "clan"):
                name = f"{prefix} {rng.choice(SURNAMES)} {rng.choice(GIVEN)}"
            else:
                name = f"{prefix} {place} {i}"
            area = f"Huyện {place}, tỉnh {rng.choice(PROVINCES)}"
            values: dict[str, str] = {}
            for inp in sorted(inputs, key=lambda x: bool(getattr(x, "at_most", None))):  # wholes before parts
                whole = getattr(inp, "at_most", None)
                values[inp.key] = _input_value(rng, inp, quality, values.get(whole) if whole else None)
            out.writerow([f"BENCH-{i:08d}", name, area, *[_attribute_value(rng, a) for a in cs.attributes],
                          *[values[inp.key] for inp in inputs]])


# --- the reference: same reader and writers, decisions in plain Python -------------------------

class Unsupported(Exception):
    pass


def _show_value(kind: str, value) -> str:
    from engine.vn.numbers import fmt

    if kind == "boolean":
        return "đạt" if value == 1 else "không đạt"
    if kind == "percent":
        return f"{fmt(value)}%"
    if kind == "level":
        return f"mức độ {fmt(value)}"
    return fmt(value)


def _show_threshold(kind: str, threshold) -> str:
    from engine.vn.numbers import fmt

    if kind == "percent":
        return f"{fmt(threshold)}%"
    if kind == "level":
        return f"mức độ {fmt(threshold)}"
    return fmt(threshold)


@dataclass
class _Choice:
    label: str
    not_applicable: bool
    requires: list[tuple[str, str, object, str]]  # (key, kind, threshold or None for booleans, threshold as shown)


class Reference:
    """Decides a row the way the criteria text says, with no rule engine and no cache."""

    def __init__(self, cs):
        from engine.vn.numbers import plain

        self.cs = cs
        self.plain = plain
        if cs.knockouts:
            raise Unsupported("knock-out conditions")
        self.layout = []  # per criterion: (criterion, [(indicator, keys, …)])
        for crit in cs.criteria:
            items = []
            for ind in crit.indicators:
                inputs = ind.input_list()
                keys = [inp.key for inp in inputs]
                if cs.scheme == "points":
                    if ind.kind not in (None, "points") or ind.bands:
                        raise Unsupported(f"indicator {ind.code} of kind {ind.kind}")
                    items.append((ind, keys, plain(ind.max), self._fmt(ind.max)))
                else:
                    items.append((ind, keys, self._choices(ind, inputs)))
            self.layout.append((crit, items))
        self.levels = [lv.level for lv in cs.levels or []]
        self.recognised = {g.name: g.recognised for g in cs.grades or []}

    @staticmethod
    def _fmt(value) -> str:
        from engine.vn.numbers import fmt

        return fmt(value)

    def _choices(self, ind, inputs) -> dict[int, tuple[str | None, dict[str | None, _Choice]]]:
        """Per level: the attribute it depends on, and for each of its values what the indicator needs."""
        index = {inp.key: (j, inp.kind) for j, inp in enumerate(inputs)}
        out = {}
        for level, variants in (ind.levels or {}).items():
            keys = {k for v in variants if v.when for k in v.when}
            if len(keys) > 1:
                raise Unsupported(f"indicator {ind.code} depends on several attributes")
            attr_key = next(iter(keys), None)
            attr = self.cs.attribute(attr_key) if attr_key else None
            taken = {x for v in variants if v.when for x in v.when[attr_key]}
            by_value: dict[str | None, _Choice] = {}
            for v in variants:
                covered = (list(v.when[attr_key]) if v.when else [x for x in attr.values() if x not in taken]) \
                    if attr else [None]
                label = f" ({attr.label}: {', '.join(attr.values()[x] for x in covered)})" if attr and v.when else ""
                requires = []
                for key, threshold in (v.require or {}).items():
                    j, kind = index[key]
                    shown = "" if kind == "boolean" else _show_threshold(kind, threshold)
                    requires.append((j, key, kind, None if kind == "boolean" else threshold, shown))
                requires = [r[1:] for r in sorted(requires, key=lambda r: r[0])]  # in the order of the inputs
                for x in covered:
                    by_value.setdefault(x, _Choice(label, v.not_applicable, requires))
            out[level] = (attr_key, by_value)
        return out

    def subject(self, row) -> dict:
        subject = {"id": row.ma, "name": row.ten, "area": row.dia_ban, "row": row.number}
        if row.attrs:
            subject["attributes"] = dict(row.attrs)
        subject.update(self._points(row) if self.cs.scheme == "points" else self._levels(row))
        return subject

    @staticmethod
    def _input(row, keys: list[str]) -> str:
        return row.raw[keys[0]] if len(keys) == 1 else "; ".join(f"{k}={row.raw[k]}" for k in keys)

    # points: sum with Decimal, grade by the bands

    def _points(self, row) -> dict:
        fmt, plain, cs = self._fmt, self.plain, self.cs
        criteria, total = [], Decimal(0)
        for crit, items in self.layout:
            out, points = [], Decimal(0)
            for ind, keys, top, top_text in items:
                value = row.values[keys[0]]
                out.append({"code": ind.code, "input": self._input(row, keys), "points": plain(value), "max": top,
                            "reason": f"Hội đồng chấm {fmt(value)}/{top_text} điểm", "source": ind.source})
                points += value
            total += points
            criteria.append({"code": crit.code, "points": plain(points), "max": plain(crit.max), "indicators": out})
        band = next((g for g, grade in enumerate(cs.grades)
                     if total >= grade.min and (total <= cs.max_total if grade.below is None else total < grade.below)),
                    -1)
        grade = cs.grades[band].name if band >= 0 else cs.fail_grade
        return {"total": plain(total), "max_total": plain(cs.max_total), "grade": grade, "level": None,
                "recognised": self.recognised.get(grade, False), "criteria": criteria,
                "reasons": self._grade_reasons(total, band)}

    def _grade_reasons(self, total: Decimal, band: int) -> list[str]:
        fmt, cs = self._fmt, self.cs
        out = []
        if band >= 0:
            g = cs.grades[band]
            upper = f"đến {fmt(cs.max_total)}" if g.below is None else f"đến dưới {fmt(g.below)}"
            granted = "được công nhận" if g.recognised else "không được công nhận"
            out.append(f"Tổng {fmt(total)}/{fmt(cs.max_total)} điểm, trong khoảng từ {fmt(g.min)} {upper}: "
                       f"xếp loại {g.name}, {granted} ({g.source}).")
        else:
            source = getattr(cs, "fail_grade_source", None)
            out.append(f"Tổng {fmt(total)}/{fmt(cs.max_total)} điểm, dưới {fmt(cs.grades[-1].min)}: "
                       f"xếp loại {cs.fail_grade}, không được công nhận{f' ({source})' if source else ''}.")
        reachable = [g for g in (cs.grades[:band] if band >= 0 else cs.grades) if g.min > total]
        if reachable:
            nxt = reachable[-1]
            out.append(f"Thiếu {fmt(Decimal(str(nxt.min)) - total)} điểm để đạt loại {nxt.name} "
                       f"(cần từ {fmt(nxt.min)} điểm).")
        return out

    # levels: compare thresholds per level

    def _levels(self, row) -> dict:
        levels, cs = self.levels, self.cs
        criteria, met_by_indicator, all_shortfalls = [], [], []
        for crit, items in self.layout:
            out = []
            for ind, keys, choices in items:
                met, reasons, shortfalls = self._indicator_levels(row, keys, choices)
                met_by_indicator.append(met)
                all_shortfalls.append(shortfalls)
                parts = [reasons.get(lv) or "; ".join(shortfalls.get(lv, ())) for lv in levels]
                out.append({"code": ind.code, "input": self._input(row, keys), "met": sorted(met),
                            "result": "đạt" if levels and levels[0] in met else "không đạt",
                            "reason": " | ".join(p for p in parts if p), "source": ind.source})
            criteria.append((crit, out))
        granted_levels, held = [], {}
        for lv in cs.levels:
            needed = [x for x in levels if x == lv.level or (lv.requires_lower and x < lv.level)]
            if not all(x in met for met in met_by_indicator for x in needed):
                continue
            if lv.months_after_lower is None:
                granted_levels.append(lv.level)
            else:  # the benchmark's sheets carry no level-1 decision dates: the waiting time holds it back
                lower = f"mức độ {lv.level - 1}"
                held[lv.level] = (f"Đủ tiêu chí {lv.name.lower()}; cần quyết định công nhận {lower} đủ "
                                  f"{lv.months_after_lower} tháng ({lv.months_after_lower_source or lv.source}): chưa có "
                                  f"quyết định công nhận {lower} (cột ngay_cong_nhan_muc_do_1 hoặc sổ công nhận).")
        result, n, crit_met = [], 0, []
        for crit, out in criteria:
            members = met_by_indicator[n:n + len(out)]
            n += len(out)
            met = sorted(lv for lv in levels if all(lv in m for m in members))
            crit_met.append(met)
            result.append({"code": crit.code, "met": met, "indicators": out})
        level = max(granted_levels, default=0)
        out = {"total": None, "max_total": None, "grade": None, "level": level, "recognised": level >= 1,
               "criteria": result, "reasons": self._level_reasons(level, crit_met, all_shortfalls, held)}
        if held:
            out["pending"] = [{"level": lv, "reason": why} for lv, why in sorted(held.items()) if lv > level]
        if any(lv.months_after_lower for lv in cs.levels):
            out["history"] = {"level_1_decision": None, "months": None, "from": None}
        return out

    def _indicator_levels(self, row, keys, choices):
        met, reasons, shortfalls = set(), {}, {}
        values = row.values
        shown_values: dict[str, str] = {}

        def shown(key: str, kind: str) -> str:
            text = shown_values.get(key)
            if text is None:
                text = shown_values[key] = _show_value(kind, values[key])
            return text

        for lv, (attr_key, by_value) in choices.items():
            choice = by_value.get(row.attrs.get(attr_key) if attr_key else None)
            if choice is None:
                continue
            if choice.not_applicable:
                met.add(lv)
                reasons[lv] = f"không áp dụng{choice.label}"
                continue
            missing, complete = [], True
            for key, kind, threshold, threshold_text in choice.requires:
                value = values[key]
                if value is None:
                    complete = False
                elif threshold is None:
                    if value != 1:
                        missing.append(f"{key}: không đạt, cần đạt cho mức độ {lv}{choice.label}")
                elif value < threshold:
                    missing.append(f"{key}: {shown(key, kind)} < {threshold_text} cần cho mức độ {lv}{choice.label}")
            if complete and not missing:
                met.add(lv)
                reasons[lv] = "; ".join(f"{key}: {shown(key, kind)}" + (f" ≥ {text}" if threshold is not None else "")
                                        + choice.label for key, kind, threshold, text in choice.requires) \
                    + f" → đạt yêu cầu mức độ {lv}"
            shortfalls[lv] = tuple(missing)
        return met, reasons, shortfalls

    def _level_reasons(self, granted: int, crit_met: list[list[int]], shortfalls: list[dict],
                       held: dict[int, str]) -> list[str]:
        cs = self.cs
        out = []
        if granted:
            lv = next(x for x in cs.levels if x.level == granted)
            out.append(f"Đạt {lv.name.lower()}: đạt tất cả các tiêu chí, chỉ tiêu ({lv.source}).")
        higher = [x for x in cs.levels if x.level > granted]
        out += [held[x.level] for x in higher if x.level in held]
        nxt = next((x for x in higher if x.level not in held), None)
        if nxt is None:
            return out
        failed = [c.code for c, met in zip(cs.criteria, crit_met, strict=True) if nxt.level not in met]
        needed = [x.level for x in cs.levels if x.level == nxt.level or (nxt.requires_lower and x.level < nxt.level)]
        missing = [s for v in shortfalls for lv in needed for s in v.get(lv, ())]
        detail = "; ".join(f"chỉ tiêu {s}" for s in missing)
        criteria_text = f"tiêu chí {', '.join(failed)} chưa đạt" if failed else "chưa đạt mức độ thấp hơn"
        out.append(f"{'Không đạt' if not granted else 'Chưa đạt'} {nxt.name.lower()} ({nxt.source}): {criteria_text}"
                   + (f" — {detail}." if detail else "."))
        return out


def reference_run(sheet: Path, set_id: str, outputs: list[Path]) -> int:
    """The `--reference` mode: read, decide in plain Python, write; no rule engine is imported."""
    from engine.criteria.catalogue import find
    from engine.results import codec
    from engine.results import writers as output
    from engine.sheets.reader import Sheet

    loaded = find(set_id)
    cs = loaded.criteria
    decide = Reference(cs)
    head = codec.criteria_header(loaded)
    codes = [ind.code for _, ind in cs.indicators()]
    writers = [output.writer_for(p, head, codes) for p in outputs]
    encoders = [output.ENCODERS[p.suffix.lower()] for p in outputs]
    scored = recognised = 0
    rejected: set[int] = set()
    outcomes: Counter[str] = Counter()
    for item, errors in Sheet(sheet, cs).rows():
        if errors:
            rejected.update(e.row for e in errors)
            for w in writers:
                w.reject(errors)
            continue
        subject = decide.subject(item)
        scored += 1
        recognised += bool(subject["recognised"])
        outcomes[output.outcome_label(subject)] += 1
        for w, encode in zip(writers, encoders, strict=True):
            w.write(encode(subject))
    summary = {"scored": scored, "recognised": recognised, "rejected": len(rejected),
               "outcomes": dict(sorted(outcomes.items()))}
    for w in writers:
        w.close(summary)
    # the reference never asks the rule engine; it is loaded only if the reader or writers import it
    print(f"reference: scored {scored}, rejected rows {len(rejected)}, "
          f"durable-rules imported: {'durable' in sys.modules}")
    return 0 if not rejected else 1


# --- measuring ------------------------------------------------------------------------------

@dataclass
class Measure:
    seconds: float
    cpu: float
    rss_mb: float  # the largest single process (the child or a worker it reaped), from wait4
    tree_mb: float  # the largest sum of PSS over the child and its descendants, sampled
    processes: int  # the most processes seen at once in the tree
    code: int
    stderr: str
    stdout: str


def process_tree(pid: int) -> list[int]:
    """A process and all its descendants, read from /proc."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except OSError:
            continue
    return out


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class _Sampler(threading.Thread):
    """The memory of a process tree, summed (PSS, so that pages shared by forked workers count once)."""

    def __init__(self, pid: int, every: float = 0.1):
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.peak_kb = self.processes = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            pids = process_tree(self.pid)
            self.processes = max(self.processes, len(pids))
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(p) for p in pids))
            self.done.wait(self.every)


def measure(cmd: list[str], log: Path, env: dict | None = None) -> Measure:
    """Run one command as a child; its own peak RSS comes from wait4 (not the max over all children)."""
    err_path = Path(str(log) + ".err")
    with log.open("wb") as out, err_path.open("wb") as err:
        start = time.perf_counter()
        child = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                 env={**os.environ, **(env or {})})
        sampler = _Sampler(child.pid)
        sampler.start()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        sampler.done.set()
        sampler.join()
    stderr = err_path.read_text(encoding="utf-8", errors="replace")
    stdout = log.read_text(encoding="utf-8", errors="replace")
    return Measure(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, sampler.peak_kb / 1024,
                   sampler.processes, child.returncode, stderr, stdout)


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _decisions(line: str, json_lines: bool):
    """What was decided in one output line, without the wording of the reasons."""
    if json_lines:
        if not line.startswith('{"id"'):
            return line
        s = json.loads(line.rstrip().rstrip(","))
        return (s["id"], s["row"], s.get("attributes"), s["total"], s["grade"], s["level"], s["recognised"],
                [(c["code"], c.get("points"), c.get("met"),
                  [(i["code"], i["input"], i.get("points"), i.get("met"), i.get("result")) for i in c["indicators"]])
                 for c in s["criteria"]])
    cells = next(csv.reader([line], delimiter=";"))
    return cells[:-2] + cells[-1:]  # all but the reasons (ly_do)


def compare(a: Path, b: Path) -> str:
    """Identical files; else whether the decisions agree (the wording of reasons may differ)."""
    if not a.exists() or not b.exists():
        return f"missing ({a.name}: {a.exists()}, {b.name}: {b.exists()})"
    if _digest(a) == _digest(b):
        return "identical"
    json_lines = a.suffix == ".json"
    differing = decided = 0
    first = first_decision = None
    with a.open(encoding="utf-8") as fa, b.open(encoding="utf-8") as fb:
        for n, (la, lb) in enumerate(zip(fa, fb, strict=False), start=1):
            if la == lb:
                continue
            differing += 1
            at = next((i for i, (x, y) in enumerate(zip(la, lb, strict=False)) if x != y), min(len(la), len(lb)))
            lo = max(0, at - 120)
            shown = (n, f"…{la[lo:at + 180].strip()}", f"…{lb[lo:at + 180].strip()}")
            first = first or shown
            if _decisions(la, json_lines) != _decisions(lb, json_lines):
                decided += 1
                first_decision = first_decision or shown
    if decided:
        text, where = f"DECISIONS DIFFER in {decided} lines ({differing} lines differ in all)", first_decision
    else:
        text, where = f"same decisions; wording differs in {differing} lines", first
    if where:
        text += f"; first at line {where[0]}:\n      recognise: {where[1]}\n      reference: {where[2]}"
    return text


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    hours, rest = divmod(int(round(seconds)), 3600)
    return f"{hours} h {rest // 60:02d} min" if hours else f"{rest // 60} min {rest % 60:02d} s"


def recognise_command() -> str:
    beside = Path(sys.executable).parent / "recognise"
    return str(beside) if beside.exists() else (shutil.which("recognise") or "recognise")


def bench_set(set_id: str, n: int, work: Path, single: bool) -> dict | None:
    from engine.criteria.catalogue import find

    cs = find(set_id).criteria
    try:
        Reference(cs)
    except Unsupported as exc:
        print(f"\n== {set_id}: skipped (the reference does not cover {exc})")
        return None
    sheet = work / f"{set_id}.csv"
    start = time.perf_counter()
    write_sheet(cs, sheet, n)
    print(f"\n== {set_id} ({cs.scheme}) — sheet of {n} subjects, {sheet.stat().st_size / 1e6:.1f} MB, "
          f"generated in {time.perf_counter() - start:.1f} s", flush=True)
    rec = [work / f"{set_id}.recognise.json", work / f"{set_id}.recognise.csv"]
    ref = [work / f"{set_id}.reference.json", work / f"{set_id}.reference.csv"]
    score = [recognise_command(), "score", str(sheet), "--criteria", set_id,
             "--output", str(rec[0]), "--output", str(rec[1]), "--show", "0"]
    runs = {"recognise": measure(score, work / f"{set_id}.recognise.log")}
    if single:
        runs["recognise-1w"] = measure(score, work / f"{set_id}.recognise-1w.log", {"RECOGNISE_WORKERS": "1"})
    runs["reference"] = measure([sys.executable, str(Path(__file__).resolve()), "--reference", str(sheet),
                                 "--criteria", set_id, "--output", str(ref[0]), "--output", str(ref[1])],
                                work / f"{set_id}.reference.log")
    print(f"  {'':12} {'N':>8} {'seconds':>8} {'subjects/s':>11} {'cpu s':>7} {'peak RSS MB':>12} "
          f"{'tree PSS MB':>12} {'procs':>5} {'exit':>4}")
    for name, m in runs.items():
        print(f"  {name:12} {n:>8} {m.seconds:>8.2f} {n / m.seconds:>11,.0f} {m.cpu:>7.2f} {m.rss_mb:>12.1f} "
              f"{m.tree_mb:>12.1f} {m.processes:>5} {m.code:>4}")
        if m.code != 0:
            said = (m.stderr.strip() or m.stdout.strip())[-800:]
            print(f"    {name} exited {m.code} (1: rows rejected): …{said}")
    rate = {name: n / m.seconds for name, m in runs.items()}
    ratio = rate["recognise"] / rate["reference"]
    print(f"  ratio recognise/reference (subjects/s): {ratio:.3f}   (goal ≥ {GOAL_RATIO})")
    if single:
        print(f"  ratio with one worker (RECOGNISE_WORKERS=1): {rate['recognise-1w'] / rate['reference']:.3f}")
    print(f"  peak RSS recognise {runs['recognise'].rss_mb:.1f} MB   (goal < {GOAL_RSS_MB} MB; "
          f"whole process tree {runs['recognise'].tree_mb:.1f} MB PSS)")
    for name in runs:
        print(f"  {HOUSEHOLDS:,} subjects at {rate[name]:,.0f}/s ({name}): {_duration(HOUSEHOLDS / rate[name])}")
    for a, b in zip(rec, ref, strict=True):
        print(f"  {a.suffix[1:]} output, recognise vs reference: {compare(a, b)}")
    for p in (*rec, *ref, sheet):
        p.unlink(missing_ok=True)
    ok = ratio >= GOAL_RATIO and runs["recognise"].rss_mb < GOAL_RSS_MB and runs["recognise"].code == 0
    return {"set": set_id, "ratio": ratio, "rss": runs["recognise"].rss_mb, "ok": ok}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200_000, help="subjects per set (default 200000)")
    parser.add_argument("--sets", default=",".join(DEFAULT_SETS),
                        help=f"comma-separated criteria set ids (default {','.join(DEFAULT_SETS)})")
    parser.add_argument("--no-single", action="store_true",
                        help="skip the extra recognise run with one worker process (RECOGNISE_WORKERS=1)")
    parser.add_argument("--reference", metavar="SHEET", type=Path,
                        help="internal: run the plain-Python reference on SHEET (with --criteria, --output)")
    parser.add_argument("--criteria", help="internal, with --reference: criteria set id")
    parser.add_argument("--output", action="append", type=Path, default=[], help="internal, with --reference")
    args = parser.parse_args(argv)
    if args.reference is not None:
        return reference_run(args.reference, args.criteria, args.output)

    print(f"recognise score throughput: N={args.n}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
          f"{recognise_command()}")
    results = []
    with tempfile.TemporaryDirectory(prefix="recognise-bench-") as tmp:
        for set_id in [s.strip() for s in args.sets.split(",") if s.strip()]:
            try:
                result = bench_set(set_id, args.n, Path(tmp), not args.no_single)
            except Exception as exc:  # report and go on: this script measures, it does not assert
                print(f"\n== {set_id}: failed: {type(exc).__name__}: {exc}")
                result = {"set": set_id, "ratio": 0.0, "rss": float("nan"), "ok": False}
            if result is not None:
                results.append(result)
    holds = bool(results) and all(r["ok"] for r in results)
    detail = "; ".join(f"{r['set']}: ratio {r['ratio']:.3f}, RSS {r['rss']:.0f} MB" for r in results)
    print(f"\nGoal (ratio ≥ {GOAL_RATIO} and peak RSS < {GOAL_RSS_MB} MB): {'HOLDS' if holds else 'DOES NOT HOLD'}"
          f" — {detail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
