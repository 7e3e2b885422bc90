"""Upward: a board sends a scored sheet as a package; districts, provinces and the Hội see the packages from the
areas below theirs with the findings of `recognise review`, and accept or return them; every user sees the
rates of recognition against the targets for their area and below, with exports."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response

from engine.targets.report import ReportError
from web import dashboard, upward
from web.access import changeable_score
from web.downloads import download
from web.pages import flash, page
from web.security import check_csrf, rate_limit, session_user
from web.store import audit, packages, scores
from web.store.accounts import User

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)

PACKAGE_GONE = "không có hồ sơ này trong các hồ sơ bạn được rà soát"
MAX_NOTE = 2000
YEAR = Query(None, ge=1990, le=2100)


# --- sending ---------------------------------------------------------------------------------------

@router.post("/bang-diem/{score_id}/gui")
def send(score_id: int, request: Request, user: User = Depends(session_user)):
    found = changeable_score(request, user, score_id)
    db = request.app.state.db
    back = RedirectResponse(f"/bang-diem/{score_id}", status_code=303)
    why = upward.why_not_send(user, found, packages.of_score(db, score_id))
    if why is not None:
        flash(request, f"Chưa gửi được: {why}.", "loi")
        return back
    rate_limit(request, user, "gui")
    package_id, again = packages.send(db, user, score_id, found.area_key)
    action, sent = ("gui-lai-ho-so", "gửi lại") if again else ("gui-ho-so", "gửi")
    target = f"ho-so/{package_id} bang-diem/{score_id}"
    sender = upward.sender_of(user.name, found)
    if upward.in_queue(db, found):  # a large sheet: re-scored in the queue, the job page shows its progress
        packages.set_findings(db, package_id, None)
        audit.write(db, user, action, target, found.sheet_sha256, "rà soát tự động trong hàng đợi")
        job_id = request.app.state.jobs.submit(upward.JOB_KIND, user, score_id,
                                               {"package": package_id, "sender": sender})
        flash(request, f"Đã {sent} hồ sơ lên cấp trên; đang rà soát tự động.")
        return RedirectResponse(f"/cong-viec/{job_id}", status_code=303)
    findings = upward.review_score(db, found, sender)
    packages.set_findings(db, package_id, findings)
    audit.write(db, user, action, target, found.sheet_sha256, upward.findings_text(findings))
    flash(request, f"Đã {sent} hồ sơ lên cấp trên; rà soát tự động: {upward.findings_text(findings)}.")
    return back


# --- reviewing -------------------------------------------------------------------------------------

def _may_list(user: User) -> None:
    if user.role not in ("huyen", "tinh", "hoi", "quan-tri"):
        raise HTTPException(403, "trang hồ sơ gửi lên dành cho cấp huyện, cấp tỉnh và Hội Khuyến học")


def reviewable(request: Request, user: User, package_id: int) -> packages.Package:
    """A package of an area strictly below the reviewer's (the administrator reads every package, decides none);
    anyone else is told it does not exist, so ids cannot be probed."""
    found = packages.get(request.app.state.db, package_id)
    if found is None or not (user.may_review(found.area_key) or user.role == "quan-tri"):
        raise HTTPException(404, PACKAGE_GONE)
    return found


@router.get("/ho-so")
def package_list(request: Request, trang_thai: str = "", user: User = Depends(session_user)):
    _may_list(user)
    found = packages.below(request.app.state.db, user)
    if trang_thai in packages.STATES:
        found = [p for p in found if p.state == trang_thai]
    return page(request, "ho-so.html.j2", goi_list=found, trang_thai=trang_thai, states=packages.STATES,
                counts={p.id: len((p.findings or {}).get("findings", [])) for p in found},
                errors={p.id: bool((p.findings or {}).get("error")) for p in found})


@router.get("/ho-so/{package_id}")
def package_page(package_id: int, request: Request, user: User = Depends(session_user)):
    found = reviewable(request, user, package_id)
    db = request.app.state.db
    waiting = found.findings is None and upward.reviewing(db, found.score_id)
    if found.findings is None and not waiting:  # its review in the queue failed: reviewed now, kept
        score = scores.get(db, found.score_id)
        packages.set_findings(db, package_id, upward.review_score(db, score, upward.sender_of(found.sender, score)))
        found = packages.get(db, package_id)
    findings = found.findings or {}
    at = datetime.fromisoformat(findings["at"]) if findings.get("at") else None
    return page(request, "ho-so-xem.html.j2", goi=found, ket_qua=findings, ra_soat_luc=at, dang_ra_soat=waiting,
                loai=upward.counts(found.findings), quyet_duoc=user.may_review(found.area_key))


def _decide(request: Request, user: User, package_id: int, state: str, note: str) -> RedirectResponse:
    found = reviewable(request, user, package_id)
    if not user.may_review(found.area_key):
        raise HTTPException(403, "chỉ cấp trên của địa bàn gửi hồ sơ được chấp nhận hoặc trả lại hồ sơ")
    back = RedirectResponse(f"/ho-so/{package_id}", status_code=303)
    note = note.strip()
    if len(note) > MAX_NOTE:
        flash(request, f"Ghi chú dài {len(note)} ký tự, tối đa {MAX_NOTE}.", "loi")
        return back
    if state == "tra-lai" and not note:
        flash(request, "Trả lại hồ sơ cần ghi chú: ghi rõ địa bàn phải sửa gì.", "loi")
        return back
    db = request.app.state.db
    if not packages.review(db, user, package_id, state, note or None):
        flash(request, f"Hồ sơ đã ở trạng thái “{packages.get(db, package_id).state_vi}”, không đổi.", "loi")
        return back
    audit.write(db, user, "chap-nhan-ho-so" if state == "chap-nhan" else "tra-lai-ho-so",
                f"ho-so/{package_id} bang-diem/{found.score_id}", None, note or None)
    flash(request, "Đã chấp nhận hồ sơ." if state == "chap-nhan" else "Đã trả lại hồ sơ, kèm ghi chú.")
    return back


@router.post("/ho-so/{package_id}/chap-nhan")
def accept(package_id: int, request: Request, ghi_chu: str = Form(""), user: User = Depends(session_user)):
    return _decide(request, user, package_id, "chap-nhan", ghi_chu)


@router.post("/ho-so/{package_id}/tra-lai")
def give_back(package_id: int, request: Request, ghi_chu: str = Form(""), user: User = Depends(session_user)):
    return _decide(request, user, package_id, "tra-lai", ghi_chu)


# --- the dashboard ---------------------------------------------------------------------------------

def _dashboard(request: Request, user: User, nam: int | None, danh_hieu: str, dia_ban: str,
               ke_hoach: str) -> dashboard.Dashboard:
    try:
        return dashboard.build(request.app.state.db, user, nam, danh_hieu or None, dia_ban or None, ke_hoach or None)
    except dashboard.AreaOutside:
        raise HTTPException(404, "không có địa bàn này trong các địa bàn bạn được xem") from None
    except ReportError as exc:
        raise HTTPException(422, str(exc)) from None


def _query(board: dashboard.Dashboard, **changes) -> str:
    values = {"nam": board.year, "danh_hieu": board.title, "dia_ban": board.focus,
              "ke_hoach": board.plan.id if board.plan else ""}
    values.update(changes)
    return urlencode({k: v for k, v in values.items() if v not in ("", None)})


@router.get("/thong-ke")
def rates(request: Request, nam: int | None = YEAR, danh_hieu: str = "", dia_ban: str = "", ke_hoach: str = "",
          user: User = Depends(session_user)):
    board = _dashboard(request, user, nam, danh_hieu, dia_ban, ke_hoach)
    def shown(view: dashboard.View) -> dict:
        return {**view.cells(), "lien_ket": "/thong-ke?" + _query(board, dia_ban=view.path) if view.below else ""}

    groups = [{"ma": g.key, "ten": g.title, "chung": shown(g.own) if g.own else None,
               "duoi": [shown(v) for v in g.children], "bieu_do": g.chart()} for g in board.groups]
    return page(request, "thong-ke.html.j2", bang=board, nhom=groups,
                duong=[(name, "/thong-ke?" + _query(board, dia_ban=path)) for name, path in board.crumbs],
                xuat="?" + _query(board))


EXPORTS = {"xlsx": dashboard.as_xlsx, "csv": dashboard.as_csv, "html": dashboard.as_html}


@router.get("/thong-ke.{suffix}")
def rates_export(suffix: str, request: Request, nam: int | None = YEAR, danh_hieu: str = "", dia_ban: str = "",
                 ke_hoach: str = "", user: User = Depends(session_user)) -> Response:
    if suffix not in EXPORTS:
        raise HTTPException(404, "chỉ xuất được .xlsx, .csv hoặc .html")
    board = _dashboard(request, user, nam, danh_hieu, dia_ban, ke_hoach)
    try:
        content = EXPORTS[suffix](board.report)
    except ReportError as exc:
        raise HTTPException(422, str(exc)) from None
    audit.write(request.app.state.db, user, "xuat-thong-ke", f"thong-ke.{suffix} {board.focus or 'toàn bộ'}"[:300],
                None, f"năm {board.year}" + (f", danh hiệu {board.title}" if board.title else ""))
    return download(content, f"ty-le-cong-nhan-{board.year}.{suffix}")
