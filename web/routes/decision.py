"""The decision of a board's year: its details (with the guard rails of the CLI), the papers as a job, their
downloads, and recording into the registry. Changing needs the score's own area; reading, any area above."""

from __future__ import annotations

import hashlib

import yaml
from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from web import papers  # noqa: F401  (registers the job "van-ban")
from web.access import changeable_score, readable_score
from web.decision import authority_of, check_details, details_from_form, form_values, from_area
from web.downloads import download, score_document
from web.pages import flash, page
from web.record import record
from web.security import check_csrf, rate_limit, session_user
from web.store import area_details, audit, jobs, scores
from web.store.accounts import User

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)


def _scored(found: scores.Score) -> scores.Score:
    if found.state != "xong":
        raise HTTPException(409, "bảng điểm này chưa chấm xong (hoặc không chấm được): chưa ra quyết định được")
    return found


def _sentences(problems: list[str]) -> list[str]:
    """The engine's reasons are clauses; on a page each is a sentence of its own."""
    return [p[:1].upper() + p[1:] for p in problems]


def _details_form(request: Request, found: scores.Score, values: dict, problems: list[str], status_code: int = 200):
    return page(request, "quyet-dinh.html.j2", status_code=status_code, score=found, v=values, problems=_sentences(problems),
                authority=authority_of(found.criteria_id))


@router.get("/bang-diem/{score_id}/quyet-dinh")
def details_form(score_id: int, request: Request, user: User = Depends(session_user)):
    found = _scored(changeable_score(request, user, score_id))
    db = request.app.state.db
    details = found.details or area_details.get(db, found.area_key) or from_area(found.area)
    return _details_form(request, found, form_values(details), [])


@router.post("/bang-diem/{score_id}/quyet-dinh")
async def details_post(score_id: int, request: Request, user: User = Depends(session_user)):
    found = _scored(changeable_score(request, user, score_id))
    form = await request.form()
    details, problems = details_from_form(form)
    if problems:
        return _details_form(request, found, form_values(details), problems, 422)
    db = request.app.state.db
    checked = await run_in_threadpool(check_details, db, found, details)
    text = yaml.safe_dump(checked.details, allow_unicode=True, sort_keys=False).encode()
    digest = hashlib.sha256(text).hexdigest()
    target = f"bang-diem/{found.id} {found.filename}"
    if checked.well_formed:  # offered again next time, even when this score's results cannot take them
        area_details.save(db, found.area_key, checked.details)
    if checked.problems:
        audit.write(db, user, "quyet-dinh-bi-tu-choi", target, digest, " ".join(checked.problems)[:2000])
        return _details_form(request, found, form_values(checked.details), checked.problems, 422)
    scores.set_details(db, found.id, checked.details)
    audit.write(db, user, "luu-quyet-dinh", target, digest,
                f"quyết định số {checked.details.get('so_quyet_dinh')} ngày {checked.details.get('ngay_quyet_dinh')}")
    flash(request, "Đã lưu thông tin quyết định; các kiểm tra đều đạt. Có thể in văn bản và ghi sổ công nhận.")
    return RedirectResponse(f"/bang-diem/{found.id}/van-ban", status_code=303)


@router.post("/bang-diem/{score_id}/van-ban")
def papers_post(score_id: int, request: Request, split: bool = Form(False), user: User = Depends(session_user)):
    found = _scored(changeable_score(request, user, score_id))
    if not found.details:
        flash(request, "Nhập thông tin quyết định trước khi in văn bản.", "canh-bao")
        return RedirectResponse(f"/bang-diem/{found.id}/quyet-dinh", status_code=303)
    rate_limit(request, user, "van-ban")
    job_id = request.app.state.jobs.submit("van-ban", user, found.id, {"split": split})
    return RedirectResponse(f"/cong-viec/{job_id}", status_code=303)


def _papers_page(request: Request, user: User, found: scores.Score, problems: list[str], status_code: int = 200):
    db = request.app.state.db
    made = papers.ordered(scores.documents_of(db, found.id))
    return page(request, "van-ban.html.j2", status_code=status_code, score=found, documents=made,
                kinds={d.id: papers.kind_of(d.name) for d in made}, job=jobs.latest(db, found.id, "van-ban"),
                may_change=user.may_change(found.area_key), problems=_sentences(problems),
                signer=(found.details or {}).get("nguoi_ky") or {})


@router.get("/bang-diem/{score_id}/van-ban")
def papers_list(score_id: int, request: Request, user: User = Depends(session_user)):
    return _papers_page(request, user, readable_score(request, user, score_id), [])


@router.get("/bang-diem/{score_id}/van-ban.zip")
def papers_zip(score_id: int, request: Request, user: User = Depends(session_user)):
    found = readable_score(request, user, score_id)
    if not scores.documents_of(request.app.state.db, found.id):
        raise HTTPException(404, "chưa in văn bản cho kết quả này")
    return download(papers.archive(request.app.state.db, found.id), f"van-ban-{found.id}.zip")


@router.get("/bang-diem/{score_id}/van-ban/{document_id}")
def paper(score_id: int, document_id: int, request: Request, user: User = Depends(session_user)):
    readable_score(request, user, score_id)
    return score_document(request, score_id, document_id)


@router.post("/bang-diem/{score_id}/ghi-so")
def record_post(score_id: int, request: Request, user: User = Depends(session_user)):
    found = _scored(changeable_score(request, user, score_id))
    if not found.details:
        flash(request, "Nhập thông tin quyết định trước khi ghi sổ công nhận.", "canh-bao")
        return RedirectResponse(f"/bang-diem/{found.id}/quyet-dinh", status_code=303)
    rate_limit(request, user, "ghi-so")
    outcome = record(request.app.state.db, user, found)
    if outcome.recorded is None:
        return _papers_page(request, user, found, outcome.problems, 422)
    done = outcome.recorded
    flash(request, f"Đã ghi {done.added} đối tượng vào sổ công nhận ({found.recognised} được công nhận trong "
                   f"{found.scored} đối tượng đã chấm), {done.already} đối tượng đã có từ trước "
                   f"(quyết định số {done.decision.number} ngày {done.decision.day:%d/%m/%Y}, năm đánh giá "
                   f"{done.year}).")
    if done.rejected:
        flash(request, f"{len(done.rejected)} dòng bị loại khi chấm không có trong sổ công nhận (xem các dòng lỗi "
                       "của bảng điểm).", "canh-bao")
    return RedirectResponse(f"/bang-diem/{found.id}/van-ban", status_code=303)
