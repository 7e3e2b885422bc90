"""File responses with a name the browser may save: ASCII fallback plus the UTF-8 name (RFC 6266)."""

from __future__ import annotations

import mimetypes
import unicodedata
from urllib.parse import quote

from fastapi import HTTPException, Request
from fastapi.responses import Response

from web.store import scores

TYPES = {".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         ".pdf": "application/pdf", ".csv": "text/csv; charset=utf-8", ".json": "application/json",
         ".html": "text/html; charset=utf-8", ".zip": "application/zip", ".xls": "application/vnd.ms-excel"}


def download(content: bytes, name: str) -> Response:
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    media = TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    ascii_name = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D")).encode("ascii", "ignore")
    fallback = "".join(c if c.isalnum() or c in "._-" else "_" for c in ascii_name.decode()) or "tep"
    disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"
    return Response(content, media_type=media, headers={"content-disposition": disposition})


def score_document(request: Request, score_id: int, document_id: int) -> Response:
    """One paper of a score the caller has already been allowed to read."""
    made = {d.id: d for d in scores.documents_of(request.app.state.db, score_id)}
    if document_id not in made:
        raise HTTPException(404, "không có văn bản này")
    return download(scores.content(request.app.state.db, made[document_id].sha256), made[document_id].name)
