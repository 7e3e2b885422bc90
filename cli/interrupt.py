"""Ctrl-C and SIGTERM: the command stops, cleans up and says so in one line, exit code 130.

While a command runs, both signals raise Interrupted in the main process. It is a BaseException, so no
`except Exception` swallows it, and on its way out it passes the blocks that remove temporary files (the
atomic writers, the documents' staging folder) and terminate the worker pools (engine/workers.py). A
worker forked before its own signal settings were made ignores SIGINT and dies on SIGTERM, as its settings
would have it.

Some code drops or changes an exception on its way: Python itself in a fork hook or a finalizer, a library
that catches everything (openpyxl turns it into a TypeError). So the signal is raised again a moment later
unless Interrupted (or an error it caused) is then being handled somewhere on the stack, that is, unless the
command is already cleaning up; and an error that comes out of a stopped command is read as the stop.
Further signals while cleaning up are ignored; should the cleaning up itself not end within GRACE_SECONDS,
the process leaves anyway: it never hangs.
"""

from __future__ import annotations

import _thread
import contextlib
import faulthandler
import os
import signal
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass

from engine.signals import holding

EXIT_INTERRUPTED = 130
GRACE_SECONDS = 20.0
AGAIN_SECONDS = 0.2
SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(BaseException):
    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


@dataclass
class Stop:
    """What interruptible() has seen: the signal that stops the command (None: none yet)."""

    signum: int | None = None
    done: bool = False  # the command has left: nothing more is raised


def message(signum: int) -> str:
    why = "Ctrl-C" if signum == signal.SIGINT else f"tín hiệu {signal.Signals(signum).name}"
    return (f"đã dừng theo yêu cầu ({why}): các tệp đang ghi dở đã được xóa, tệp kết quả cũ (nếu có) vẫn giữ "
            "nguyên.")


def _leave_anyway(signum: int) -> None:
    """Called GRACE_SECONDS after the signal if the process is still cleaning up."""
    with contextlib.suppress(OSError):
        if os.environ.get("RECOGNISE_DEBUG", "").strip() not in ("", "0"):  # where it was stuck
            faulthandler.dump_traceback(all_threads=True)
        os.write(2, f"Lỗi: {message(signum)}\n".encode())
    os._exit(EXIT_INTERRUPTED)


def _unwinding() -> bool:
    """Whether Interrupted, or an error raised while handling it, is being handled on this thread's stack."""
    exc = sys.exc_info()[1]
    seen = 0
    while exc is not None and seen < 50:
        if isinstance(exc, Interrupted):
            return True
        exc, seen = exc.__context__, seen + 1
    return False


def _later(seconds: float, call, *args) -> None:
    timer = threading.Timer(seconds, call, args)
    timer.daemon = True
    timer.start()


@contextlib.contextmanager
def interruptible() -> Iterator[Stop]:
    """Within the block, SIGINT and SIGTERM raise Interrupted (only the main thread can set handlers)."""
    stop = Stop()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return
    main = os.getpid()

    def handler(signum: int, _frame) -> None:
        if os.getpid() != main:  # a forked worker, before engine/workers.py set its own handlers
            if signum == signal.SIGTERM:
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                os.kill(os.getpid(), signal.SIGTERM)
            return
        if stop.done or _unwinding():  # already stopping
            return
        if stop.signum is None:
            stop.signum = signum
            _later(GRACE_SECONDS, _leave_anyway, signum)
        _later(AGAIN_SECONDS, _thread.interrupt_main, stop.signum)  # in case this one is dropped
        if holding():  # a section not to be cut in two (engine/signals.py): raised in a moment
            return
        raise Interrupted(stop.signum)

    def unraisable(info) -> None:
        """A dropped Interrupted comes again: nothing to print; once stopped, neither are the complaints of
        half-made objects being collected (unless RECOGNISE_DEBUG is set)."""
        debug = os.environ.get("RECOGNISE_DEBUG", "").strip() not in ("", "0")
        if not isinstance(info.exc_value, Interrupted) and (stop.signum is None or debug):
            hook(info)

    previous = {s: signal.getsignal(s) for s in SIGNALS}
    hook = sys.unraisablehook
    sys.unraisablehook = unraisable
    for s in SIGNALS:
        signal.signal(s, handler)
    try:
        yield stop
    finally:
        stop.done = True
        if stop.signum is None:  # once stopped, the process leaves with it
            sys.unraisablehook = hook
        for s, h in previous.items():  # once stopping, the process stays deaf to them until it has left
            signal.signal(s, signal.SIG_IGN if stop.signum else h if h is not None else signal.SIG_DFL)
