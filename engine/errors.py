"""One hierarchy for every error a user can meet: what went wrong, where (file, line, key) and, when a
name was mistyped, the name that was probably meant ("có phải … không?")."""

from __future__ import annotations

import difflib
import errno

from engine.vn.text import fold


def did_you_mean(word: str, choices: list[str] | tuple[str, ...] | set[str]) -> str | None:
    """The known name closest to a mistyped one, compared without case or diacritics."""
    folded = {fold(c): c for c in choices}
    close = difflib.get_close_matches(fold(word), list(folded), n=1, cutoff=0.6)
    return folded[close[0]] if close else None


def hint_text(hint: str | None) -> str:
    return f" (có phải “{hint}” không?)" if hint else ""


class RecogniseError(Exception):
    """`message` is one Vietnamese sentence; `file`, `line`, `key` say where, `hint` what was probably meant."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None, key: str | None = None,
                 hint: str | None = None):
        self.message, self.file, self.line, self.key, self.hint = message, file, line, key, hint
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ":".join(str(x) for x in (self.file, self.line) if x is not None)
        head = ": ".join(x for x in (where, self.key) if x)
        return (f"{head}: " if head else "") + self.message + hint_text(self.hint)


_OS_REASONS = {
    errno.ENOENT: "không có tệp hoặc thư mục này",
    errno.EACCES: "không có quyền",
    errno.EPERM: "không được phép",
    errno.EISDIR: "đây là một thư mục",
    errno.ENOTDIR: "một phần của đường dẫn không phải thư mục",
    errno.ENOSPC: "hết chỗ trên đĩa",
    errno.EDQUOT: "hết hạn mức dung lượng",
    errno.EFBIG: "tệp vượt giới hạn kích thước được phép",
    errno.EROFS: "ổ đĩa chỉ đọc",
    errno.EEXIST: "đã có tệp cùng tên",
    errno.ENAMETOOLONG: "tên tệp quá dài",
    errno.ELOOP: "liên kết vòng",
    errno.EIO: "lỗi đọc ghi thiết bị",
    errno.ENOTEMPTY: "thư mục không trống",
    errno.EBUSY: "tệp đang được dùng",
}


def os_reason(exc: OSError) -> str:
    """Why the system refused, in Vietnamese (the system's own words only for a rare error)."""
    return _OS_REASONS.get(exc.errno or 0, exc.strerror or type(exc).__name__)
