"""The papers after scoring: the decision, the attached list, certificates, notices of denial.

Everything is rendered into a temporary folder first and moved into place only when every
document has been made: a bad template or configuration leaves the output folder untouched.
"""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from engine.criteria.load import LoadedSet
from engine.criteria.model import EXAMPLE_NOTICE, SUBJECT_KIND_VI, CriteriaSet
from engine.documents import long_list
from engine.documents.certificates import TEMPLATE, certificates_pdf, shipped
from engine.documents.deployment import Deployment, load_deployment
from engine.documents.editable import write_editable
from engine.documents.fonts import FontMissing
from engine.documents.guards import OVERRIDES_FILE, enforce, overrides_text
from engine.documents.household import RESULT_SHEETS_PER_CHUNK, Extras, grouped, join_pdfs, result_sheet, village_sheets
from engine.documents.pdf import CHUNK_PAGES, join_pages, pdf_bytes, render_all, split_pages
from engine.documents.printing import print_context
from engine.documents.render import TemplateFailure, environment, folders, render
from engine.errors import RecogniseError
from engine.registry.store import Registry, RegistryError
from engine.results.atomic import check_folder, close_staging, folder_error, open_staging
from engine.results.codec import ResultsUnreadable, read_results
from engine.results.model import CriteriaHeader, RejectedRow, Results, Subject
from engine.results.provenance import NotProducedBy, deciding_set
from engine.vn.numbers import fmt
from engine.vn.text import nfc
from engine.workers import requested_workers


class DocumentError(RecogniseError):
    """Nothing was written: unreadable results, bad configuration, bad template."""


@dataclass(frozen=True)
class Written:
    files: list[Path]
    recognised: int
    denied: int
    rejected: tuple[RejectedRow, ...] = ()  # sheet rows scoring rejected: in no document, listed in the summary
    overridden: tuple[str, ...] = ()  # the guard rails --force went past (also in kiem-tra-bo-qua.txt)


def checked_results(path: Path, criteria: LoadedSet | None = None) -> tuple[Results, LoadedSet]:
    """The results file, read through the codec, and the criteria set that decided it: `criteria` when given
    (`--criteria`), else the shipped set it names; its file must be the one that decided (same sha256, id,
    status, title): a hand-edited or stale results file is refused (engine/results/provenance.py)."""
    try:
        results = read_results(path)
    except ResultsUnreadable as exc:
        raise DocumentError(str(exc)) from None
    try:
        return results, deciding_set(path, results.criteria, criteria)
    except NotProducedBy as exc:
        raise DocumentError(f"{exc}.") from None


def safe_name(code: str, taken: set[str]) -> str:
    """A file name from a subject code that cannot leave its folder (`../../x` → `x`)."""
    plain_code = "".join(ch for ch in unicodedata.normalize("NFD", code.replace("đ", "d").replace("Đ", "D"))
                         if not unicodedata.combining(ch))
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", plain_code).strip(".-")[:80] or "doi-tuong"
    name, n = base, 1
    while name.lower() in taken:
        n += 1
        name = f"{base}-{n}"
    taken.add(name.lower())
    return name


def _legal_basis(cs: CriteriaSet | None, head: CriteriaHeader) -> str | None:
    if cs is None:
        source = nfc(head.source)
        return f"Căn cứ {source};" if source else None
    doc = cs.source
    for kind in ("Thông tư", "Quyết định"):
        prefix = f"{kind} số {doc.number} "
        if doc.title.startswith(prefix):  # "Thông tư số … ngày … của … quy định về …"
            signed = f" ngày {doc.signed.strftime('%d/%m/%Y')}" if doc.signed else ""
            return f"Căn cứ {kind} số {doc.number}{signed} của {doc.issuer} {doc.title.removeprefix(prefix)};"
    return f"Căn cứ {doc.title};"


def _item(n: int, s: Subject) -> dict:
    total = "" if s.total is None else fmt(s.total)
    if s.grade is not None:
        outcome = f"Xếp loại {s.grade}" + (f" — {total} điểm" if total else "")
    else:
        outcome = f"Mức độ {s.level or 0}"
    return {"stt": n, "ma": nfc(s.id), "ten": nfc(s.name), "dia_ban": nfc(s.area), "tong_diem": total,
            "xep_loai": s.grade or "", "muc_do": s.level or 0, "ket_qua": outcome, "cong_nhan": s.recognised,
            "ly_do": [nfc(r) for r in s.reasons]}


def _issuing_authority(signer: dict, issuer: str) -> str:
    """Above the legal bases: the issuing body for TM. (collective), else the office it signs for."""
    power = (signer.get("tham_quyen") or "").strip()
    if power.upper().startswith("TM."):
        return issuer
    if power.upper().startswith(("KT.", "TL.", "TUQ.")):
        return f"{power.split('.', 1)[1].strip()} {issuer}"
    return f"{signer['chuc_vu']} {issuer}"


def context(results: Results, config: Deployment, year: int, cs: CriteriaSet | None) -> dict:
    head = results.criteria
    kind = SUBJECT_KIND_VI[cs.subject_kind] if cs else "đối tượng"
    title = nfc(head.title)
    items = [_item(n, s) for n, s in enumerate(results.subjects, start=1)]
    recognised = [dict(i, stt=n) for n, i in enumerate((i for i in items if i["cong_nhan"]), start=1)]
    denied = [i for i in items if not i["cong_nhan"]]
    issuer = config.co_quan_ban_hanh or ""
    basis = _legal_basis(cs, head)
    bases = [basis] if basis else []
    if config.de_nghi:
        bases.append(f"Xét đề nghị của {config.de_nghi}.")
    signer = config.nguoi_ky.model_dump()
    ctx = {
        "watermark": None if head.official else EXAMPLE_NOTICE,
        "tinh": config.tinh, "xa": config.xa, "co_quan_ban_hanh": issuer, "co_quan_cap_tren": config.co_quan_cap_tren,
        "dia_danh": config.dia_danh, "so_quyet_dinh": config.so_quyet_dinh, "ngay_quyet_dinh": config.ngay_quyet_dinh,
        "nam": year, "danh_hieu": title,
        "trich_yeu": f"Về việc công nhận danh hiệu “{title}” năm {year}",
        "tham_quyen_ban_hanh": _issuing_authority(signer, issuer),
        "can_cu": [*config.can_cu, *bases],
        "dieu_1": f"Công nhận {len(recognised)} {kind} đạt danh hiệu “{title}” năm {year}.",
        "dieu_2": "Quyết định này có hiệu lực kể từ ngày ký.",
        "dieu_3": f"Các cơ quan, đơn vị và {kind} có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.",
        "noi_nhan": config.noi_nhan or ["Như Điều 3;", "Lưu: VT."],
        "nguoi_ky": signer,
        "bo_tieu_chi": {k: getattr(head, k) for k in ("id", "title", "source", "status", "sha256")},
        "diem": head.scheme == "points",
        "doi_tuong": kind,
        "danh_sach_tieu_de": f"{kind.capitalize()} được công nhận danh hiệu “{title}” năm {year}",
        "recognised": recognised, "denied": denied,
    }
    ctx.update(grouped(ctx, cs.subject_kind if cs else None))  # households, clans: by village, with subtotals
    return ctx


def write_documents(results_path: Path, config_path: Path, out: Path, *, templates: Path | None = None,
                    split: bool = False, tick: Callable[[int], None] | None = None,
                    criteria: LoadedSet | None = None, force: bool = False, extras: Extras = Extras(),
                    registry: Registry | None = None) -> Written:
    """`extras`: the papers of the household year (engine/documents/household.py).
    `criteria`: the set the results must have been produced by (`--criteria`); else the shipped set they name.
    `registry`: where the certificates' register numbers are read (left blank without it, or before recording).
    The guard rails (engine/documents/guards.py) raise Refused before anything is rendered; `force` goes past
    them and keeps what it went past in kiem-tra-bo-qua.txt beside the documents."""
    results, loaded = checked_results(results_path, criteria)
    cs = loaded.criteria
    config, _ = load_deployment(config_path, cs.authority, results.criteria.year)
    year, overridden = enforce(results, cs, config, results_path, config_path, force)
    ctx = context(results, config, year, cs)
    try:  # the serif family checked for Vietnamese letters before anything is printed
        ctx.update(print_context(ctx, config, registry))
    except (FontMissing, RegistryError) as exc:
        raise DocumentError(str(exc)) from None
    recognised = ctx["recognised"]
    chunks = [recognised[i:i + CHUNK_PAGES] for i in range(0, len(recognised), CHUNK_PAGES)]
    # the shipped certificate, printed whole: laid out once, each subject's texts placed on it (certificates.py)
    placed = bool(recognised) and ctx["phoi"] is None and shipped(templates, TEMPLATE)
    try:  # every template is rendered (the certificates' too, even for nobody) before anything is written
        env = environment(templates)  # a --templates folder that is not there is refused
        notice = "thong-bao-chung" if extras.consolidated_notice else "thong-bao-khong-dat"
        html = {name: render(env, f"{name}.html.j2", ctx) for name in ("quyet-dinh", "danh-sach", notice)}
        year_papers = _year_papers(env, ctx, results, cs, extras)
        certificates = [] if placed else [render(env, TEMPLATE, {**ctx, "recognised": c}) for c in chunks or [[]]]
    except TemplateFailure as exc:
        raise DocumentError(str(exc)) from None
    certificates = certificates if recognised else []
    singles = ["danh-sach", "quyet-dinh"] + ([notice] if ctx["denied"] else [])
    others = [h for h, _ in year_papers.villages] + [h for h, _ in year_papers.sheets]
    counts = [0] * len(singles) + [n for _, n in year_papers.villages] + [n for _, n in year_papers.sheets]
    counts += [len(c) for c in chunks] if certificates else []

    def done(i: int) -> None:  # subjects laid out by each document, as it is finished
        if tick:
            tick(counts[i])

    check_folder(out)  # an output folder that cannot be written is refused before the long rendering
    jobs: list = [html[name] for name in singles] + others + certificates
    try:  # a long list laid out in parts side by side (long_list.py)
        list_parts = long_list.parts(env, ctx, folders(templates), requested_workers() or os.cpu_count() or 1) \
            if shipped(templates, long_list.TEMPLATE) else None
    except TemplateFailure as exc:
        raise DocumentError(str(exc)) from None
    if list_parts:
        jobs[0] = list_parts[0][0]  # danh-sach: its first part in its place, the others at the end
        jobs += list_parts[0][1:]
        counts[0] = list_parts[0][0].rows
        counts += [p.rows for p in list_parts[0][1:]]
    made_here: list[bytes | None] = []
    editable: list[Path] = []
    staging, created = open_staging(out)  # inside `out`, made with its parents when missing
    try:
        def meanwhile() -> None:  # while the workers render the decision and the list
            editable.extend(write_editable(ctx, staging, consolidated=extras.consolidated_notice))  # papers to edit
            if placed:
                made_here.append(certificates_pdf(env, ctx, folders(templates)))
                if made_here[0] is not None and tick:
                    tick(len(recognised))

        try:  # a template asking WeasyPrint for a file outside the templates folders, or the network: nothing written
            pdfs = render_all(jobs, done, folders(templates), meanwhile)
            if list_parts:
                laid = [pdfs[0], *pdfs[len(pdfs) - len(list_parts[0]) + 1:]]
                del pdfs[len(pdfs) - len(list_parts[0]) + 1:]
                del counts[len(counts) - len(list_parts[0]) + 1:]
                pdfs[0] = long_list.joined(laid, list_parts[1]) or pdf_bytes(html["danh-sach"], folders(templates))
            if placed and made_here[0] is None:  # the probe did not have the expected shape: WeasyPrint lays out all
                counts += [len(c) for c in chunks]
                start = len(pdfs)
                pdfs += render_all([render(env, TEMPLATE, {**ctx, "recognised": c}) for c in chunks],
                                   lambda i: done(start + i), folders(templates))
        except TemplateFailure as exc:
            raise DocumentError(str(exc)) from None
        (staging / "quyet-dinh.html").write_text(html["quyet-dinh"], encoding="utf-8")
        for name, data in zip(singles, pdfs, strict=False):
            (staging / f"{name}.pdf").write_bytes(data)
        made = [staging / n for n in ("quyet-dinh.pdf", "quyet-dinh.html", "quyet-dinh.docx", "danh-sach.pdf")]
        made += editable
        if ctx["denied"]:
            made.append(staging / f"{notice}.pdf")
        first = len(singles) + len(others)
        made += year_papers.write(staging, pdfs[len(singles):first])
        if overridden:
            (staging / OVERRIDES_FILE).write_text(overrides_text(overridden, "documents"), encoding="utf-8")
            made.append(staging / OVERRIDES_FILE)
        if recognised:  # one certificate per recognised subject, none when nobody is
            if made_here and made_here[0] is not None:
                (staging / "giay-cong-nhan.pdf").write_bytes(made_here[0])
                pages = partial(split_pages, staging / "giay-cong-nhan.pdf")
            else:
                pages = join_pages(pdfs[first:], staging / "giay-cong-nhan.pdf", len(recognised), TEMPLATE)
            made.append(staging / "giay-cong-nhan.pdf")
            if split:
                folder = staging / "giay-cong-nhan"
                folder.mkdir()
                taken: set[str] = set()
                for item, page in zip(recognised, pages(), strict=True):
                    target = folder / f"{safe_name(item['ma'], taken)}.pdf"
                    assert target.resolve().parent == folder.resolve()
                    target.write_bytes(page)
                made.append(folder)
        placed = _publish(staging, out, made)
        if not overridden:  # what an earlier forced run went past is not this decision's
            (out / OVERRIDES_FILE).unlink(missing_ok=True)
        return Written(placed, len(recognised), len(ctx["denied"]), results.errors, tuple(overridden))
    except ValueError as exc:
        raise DocumentError(str(exc)) from None
    except OSError as exc:  # a full disk, a folder that became read-only: the previous documents stay
        raise folder_error(out, exc) from None
    finally:
        close_staging(staging, created)  # also on Ctrl-C: no staging folder, no empty output folder left


def _publish(staging: Path, out: Path, made: list[Path]) -> list[Path]:
    """Move every finished document into the output folder (each move is a rename)."""
    placed = []
    for item in made:
        target = out / item.name
        if target.is_dir():
            shutil.rmtree(target)
        os.replace(item, target)
        placed.append(target)
    return placed


@dataclass(frozen=True)
class _YearPapers:
    """The rendered HTML of the household year's papers: (html, subjects laid out) per document."""

    villages: list[tuple[str, int]]  # one evaluation sheet per village, in the list's village order
    names: list[str]  # each village's name
    sheets: list[tuple[str, int]]  # result sheets, in chunks of pages

    def write(self, staging: Path, pdfs: list[bytes]) -> list[Path]:
        """binh-xet-thon.pdf (every village) and binh-xet-thon/ (one file per village), phieu-ket-qua.pdf."""
        made: list[Path] = []
        if self.villages:
            village_pdfs = pdfs[:len(self.villages)]
            join_pdfs(village_pdfs, staging / "binh-xet-thon.pdf")
            folder = staging / "binh-xet-thon"
            folder.mkdir()
            taken: set[str] = set()
            for name, data in zip(self.names, village_pdfs, strict=True):
                (folder / f"{safe_name(name, taken)}.pdf").write_bytes(data)
            made += [staging / "binh-xet-thon.pdf", folder]
        if self.sheets:
            # one page for a household; a set with many long indicators may need two: each subject starts a page
            join_pdfs(pdfs[len(self.villages):], staging / "phieu-ket-qua.pdf")
            made.append(staging / "phieu-ket-qua.pdf")
        return made


def _year_papers(env, ctx: dict, results: Results, cs: CriteriaSet | None, extras: Extras) -> _YearPapers:
    villages: list[tuple[str, int]] = []
    names: list[str] = []
    sheets: list[tuple[str, int]] = []
    if extras.village_sheets:
        everyone = [_item(n, s) for n, s in enumerate(results.subjects, start=1)]
        for village in village_sheets(ctx, everyone):
            villages.append((render(env, "binh-xet-thon.html.j2", {**ctx, "thon_binh_xet": village}),
                             village["so_luong"]))
            names.append(village["ten"])
    if extras.result_sheets:
        order = {i["ma"]: n for n, i in enumerate(ctx["recognised"] + ctx["denied"])}  # the list's order
        subjects = sorted(results.subjects, key=lambda s: order.get(nfc(s.id), len(order)))
        scheme = results.criteria.scheme
        for start in range(0, len(subjects), RESULT_SHEETS_PER_CHUNK):
            part = [result_sheet(s, cs, scheme) for s in subjects[start:start + RESULT_SHEETS_PER_CHUNK]]
            sheets.append((render(env, "phieu-ket-qua.html.j2", {**ctx, "phieu": part}), len(part)))
    return _YearPapers(villages, names, sheets)
