"""Recording a score into the server's registry (the same database) under its decision, through the same engine
function as `recognise record` (engine/registry/recording.py), never with force."""

from __future__ import annotations

from dataclasses import dataclass

from engine.documents.guards import Refused
from engine.registry.recording import Recorded, RecordingRefused, record_results
from web.decision import workspace
from web.store import audit, scores
from web.store.database import Database


@dataclass(frozen=True)
class Outcome:
    recorded: Recorded | None
    problems: list[str]  # why nothing was written (empty when recorded)


def _already(exc: RecordingRefused, number: str) -> list[str]:
    if not exc.earlier:
        return [exc.message]
    count = sum(len(e.subjects) for e in exc.earlier)
    return [f"{count} đối tượng đã được ghi vào sổ công nhận năm này theo quyết định khác; không ghi lại theo quyết "
            f"định số {number}, sổ giữ nguyên:"] + [f"đã có theo {e}" for e in exc.earlier] + [
            "Nếu quyết định mới thay thế quyết định cũ, đề nghị người quản trị sổ công nhận xử lý."]


def record(db: Database, user, score: scores.Score) -> Outcome:
    """Record the score's results under its decision; audited either way, the score marked when recorded."""
    details = score.details or {}
    number = str(details.get("so_quyet_dinh", ""))
    with workspace(db, score, details) as ws:
        try:
            done = record_results(ws.results, ws.config, db.registry, None, False)
        except RecordingRefused as exc:
            problems = (_already(exc, number) if exc.kind == "da-co"
                        else [ws.readable(exc.message), *(ws.readable(line) for line in exc.lines)])
        except Refused as exc:
            problems = [ws.readable(b) for b in exc.breaches]
        else:
            problems = []
    target = f"bang-diem/{score.id} {score.filename}"
    if problems:
        audit.write(db, user, "ghi-so-bi-tu-choi", target, score.results_sha256,
                    f"quyết định số {number}: " + " ".join(problems)[:2000])
        return Outcome(None, problems)
    scores.mark_recorded(db, score.id, done.decision.number)
    audit.write(db, user, "ghi-so", target, score.results_sha256,
                f"quyết định số {done.decision.number} ngày {done.decision.day:%d/%m/%Y}, năm đánh giá {done.year}: "
                f"ghi {done.added}, đã có {done.already}")
    return Outcome(done, [])
