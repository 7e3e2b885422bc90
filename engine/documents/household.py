"""The household year at commune level: papers grouped by village (thôn, tổ dân phố, the subject's `dia_ban`).

- the attached list grouped by village, with a subtotal per village and a grand total;
- one evaluation sheet per village for the village meeting (bình xét): its households, their points and
  grades as scored, and empty columns for the meeting's vote and signatures;
- one result sheet per subject (phiếu kết quả): every criterion and indicator with its points or verdict and
  clause, and the conclusion;
- one consolidated notice of non-recognition (thông báo chung) instead of a letter each.
Nothing here decides: every verdict shown is the one the rules gave when scoring.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from engine.criteria.model import CriteriaSet
from engine.results.model import Subject
from engine.vn.numbers import fmt
from engine.vn.text import nfc

# titles whose subjects live in a village: their lists are grouped by it
VILLAGE_KINDS = frozenset({"household", "clan"})
NO_VILLAGE = "Chưa ghi thôn, tổ dân phố"
RESULT_SHEETS_PER_CHUNK = 250  # pages of result sheets rendered as one document (rendered in parallel)


@dataclass(frozen=True)
class Extras:
    """The papers of the household year asked for besides the decision, the list and the certificates."""

    village_sheets: bool = False  # binh-xet-thon/ and binh-xet-thon.pdf
    result_sheets: bool = False  # phieu-ket-qua.pdf
    consolidated_notice: bool = False  # thong-bao-chung.pdf instead of thong-bao-khong-dat.pdf

    def any(self) -> bool:
        return self.village_sheets or self.result_sheets or self.consolidated_notice


def village_of(item: dict) -> str:
    return item["dia_ban"].strip() or NO_VILLAGE


def by_village(items: list[dict]) -> list[dict]:
    """Items grouped by village, villages in the order they first appear, items in their order within it;
    `stt` numbered through the whole list, `so_luong` the village's subtotal."""
    groups: dict[str, list[dict]] = {}
    for item in items:
        groups.setdefault(village_of(item), []).append(item)
    out, n = [], 0
    for name, members in groups.items():
        numbered = []
        for item in members:
            n += 1
            numbered.append(dict(item, stt=n))
        out.append({"ten": name, "items": numbered, "so_luong": len(numbered)})
    return out


def grouped(ctx: dict, subject_kind: str | None) -> dict:
    """The context's lists in village order (certificates follow the list's order), with `thon` (the
    recognised by village) and `thon_khong_dat` (the denied by village); empty for titles not in villages."""
    if subject_kind not in VILLAGE_KINDS:
        return {"thon": [], "thon_khong_dat": []}
    villages = by_village(ctx["recognised"])
    denied = by_village(ctx["denied"])
    return {"thon": villages, "thon_khong_dat": denied,
            "recognised": [i for v in villages for i in v["items"]],
            "denied": [i for v in denied for i in v["items"]]}


def _verdict(ind, scheme: str) -> str:
    if scheme == "points":
        return "" if ind.points is None else fmt(ind.points)
    return ind.result or ("Đạt" if ind.met else "Không đạt")


def result_sheet(s: Subject, cs: CriteriaSet | None, scheme: str) -> dict:
    """One subject's criteria and indicators as scored (points or verdict, clause) and its conclusion."""
    texts = {i.code: (i.text, i.source) for _, i in cs.indicators()} if cs else {}
    names = {c.code: (c.name, c.source) for c in cs.criteria} if cs else {}
    rows = []
    for c in s.criteria:
        name, source = names.get(c.code, ("", ""))
        rows.append({"tieu_chi": True, "ma": c.code, "noi_dung": nfc(name), "can_cu": nfc(source),
                     "diem": "" if c.points is None else fmt(c.points), "toi_da": "" if c.max is None else fmt(c.max),
                     "ket_qua": ""})
        for ind in c.indicators:
            text, clause = texts.get(ind.code, ("", ind.source))
            rows.append({"tieu_chi": False, "ma": ind.code, "noi_dung": nfc(text), "can_cu": nfc(ind.source or clause),
                         "diem": _verdict(ind, scheme), "toi_da": "" if ind.max is None else fmt(ind.max),
                         "ket_qua": nfc(ind.reason)})
    return {"ma": nfc(s.id), "ten": nfc(s.name), "dia_ban": nfc(s.area), "dong": rows,
            "tong_diem": "" if s.total is None else fmt(s.total),
            "tong_toi_da": "" if s.max_total is None else fmt(s.max_total),
            "xep_loai": s.grade or "", "muc_do": s.level or 0, "cong_nhan": s.recognised,
            "ly_do": [nfc(r) for r in s.reasons]}


def village_sheets(ctx: dict, subjects: list[dict]) -> list[dict]:
    """Every scored subject of each village (recognised or not), for the village meeting."""
    return by_village(subjects)


def join_pdfs(parts: list[bytes], target: Path) -> None:
    """Documents one after the other in one file (each village's sheet keeps its own pages)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for data in parts:
        writer.append(PdfReader(io.BytesIO(data)))
    with target.open("wb") as handle:
        writer.write(handle)
