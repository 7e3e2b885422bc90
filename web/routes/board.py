"""The board's year, read side: the set in force and its template, uploading a filled sheet, the results with
their rejected rows and the board's own differing values, one subject's explanation, the results files, and
the progress of a queued job. Every id is checked against the user's area (web/access.py)."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from engine.criteria.catalogue import UnknownCriteria, for_title, shipped, shipped_set
from engine.criteria.load import LoadedSet
from engine.criteria.model import STATUS_VI, SUBJECT_KIND_VI
from engine.results.atomic import atomic_save_workbook
from engine.sheets.template import build
from engine.vn.numbers import fmt
from engine.vn.text import fold
from web import results_view, scoring, upward
from web.access import readable_score
from web.downloads import download
from web.pages import page
from web.security import check_csrf, rate_limit, session_user
from web.store import jobs, scores
from web.store.accounts import User
from web.uploads import MAX_UPLOAD_BYTES

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)

PER_PAGE = 500
FIRST_YEAR, LAST_YEAR = 2010, 2100
STATES = {"cho": "Đang chấm", "xong": "Đã chấm", "loi": "Không chấm được"}
JOB_STATES = {"cho": "Đang chờ", "dang-chay": "Đang chạy", "xong": "Đã xong", "loi": "Không làm được"}
# each kind of job: its name, and what its progress counts
JOB_KINDS = {"cham": ("Chấm bảng điểm", "dòng"), "van-ban": ("In văn bản", "giấy công nhận"),
             "ra-soat": ("Rà soát hồ sơ", "gói")}
BOARD_COLUMNS = {"tong_diem": "Tổng điểm", "xep_loai": "Xếp loại", "muc_do": "Mức độ", "cong_nhan": "Công nhận"}
JOB_GONE = "không có công việc này trong các địa bàn bạn được xem"


# --- the sets shipped ------------------------------------------------------------------------------

def _shipped_set(set_id: str) -> LoadedSet | None:
    """A shipped set by its exact id: what a user sends never names a file."""
    try:
        return shipped_set(set_id)
    except UnknownCriteria:
        return None


def _titles() -> list[str]:
    return sorted({s.criteria.title for s in shipped()}, key=fold)


def _span(s: LoadedSet) -> str:
    cs = s.criteria
    return f"từ {cs.effective_from:%d/%m/%Y}" + (f" đến {cs.effective_until:%d/%m/%Y}" if cs.effective_until else "")


def _described(s: LoadedSet) -> dict:
    cs = s.criteria
    return {"id": cs.id, "title": cs.title, "status": cs.status, "status_vi": STATUS_VI[cs.status],
            "source": cs.source.title, "number": cs.source.number, "span": _span(s), "notice": cs.notice,
            "kind": SUBJECT_KIND_VI[cs.subject_kind], "scheme": "chấm điểm" if cs.scheme == "points" else "theo mức độ",
            "missing": [(m.what, m.source) for m in cs.missing], "columns": len(cs.indicators())}


def _year(text: str | None) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    if not text.isdigit() or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise HTTPException(422, f"năm “{text[:20]}” không hợp lệ: cần một năm từ {FIRST_YEAR} đến {LAST_YEAR}")
    return int(text)


@router.get("/nam")
def year_page(request: Request, danh_hieu: str = "", nam: str = "", user: User = Depends(session_user)):
    year = _year(nam)
    title = danh_hieu.strip()[:300]
    official, others, problem = [], [], None
    if title and year is not None:
        wanted = fold(title)
        try:
            official = [_described(s) for s in for_title(title, year)]
        except UnknownCriteria:
            same = [s for s in shipped() if s.criteria.status == "official" and fold(s.criteria.title).startswith(wanted)]
            problem = (f"Năm {year} không có bộ tiêu chí chính thức nào có hiệu lực cho danh hiệu “{title}”"
                       + ("; các bộ chính thức của danh hiệu này: " + ", ".join(f"{s.criteria.id} (hiệu lực {_span(s)})"
                                                                               for s in same) if same else "") + ".")
        others = [_described(s) for s in shipped() if s.criteria.status != "official" and s.criteria.in_force(year)
                  and fold(s.criteria.title).startswith(wanted)]
    return page(request, "nam.html.j2", titles=_titles(), title=title, year=year, official=official, others=others,
                problem=problem, may_upload=user.role != "quan-tri")


@functools.cache
def _template_bytes(set_id: str) -> bytes:
    """The workbook `recognise sheet ID --output x.xlsx` writes (the same bytes for the same set)."""
    loaded = _shipped_set(set_id)
    assert loaded is not None
    with tempfile.TemporaryDirectory(prefix="recognise-web-") as tmp:
        path = Path(tmp) / "bang-diem.xlsx"
        atomic_save_workbook(build(loaded.criteria), path)
        return path.read_bytes()


@router.get("/nam/mau.xlsx")
async def template(request: Request, bo_tieu_chi: str = "", user: User = Depends(session_user)) -> Response:
    if _shipped_set(bo_tieu_chi) is None:
        raise HTTPException(404, f"không có bộ tiêu chí “{bo_tieu_chi[:100]}”; chọn danh hiệu và năm ở trang Năm "
                                 "đánh giá")
    content = await run_in_threadpool(_template_bytes, bo_tieu_chi)
    return download(content, f"bang-diem-{bo_tieu_chi}.xlsx")


# --- uploading ---------------------------------------------------------------------------------------

def _list_page(request: Request, user: User, status_code: int = 200, error: str | None = None, chosen: str = "",
               title: str = "", year: str = "", registry: bool = False):
    found = scores.readable_by(request.app.state.db, user)
    sets = [_described(s) for s in shipped() if s.criteria.status != "draft"]
    return page(request, "bang-diem.html.j2", status_code=status_code, scores=found, states=STATES, sets=sets,
                titles=_titles(), error=error, chosen=chosen, title=title, year=year, registry=registry,
                may_upload=user.role != "quan-tri", several_areas=user.role in ("huyen", "tinh", "hoi", "quan-tri"))


@router.get("/bang-diem")
def score_list(request: Request, bo_tieu_chi: str = "", danh_hieu: str = "", nam: str = "",
               user: User = Depends(session_user)):
    return _list_page(request, user, chosen=bo_tieu_chi[:100], title=danh_hieu[:300], year=nam[:4])


def _sent_name(filename: str | None) -> str:
    """The name of the file as the user knows it (folders dropped), only ever shown through autoescape."""
    return (filename or "").replace("\\", "/").rsplit("/", 1)[-1][:100] or "tệp tải lên"


@router.post("/bang-diem")
async def upload(request: Request, file: UploadFile = File(...), bo_tieu_chi: str = Form(""),
                 danh_hieu: str = Form(""), nam: str = Form(""), so_cong_nhan: str | None = Form(None),
                 user: User = Depends(session_user)):
    if user.role == "quan-tri":
        raise HTTPException(403, "tài khoản quản trị không chấm bảng điểm")
    rate_limit(request, user, "cham")
    chosen, title, registry = bo_tieu_chi.strip(), danh_hieu.strip()[:300], so_cong_nhan is not None
    sent = _sent_name(file.filename)

    def refused(message: str):
        return _list_page(request, user, 422, f"Không chấm được “{sent}”: {message}", chosen, title, nam[:4], registry)

    if chosen and _shipped_set(chosen) is None:
        return refused(f"không có bộ tiêu chí “{chosen[:100]}”")
    try:
        year = _year(nam)
    except HTTPException as exc:
        return refused(str(exc.detail))
    content = await file.read(MAX_UPLOAD_BYTES + 1)
    db = request.app.state.db
    try:
        score_id = await run_in_threadpool(scoring.prepare, db, user, file.filename, content, chosen or None,
                                           None if chosen else title or None, year)
    except scoring.ScoreRefused as exc:
        return refused(str(exc))
    if len(content) > scoring.INLINE_BYTES:
        job_id = await run_in_threadpool(request.app.state.jobs.submit, "cham", user, score_id, {"registry": registry})
        return RedirectResponse(f"/cong-viec/{job_id}", status_code=303)
    await run_in_threadpool(scoring.run, db, score_id, registry)
    found = scores.get(db, score_id)
    if found is None or found.state != "xong":
        return refused(found.error if found and found.error else "không rõ lý do")
    return RedirectResponse(f"/bang-diem/{score_id}", status_code=303)


# --- results -----------------------------------------------------------------------------------------

def _finished(request: Request, user: User, score_id: int) -> tuple[scores.Score, results_view.Stored]:
    found = readable_score(request, user, score_id)
    if found.state != "xong":
        raise HTTPException(404, "bảng điểm này chưa có kết quả chấm" if found.state == "cho"
                            else f"bảng điểm này không chấm được: {found.error}")
    return found, results_view.stored(request.app.state.db, found)


def _decided(value: object, column: str) -> str:
    if value is None:
        return "—"
    if column == "muc_do":
        return f"mức độ {value}" if value else "chưa đạt mức độ nào"
    if column == "cong_nhan" and isinstance(value, bool):
        return "có" if value else "không"
    return value if isinstance(value, str) else fmt(value)  # type: ignore[arg-type]


@router.get("/bang-diem/{score_id}")
def score_page(score_id: int, request: Request, thon: str | None = None, sap_xep: str = "dong", trang: int = 1,
               user: User = Depends(session_user)):
    found = readable_score(request, user, score_id)
    db = request.app.state.db
    if found.state != "xong":
        job = jobs.latest(db, score_id, "cham")
        return page(request, "ket-qua.html.j2", score=found, stored=None, job=job, states=STATES)
    stored = results_view.stored(db, found)
    subjects = sorted(stored.results.subjects, key=lambda s: s.row)
    villages = sorted({s.area for s in subjects}, key=lambda a: (fold(a), a))
    if thon:
        subjects = [s for s in subjects if s.area == thon]
    column, descending = sap_xep.removeprefix("-"), sap_xep.startswith("-")
    key = results_view.sort_key(stored, column)
    if key is None:
        column, descending, key = "dong", False, results_view.sort_key(stored, "dong")
    subjects.sort(key=key, reverse=descending)
    pages = max(1, -(-len(subjects) // PER_PAGE))
    trang = min(max(trang, 1), pages)
    shown = subjects[(trang - 1) * PER_PAGE:trang * PER_PAGE]

    def link(**changed) -> str:
        query = {"thon": thon or "", "sap_xep": f"{'-' if descending else ''}{column}", "trang": trang, **changed}
        return f"/bang-diem/{score_id}?" + urlencode({k: v for k, v in query.items() if v not in ("", None)})

    columns = [("dong", "Dòng"), ("ma", "Mã"), ("ten", "Tên"), ("thon", "Thôn, địa bàn")]
    columns += ([("tong_diem", "Tổng điểm"), ("xep_loai", "Xếp loại")] if stored.points
                else [("muc_do", "Mức độ"), ("", "Tiêu chí chưa đạt mức tiếp theo")])
    columns += [("cong_nhan", "Công nhận")]
    headers = [{"label": label, "key": key_, "sorted": key_ == column and bool(key_), "descending": descending,
                "url": link(sap_xep=f"-{key_}" if key_ == column and not descending else key_, trang=1) if key_ else ""}
               for key_, label in columns]
    rows = [{"s": s, "outcome": results_view.outcome(s), "next": "" if stored.points else results_view.next_level(stored, s),
             "explain": f"/bang-diem/{score_id}/giai-thich?" + urlencode({"ma": s.id})} for s in shown]
    differences = [{"row": d.get("row"), "id": d.get("id"), "name": d.get("name"),
                    "column": BOARD_COLUMNS.get(str(d.get("column")), f"Điểm {d.get('column')}"),
                    "board": d.get("board"), "decided": _decided(d.get("decided"), str(d.get("column")))}
                   for d in stored.differences]
    return page(request, "ket-qua.html.j2", score=found, stored=stored, head=stored.head, rows=rows, headers=headers,
                villages=villages, thon=thon or "", sap_xep=sap_xep, page_no=trang, pages=pages,
                pages_links=[(n, link(trang=n)) for n in range(1, pages + 1)] if pages > 1 else [],
                count=len(subjects), differences=differences, notes=stored.sheet.get("notes") or [],
                outcomes=stored.results.summary.outcomes, may_change=user.may_change(found.area_key), job=None,
                states=STATES, **upward.package_state(db, user, found))


@router.get("/bang-diem/{score_id}/giai-thich")
def explanation(score_id: int, request: Request, ma: str = "", user: User = Depends(session_user)):
    found, stored = _finished(request, user, score_id)
    subject = stored.subject(ma)
    if subject is None:
        rejected = [e for e in stored.results.errors if e.id == ma and ma]
        if not rejected:
            raise HTTPException(404, f"không có đối tượng mã “{ma[:100]}” trong kết quả chấm này")
        return page(request, "giai-thich.html.j2", score=found, head=stored.head, subject=None, code=ma,
                    rejected=rejected, shown=None)
    return page(request, "giai-thich.html.j2", score=found, head=stored.head, subject=subject, code=ma, rejected=[],
                shown=results_view.explanation(stored, subject))


def _results_name(found: scores.Score, suffix: str) -> str:
    return f"ket-qua-{Path(found.filename).stem}{suffix}"


@router.get("/bang-diem/{score_id}/ket-qua.json")
def results_json(score_id: int, request: Request, user: User = Depends(session_user)) -> Response:
    found, _ = _finished(request, user, score_id)
    return download(scores.content(request.app.state.db, found.results_sha256), _results_name(found, ".json"))


@router.get("/bang-diem/{score_id}/ket-qua.csv")
async def results_csv(score_id: int, request: Request, user: User = Depends(session_user)) -> Response:
    found, stored = await run_in_threadpool(_finished, request, user, score_id)
    return download(await run_in_threadpool(results_view.table_file, stored, ".csv"), _results_name(found, ".csv"))


@router.get("/bang-diem/{score_id}/ket-qua.xlsx")
async def results_xlsx(score_id: int, request: Request, user: User = Depends(session_user)) -> Response:
    found, stored = await run_in_threadpool(_finished, request, user, score_id)
    return download(await run_in_threadpool(results_view.table_file, stored, ".xlsx"), _results_name(found, ".xlsx"))


# --- jobs --------------------------------------------------------------------------------------------

@router.get("/cong-viec/{job_id}")
def job_page(job_id: int, request: Request, user: User = Depends(session_user)):
    db = request.app.state.db
    job = jobs.get(db, job_id)
    if job is None or not user.may_read(job.area_key):
        raise HTTPException(404, JOB_GONE)
    found = None
    if job.score_id is not None:
        try:
            found = readable_score(request, user, job.score_id)
        except HTTPException:
            raise HTTPException(404, JOB_GONE) from None
    head = results_view.stored(db, found).head if found is not None and found.state == "xong" else None
    return page(request, "cong-viec.html.j2", job=job, score=found, head=head, state=JOB_STATES.get(job.state, job.state),
                kind=JOB_KINDS.get(job.kind, (job.kind, ""))[0], unit=JOB_KINDS.get(job.kind, ("", "việc"))[1])
