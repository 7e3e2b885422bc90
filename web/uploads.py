"""What an uploaded file is, told by its content (never by its name), and the name it may be shown under."""

from __future__ import annotations

import io
import os
import re
import unicodedata
import zipfile

from engine.errors import RecogniseError

MAX_UPLOAD_BYTES = int(os.environ.get("RECOGNISE_MAX_UPLOAD_MB", "20")) * 1024 * 1024
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SHOWN_NAME = re.compile(r"[^\w .,()+-]", re.UNICODE)


class UploadRefused(RecogniseError):
    pass


def sheet_suffix(content: bytes) -> str:
    """".xlsx", ".xls", ".ods" or ".csv" from the bytes themselves; anything else is refused."""
    if not content:
        raise UploadRefused("tệp tải lên rỗng")
    if len(content) > MAX_UPLOAD_BYTES:
        raise UploadRefused(f"tệp tải lên lớn {len(content) // 1024 // 1024} MB, tối đa "
                            f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB")
    if content.startswith(_OLE2):
        return ".xls"
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = set(archive.namelist())
                if "xl/workbook.xml" in names:
                    return ".xlsx"
                if "mimetype" in names and archive.read("mimetype").startswith(
                        b"application/vnd.oasis.opendocument.spreadsheet"):
                    return ".ods"
        except (zipfile.BadZipFile, KeyError, OSError):
            pass
        raise UploadRefused("tệp nén tải lên không phải bảng tính Excel (.xlsx) hay .ods")
    head = content[:65536]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" not in head:
        return ".csv"  # the reader finds the encoding (UTF-8, UTF-16, Windows-1258) and refuses what is not text
    raise UploadRefused("tệp tải lên không phải bảng điểm (.xlsx, .xls, .csv)")


def shown_name(filename: str | None, suffix: str) -> str:
    """The uploaded name for display and downloads: no folders, no control or markup characters, at most 100."""
    name = unicodedata.normalize("NFC", (filename or "").replace("\\", "/").rsplit("/", 1)[-1])
    name = _SHOWN_NAME.sub("_", name).strip(" .")[:100]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return (stem or "bang-diem") + suffix
