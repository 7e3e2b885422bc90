"""Tệp .feature phải đọc được bằng Gherkin tiếng Việt: UTF-8 không BOM, dạng NFC, dòng đầu `# language: vi`.

pytest-bdd không báo lỗi rõ khi gặp BOM, dạng NFD hay thiếu dòng ngôn ngữ: tệp không phân tích được, hoặc một
bước gõ ở dạng NFD không khớp định nghĩa NFC trông giống hệt. Kiểm tra này nói rõ tệp nào, dòng nào sai.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
FEATURES = sorted(HERE.rglob("*.feature"))
OFFICIAL_SETS = ("dvht-tt22-2020", "dvht-huyen-tt24-2023", "dvht-tinh-tt24-2023",
                 "cdht-xa-tt25-2023", "cdht-huyen-tt25-2023", "cdht-tinh-tt25-2023")


def problems(data: bytes) -> list[str]:
    """Why a feature file cannot be read as Vietnamese Gherkin (empty when it can)."""
    out: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        out.append("có BOM UTF-8 ở đầu tệp")
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [*out, f"không phải UTF-8 (byte {exc.start})"]
    for number, line in enumerate(text.splitlines(), start=1):
        if not unicodedata.is_normalized("NFC", line):
            out.append(f"dòng {number} không ở dạng NFC")
    first = text.splitlines()[0] if text else ""
    if first != "# language: vi":
        out.append(f"dòng đầu là {first!r}, cần '# language: vi'")
    return out


GOOD = "# language: vi\nTính năng: Xã học tập\n"


@pytest.mark.parametrize(("data", "expected"), [
    (GOOD.encode(), []),
    (b"\xef\xbb\xbf" + GOOD.encode(), ["có BOM UTF-8 ở đầu tệp"]),
    (unicodedata.normalize("NFD", GOOD).encode(), ["dòng 2 không ở dạng NFC"]),
    ("Tính năng: Xã học tập\n".encode(), ["dòng đầu là 'Tính năng: Xã học tập', cần '# language: vi'"]),
    (GOOD.encode("utf-16"), None),
], ids=["đúng", "BOM", "NFD", "thiếu dòng ngôn ngữ", "UTF-16"])
def test_problems_nhan_ra_tep_sai(data: bytes, expected: list[str] | None) -> None:
    found = problems(data)
    if expected is None:
        assert found
    else:
        assert found == expected


def test_moi_bo_chinh_thuc_co_dac_ta() -> None:
    texts = "\n".join(p.read_text(encoding="utf-8") for p in FEATURES)
    missing = [s for s in OFFICIAL_SETS if f'theo bộ tiêu chí "{s}"' not in texts]
    assert not missing, f"chưa có tệp .feature nào chấm theo: {', '.join(missing)}"


@pytest.mark.parametrize("path", FEATURES, ids=[p.name for p in FEATURES])
def test_tep_dac_ta_dung_dinh_dang(path: Path) -> None:
    assert problems(path.read_bytes()) == []
