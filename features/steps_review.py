"""Các bước rà soát hồ sơ (ra_soat.feature): Hội Khuyến học chấm lại bảng điểm của từng gói, đối chiếu kết quả kê khai.

Mỗi gói hồ sơ là một thư mục trong thư mục tạm: goi.yaml, bảng điểm CSV ghi từ bảng dữ liệu Gherkin, kết quả kê khai
(ket-qua.json do bộ máy thật chấm ra, hoặc ket-qua.csv gõ tay từ bảng dữ liệu). Bước “Khi” chạy lệnh thật
`recognise review … --json … --output …` qua CliRunner; các bước “Thì” đọc tệp phát hiện JSON. Không có mock.

Tệp này được conftest.py nạp bằng `from steps_review import *`: chỉ các tên trong `__all__` (fixture `ra_soat` và các
fixture bước `pytestbdd_*` do pytest-bdd sinh ra) được đưa sang, không che tên nào của conftest.py.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import html5lib
import pytest
import yaml
from pytest_bdd import given, parsers, then, when
from typer.testing import CliRunner

from cli.app import app
from engine.criteria import catalogue
from engine.registry.store import Decision, Registry
from engine.scoring.run import score_sheet
from engine.vn.text import fold

DIA_BAN = r'(?P<kieu>xã|huyện|tỉnh) "(?P<ten>[^"]+)"'


@dataclass
class RaSoat:
    """Các gói hồ sơ đang xét, lần rà soát và những gì nó phát hiện."""

    thu_muc: Path
    goi: dict[str, Path] = field(default_factory=dict)  # tên địa bàn → thư mục gói
    so_cong_nhan: str | None = None
    ma_thoat: int | None = None
    ket_qua: dict | None = None
    dang_xet: dict | None = None

    def thu_muc_goi(self, ten: str) -> Path:
        assert ten in self.goi, f"chưa có hồ sơ của {ten!r}; các hồ sơ: {list(self.goi)}"
        return self.goi[ten]

    def phat_hien(self) -> list[dict]:
        assert self.ket_qua is not None, "chưa rà soát (thiếu bước “Khi Hội Khuyến học rà soát hồ sơ …”)"
        return self.ket_qua["findings"]

    def ke(self) -> str:
        return "\n".join(f"  {f['package']} | {f['subject']} | {f['kind']} | {f['message']}" for f in self.phat_hien()) \
            or "  (không có)"


@pytest.fixture
def ra_soat(tmp_path: Path) -> RaSoat:
    return RaSoat(tmp_path)


def _ghi_bang(path: Path, datatable: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(datatable)


# --- Cho ------------------------------------------------------------------------------------

@given(parsers.re(DIA_BAN + r' gửi hồ sơ năm (?P<nam>\d{4}) theo bộ tiêu chí "(?P<bo>[^"]+)" với bảng điểm:'),
       converters={"nam": int})
def gui_ho_so_theo_bo(ra_soat: RaSoat, kieu: str, ten: str, nam: int, bo: str, datatable: list[list[str]]) -> None:
    catalogue.find(bo)  # bộ không có thì dừng ngay, với danh sách các bộ hiện có
    _goi(ra_soat, kieu, ten, {"nam": nam, "bo_tieu_chi": bo}, datatable)


@given(parsers.re(DIA_BAN + r' gửi hồ sơ "(?P<danh_hieu>[^"]+)" năm (?P<nam>\d{4}) với bảng điểm:'),
       converters={"nam": int})
def gui_ho_so_danh_hieu(ra_soat: RaSoat, kieu: str, ten: str, danh_hieu: str, nam: int,
                        datatable: list[list[str]]) -> None:
    _goi(ra_soat, kieu, ten, {"nam": nam, "danh_hieu": danh_hieu}, datatable)


def _goi(ra_soat: RaSoat, kieu: str, ten: str, chon: dict, datatable: list[list[str]]) -> None:
    folder = ra_soat.thu_muc / fold(f"{kieu} {ten}").replace(" ", "-")
    folder.mkdir()
    goi = {**chon, "dia_ban": f"{kieu.capitalize()} {ten}", "don_vi_gui": f"Ủy ban nhân dân {kieu} {ten}"}
    (folder / "goi.yaml").write_text(yaml.safe_dump(goi, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _ghi_bang(folder / "bang-diem.csv", datatable)
    ra_soat.goi[ten] = folder


@given(parsers.re(r"kết quả kê khai của " + DIA_BAN + r" đúng như bộ tiêu chí (?P<bo>\S+) chấm bảng điểm"))
def ke_khai_dung(ra_soat: RaSoat, kieu: str, ten: str, bo: str) -> None:
    folder = ra_soat.thu_muc_goi(ten)
    nam = yaml.safe_load((folder / "goi.yaml").read_text(encoding="utf-8"))["nam"]
    score_sheet(folder / "bang-diem.csv", catalogue.find(bo), [folder / "ket-qua.json"], year=nam)


@given(parsers.re(r"kết quả kê khai của " + DIA_BAN + r" gõ tay:"))
def ke_khai_go_tay(ra_soat: RaSoat, kieu: str, ten: str, datatable: list[list[str]]) -> None:
    _ghi_bang(ra_soat.thu_muc_goi(ten) / "ket-qua.csv", datatable)


@given(parsers.re(r'sổ công nhận ghi "(?P<ma>[^"]+)" đạt "(?P<danh_hieu>[^"]+)" mức độ 1 theo quyết định '
                  r'"(?P<so>[^"]+)" ngày (?P<ngay>\d{2}/\d{2}/\d{4})'))
def so_cong_nhan(ra_soat: RaSoat, ma: str, danh_hieu: str, so: str, ngay: str) -> None:
    d, m, y = map(int, ngay.split("/"))
    ra_soat.so_cong_nhan = f"sqlite:///{ra_soat.thu_muc / 'so-cong-nhan.sqlite3'}"
    results = {"criteria": {"id": "", "title": danh_hieu, "year": y},
               "subjects": [{"id": ma, "name": ma, "grade": None, "level": 1, "recognised": True}]}
    Registry(ra_soat.so_cong_nhan).record(results, Decision(so, date(y, m, d)))


# --- Khi ------------------------------------------------------------------------------------

@when(parsers.re(r"Hội Khuyến học rà soát hồ sơ của (?P<danh_sach>.+)"))
def ra_soat_ho_so(ra_soat: RaSoat, danh_sach: str) -> None:
    ten = re.findall(r'(?:xã|huyện|tỉnh) "([^"]+)"', danh_sach)
    assert ten, "cần danh sách như: xã \"Tân Lập\" và xã \"Tân Phú\""
    phat_hien, bao_cao = ra_soat.thu_muc / "phat-hien.json", ra_soat.thu_muc / "bao-cao.html"
    args = ["review", *[str(ra_soat.thu_muc_goi(t)) for t in ten], "--json", str(phat_hien), "--output", str(bao_cao)]
    if ra_soat.so_cong_nhan:
        args += ["--registry", ra_soat.so_cong_nhan]
    result = CliRunner().invoke(app, args)
    ra_soat.ma_thoat = result.exit_code
    assert result.exit_code in (0, 1), f"rà soát không chạy được (mã {result.exit_code}):\n{result.output}"
    ra_soat.ket_qua = json.loads(phat_hien.read_text(encoding="utf-8"))
    html5lib.HTMLParser(strict=True).parse(bao_cao.read_text(encoding="utf-8"))


# --- Thì ------------------------------------------------------------------------------------

@then(parsers.re(r'phát hiện "(?P<kind>[a-z_]+)" ở (?:hộ|xã|đơn vị|mã) "(?P<ma>[^"]+)"'))
def phat_hien_o(ra_soat: RaSoat, kind: str, ma: str) -> None:
    hits = [f for f in ra_soat.phat_hien() if f["kind"] == kind and f["subject"] == ma]
    assert len(hits) == 1, f"cần đúng một phát hiện {kind} ở {ma}; các phát hiện:\n{ra_soat.ke()}"
    ra_soat.dang_xet = hits[0]


@then(parsers.re(r'phát hiện "(?P<kind>[a-z_]+)" của cả hồ sơ (?:xã|huyện|tỉnh) "(?P<ten>[^"]+)"'))
def phat_hien_ca_goi(ra_soat: RaSoat, kind: str, ten: str) -> None:
    package = str(ra_soat.thu_muc_goi(ten))
    hits = [f for f in ra_soat.phat_hien() if f["kind"] == kind and f["subject"] == "" and f["package"] == package]
    assert len(hits) == 1, f"cần đúng một phát hiện {kind} của cả hồ sơ {ten}; các phát hiện:\n{ra_soat.ke()}"
    ra_soat.dang_xet = hits[0]


@then(parsers.re(r'nội dung phát hiện có "(?P<chu>[^"]+)"'))
def noi_dung_co(ra_soat: RaSoat, chu: str) -> None:
    assert ra_soat.dang_xet is not None, "chưa nói tới phát hiện nào"
    assert chu in ra_soat.dang_xet["message"], f"nội dung là: {ra_soat.dang_xet['message']}"


@then(parsers.re(r'căn cứ của phát hiện là "(?P<chu>[^"]+)"'))
def can_cu_la(ra_soat: RaSoat, chu: str) -> None:
    assert ra_soat.dang_xet is not None, "chưa nói tới phát hiện nào"
    assert ra_soat.dang_xet["source"] == chu, f"căn cứ là: {ra_soat.dang_xet['source']}"


@then(parsers.re(r'căn cứ của phát hiện có "(?P<chu>[^"]+)"'))
def can_cu_co(ra_soat: RaSoat, chu: str) -> None:
    assert ra_soat.dang_xet is not None, "chưa nói tới phát hiện nào"
    assert chu in ra_soat.dang_xet["source"], f"căn cứ là: {ra_soat.dang_xet['source']}"


@then(parsers.re(r"có tất cả (?P<so>\d+) phát hiện"), converters={"so": int})
def so_phat_hien(ra_soat: RaSoat, so: int) -> None:
    assert len(ra_soat.phat_hien()) == so, f"có {len(ra_soat.phat_hien())} phát hiện:\n{ra_soat.ke()}"
    assert ra_soat.ma_thoat == (1 if so else 0)


@then("không có phát hiện nào")
def khong_phat_hien(ra_soat: RaSoat) -> None:
    assert ra_soat.phat_hien() == [], f"các phát hiện:\n{ra_soat.ke()}"
    assert ra_soat.ma_thoat == 0


__all__ = ["ra_soat", *(name for name in list(globals()) if name.startswith("pytestbdd_"))]
