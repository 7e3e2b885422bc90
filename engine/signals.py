"""Sections that Ctrl-C or SIGTERM must not cut in two: making and registering a temporary file, making or
ending a pool of worker processes. Within `held()` both signals wait: blocked for the main thread, and the
command line's handler (cli/interrupt.py), should another thread receive one, sees `holding()` and lets it
come again a moment later. Outside the main thread (where no handler runs) the section is plain.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

STOPPING = frozenset({signal.SIGINT, signal.SIGTERM})
_HELD: list[bool] = []


def holding() -> bool:
    return bool(_HELD)


@contextlib.contextmanager
def held() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING)
    _HELD.append(True)
    try:
        yield
    finally:
        _HELD.pop()
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
