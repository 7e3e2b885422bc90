"""The JSON API under /api/ (OpenAPI at /api/openapi.json): `Authorization: Bearer TOKEN`, the same area checks
as the pages. A score's body carries the results file of `recognise score` byte for byte."""

from __future__ import annotations

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from web.access import readable_score
from web.downloads import score_document
from web.scoring import ScoreRefused, score_now
from web.security import api_user, rate_limit
from web.store import scores
from web.store.accounts import User
from web.uploads import MAX_UPLOAD_BYTES

router = APIRouter(prefix="/api", tags=["api"])

SCORE_RESPONSES = {
    401: {"description": "Thiếu mã truy cập hoặc mã không hợp lệ"},
    404: {"description": "Không có kết quả này trong các địa bàn người dùng được xem"},
}


@router.get("/health", summary="Ứng dụng và cơ sở dữ liệu đang hoạt động")
def health(request: Request) -> dict:
    try:
        request.app.state.accounts.all()
    except Exception as exc:  # noqa: BLE001  (any fault of the database means not healthy)
        raise HTTPException(503, "cơ sở dữ liệu không trả lời") from exc
    return {"status": "ok"}


def _body(score_id: int, results: bytes) -> Response:
    """`{"id": …, "results": …}` with the results exactly as `recognise score` wrote them."""
    return Response(b'{"id": %d, "results": ' % score_id + results + b"}", media_type="application/json")


@router.post("/scores", status_code=201, responses={**SCORE_RESPONSES, 422: {"description": "Không chấm được"}},
             summary="Chấm một bảng điểm (như recognise score)")
async def post_score(request: Request, file: UploadFile = File(..., description="Bảng điểm .xlsx, .xls hoặc .csv"),
                     criteria: str | None = Form(None, description="Mã bộ tiêu chí, vd. dvht-tt22-2020"),
                     title: str | None = Form(None, description="Tên danh hiệu (cùng year), thay cho criteria"),
                     year: int | None = Form(None, ge=1990, le=2100, description="Năm đánh giá"),
                     registry: bool = Form(False, description="Lấy lịch sử công nhận từ sổ công nhận của máy chủ"),
                     user: User = Depends(api_user)) -> Response:
    # every database call of this async route runs in the thread pool: a SQLite lock wait must not stop the loop
    await run_in_threadpool(rate_limit, request, user, "cham")
    if user.role == "quan-tri":
        raise HTTPException(403, "tài khoản quản trị không chấm bảng điểm")
    content = await file.read(MAX_UPLOAD_BYTES + 1)
    db = request.app.state.db
    try:
        score_id = await run_in_threadpool(score_now, db, user, file.filename, content, criteria, title, year,
                                           registry)
    except ScoreRefused as exc:
        return JSONResponse({"detail": str(exc)}, status_code=422)
    found = await run_in_threadpool(scores.get, db, score_id)
    if found.state != "xong":
        return JSONResponse({"id": score_id, "detail": found.error}, status_code=422)
    response = _body(score_id, await run_in_threadpool(scores.content, db, found.results_sha256))
    response.status_code = 201
    return response


@router.get("/scores/{score_id}", responses=SCORE_RESPONSES, summary="Kết quả chấm đã lưu")
def get_score(score_id: int, request: Request, user: User = Depends(api_user)) -> Response:
    found = readable_score(request, user, score_id)
    if found.state != "xong":
        return JSONResponse({"id": score_id, "state": found.state, "detail": found.error}, status_code=409)
    return _body(score_id, scores.content(request.app.state.db, found.results_sha256))


@router.get("/scores/{score_id}/documents", responses=SCORE_RESPONSES, summary="Các văn bản đã in của kết quả")
def get_documents(score_id: int, request: Request, user: User = Depends(api_user)) -> dict:
    readable_score(request, user, score_id)
    made = scores.documents_of(request.app.state.db, score_id)
    if not made:
        raise HTTPException(404, "chưa in văn bản cho kết quả này")
    return {"id": score_id, "documents": [
        {"name": d.name, "sha256": d.sha256, "url": f"/api/scores/{score_id}/documents/{d.id}"} for d in made]}


@router.get("/scores/{score_id}/documents/{document_id}", responses=SCORE_RESPONSES, summary="Tải một văn bản")
def get_document(score_id: int, document_id: int, request: Request, user: User = Depends(api_user)) -> Response:
    readable_score(request, user, score_id)
    return score_document(request, score_id, document_id)
