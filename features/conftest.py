"""Các bước của bản đặc tả tiếng Việt (pytest-bdd).

Mỗi tình huống ghi bảng dữ liệu Gherkin thành một bảng điểm CSV trong thư mục tạm, chấm bằng bộ máy thật
(`engine.scoring.run.score_sheet` với bộ tiêu chí chính thức), rồi so kết quả với các con số tính tay ghi trong tệp
.feature. Không có mock.

Số thập phân viết kiểu Việt Nam (`84,5`) được đọc bằng `so_vn`, độc lập với cách bộ máy đọc số.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest
from pytest_bdd import given, parsers, then, when

from engine.criteria import catalogue
from engine.scoring.run import RunResult, score_sheet
from engine.sheets.reader import RowError, SheetError

SO_VN = r"\d+(?:,\d+)?"
CHU_THE = r"(?P<kieu>xã|huyện|tỉnh|đơn vị)"
MA = r'"(?P<ma>[^"]+)"'
KIEU_CHU_THE = {"xã": "commune", "huyện": "district", "tỉnh": "province", "đơn vị": "unit"}


def so_vn(text: str) -> Decimal:
    """`84,5` → Decimal("84.5"); chỉ nhận dấu phẩy thập phân như trong văn bản hành chính."""
    if not re.fullmatch(SO_VN, text):
        raise ValueError(f"không phải số viết kiểu Việt Nam: {text!r}")
    return Decimal(text.replace(",", "."))


@dataclass
class PhienCham:
    """Một lần hội đồng chấm: bảng điểm, bộ tiêu chí, kết quả và đối tượng đang được nói tới."""

    thu_muc: Path
    bo: str | None = None
    bang: Path | None = None
    ket_qua: RunResult | None = None
    loi_bang: SheetError | None = None
    dang_xet: dict | None = None
    loi_dang_xet: list[RowError] = field(default_factory=list)

    def kq(self) -> RunResult:
        assert self.loi_bang is None, f"bảng điểm bị trả lại: {self.loi_bang}"
        assert self.ket_qua is not None, "hội đồng chưa chấm bảng điểm (thiếu bước “Khi hội đồng chấm bảng điểm”)"
        return self.ket_qua

    def chu_the(self, kieu: str, ma: str) -> dict:
        kq = self.kq()
        found = [s for s in kq.shown if s["id"] == ma]
        if not found:
            loi = "; ".join(f"dòng {e.row} cột {e.column}: {e.message}" for e in kq.errors) or "không có"
            pytest.fail(f"{kieu} {ma!r} không có trong kết quả chấm; các mã được chấm: "
                        f"{[s['id'] for s in kq.shown]}; lỗi bảng điểm: {loi}")
        loaded = catalogue.find(self.bo or "")
        expected_kind = KIEU_CHU_THE[kieu]
        assert loaded.criteria.subject_kind == expected_kind, (
            f"bộ tiêu chí {self.bo} dùng cho {loaded.criteria.subject_kind}, không phải {kieu}")
        self.dang_xet = found[0]
        return found[0]

    def hien_tai(self) -> dict:
        assert self.dang_xet is not None, "chưa nói tới đơn vị, xã, huyện hay tỉnh nào"
        return self.dang_xet

    def chi_tieu(self, code: str) -> dict:
        subject = self.hien_tai()
        for crit in subject["criteria"]:
            for ind in crit["indicators"]:
                if ind["code"] == code:
                    return ind
        pytest.fail(f"{subject['id']}: không có chỉ tiêu {code}")

    def tieu_chi(self, code: str) -> dict:
        subject = self.hien_tai()
        for crit in subject["criteria"]:
            if crit["code"] == code:
                return crit
        pytest.fail(f"{subject['id']}: không có tiêu chí {code}")


def _ly_do(subject: dict) -> str:
    return "\n".join(subject["reasons"])


@pytest.fixture
def phien(tmp_path: Path) -> PhienCham:
    return PhienCham(tmp_path)


# --- Cho ------------------------------------------------------------------------------------

@given(parsers.parse('bộ tiêu chí "{bo}" là bộ chính thức theo Thông tư số {so}'))
def bo_chinh_thuc(phien: PhienCham, bo: str, so: str) -> None:
    cs = catalogue.find(bo).criteria
    assert cs.status == "official", f"bộ {bo} có trạng thái {cs.status}"
    assert cs.source.number == so, f"bộ {bo} căn cứ {cs.source.number}, không phải {so}"
    phien.bo = bo


@given(parsers.parse('bảng điểm theo bộ tiêu chí "{bo}" với các dòng:'))
def bang_diem(phien: PhienCham, bo: str, datatable: list[list[str]]) -> None:
    catalogue.find(bo)  # bộ không có thì dừng ngay, với danh sách các bộ hiện có
    assert phien.bo in (None, bo), f"bối cảnh nói bộ {phien.bo}, bảng điểm lại theo bộ {bo}"
    phien.bo = bo
    phien.bang = phien.thu_muc / "bang_diem.csv"
    with phien.bang.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(datatable)


# --- Khi ------------------------------------------------------------------------------------

@when("hội đồng chấm bảng điểm")
def cham(phien: PhienCham) -> None:
    _cham(phien, None)


@when(parsers.re(r"hội đồng chấm bảng điểm của năm đánh giá (?P<nam>\d{4})"), converters={"nam": int})
def cham_nam(phien: PhienCham, nam: int) -> None:
    """Thời gian kể từ quyết định công nhận mức độ 1 (cột “Ngày công nhận mức độ 1”) tính đến 31/12 năm này."""
    _cham(phien, nam)


def _cham(phien: PhienCham, nam: int | None) -> None:
    assert phien.bang is not None and phien.bo is not None, "chưa có bảng điểm"
    try:
        phien.ket_qua = score_sheet(phien.bang, catalogue.find(phien.bo), outputs=[], keep=1000, year=nam)
    except SheetError as exc:  # cả bảng không đọc được: bước “Thì” sau đó nói có chờ điều này hay không
        phien.loi_bang = exc


# --- Thì: điểm và xếp loại (Thông tư 22/2020) --------------------------------------------------

@then(parsers.re(CHU_THE + " " + MA + r' đạt tổng "(?P<tong>' + SO_VN + r')" điểm, xếp loại "(?P<loai>[^"]+)"'),
      converters={"tong": so_vn})
def tong_va_xep_loai(phien: PhienCham, kieu: str, ma: str, tong: Decimal, loai: str) -> None:
    subject = phien.chu_the(kieu, ma)
    assert subject["total"] is not None, f"{ma}: bộ tiêu chí không chấm điểm"
    assert Decimal(str(subject["total"])) == tong, f"{ma}: tổng {subject['total']}, cần {tong}"
    assert subject["grade"] == loai, f"{ma}: xếp loại {subject['grade']}, cần {loai}"


@then(parsers.re(r'chỉ số "(?P<code>[^"]+)" được "(?P<diem>' + SO_VN + r')" điểm'), converters={"diem": so_vn})
def diem_chi_so(phien: PhienCham, code: str, diem: Decimal) -> None:
    ind = phien.chi_tieu(code)
    assert Decimal(str(ind["points"])) == diem, f"chỉ số {code}: {ind['points']} điểm, cần {diem}"


@then(parsers.re(r'tiêu chí "(?P<code>[^"]+)" được "(?P<diem>' + SO_VN + r')" điểm'), converters={"diem": so_vn})
def diem_tieu_chi(phien: PhienCham, code: str, diem: Decimal) -> None:
    crit = phien.tieu_chi(code)
    assert Decimal(str(crit["points"])) == diem, f"tiêu chí {code}: {crit['points']} điểm, cần {diem}"


# --- Thì: mức độ (Thông tư 24/2023, 25/2023) ---------------------------------------------------

@then(parsers.re(CHU_THE + " " + MA + r" đạt mức độ (?P<muc>\d+)"), converters={"muc": int})
def dat_muc_do(phien: PhienCham, kieu: str, ma: str, muc: int) -> None:
    subject = phien.chu_the(kieu, ma)
    assert subject["level"] == muc, f"{ma}: mức độ {subject['level']}, cần {muc}\n{_ly_do(subject)}"
    assert subject["recognised"] is True


@then(parsers.re(CHU_THE + " " + MA + r" không đạt mức độ nào"))
def khong_dat(phien: PhienCham, kieu: str, ma: str) -> None:
    subject = phien.chu_the(kieu, ma)
    assert subject["level"] == 0, f"{ma}: đạt mức độ {subject['level']}, cần không đạt\n{_ly_do(subject)}"
    assert subject["recognised"] is False


@then(parsers.re(CHU_THE + " " + MA + r" (?P<cong_nhan>được công nhận|không được công nhận)"))
def cong_nhan(phien: PhienCham, kieu: str, ma: str, cong_nhan: str) -> None:
    subject = phien.chu_the(kieu, ma)
    assert subject["recognised"] is (cong_nhan == "được công nhận"), f"{ma}: {_ly_do(subject)}"


@then(parsers.re(r'tiêu chí "(?P<code>[^"]+)" (?P<ket>đạt|chưa đạt) mức độ (?P<muc>\d+)'), converters={"muc": int})
def tieu_chi_muc_do(phien: PhienCham, code: str, ket: str, muc: int) -> None:
    crit = phien.tieu_chi(code)
    assert (muc in crit["met"]) is (ket == "đạt"), f"tiêu chí {code} đạt các mức độ {crit['met']}"


@then(parsers.re(r'chỉ tiêu "(?P<code>[^"]+)" (?P<ket>đạt|không đạt)'))
def ket_qua_chi_tieu(phien: PhienCham, code: str, ket: str) -> None:
    ind = phien.chi_tieu(code)
    assert ind["result"] == ket, f"chỉ tiêu {code}: {ind['result']} ({ind['reason']})"


@then(parsers.re(r'chỉ tiêu "(?P<code>[^"]+)" không áp dụng'))
def khong_ap_dung(phien: PhienCham, code: str) -> None:
    ind = phien.chi_tieu(code)
    assert ind["result"] == "không áp dụng", f"chỉ tiêu {code}: {ind['result']} ({ind['reason']})"
    parts = ind["reason"].split(" | ")
    assert all(p.startswith("không áp dụng") for p in parts), f"chỉ tiêu {code}: {ind['reason']}"


@then(parsers.re(r'mức độ (?P<muc>\d+) đang chờ, lý do có "(?P<text>[^"]+)"'), converters={"muc": int})
def muc_do_dang_cho(phien: PhienCham, muc: int, text: str) -> None:
    """Đủ tiêu chí của mức độ nhưng chưa đủ thời gian kể từ quyết định công nhận mức độ thấp hơn."""
    subject = phien.hien_tai()
    cho = {p["level"]: p["reason"] for p in subject.get("pending", [])}
    assert muc in cho, f"{subject['id']}: không có mức độ {muc} đang chờ; đang chờ: {cho}\n{_ly_do(subject)}"
    assert text in cho[muc], f"{subject['id']}: mức độ {muc} đang chờ vì {cho[muc]!r}"


@then("không có mức độ nào đang chờ")
def khong_cho(phien: PhienCham) -> None:
    subject = phien.hien_tai()
    assert not subject.get("pending"), f"{subject['id']}: đang chờ {subject['pending']}"


@then(parsers.re(r"quyết định công nhận mức độ 1 ngày (?P<ngay>\d{2}/\d{2}/\d{4}) đã được (?P<so>\d+) tháng"),
      converters={"so": int})
def thoi_gian_tu_muc_do_1(phien: PhienCham, ngay: str, so: int) -> None:
    subject = phien.hien_tai()
    history = subject.get("history") or {}
    d, m, y = ngay.split("/")
    assert history.get("level_1_decision") == f"{y}-{m}-{d}", f"{subject['id']}: {history}"
    assert history.get("months") == so, f"{subject['id']}: {history}"
    assert history.get("from") == "bang-diem", f"{subject['id']}: {history}"


# --- Thì: lý do ------------------------------------------------------------------------------

@then(parsers.re(r'lý do có "(?P<text>[^"]+)"'))
def ly_do_co(phien: PhienCham, text: str) -> None:
    subject = phien.hien_tai()
    assert text in _ly_do(subject), f"{subject['id']}: lý do là\n{_ly_do(subject)}"


@then(parsers.re(r'lý do không có "(?P<text>[^"]+)"'))
def ly_do_khong_co(phien: PhienCham, text: str) -> None:
    subject = phien.hien_tai()
    assert text not in _ly_do(subject), f"{subject['id']}: lý do là\n{_ly_do(subject)}"


@then(parsers.re(r'lý do của chỉ tiêu "(?P<code>[^"]+)" có "(?P<text>[^"]+)"'))
def ly_do_chi_tieu_co(phien: PhienCham, code: str, text: str) -> None:
    ind = phien.chi_tieu(code)
    assert text in ind["reason"], f"chỉ tiêu {code}: lý do là {ind['reason']}"


@then(parsers.re(r'lý do của chỉ tiêu "(?P<code>[^"]+)" không có "(?P<text>[^"]+)"'))
def ly_do_chi_tieu_khong_co(phien: PhienCham, code: str, text: str) -> None:
    ind = phien.chi_tieu(code)
    assert text not in ind["reason"], f"chỉ tiêu {code}: lý do là {ind['reason']}"


@then(parsers.re(r'căn cứ của chỉ tiêu "(?P<code>[^"]+)" là "(?P<text>[^"]+)"'))
def can_cu_chi_tieu(phien: PhienCham, code: str, text: str) -> None:
    ind = phien.chi_tieu(code)
    assert ind["source"] == text, f"chỉ tiêu {code}: căn cứ {ind['source']}"


# --- Thì: dòng sai và tổng hợp ------------------------------------------------------------------

@then(parsers.re(r'dòng (?P<dong>\d+) bị loại vì cột "(?P<cot>[^"]+)"'), converters={"dong": int})
def dong_bi_loai(phien: PhienCham, dong: int, cot: str) -> None:
    kq = phien.kq()
    errors = [e for e in kq.errors if e.row == dong and e.column == cot]
    assert errors, (f"không có lỗi ở dòng {dong} cột {cot}; các lỗi: "
                    f"{[(e.row, e.column, e.message) for e in kq.errors]}")
    assert not [s for s in kq.shown if s["row"] == dong], f"dòng {dong} bị loại nhưng vẫn được chấm"
    phien.loi_dang_xet = errors


@then(parsers.re(r'thông báo lỗi có "(?P<text>[^"]+)"'))
def thong_bao_loi(phien: PhienCham, text: str) -> None:
    assert phien.loi_dang_xet, "chưa nói tới dòng bị loại nào"
    messages = [e.message for e in phien.loi_dang_xet]
    assert any(text in m for m in messages), f"thông báo lỗi là {messages}"


@then(parsers.re(r"vẫn chấm các dòng còn lại: (?P<danh_sach>.+)"))
def van_cham(phien: PhienCham, danh_sach: str) -> None:
    wanted = re.findall(r'"([^"]+)"', danh_sach)
    assert wanted, "cần danh sách mã trong ngoặc kép"
    got = [s["id"] for s in phien.kq().shown]
    assert got == wanted, f"được chấm: {got}, cần: {wanted}"


@then("không có dòng nào bị loại")
def khong_loai(phien: PhienCham) -> None:
    errors = phien.kq().errors
    assert not errors, f"các lỗi: {[(e.row, e.column, e.message) for e in errors]}"


@then(parsers.re(r"có (?P<so>\d+) (?:đơn vị|xã|huyện|tỉnh) được công nhận và (?P<loai>\d+) dòng bị loại"),
      converters={"so": int, "loai": int})
def tong_hop(phien: PhienCham, so: int, loai: int) -> None:
    summary = phien.kq().summary
    assert summary["recognised"] == so, f"tổng hợp: {summary}"
    assert summary["rejected"] == loai, f"tổng hợp: {summary}"


@then(parsers.re(r'cả bảng điểm bị trả lại, thông báo có "(?P<text>[^"]+)"'))
def bang_bi_tra_lai(phien: PhienCham, text: str) -> None:
    assert phien.loi_bang is not None, f"bảng điểm không bị trả lại; tổng hợp: {phien.kq().summary}"
    assert text in str(phien.loi_bang), f"thông báo là: {phien.loi_bang}"
from steps_documents import *  # noqa: E402,F401,F403
from steps_review import *  # noqa: E402,F401,F403
