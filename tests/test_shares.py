"""The shares' input preparation (engine/registry/lower.py): which recognitions and which totals line belong to
a district. Matched exactly, never by a part of a name; the province only tells apart districts of one name."""

from __future__ import annotations

from datetime import date

import pytest

from engine.criteria.catalogue import find
from engine.registry.lower import ShareError, Shares, lower_records
from engine.registry.store import Decision, Registry
from engine.targets.report import TotalsRow

XA = "Cộng đồng học tập cấp xã"


def _rule(key: str):
    inp = next(i for _, ind in find("cdht-huyen-tt25-2023").criteria.indicators() for i in ind.input_list()
               if i.key == key)
    return inp.registry_share


def _record(registry: Registry, year: int, subjects: dict[str, tuple[str, int]], province: str,
            issuing: str = "") -> None:
    results = {"criteria": {"id": "cdht-xa-tt25-2023", "title": XA, "sha256": "-", "year": year},
               "subjects": [{"id": code, "name": code, "area": area, "grade": None, "level": level,
                             "recognised": level >= 1} for code, (area, level) in subjects.items()]}
    registry.record(results, Decision(f"{year}/QĐ", date(year + 1, 3, 1), province, issuing))


def _line(n: int, place: tuple[str, ...], total: int) -> TotalsRow:
    return TotalsRow(n, "huyen", place, "cdht-xa", total, None)


@pytest.fixture
def registry(tmp_path) -> Registry:
    book = Registry(f"sqlite:///{tmp_path / 'so.sqlite3'}")
    # two districts named Châu Thành, in two provinces; one named by the decision's area only
    _record(book, 2024, {"CT-1": ("Xã An Hòa, Huyện Châu Thành, Tỉnh Tiền Giang", 1),
                         "CT-2": ("Xã Bình Đức, Huyện Châu Thành, Tỉnh Tiền Giang", 2)}, "Tỉnh Tiền Giang")
    _record(book, 2024, {"BT-1": ("Xã An Khánh, Huyện Châu Thành, Tỉnh Bến Tre", 1)}, "Tỉnh Bến Tre")
    _record(book, 2023, {"PL-1": ("Xã Yên Đổ", 1), "PL-2": ("Xã Yên Ninh", 0)}, "Tỉnh Thái Nguyên",
            issuing="Huyện Phú Lương")
    _record(book, 2023, {"PLM-1": ("Xã Mới, Huyện Phú Lương Mới, Tỉnh Thái Nguyên", 1)}, "Tỉnh Thái Nguyên")
    return book


def test_recognitions_by_the_decisions_area_or_their_own_never_by_a_part_of_a_name(registry):
    shares = Shares({XA: lower_records(registry, XA)}, 2024,
                    [_line(2, ("Huyện Phú Lương", "Tỉnh Thái Nguyên"), 4)], "tong-so.csv")
    share = shares.of("H-PL", "huyện  phú lương", "Tỉnh Thái Nguyên", _rule("4.1a"))
    assert (share.recognised, share.total) == (1, 4)  # PL-1 only: PL-2 not recognised; Phú Lương Mới is not it


def test_the_province_tells_apart_two_districts_of_one_name(registry):
    lines = [_line(2, ("Huyện Châu Thành", "Tỉnh Tiền Giang"), 23), _line(3, ("Huyện Châu Thành", "Bến Tre"), 21)]
    shares = Shares({XA: lower_records(registry, XA)}, 2024, lines, "tong-so.csv")
    tien_giang = shares.of("H-CT", "Huyện Châu Thành", "Tiền Giang", _rule("4.1a"))
    assert (tien_giang.recognised, tien_giang.total) == (2, 23)
    assert shares.of("H-CT", "Huyện Châu Thành", "Tiền Giang", _rule("4.1b")).recognised == 1  # CT-2 only
    ben_tre = shares.of("H-CT2", "Huyện Châu Thành", "Tỉnh Bến Tre", _rule("4.1a"))
    assert (ben_tre.recognised, ben_tre.total) == (1, 21)
    with pytest.raises(ShareError, match="dòng 2, 3"):  # no province on the sheet: which one is not known
        shares.of("H-CT", "Huyện Châu Thành", "", _rule("4.1a"))


def test_a_part_of_a_name_is_not_the_district(registry):
    shares = Shares({XA: lower_records(registry, XA)}, 2024,
                    [_line(2, ("Huyện Phú Lương", "Tỉnh Thái Nguyên"), 4)], "tong-so.csv")
    with pytest.raises(ShareError, match="không có trong tệp tổng số tong-so.csv"):
        shares.of("H-P", "Huyện Phú", "Tỉnh Thái Nguyên", _rule("4.1a"))
    with pytest.raises(ShareError, match="không có trong tệp tổng số"):
        shares.of("H-PL", "Phú Lương", "Tỉnh Thái Nguyên", _rule("4.1a"))  # not the full name
