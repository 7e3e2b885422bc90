"""Atomic publication: a file appears whole or not at all. It is written to a temporary file in the same
folder, flushed to disk, given the permissions a new file gets here (the umask), then renamed into place;
an interruption leaves the previous file as it was and no temporary file behind."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

_UMASK = os.umask(0)
os.umask(_UMASK)
NEW_FILE_MODE = 0o666 & ~_UMASK  # mkstemp creates 0600; a published result is readable as any new file is


class AtomicFile:
    def __init__(self, target: Path, binary: bool = False):
        self.target = target
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
        self.tmp = Path(tmp)
        self.handle: IO = os.fdopen(fd, "wb" if binary else "w", **({} if binary else
                                                                     {"encoding": "utf-8", "newline": ""}))

    def commit(self) -> None:
        self.handle.flush()
        os.fsync(self.handle.fileno())
        os.fchmod(self.handle.fileno(), NEW_FILE_MODE)
        self.handle.close()
        os.replace(self.tmp, self.target)

    def abort(self) -> None:
        with contextlib.suppress(OSError):
            self.handle.close()
        with contextlib.suppress(OSError):
            self.tmp.unlink()


@contextlib.contextmanager
def atomic_text(path: Path) -> Iterator[IO]:
    target = AtomicFile(path)
    try:
        yield target.handle
    except BaseException:
        target.abort()
        raise
    target.commit()


_EPOCH = (1980, 1, 1, 0, 0, 0)
_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def atomic_save_workbook(book, path: Path) -> None:
    """Save, then rewrite the archive without the times openpyxl stamps in it: same input, same bytes."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    os.close(fd)
    try:
        book.save(tmp)
        with zipfile.ZipFile(tmp) as source:
            entries = [(info.filename, source.read(info)) for info in source.infolist()]
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as target:
            for name, data in entries:
                if name == "docProps/core.xml":
                    data = _STAMP.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", data)
                target.writestr(zipfile.ZipInfo(name, _EPOCH), data, zipfile.ZIP_DEFLATED)
        os.chmod(tmp, NEW_FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
