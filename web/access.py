"""Every request for a score, its papers or its package is checked against the user's area: an id alone is
never enough. Another area's record is "not found" (404), so ids cannot be probed."""

from __future__ import annotations

from fastapi import HTTPException, Request

from web.store import scores
from web.store.accounts import User

NOT_FOUND = "không có kết quả chấm này trong các địa bàn bạn được xem"


def readable_score(request: Request, user: User, score_id: int) -> scores.Score:
    found = scores.get(request.app.state.db, score_id)
    if found is None or not user.may_read(found.area_key):
        raise HTTPException(404, NOT_FOUND)
    return found


def changeable_score(request: Request, user: User, score_id: int) -> scores.Score:
    """Only the score's own area changes it (details, papers, record, sending up)."""
    found = readable_score(request, user, score_id)
    if not user.may_change(found.area_key):
        raise HTTPException(403, "chỉ hội đồng của địa bàn này được thay đổi kết quả chấm của địa bàn")
    return found
