"""Worker processes: how many (RECOGNISE_WORKERS) and how they stop.

Large sheets are scored, and documents rendered, by forked worker processes. Only the main process decides
to stop: in a worker Ctrl-C (SIGINT, which a terminal sends to the whole process group) is ignored and
SIGTERM ends it at once, so that terminating the pool never waits on a worker and no worker prints a
traceback. The pool is always terminated when its block is left, normally or not.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from engine.errors import RecogniseError
from engine.signals import STOPPING, held

if TYPE_CHECKING:  # multiprocessing only when workers are started
    from multiprocessing.pool import Pool

WORKERS_ENV = "RECOGNISE_WORKERS"
MAX_WORKERS = 64  # each worker builds its own rules engine: more would only fill the memory
END_SECONDS = 3.0


class WorkersInvalid(RecogniseError):
    """RECOGNISE_WORKERS is not a usable number of worker processes."""


def requested_workers() -> int | None:
    """The number of worker processes RECOGNISE_WORKERS asks for; None when it is not set (automatic)."""
    text = os.environ.get(WORKERS_ENV, "").strip()
    if not text:
        return None
    try:
        wanted = int(text, 10)
    except ValueError:
        wanted = None
    if wanted is None or not 1 <= wanted <= MAX_WORKERS:
        shown = text if len(text) <= 30 else text[:30] + "…"
        raise WorkersInvalid(f"biến môi trường {WORKERS_ENV}={shown} không hợp lệ: cần số tiến trình chấm song song "
                             f"là số nguyên từ 1 đến {MAX_WORKERS} (hoặc bỏ biến này để tự chọn theo số lõi máy)")
    return wanted


def _start(initializer: Callable | None, args: tuple) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPPING)  # held while the pool was being made
    if initializer is not None:
        initializer(*args)


@contextlib.contextmanager
def worker_pool(workers: int, initializer: Callable | None = None, args: tuple = ()) -> Iterator[Pool]:
    """A pool of forked workers (they start from this process's imports), terminated when the block is left.
    Making and ending it are held sections (engine/signals.py): a signal never leaves a worker untracked."""
    import multiprocessing

    pool = None
    try:
        with held():
            pool = multiprocessing.get_context("fork").Pool(workers, _start, (initializer, args))
        yield pool
    finally:
        if pool is not None:
            with held():
                _end(pool)


def _end(pool: Pool) -> None:
    """Terminate the pool; should that not finish within END_SECONDS, kill what is left of the workers and go on.
    (Pool.terminate() SIGTERMs the workers, then joins its threads: one of them may wait for ever on a queue lock
    that a worker held when it was killed in the middle of sending a result.)"""
    import multiprocessing

    ender = threading.Thread(target=pool.terminate, name="ket-thuc-tien-trinh", daemon=True)
    ender.start()
    ender.join(END_SECONDS)
    if not ender.is_alive():
        pool.join()
        return
    for worker in multiprocessing.active_children():  # this process's only children are its pools' workers
        with contextlib.suppress(OSError):
            worker.kill()
        worker.join(1)
