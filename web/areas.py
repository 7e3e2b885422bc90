"""Areas as paths of names, from the province down: "Tỉnh Bắc Kạn/Huyện Ba Bể/Xã Khang Ninh".

A user works in one area; districts, provinces and the Hội also read the areas below theirs. Comparisons use
a key that ignores case and spacing but keeps every diacritic: "xã  Khang Ninh" and "Xã Khang Ninh" are one
area, "Xã Tân An" and "Xã Tấn An" are two.
"""

from __future__ import annotations

from engine.vn.text import nfc

SEPARATOR = "/"
MAX_LENGTH = 500
ROLES = {
    "xa": "Hội đồng cấp xã",
    "huyen": "Cấp huyện (các năm trước năm 2025)",
    "tinh": "Cấp tỉnh",
    "hoi": "Hội Khuyến học",
    "quan-tri": "Quản trị",
}
READS_BELOW = frozenset({"huyen", "tinh", "hoi"})  # roles that read the areas below their own


class AreaError(ValueError):
    pass


def clean(area: str) -> str:
    """The area as shown: NFC, each name trimmed and single-spaced, no empty names."""
    names = [" ".join(nfc(part).split()) for part in area.split(SEPARATOR)]
    if not area.strip() or any(not n for n in names):
        raise AreaError(f"địa bàn “{area}” không hợp lệ: viết các cấp cách nhau bằng “/”, "
                        "ví dụ “Tỉnh Bắc Kạn/Xã Khang Ninh”")
    shown = SEPARATOR.join(names)
    if len(shown) > MAX_LENGTH:
        raise AreaError(f"địa bàn dài {len(shown)} ký tự, tối đa {MAX_LENGTH}")
    return shown


def key(area: str) -> str:
    return clean(area).casefold()


def within(inner_key: str, outer_key: str) -> bool:
    """`inner_key` is `outer_key` or an area below it (whole names only: "Xã A" is not within "Xã An")."""
    return inner_key == outer_key or inner_key.startswith(outer_key + SEPARATOR)


def may_read(role: str, user_key: str, area_key: str) -> bool:
    if role == "quan-tri":
        return True
    if role in READS_BELOW:
        return within(area_key, user_key)
    return area_key == user_key


def may_change(role: str, user_key: str, area_key: str) -> bool:
    """Only a user of that very area changes its scores, papers and records; the administrator manages accounts."""
    return role != "quan-tri" and area_key == user_key


def may_review(role: str, user_key: str, area_key: str) -> bool:
    """Packages sent up from strictly below the reviewer's area."""
    return role in READS_BELOW and area_key != user_key and within(area_key, user_key)


def last_name(area: str) -> str:
    return area.rsplit(SEPARATOR, 1)[-1]
