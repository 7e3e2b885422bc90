"""Sending a scored sheet upward and reviewing it with the engine of `recognise review`.

A package is materialised exactly as `recognise review` expects a folder (goi.yaml, bang-diem.<ext> as uploaded,
ket-qua.json as `recognise score` wrote it) in a temporary folder, reviewed with the registry of this server
(the history rules), and its findings are kept on the package row; the temporary path never reaches a page.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

import yaml

from engine.criteria.catalogue import UnknownCriteria, find
from engine.criteria.load import CriteriaFileInvalid
from engine.errors import RecogniseError
from engine.registry.inputs import share_inputs
from engine.review.packages import KINDS, review_packages
from web.areas import last_name
from web.jobs import Progress, handles
from web.scoring import INLINE_BYTES
from web.store import jobs, packages, scores
from web.store.database import Database
from web.store.jobs import Job
from web.store.scores import Score

REVIEWED_SUFFIXES = (".csv", ".xlsx")  # the sheets `recognise review` reads (engine.review.packages.SHEET_NAMES)
INLINE_SUBJECTS = 2000  # re-scoring more subjects than this goes to the job queue, with the page showing progress
JOB_KIND = "ra-soat"


def package_name(score: Score) -> str:
    return f"ho-so-{score.id}"


def goi_yaml(score: Score, sender: str) -> bytes:
    """goi.yaml of the package: what it says about itself (spec/review.md)."""
    goi = {"nam": score.year, "bo_tieu_chi": score.criteria_id, "danh_hieu": score.title, "dia_ban": score.area,
           "don_vi_gui": sender}
    return yaml.safe_dump({k: v for k, v in goi.items() if v is not None}, allow_unicode=True,
                          sort_keys=False).encode("utf-8")


def write_package(db: Database, score: Score, sender: str, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "goi.yaml").write_bytes(goi_yaml(score, sender))
    (folder / f"bang-diem{Path(score.filename).suffix.lower()}").write_bytes(scores.content(db, score.sheet_sha256))
    (folder / "ket-qua.json").write_bytes(scores.content(db, score.results_sha256))


def _scrub(text: str | None, tmp: str, score: Score) -> str | None:
    """Messages name files inside the package: the sheet by the name it was uploaded under, the temporary folder
    it was written to not at all."""
    if text is None:
        return None
    text = text.replace(tmp + "/", "").replace(tmp, "")
    return text.replace(f"bang-diem{Path(score.filename).suffix.lower()}", score.filename)


def review_score(db: Database, score: Score, sender: str) -> dict:
    """The findings of `recognise review --registry` on the package of this score, as kept on its row."""
    with tempfile.TemporaryDirectory(prefix="recognise-ho-so-") as tmp:
        folder = Path(tmp) / package_name(score)
        write_package(db, score, sender, folder)
        try:
            result = review_packages([folder], _registry_for(db, score))
        except RecogniseError as exc:  # nothing the engine raises leaves the page without an answer
            return _unreadable(_scrub(str(exc), tmp, score) or "")
        reviewed = result.packages[0]
        error = _scrub(reviewed.error, tmp, score)
        if error and Path(score.filename).suffix.lower() not in REVIEWED_SUFFIXES:
            error += (f" (bảng điểm tải lên là tệp {Path(score.filename).suffix}; rà soát đọc bảng điểm .xlsx hoặc "
                      ".csv: hãy lưu lại bảng điểm dưới dạng .xlsx, chấm lại rồi gửi)")
        described = reviewed.as_dict()
        return {
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
            "summary": result.summary(),
            "criteria": described["criteria"],
            "subjects": reviewed.subjects,
            "claimed": reviewed.claimed,
            "error": error,
            "notes": [_scrub(n, tmp, score) for n in reviewed.notes],
            "findings": [{**f.as_dict(), "package": _scrub(f.package, tmp, score),
                          "message": _scrub(f.message, tmp, score)} for f in reviewed.findings],
        }


def _registry_for(db: Database, score: Score):
    """The server's registry, for the history rules; not for a set whose shares need the totals of every area
    (districts, provinces): those were scored from the sheet's own columns (web.scoring), and are reviewed so."""
    try:
        loaded = find(score.criteria_id or "")
    except (UnknownCriteria, CriteriaFileInvalid):
        return db.registry
    return None if share_inputs(loaded.criteria) else db.registry


def _unreadable(message: str) -> dict:
    return {"at": datetime.now(UTC).isoformat(timespec="seconds"), "summary": None, "criteria": None, "subjects": 0,
            "claimed": 0, "error": message, "notes": [], "findings": []}


def in_queue(db: Database, score: Score) -> bool:
    """Whether reviewing this score's package is long work for the queue rather than for the request."""
    return (score.scored or 0) + (score.rejected or 0) > INLINE_SUBJECTS or len(
        scores.content(db, score.sheet_sha256)) > INLINE_BYTES


def reviewing(db: Database, score_id: int) -> bool:
    """A review of this score's package waits or runs in the queue."""
    job = jobs.latest(db, score_id, JOB_KIND)
    return job is not None and not job.finished


def findings_text(findings: dict) -> str:
    if findings.get("error"):
        return "không rà soát được gói (" + findings["error"][:300] + ")"
    count = len(findings.get("findings", []))
    return f"{count} phát hiện" if count else "không có phát hiện nào"


@handles(JOB_KIND)
def _review_job(db: Database, job: Job, progress: Progress) -> str:
    score = scores.get(db, job.score_id)
    params = job.params or {}
    findings = review_score(db, score, str(params.get("sender") or ""))
    packages.set_findings(db, int(params["package"]), findings)
    progress(1, 1)
    return f"Đã rà soát hồ sơ gửi lên: {findings_text(findings)}."


def counts(findings: dict | None) -> list[dict]:
    """Each kind of finding with its label and how many the package has (in the order of the review report)."""
    found = [f["kind"] for f in (findings or {}).get("findings", [])]
    return [{"kind": k, "label": label, "meaning": meaning, "count": found.count(k)} for k, (label, meaning)
            in KINDS.items()]


def sender_of(name: str | None, score: Score) -> str:
    """don_vi_gui of goi.yaml: the area's own name and the account that sent it."""
    return f"{last_name(score.area)} (tài khoản {name})" if name else last_name(score.area)


def why_not_send(user, score: Score, package: packages.Package | None) -> str | None:
    """Why this score cannot be sent now, or None when it can."""
    if not user.may_change(score.area_key):
        return "chỉ hội đồng của địa bàn này gửi được hồ sơ"
    if score.state != "xong":
        return "chỉ gửi được bảng điểm đã chấm xong"
    if score.year is None:
        return "kết quả không có năm đánh giá; hồ sơ gửi lên phải ghi năm (chấm lại với năm đánh giá)"
    if package is not None and package.state == "da-gui":
        return "hồ sơ đã gửi, đang chờ cấp trên rà soát"
    if package is not None and package.state == "chap-nhan":
        return "hồ sơ đã được cấp trên chấp nhận"
    return None


def package_state(db: Database, user, score: Score) -> dict:
    """The context of the fragment goi-trang-thai.html.j2 on the score page."""
    package = packages.of_score(db, score.id)
    why = why_not_send(user, score, package)
    return {"goi": package, "goi_gui_duoc": why is None, "goi_ly_do": why or "",
            "goi_phat_hien": counts(package.findings) if package else []}
