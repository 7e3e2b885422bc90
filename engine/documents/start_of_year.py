"""The papers of the start of a household year, grouped by village: the registration list (đăng ký) with last
year's result from the registry, the list of recognitions due for renewal, the list of who may apply for a
higher level. What each row says was decided by the rules (engine/registry/year_lists.py)."""

from __future__ import annotations

from pathlib import Path

from engine.criteria.load import read_model
from engine.criteria.model import EXAMPLE_NOTICE, SUBJECT_KIND_VI, CriteriaSet
from engine.documents.deployment import Deployment
from engine.documents.household import VILLAGE_KINDS, by_village
from engine.documents.pdf import render_all
from engine.documents.render import environment, folders, render
from engine.registry.year_lists import Entry, YearLists
from engine.results.atomic import close_staging, open_staging

FILES = ("dang-ky.pdf", "den-han-cong-nhan-lai.pdf", "nang-muc-do.pdf")


def _decision(r) -> str:
    return f"{r.decision_number} ngày {r.decision_date:%d/%m/%Y}" if r is not None else ""


def _rows(entries: list[Entry], cells) -> list[dict]:
    return [{"ma": e.subject, "ten": e.name, "dia_ban": e.area, "o": cells(e)} for e in entries]


def contexts(lists: YearLists, cs: CriteriaSet, config: Deployment) -> dict[str, dict]:
    """The three lists' template contexts, by file name."""
    kind = SUBJECT_KIND_VI[cs.subject_kind]
    title, year = lists.title, lists.year
    base = {"watermark": None if cs.status == "official" else EXAMPLE_NOTICE, "doi_tuong": kind,
            "co_quan_ban_hanh": config.co_quan_ban_hanh or config.xa or "", "co_quan_cap_tren": config.co_quan_cap_tren,
            "theo_thon": cs.subject_kind in VILLAGE_KINDS}
    registration = _rows(lists.entries, lambda e: [e.subject, e.name, e.last_result(), _decision(e.last_year)])
    due = _rows(lists.due(), lambda e: [e.subject, e.name, f"Năm {e.latest.year}", _decision(e.latest), e.due])
    higher = _rows(lists.higher(), lambda e: [e.subject, e.name, f"Mức độ {e.latest.level}", f"Mức độ {e.higher}",
                                              e.higher_why])

    def one(rows: list[dict], **values) -> dict:
        return {**base, "thon": by_village(rows), "tong": len(rows), "trong": [], **values}

    return {
        "dang-ky.pdf": one(registration, tieu_de=f"{kind.capitalize()} đăng ký danh hiệu “{title}” năm {year}",
                           ghi_chu=f"Kết quả năm {year - 1} theo sổ công nhận",
                           cot=["Mã", "Tên", f"Kết quả năm {year - 1}", "Quyết định"],
                           trong=["Đăng ký (ký, ghi rõ họ tên)"],
                           khong_co=f"Sổ công nhận không có {kind} nào."),
        "den-han-cong-nhan-lai.pdf": one(
            due, tieu_de=f"{kind.capitalize()} đến hạn đánh giá, công nhận lại danh hiệu “{title}” năm {year}",
            ghi_chu=f"Thời hạn: {lists.retention.source}",
            cot=["Mã", "Tên", "Được công nhận", "Quyết định", "Lý do"],
            khong_co=f"Không có {kind} nào đến hạn công nhận lại năm {year}."),
        "nang-muc-do.pdf": one(
            higher, tieu_de=f"{kind.capitalize()} được đăng ký mức độ cao hơn, danh hiệu “{title}” năm {year}",
            ghi_chu=None if lists.levels else "Bộ tiêu chí chấm điểm, không chia mức độ",
            cot=["Mã", "Tên", "Mức độ đã được công nhận", "Được đăng ký", "Căn cứ"],
            khong_co=(f"Không có {kind} nào được đăng ký mức độ cao hơn năm {year}." if lists.levels
                      else "Bộ tiêu chí không chia mức độ: không có danh sách nâng mức độ.")),
    }


def read_config(path: Path) -> Deployment:
    """The deployment configuration (only who issues is used: no decision is made here)."""
    config, _, _ = read_model(path, Deployment, max_bytes=100_000)
    return config


def write_start_of_year(lists: YearLists, cs: CriteriaSet, config: Deployment, out: Path,
                        templates: Path | None = None, tick=None) -> list[Path]:
    """The three PDFs in `out`, all or none."""
    env = environment(templates)
    ctxs = contexts(lists, cs, config)
    html = [render(env, "danh-sach-dau-nam.html.j2", ctxs[name]) for name in FILES]
    pdfs = render_all(html, (lambda i: tick(1)) if tick else None, folders(templates))
    staging, created = open_staging(out)
    try:
        placed = []
        for name, data in zip(FILES, pdfs, strict=True):
            (staging / name).write_bytes(data)
        for name in FILES:
            (staging / name).replace(out / name)
            placed.append(out / name)
        return placed
    finally:
        close_staging(staging, created)
