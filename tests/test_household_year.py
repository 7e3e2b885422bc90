"""The household year of a commune: 3,000 households of the example set in twelve villages, really scored,
printed and recorded.

The sheet is generated so that every outcome is known by construction: a household is recognised exactly when
its nine point indicators are each 8 or more and its book corner (3.2) is “đạt” (at least 9 · 8 + 10 = 82 points),
and denied when they are each 7 or less (at most 9 · 7 + 10 = 73 points, under the example's 80). The expected
subtotals, the notice's households and the registration list are counted from the generated rows, never from the
program's output. Rendering takes most of the time: the papers are made once per module and shared.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from pypdf import PdfReader

from engine.criteria.catalogue import find
from engine.documents.household import Extras
from engine.documents.start_of_year import read_config, write_start_of_year
from engine.documents.writer import Written, write_documents
from engine.registry.store import Decision, Registry
from engine.registry.year_lists import retention_of, year_lists
from engine.scoring.run import score_sheet

N = 3000
CODES = ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2", "4.1", "4.2"]
VILLAGES = ["Thôn Đồng Chùa", "Thôn Bãi Sậy", "Thôn Cầu Gạch", "Thôn Gò Mít", "Thôn Trại Mới", "Tổ dân phố Tân Lập",
            "Thôn Khe Mo", "Thôn Na Hoàng", "Thôn Đèo Khế", "Thôn Văn Lang", "Thôn Làng Chẽ", "Thôn Hòa Bình"]
CONFIG = """tinh: Tỉnh Thanh Sơn
xa: Xã Tân Lập
co_quan_ban_hanh: Ủy ban nhân dân xã Tân Lập
dia_danh: Tân Lập
so_quyet_dinh: 15/QĐ-UBND
ngay_quyet_dinh: 2025-01-10
nguoi_ky:
  tham_quyen: TM. ỦY BAN NHÂN DÂN
  chuc_vu: Chủ tịch
  ho_ten: Nguyễn Văn An
"""
CODE = re.compile(r"HGD-\d{5}")


def generate(path: Path) -> dict[str, tuple[str, bool]]:
    """The sheet, villages interleaved; code → (village, recognised by construction)."""
    rng = random.Random(12)
    lines, known = ["ma,ten,dia_ban," + ",".join(CODES)], {}
    for i in range(1, N + 1):
        recognised = rng.random() > 0.17
        values = [str(rng.choice([8, 9, 9.5, 10]) if recognised else rng.choice([5, 6, 7])) for _ in CODES]
        values[7] = "đạt" if recognised or rng.random() < 0.5 else "không đạt"
        code, village = f"HGD-{i:05d}", VILLAGES[rng.randrange(len(VILLAGES))]
        lines.append(f"{code},Hộ số {i},{village}," + ",".join(values))
        known[code] = (village, recognised)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return known


def squash(text: str) -> str:
    return "".join(text.split())


@cache
def _texts(path: str, mtime: float) -> tuple[str, ...]:
    return tuple(p.extract_text() or "" for p in PdfReader(path).pages)


def texts(path: Path) -> list[str]:
    return list(_texts(str(path), path.stat().st_mtime))


class Commune:
    def __init__(self, folder: Path):
        self.folder = folder
        self.known = generate(folder / "ho.csv")
        self.results = folder / "r.json"
        score_sheet(folder / "ho.csv", find("gdht-448-vidu"), outputs=[self.results], year=2024)
        self.config = folder / "c.yaml"
        self.config.write_text(CONFIG, encoding="utf-8")
        self._out = folder / "out"
        self._written: Written | None = None

    @property
    def written(self) -> Written:
        """The papers, made on first use (the registry's tests need only the scored households)."""
        if self._written is None:
            self._written = write_documents(self.results, self.config, self._out,
                                            extras=Extras(village_sheets=True, consolidated_notice=True))
        return self._written

    @property
    def out(self) -> Path:
        assert self.written is not None
        return self._out

    def codes(self, recognised: bool | None = None, village: str | None = None) -> list[str]:
        return [c for c, (v, r) in self.known.items()
                if (recognised is None or r == recognised) and (village is None or v == village)]


@pytest.fixture(scope="module")
def commune(tmp_path_factory) -> Commune:
    return Commune(tmp_path_factory.mktemp("xa-tan-lap"))


def test_outcomes_are_those_of_the_construction(commune):
    assert commune.written.recognised == len(commune.codes(True)) > 2000
    assert commune.written.denied == len(commune.codes(False)) > 300


def test_the_list_is_grouped_by_village_with_subtotals(commune):
    pages = texts(commune.out / "danh-sach.pdf")
    text = squash(" ".join(pages))
    for village in VILLAGES:
        expected = len(commune.codes(True, village))
        assert f"Cộng{squash(village)}:{expected}hộgiađình" in text, village
    assert f"Tổngsố:{len(commune.codes(True))}hộgiađình({len(VILLAGES)}thôn,tổdânphố)" in text
    listed = CODE.findall(" ".join(pages))
    assert sorted(listed) == sorted(commune.codes(True))  # each recognised household once, nobody else
    # within the list, each village's households stand together, under its heading, before its subtotal
    order = [commune.known[c][0] for c in listed]
    runs = [v for n, v in enumerate(order) if n == 0 or order[n - 1] != v]
    assert len(runs) == len(VILLAGES) and set(runs) == set(VILLAGES)


def test_the_list_pages(commune):
    pages = texts(commune.out / "danh-sach.pdf")
    rows = len(commune.codes(True)) + 2 * len(VILLAGES)  # a heading and a subtotal per village
    assert len(pages) == len(PdfReader(commune.out / "danh-sach.pdf").pages)
    assert rows / 40 < len(pages) < rows / 15, len(pages)  # one-line rows: between 15 and 40 to a page
    for number, page in enumerate(pages[1:], start=2):  # the header row repeats; no page holds only the total
        assert "STT" in page and CODE.search(page), f"page {number}"


def test_one_evaluation_sheet_per_village_with_its_households_only(commune):
    folder = commune.out / "binh-xet-thon"
    files = sorted(folder.glob("*.pdf"))
    assert len(files) == len(VILLAGES)
    seen = set()
    for f in files:
        pages = texts(f)
        village = next(v for v in VILLAGES if squash(v) in squash(pages[0]))
        listing = [p for p in pages if CODE.search(p)]  # the signatures may end on a page of their own
        assert all(squash(village) in squash(p) for p in listing), f.name  # the village on every page of rows
        codes = CODE.findall(" ".join(pages))
        assert sorted(codes) == sorted(commune.codes(None, village)), f.name  # recognised or not
        assert "Đồngý" in squash(pages[0]) and "Đạidiệnhộgiađìnhký" in squash(pages[0])
        seen.add(village)
    assert seen == set(VILLAGES)
    together = len(PdfReader(commune.out / "binh-xet-thon.pdf").pages)
    assert together == sum(len(PdfReader(f).pages) for f in files)


def test_one_consolidated_notice_lists_every_denied_household_once_by_village(commune):
    assert not (commune.out / "thong-bao-khong-dat.pdf").exists()
    text = " ".join(texts(commune.out / "thong-bao-chung.pdf"))
    codes = CODE.findall(text)
    assert sorted(codes) == sorted(commune.codes(False))
    flat = squash(text)
    for village in VILLAGES:
        assert f"Cộng{squash(village)}:{len(commune.codes(False, village))}hộgiađình" in flat, village
    order = [commune.known[c][0] for c in codes]
    assert len([v for n, v in enumerate(order) if n == 0 or order[n - 1] != v]) == len(VILLAGES)
    assert f"Tổngsố:{len(commune.codes(False))}hộgiađìnhchưađủđiềukiện" in flat


# --- the start of the next year, from the registry -----------------------------------------------


def _record(book: Registry, subjects: list[dict], year: int, number: str, day: date) -> None:
    rows = {"criteria": {"id": "gdht-448-vidu", "title": "Gia đình học tập (bộ minh họa)", "sha256": "-",
                         "year": year}, "subjects": subjects}
    book.record(rows, Decision(number, day, "Tỉnh Thanh Sơn", "Xã Tân Lập"))


def _subject(commune: Commune, code: str, recognised: bool, total: int) -> dict:
    return {"id": code, "name": f"Hộ số {int(code[4:])}", "area": commune.known[code][0],
            "grade": "Đạt" if recognised else "Chưa đạt", "level": None, "recognised": recognised, "total": total}


@pytest.fixture(scope="module")
def registry(commune, tmp_path_factory) -> Registry:
    """2020: households 1–600 recognised; 2021: 601–900; 2023: 1–300 again and 901–3000 as scored (the first 100 of
    them denied)."""
    book = Registry(f"sqlite:///{tmp_path_factory.mktemp('so') / 'so.sqlite3'}")
    codes = sorted(commune.known)
    _record(book, [_subject(commune, c, True, 90) for c in codes[:600]], 2020, "10/QĐ-UBND", date(2021, 1, 8))
    _record(book, [_subject(commune, c, True, 88) for c in codes[600:900]], 2021, "11/QĐ-UBND", date(2022, 1, 7))
    later = [_subject(commune, c, True, 95) for c in codes[:300]]
    later += [_subject(commune, c, n >= 100, 95 if n >= 100 else 70) for n, c in enumerate(codes[900:])]
    _record(book, later, 2023, "12/QĐ-UBND", date(2024, 1, 9))
    return book


def test_registration_carries_last_years_result(commune, registry, tmp_path):
    lists = year_lists(registry, find("gdht-448-vidu").criteria, 2024, retention_of(36, "Quy định của tỉnh (thử)"),
                       province="Tỉnh Thanh Sơn", commune="Xã Tân Lập")
    by_code = {e.subject: e for e in lists.entries}
    assert len(by_code) == N
    codes = sorted(commune.known)
    assert by_code[codes[0]].last_result() == "Được công nhận: Đạt (95 điểm)"
    assert by_code[codes[900]].last_result() == "Không được công nhận: Chưa đạt (70 điểm)"
    assert by_code[codes[400]].last_result() == "Chưa đánh giá"  # recognised in 2020, nothing in 2023
    # the papers for the households of one sheet (two villages), in print
    sheet = [(c, f"Hộ số {int(c[4:])}", commune.known[c][0]) for c in codes if commune.known[c][0] in VILLAGES[:2]]
    lists = year_lists(registry, find("gdht-448-vidu").criteria, 2024, retention_of(36, "Quy định của tỉnh (thử)"),
                       province="Tỉnh Thanh Sơn", commune="Xã Tân Lập", subjects=sheet)
    files = write_start_of_year(lists, find("gdht-448-vidu").criteria, read_config(commune.config), tmp_path)
    assert [f.name for f in files] == ["dang-ky.pdf", "den-han-cong-nhan-lai.pdf", "nang-muc-do.pdf"]
    text = " ".join(texts(tmp_path / "dang-ky.pdf"))
    assert sorted(CODE.findall(text)) == sorted(c for c, _, _ in sheet)
    flat = squash(text)
    for village, count in Counter(v for _, _, v in sheet).items():
        assert f"Cộng{squash(village)}:{count}hộgiađình" in flat
    assert "Kếtquảnăm2023" in flat and "Đượccôngnhận:Đạt(95điểm)" in flat
    due = " ".join(texts(tmp_path / "den-han-cong-nhan-lai.pdf"))
    assert sorted(CODE.findall(due)) == sorted(c for c, _, _ in sheet if c in set(codes[300:600]))


def test_renewal_as_the_rules_decide(commune, registry, tmp_path):
    """Kept 36 months after the year of recognition: 2020's are kept through 2023 and due in 2024, 2021's in 2025;
    the households recognised again in 2023 are not due."""
    codes = sorted(commune.known)
    cs = find("gdht-448-vidu").criteria
    kept = retention_of(36, "Quy định của tỉnh (thử)")
    due_2024 = {e.subject for e in year_lists(registry, cs, 2024, kept).due()}
    assert due_2024 == set(codes[300:600])
    due_2025 = {e.subject for e in year_lists(registry, cs, 2025, kept).due()}
    assert due_2025 == set(codes[600:900])
    # recognised for its year only: every household recognised in 2023 is due in 2024
    annual = {e.subject for e in year_lists(registry, cs, 2024, retention_of(None, None)).due()}
    assert annual == set(codes[:300]) | set(codes[1000:])


def test_higher_level_as_the_rules_decide(tmp_path):
    """TT 24/2023 Art. 5.3: level 2 at least 12 months after the decision recognising level 1, counted to 31/12."""
    loaded = find("dvht-huyen-tt24-2023")
    book = Registry(f"sqlite:///{tmp_path / 'so.sqlite3'}")
    rows = {"criteria": {"id": loaded.criteria.id, "title": loaded.criteria.title, "sha256": "-", "year": 2023},
            "subjects": [{"id": "DV-1", "name": "Trường A", "area": "Huyện X", "grade": None, "level": 1,
                          "recognised": True, "total": None}]}
    book.record(rows, Decision("5/QĐ-UBND", date(2024, 1, 2)))
    rows["criteria"]["year"] = 2024
    rows["subjects"] = [{**rows["subjects"][0], "id": "DV-2", "name": "Trường B"},
                        {**rows["subjects"][0], "id": "DV-3", "name": "Trường C", "level": 2}]
    book.record(rows, Decision("9/QĐ-UBND", date(2025, 3, 1)))
    lists = year_lists(book, loaded.criteria, 2025, retention_of(36, "Điều 5 khoản 4"))
    higher = {e.subject: e.higher for e in lists.higher()}
    # DV-1: 23 months on 31/12/2025; DV-2: 9 months (not yet); DV-3 holds level 2, the highest
    assert higher == {"DV-1": 2}
    why = {e.subject: e.higher_why for e in lists.entries}
    assert "chưa đủ 12 tháng" in why["DV-2"] and "đủ 12 tháng" in why["DV-1"]


# --- one result sheet per household ---------------------------------------------------------------


def test_one_result_sheet_page_per_household(tmp_path):
    """Twelve households of the sample: one page each, every criterion and indicator with its points and clause."""
    sample = (Path(__file__).resolve().parent.parent / "samples" / "gdht-vidu-ho-gia-dinh.csv").read_text(
        encoding="utf-8").splitlines()
    (tmp_path / "ho.csv").write_text("\n".join(sample[:13]) + "\n", encoding="utf-8")
    score_sheet(tmp_path / "ho.csv", find("gdht-448-vidu"), outputs=[tmp_path / "r.json"], year=2024)
    (tmp_path / "c.yaml").write_text(CONFIG, encoding="utf-8")
    write_documents(tmp_path / "r.json", tmp_path / "c.yaml", tmp_path / "out", extras=Extras(result_sheets=True))
    rows = [line.split(",") for line in sample[1:13]]
    pages = texts(tmp_path / "out" / "phieu-ket-qua.pdf")
    assert len(pages) == len(rows)
    names = {row[0]: row[1] for row in rows}
    on_pages = [re.search(r"\(mã (HGD-\d+)\)", " ".join(page.split())).group(1) for page in pages]
    assert sorted(on_pages) == sorted(names)  # each household once, in the list's order (recognised first)
    for code, page in zip(on_pages, pages, strict=True):
        flat = squash(page)
        assert squash(names[code]) in flat
        for code in ("TC1", "TC2", "TC3", "TC4", *CODES):
            assert code in page
        assert "QĐ448/QĐ-KHVNphầnAmục1" in flat and "Kếtluận:" in flat
