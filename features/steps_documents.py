"""Các bước in văn bản (cap_quyet_dinh.feature): quyết định, danh sách kèm theo, giấy công nhận, thông báo.

Bảng điểm trong tệp .feature được chấm bằng bộ máy thật thành tệp kết quả JSON, rồi `engine.documents.writer.write_documents`
in văn bản thật (WeasyPrint); các bước “Thì” đọc lại chữ trong PDF bằng pypdf. Không có mock.

Tệp này được conftest.py nạp bằng `from steps_documents import *`: chỉ các tên trong `__all__` (fixture `ban_in`
và các fixture bước `pytestbdd_*` do pytest-bdd sinh ra) được đưa sang, không che tên nào của conftest.py.

Chữ lấy từ PDF được so ở dạng NFC, bỏ hết khoảng trắng: WeasyPrint ngắt dòng trong ô bảng hẹp và trong dòng
chữ chìm xoay nghiêng, pypdf khi thì thêm khi thì không thêm dấu cách ở chỗ ngắt.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader
from pytest_bdd import given, parsers, then, when

from engine.criteria import catalogue
from engine.documents.deployment import DeploymentError
from engine.documents.writer import DocumentError, write_documents
from engine.scoring.run import score_sheet
from engine.vn.text import fold


def _squash(text: str) -> str:
    return "".join(unicodedata.normalize("NFC", text).split())


def _co(text: str, needle: str) -> bool:
    return _squash(needle) in _squash(text)


def _trang(path: Path) -> list[str]:
    assert path.is_file(), f"không có tệp {path.name}"
    return [" ".join(unicodedata.normalize("NFC", p.extract_text() or "").split()) for p in PdfReader(path).pages]


@dataclass
class BanIn:
    """Một lần in văn bản: cấu hình, tệp kết quả chấm, thư mục văn bản, lỗi nếu không in được."""

    thu_muc: Path
    cau_hinh: str | None = None
    ket_qua: dict | None = None
    loi: str | None = None

    @property
    def ra(self) -> Path:
        return self.thu_muc / "van-ban"

    def da_in(self) -> dict:
        assert self.loi is None, f"không in được văn bản: {self.loi}"
        assert self.ket_qua is not None, "chưa in văn bản (thiếu bước “Khi … in quyết định công nhận năm …”)"
        return self.ket_qua

    def cau_hinh_dict(self) -> dict:
        assert self.cau_hinh is not None, "chưa có cấu hình triển khai"
        return yaml.safe_load(self.cau_hinh)

    def cong_nhan(self) -> list[dict]:
        return [s for s in self.da_in()["subjects"] if s["recognised"]]

    def khong_dat(self) -> list[dict]:
        return [s for s in self.da_in()["subjects"] if not s["recognised"]]

    def doi_tuong(self, ma: str) -> dict:
        found = [s for s in self.da_in()["subjects"] if s["id"] == ma]
        if not found:
            pytest.fail(f"{ma!r} không có trong kết quả chấm: {[s['id'] for s in self.da_in()['subjects']]}")
        return found[0]


@pytest.fixture
def ban_in(tmp_path: Path) -> BanIn:
    return BanIn(tmp_path)


# --- Cho ------------------------------------------------------------------------------------

@given("cấu hình triển khai:")
def cau_hinh_trien_khai(ban_in: BanIn, docstring: str) -> None:
    yaml.safe_load(docstring)  # một cấu hình gõ sai trong tệp .feature thì dừng ngay ở đây
    ban_in.cau_hinh = docstring


# --- Khi ------------------------------------------------------------------------------------

@when(parsers.re(r"(?P<co_quan>.+) in quyết định công nhận năm (?P<nam>\d{4})"), converters={"nam": int})
def in_quyet_dinh(phien, ban_in: BanIn, co_quan: str, nam: int) -> None:
    assert phien.bang is not None and phien.bo is not None, "chưa có bảng điểm"
    cfg = ban_in.cau_hinh_dict()
    if cfg.get("co_quan_ban_hanh"):
        assert fold(cfg["co_quan_ban_hanh"]).startswith(fold(co_quan)), (
            f"cấu hình ghi cơ quan ban hành {cfg['co_quan_ban_hanh']!r}, không phải {co_quan!r}")
    cau_hinh = ban_in.thu_muc / "trien-khai.yaml"
    cau_hinh.write_text(ban_in.cau_hinh or "", encoding="utf-8")
    ket_qua = ban_in.thu_muc / "ket-qua.json"
    score_sheet(phien.bang, catalogue.find(phien.bo), outputs=[ket_qua], year=nam)
    try:
        write_documents(ket_qua, cau_hinh, ban_in.ra, templates=None, split=False)
    except (DeploymentError, DocumentError) as exc:
        ban_in.loi = str(exc)
        return
    ban_in.ket_qua = json.loads(ket_qua.read_text(encoding="utf-8"))


# --- Thì ------------------------------------------------------------------------------------

@then(parsers.re(r'quyết định có số "(?P<so>[^"]+)" và người ký "(?P<ten>[^"]+)"'))
def so_va_nguoi_ky(ban_in: BanIn, so: str, ten: str) -> None:
    ban_in.da_in()
    text = " ".join(_trang(ban_in.ra / "quyet-dinh.pdf"))
    assert _co(text, f"Số: {so}"), f"quyết định không có “Số: {so}”:\n{text}"
    assert _co(text, ten), f"quyết định không có tên người ký {ten!r}:\n{text}"
    html = (ban_in.ra / "quyet-dinh.html").read_text(encoding="utf-8")
    assert so in html and ten in html


@then(parsers.re(r'quyết định ghi "(?P<chu>[^"]+)"'))
def quyet_dinh_ghi(ban_in: BanIn, chu: str) -> None:
    ban_in.da_in()
    text = " ".join(_trang(ban_in.ra / "quyet-dinh.pdf"))
    assert _co(text, chu), f"quyết định không có {chu!r}:\n{text}"


@then(parsers.re(r"có (?P<so>\d+) giấy công nhận"), converters={"so": int})
def so_giay_cong_nhan(ban_in: BanIn, so: int) -> None:
    cong_nhan = ban_in.cong_nhan()
    assert len(cong_nhan) == so, f"kết quả chấm công nhận {len(cong_nhan)}, không phải {so}"
    trang = _trang(ban_in.ra / "giay-cong-nhan.pdf")
    assert len(trang) == so, f"giay-cong-nhan.pdf có {len(trang)} trang, cần {so}"
    for s, t in zip(cong_nhan, trang, strict=True):
        assert _co(t, s["name"]), f"trang của {s['id']} không ghi tên:\n{t}"
        assert not _co(t, s["id"]), f"trang của {s['id']} còn ghi mã nội bộ (giấy công nhận không ghi mã):\n{t}"


@then(parsers.re(r'giấy công nhận thứ (?P<thu>\d+) ghi "(?P<chu>[^"]+)"'), converters={"thu": int})
def giay_thu(ban_in: BanIn, thu: int, chu: str) -> None:
    ban_in.da_in()
    trang = _trang(ban_in.ra / "giay-cong-nhan.pdf")
    assert 1 <= thu <= len(trang), f"chỉ có {len(trang)} giấy công nhận"
    assert _co(trang[thu - 1], chu), f"giấy công nhận thứ {thu} không có {chu!r}:\n{trang[thu - 1]}"


@then(parsers.re(r'danh sách kèm theo ghi "(?P<ma>[^"]+)" với "(?P<chu>[^"]+)"'))
def danh_sach_ghi(ban_in: BanIn, ma: str, chu: str) -> None:
    s = ban_in.doi_tuong(ma)
    text = re.sub(r"Trang \d+/\d+", " ", " ".join(_trang(ban_in.ra / "danh-sach.pdf")))
    at = text.find(ma)
    assert at >= 0, f"danh sách kèm theo không có {ma}:\n{text}"
    nxt = [text.find(o["id"], at + len(ma)) for o in ban_in.cong_nhan() if o["id"] != ma]
    dong = text[at:min([n for n in nxt if n > at] or [len(text)])]
    assert _co(dong, s["name"]), f"dòng của {ma} không có tên {s['name']!r}: {dong}"
    assert _co(dong, chu), f"dòng của {ma} không có {chu!r}: {dong}"


@then(parsers.re(r'(?:hộ|xã|đơn vị) "(?P<ma>[^"]+)" nhận thông báo không đạt'))
def thong_bao_khong_dat(ban_in: BanIn, ma: str) -> None:
    s = ban_in.doi_tuong(ma)
    assert not s["recognised"], f"{ma} được công nhận"
    trang = [t for t in _trang(ban_in.ra / "thong-bao-khong-dat.pdf") if _co(t, s["name"])]
    assert trang, f"không có thông báo cho {ma} ({s['name']})"
    assert any(_co(t, s["reasons"][0]) for t in trang), f"thông báo cho {ma} không nêu lý do {s['reasons'][0]!r}"


@then("không có thông báo không đạt")
def khong_co_thong_bao(ban_in: BanIn) -> None:
    assert not ban_in.khong_dat()
    assert not (ban_in.ra / "thong-bao-khong-dat.pdf").exists()


@then(parsers.re(r'mỗi trang có dòng "(?P<chu>[^"]+)"'))
def moi_trang_co(ban_in: BanIn, chu: str) -> None:
    ban_in.da_in()
    tep = sorted(ban_in.ra.rglob("*.pdf"))
    assert len(tep) >= 3, f"chỉ có {[p.name for p in tep]}"
    for p in tep:
        for so, t in enumerate(_trang(p), start=1):
            assert _co(t, chu), f"{p.name} trang {so} không có dòng {chu!r}:\n{t}"


@then(parsers.re(r'không trang nào có dòng "(?P<chu>[^"]+)"'))
def khong_trang_nao_co(ban_in: BanIn, chu: str) -> None:
    ban_in.da_in()
    for p in sorted(ban_in.ra.rglob("*.pdf")):
        for so, t in enumerate(_trang(p), start=1):
            assert not _co(t, chu), f"{p.name} trang {so} có dòng {chu!r}"
    assert chu not in (ban_in.ra / "quyet-dinh.html").read_text(encoding="utf-8")


@then(parsers.re(r"không văn bản nào được in, thông báo nêu (?P<danh_sach>.+)"))
def khong_in(ban_in: BanIn, danh_sach: str) -> None:
    assert ban_in.loi is not None, "văn bản vẫn được in"
    assert not ban_in.ra.exists() or not any(ban_in.ra.iterdir()), (
        f"có tệp được ghi: {[p.name for p in ban_in.ra.iterdir()]}")
    wanted = re.findall(r'"([^"]+)"', danh_sach)
    assert wanted, "cần danh sách trong ngoặc kép"
    for w in wanted:
        assert w in ban_in.loi, f"thông báo không nêu {w!r}:\n{ban_in.loi}"


__all__ = ["ban_in", *(name for name in list(globals()) if name.startswith("pytestbdd_"))]
