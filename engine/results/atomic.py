"""Atomic publication: a file appears whole or not at all. It is written to a temporary file in the same
folder, flushed to disk, given the permissions a new file gets here (the umask), then renamed into place;
an interruption (Ctrl-C, SIGTERM, an error) leaves the previous file as it was and no temporary file behind.

What the system refuses (a folder where a file is named, a missing or read-only folder, a full disk) is an
OutputError: one sentence naming the output and the reason, raised after the temporary file is removed.
Documents are made in a staging folder inside the output folder (`open_staging`), with the same promise.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from engine.errors import RecogniseError, os_reason
from engine.signals import held

_UMASK = os.umask(0)
os.umask(_UMASK)
NEW_FILE_MODE = 0o666 & ~_UMASK  # mkstemp creates 0600; a published result is readable as any new file is
STAGING_PREFIX = ".recognise-"
KEPT = "không để lại tệp ghi dở; tệp cũ cùng tên (nếu có) vẫn giữ nguyên"


class OutputError(RecogniseError):
    """An output could not be written; nothing half-written is left."""


def output_error(target: Path, exc: OSError) -> OutputError:
    return OutputError(f"không ghi được {target} ({os_reason(exc)}); {KEPT}")


def check_target(target: Path) -> None:
    """A file can be published at `target`: it is not a folder and its folder exists."""
    if target.is_dir():
        raise OutputError(f"không ghi được {target}: đây là một thư mục, cần tên tệp")
    folder = target.parent
    if not folder.is_dir():
        why = "không phải thư mục" if folder.exists() else "không tồn tại"
        raise OutputError(f"không ghi được {target}: thư mục {folder} {why}")


# Every temporary file and staging folder not yet published or removed: removed at exit, whatever stopped the
# program between making one and handing it to the code that cleans it up (Ctrl-C lands between any two lines).
_UNFINISHED: dict[Path, None] = {}


@atexit.register
def remove_unfinished() -> None:
    for path in list(_UNFINISHED):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                path.unlink()
        _UNFINISHED.pop(path, None)


def _temporary(target: Path) -> tuple[int, Path]:
    check_target(target)
    try:
        with held():
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            _UNFINISHED[Path(tmp)] = None
    except OSError as exc:
        raise output_error(target, exc) from None
    return fd, Path(tmp)


def _done_with(path: Path) -> None:
    _UNFINISHED.pop(path, None)


class AtomicFile:
    """A file being written. `write` (also what csv.writer and json.dump call) turns a system refusal into an
    OutputError; `commit` publishes, `abort` removes the temporary file (both are safe to call twice)."""

    def __init__(self, target: Path, binary: bool = False):
        self.target = target
        fd, self.tmp = _temporary(target)
        try:
            self.handle: IO = os.fdopen(fd, "wb" if binary else "w", **({} if binary else
                                                                         {"encoding": "utf-8", "newline": ""}))
        except BaseException:
            os.close(fd)
            self.tmp.unlink(missing_ok=True)
            _done_with(self.tmp)
            raise

    def write(self, data) -> int:
        try:
            return self.handle.write(data)
        except OSError as exc:
            self.abort()
            raise output_error(self.target, exc) from None

    def writelines(self, lines: Iterable) -> None:
        for line in lines:
            self.write(line)

    def commit(self) -> None:
        try:
            self.handle.flush()
            os.fsync(self.handle.fileno())
            os.fchmod(self.handle.fileno(), NEW_FILE_MODE)
            self.handle.close()
            os.replace(self.tmp, self.target)
            _done_with(self.tmp)
        except OSError as exc:
            self.abort()
            raise output_error(self.target, exc) from None
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.handle.close()
        with contextlib.suppress(OSError):
            self.tmp.unlink()
        _done_with(self.tmp)


@contextlib.contextmanager
def atomic_text(path: Path) -> Iterator[AtomicFile]:
    target = AtomicFile(path)
    try:
        yield target
    except BaseException:
        target.abort()
        raise
    target.commit()


_EPOCH = (1980, 1, 1, 0, 0, 0)
_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def atomic_save_workbook(book, path: Path) -> None:
    """Save, then copy the archive entry by entry without the times openpyxl stamps in it: same input, same bytes.
    The copy streams each entry (a workbook of any size is never held whole in memory)."""
    fd, saved = _temporary(path)
    os.close(fd)
    tmp = None
    try:
        book.save(saved)
        fd, tmp = _temporary(path)
        with os.fdopen(fd, "wb") as handle:
            with zipfile.ZipFile(saved) as source, zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as target:
                for info in source.infolist():
                    entry = zipfile.ZipInfo(info.filename, _EPOCH)
                    entry.compress_type = zipfile.ZIP_DEFLATED
                    entry.file_size = info.file_size  # known ahead, as writestr knows it: the same headers
                    if info.filename == "docProps/core.xml":
                        target.writestr(entry, _STAMP.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", source.read(info)))
                        continue
                    with source.open(info) as data, target.open(entry, "w") as out:
                        shutil.copyfileobj(data, out, 1 << 20)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, NEW_FILE_MODE)
        os.replace(tmp, path)
    except OSError as exc:
        raise output_error(path, exc) from None
    finally:
        for left in (saved, tmp):
            if left is not None:
                left.unlink(missing_ok=True)
                _done_with(left)


def folder_error(out: Path, exc: OSError) -> OutputError:
    return OutputError(f"không ghi được vào thư mục {out} ({os_reason(exc)}); không để lại tệp ghi dở, các văn bản "
                       "cũ (nếu có) vẫn giữ nguyên")


def check_folder(out: Path) -> None:
    """Before long work: `out` is (or can be made) a folder this process may write in."""
    if out.exists() and not out.is_dir():
        raise OutputError(f"không ghi được vào {out}: đây là một tệp, không phải thư mục")
    near = next((p for p in (out, *out.parents) if p.exists()), Path("."))
    if not near.is_dir():
        raise OutputError(f"không ghi được vào {out}: {near} là một tệp, không phải thư mục")
    if not os.access(near, os.W_OK | os.X_OK):
        raise folder_error(out, OSError(errno.EROFS if _read_only(near) else errno.EACCES, ""))


def _read_only(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def open_staging(out: Path) -> tuple[Path, list[Path]]:
    """A temporary folder inside `out` (made, with its parents, when missing) to make documents in before they are
    moved into place, and the folders made for it; close_staging removes it whatever happened."""
    check_folder(out)
    created = [p for p in (out, *out.parents) if not p.exists()]  # deepest first
    try:
        out.mkdir(parents=True, exist_ok=True)
        with held():
            staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out))
            _UNFINISHED[staging] = None
        return staging, created
    except OSError as exc:
        _remove_empty(created)
        raise folder_error(out, exc) from None


def close_staging(staging: Path, created: list[Path]) -> None:
    """Remove the staging folder, and the folders made for it that received nothing."""
    shutil.rmtree(staging, ignore_errors=True)
    _done_with(staging)
    _remove_empty(created)


def _remove_empty(folders: list[Path]) -> None:
    for folder in folders:
        with contextlib.suppress(OSError):
            folder.rmdir()
