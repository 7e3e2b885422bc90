"""The papers of a score as a job (kind "van-ban"): the decision (PDF, DOCX, HTML), the attached list, the
certificates and the notices of denial, made by engine.documents.writer exactly as `recognise documents` makes
them, then kept in the database with the score (a new run replaces the previous papers)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from engine.documents.deployment import DeploymentError
from engine.documents.guards import Refused
from engine.documents.writer import DocumentError, write_documents
from engine.errors import RecogniseError
from web.decision import workspace
from web.jobs import Progress, handles
from web.store import audit, scores
from web.store.accounts import Accounts
from web.store.database import Database
from web.store.jobs import Job

CERTIFICATES = "giay-cong-nhan"
_KINDS = {
    "quyet-dinh.pdf": "Quyết định (PDF, để in)",
    "quyet-dinh.docx": "Quyết định (Word, để chỉnh sửa)",
    "quyet-dinh.html": "Quyết định (trang web)",
    "danh-sach.pdf": "Danh sách kèm theo quyết định",
    "danh-sach.docx": "Danh sách kèm theo quyết định (Word, để chỉnh sửa)",
    "danh-sach.xlsx": "Danh sách kèm theo quyết định (bảng tính Excel)",
    "thong-bao-khong-dat.docx": "Thông báo không đạt (Word, để chỉnh sửa)",
    f"{CERTIFICATES}.pdf": "Giấy công nhận (mỗi đối tượng một trang)",
    "thong-bao-khong-dat.pdf": "Thông báo không đạt",
}


class PapersRefused(RecogniseError):
    pass


def kind_of(name: str) -> str:
    """What a paper is, for the list of papers."""
    if name in _KINDS:
        return _KINDS[name]
    if name.startswith(f"{CERTIFICATES}-"):
        return f"Giấy công nhận {name.removeprefix(f'{CERTIFICATES}-').removesuffix('.pdf')}"
    return name


def ordered(made: list[scores.Document]) -> list[scores.Document]:
    """The decision first, then the list, the certificates and the notices, as a file of papers is read."""
    rank = {name: n for n, name in enumerate(("quyet-dinh.pdf", "quyet-dinh.docx", "quyet-dinh.html", "danh-sach.pdf",
                                              "danh-sach.docx", "danh-sach.xlsx", f"{CERTIFICATES}.pdf"))}
    return sorted(made, key=lambda d: (rank.get(d.name, len(rank)), d.name.startswith(CERTIFICATES), d.name))


def _made(files: list[Path]) -> list[tuple[str, bytes]]:
    """Every file written, the folder of single certificates flattened (giay-cong-nhan-MA.pdf)."""
    made = []
    for path in files:
        if path.is_dir():
            made += [(f"{path.name}-{f.name}", f.read_bytes()) for f in sorted(path.iterdir()) if f.is_file()]
        else:
            made.append((path.name, path.read_bytes()))
    return made


@handles("van-ban")
def _papers_job(db: Database, job: Job, progress: Progress) -> str:
    found = scores.get(db, job.score_id) if job.score_id is not None else None
    if found is None or found.state != "xong":
        raise PapersRefused("bảng điểm chưa chấm xong, không in được văn bản")
    if not found.details:
        raise PapersRefused("chưa nhập thông tin quyết định, không in được văn bản")
    total = found.recognised or 0  # the long part is one certificate page per recognised subject
    done = 0
    progress(0, total)

    def tick(pages: int) -> None:
        nonlocal done
        done += pages
        progress(done, total)

    with workspace(db, found, found.details) as ws:
        try:
            written = write_documents(ws.results, ws.config, ws.folder / "van-ban",
                                      split=bool((job.params or {}).get("split")), tick=tick)
        except Refused as exc:
            raise PapersRefused("không in văn bản nào: " + "; ".join(ws.readable(b) for b in exc.breaches)) from None
        except DeploymentError as exc:
            raise PapersRefused("thông tin quyết định không hợp lệ, không in văn bản nào: "
                                + "; ".join(ws.readable(m) for m in exc.messages)) from None
        except DocumentError as exc:
            raise PapersRefused("không in văn bản nào: " + ws.readable(str(exc))) from None
        made = _made(written.files)
    scores.replace_documents(db, found.id, made)
    progress(total, total)
    decision = next((d for d in scores.documents_of(db, found.id) if d.name == "quyet-dinh.pdf"), None)
    audit.write(db, Accounts(db).by_id(job.user_id), "in-van-ban", f"bang-diem/{found.id} {found.filename}",
                decision.sha256 if decision else None,
                f"quyết định số {found.details.get('so_quyet_dinh', '')}: {written.recognised} giấy công nhận, "
                f"{written.denied} thông báo không đạt, {len(made)} tệp")
    return f"Đã in {written.recognised} giấy công nhận, {written.denied} thông báo không đạt ({len(made)} tệp)."


def archive(db: Database, score_id: int) -> bytes:
    """Every paper of a score in one ZIP (names in UTF-8)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        for d in scores.documents_of(db, score_id):
            zipped.writestr(d.name, scores.content(db, d.sha256))
    return buffer.getvalue()
