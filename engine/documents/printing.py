"""What the PDF papers add to the documents' data: the one font family, the notices' numbers and symbol,
the certificates' register numbers, the places of the texts on a pre-printed blank.

Numbers are never made up. NĐ 30/2020 (Phụ lục I, II.3): a document's number is its order in the year's
register of the văn thư; its symbol is the abbreviation of the kind of document (TB: thông báo, Phụ lục III)
and of the issuing body. The notices take their numbers from `so_thong_bao` (the first number reserved),
else the number is left blank ("……") and only the issuing body's abbreviation is taken from the decision's
symbol (125/QĐ-SGDĐT → ……/TB-SGDĐT).
"""

from __future__ import annotations

import re

from engine.documents.deployment import Deployment
from engine.documents.fonts import serif_family
from engine.documents.register import register_numbers
from engine.registry.store import Registry

BLANK = "……"
_NOTICE = re.compile(r"^\s*(?:(\d+)\s*/\s*)?(\S.*?)\s*$")
_DECISION_SYMBOL = re.compile(r"^\s*[^/]*/\s*QĐ-(\S+)\s*$")

PAGE_SIZES_MM = {"A4 ngang": (297, 210), "A4 dọc": (210, 297), "A5 ngang": (210, 148), "A5 dọc": (148, 210)}


def _number(n: int) -> str:
    """NĐ 30/2020: numbers under 10 are written with a 0 before them (01, 02)."""
    return f"{n:02d}"


def notice_numbers(config: Deployment, count: int) -> list[str]:
    """The "Số: …" of each notice of non-recognition, in the list's order."""
    if config.so_thong_bao and (m := _NOTICE.match(config.so_thong_bao)):
        first, symbol = m.group(1), re.sub(r"\s+", "", m.group(2))
        if first is not None:
            return [f"{_number(int(first) + i)}/{symbol}" for i in range(count)]
        return [f"{BLANK}/{symbol}"] * count
    m = _DECISION_SYMBOL.match(config.so_quyet_dinh or "")
    symbol = f"TB-{m.group(1)}" if m else f"TB-{BLANK}"
    return [f"{BLANK}/{symbol}"] * count


def phoi_layout(config: Deployment) -> dict | None:
    """The page and every field's box in mm (offsets added), or None when certificates are printed whole."""
    if config.phoi is None:
        return None
    width, height = PAGE_SIZES_MM[config.phoi.kho]
    fields = {name: f.model_dump() for name, f in config.phoi.fields().items()}
    return {"rong_mm": width, "cao_mm": height, "truong": fields}


def print_context(ctx: dict, config: Deployment, registry: Registry | None) -> dict:
    """The keys the PDF templates read besides the decision's: raises FontMissing (nothing printed) when the
    serif family lacks Vietnamese letters, RegistryError when the registry cannot be read."""
    numbers: dict[str, int] = {}
    if registry is not None and ctx["recognised"]:
        numbers = register_numbers(registry, ctx["danh_hieu"], ctx["nam"], config.so_quyet_dinh or "",
                                   config.tinh or "", config.xa or "")
    recognised = [dict(i, so_vao_so=numbers.get(i["ma"])) for i in ctx["recognised"]]
    denied = [dict(i, so_thong_bao=n) for i, n in zip(ctx["denied"], notice_numbers(config, len(ctx["denied"])),
                                                       strict=True)]
    return {"phong_chu": serif_family(), "recognised": recognised, "denied": denied, "phoi": phoi_layout(config),
            "so_thong_bao": notice_numbers(config, 1)[0]}  # the consolidated notice: one document, one number
