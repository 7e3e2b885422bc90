"""Long work in a job queue (huey): embedded by default, a SQLite file beside the database; a Redis broker
(`RECOGNISE_QUEUE=redis://…`) when a province runs several machines. Every server process runs a few
consumer threads; the job's progress is kept in the database, where every page can see it.

Work is registered by kind (`handles`); a handler gets the database, the job and a `progress(done, total)`
to call as it goes.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

from huey import RedisHuey, SqliteHuey
from huey.api import Huey
from huey.consumer import Consumer

from engine.errors import RecogniseError
from web.store import jobs
from web.store.database import Database

Progress = Callable[[int, int | None], None]
Handler = Callable[[Database, jobs.Job, Progress], str | None]
HANDLERS: dict[str, Handler] = {}
PROGRESS_EVERY = 0.5  # seconds between progress writes
log = logging.getLogger("recognise.jobs")


def handles(kind: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        HANDLERS[kind] = handler
        return handler
    return register


def queue_location(db_url: str) -> str:
    """RECOGNISE_QUEUE, else a SQLite file beside the SQLite database (or in the working folder)."""
    wanted = os.environ.get("RECOGNISE_QUEUE")
    if wanted:
        return wanted
    path = db_url.removeprefix("sqlite:///").split("?", 1)[0] if db_url.startswith("sqlite:///") else ""
    if path and path != ":memory:":
        db_file = Path(path)
        return str(db_file.with_name(db_file.stem + "-hang-doi.sqlite3"))
    return "recognise-hang-doi.sqlite3"


class _QuietConsumer(Consumer):
    """Inside the server: the server owns the signals, the consumer only stops when told."""

    def _set_signal_handlers(self) -> None:
        pass


class Jobs:
    def __init__(self, db: Database, *, immediate: bool = False):
        self.db = db
        where = queue_location(db.url)
        if immediate:
            self.huey: Huey = SqliteHuey("recognise", immediate=True)
        elif where.startswith(("redis://", "rediss://", "unix://")):
            self.huey = RedisHuey("recognise", url=where)
        else:
            self.huey = SqliteHuey("recognise", filename=where)
        self._task = self.huey.task(name="recognise.job")(self._work)
        self._consumer: Consumer | None = None

    def submit(self, kind: str, user, score_id: int | None, params: dict | None = None) -> int:
        if kind not in HANDLERS:
            raise KeyError(kind)
        job_id = jobs.add(self.db, kind, user, score_id, params)
        self._task(job_id)
        return job_id

    def _work(self, job_id: int) -> None:
        job = jobs.get(self.db, job_id)
        if job is None or job.state != "cho":
            return
        jobs.update(self.db, job_id, state="dang-chay")
        last = 0.0

        def progress(done: int, total: int | None) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last >= PROGRESS_EVERY or (total is not None and done >= total):
                last = now
                jobs.update(self.db, job_id, done=done, total=total)

        try:
            message = HANDLERS[job.kind](self.db, job, progress)
        except RecogniseError as exc:
            jobs.update(self.db, job_id, state="loi", message=str(exc))
        except Exception as exc:  # noqa: BLE001  (a failed job is shown as failed, never left running)
            log.exception("job %s failed", job_id)
            jobs.update(self.db, job_id, state="loi", message=f"lỗi không mong đợi: {type(exc).__name__}")
        else:
            jobs.update(self.db, job_id, state="xong", message=message)

    def start(self, workers: int = 2) -> None:
        if self.huey.immediate:
            return
        self._consumer = _QuietConsumer(self.huey, workers=workers, worker_type="thread", initial_delay=0.1,
                                        max_delay=0.5, periodic=False)
        self._consumer.start()

    def stop(self) -> None:
        if self._consumer is not None:
            self._consumer.stop(graceful=True)
            self._consumer = None
