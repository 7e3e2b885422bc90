"""Who issues the papers: the deployment configuration, validated like a criteria file.

Values the configuration leaves out come from the criteria set (who recognises which title).
Since the 2025 reform there is no district level: for an evaluation year from 2025, or a decision signed
from 01/07/2025, a default that names a district body is not used, the field must then be given
(`cap_huyen: true` allows it). The evaluation year is the results' (`score --year`), never the decision's;
dates are written `dd/mm/yyyy` or `yyyy-mm-dd`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from engine.criteria.load import CriteriaError, CriteriaFileInvalid, read_model
from engine.criteria.model import Authority
from engine.errors import RecogniseError
from engine.vn.dates import EVALUATION_YEARS, Day
from engine.vn.text import fold, nfc

REFORM_YEAR = 2025
REFORM_DAY = date(2025, 7, 1)  # the district level ("cấp huyện") ceased to exist (domain README §5)
_DISTRICT_WORDS = ("huyen", "phong giao duc", "cap huyen", "quan ", "thi xa")


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Signer(_Data):
    tham_quyen: str | None = None  # TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH
    chuc_vu: str | None = None
    ho_ten: str | None = None


PHOI_FIELDS = ("danh_hieu", "nam", "ten", "dia_ban", "ket_qua", "so_vao_so", "quyet_dinh", "dia_danh_ngay",
               "chuc_vu_ky", "ho_ten_ky")
_Mm = Annotated[float, Field(ge=-50, le=420)]


class PhoiField(_Data):
    """One variable text on a pre-printed certificate blank: its box from the blank's top left corner, in mm."""
    trai_mm: _Mm
    tren_mm: _Mm
    rong_mm: Annotated[float, Field(gt=0, le=420)] = 120
    co_chu: Annotated[float, Field(ge=6, le=60)] = 14  # pt
    can: Literal["trai", "giua", "phai"] = "giua"
    in_dam: bool = False
    in_nghieng: bool = False


# where our own certificate prints each text (A4 landscape, 297 × 210 mm): the defaults of a blank's fields
PHOI_DEFAULTS: dict[str, PhoiField] = {
    "danh_hieu": PhoiField(trai_mm=20, tren_mm=68, rong_mm=257, co_chu=22, in_dam=True),
    "nam": PhoiField(trai_mm=20, tren_mm=80, rong_mm=257, co_chu=16, in_dam=True),
    "ten": PhoiField(trai_mm=20, tren_mm=98, rong_mm=257, co_chu=26, in_dam=True),
    "dia_ban": PhoiField(trai_mm=20, tren_mm=112, rong_mm=257, co_chu=14),
    "ket_qua": PhoiField(trai_mm=20, tren_mm=120, rong_mm=257, co_chu=15, in_dam=True),
    "so_vao_so": PhoiField(trai_mm=25, tren_mm=168, rong_mm=120, co_chu=12, can="trai"),
    "quyet_dinh": PhoiField(trai_mm=25, tren_mm=175, rong_mm=120, co_chu=12, can="trai", in_nghieng=True),
    "dia_danh_ngay": PhoiField(trai_mm=160, tren_mm=145, rong_mm=117, co_chu=13, in_nghieng=True),
    "chuc_vu_ky": PhoiField(trai_mm=160, tren_mm=152, rong_mm=117, co_chu=13, in_dam=True),
    "ho_ten_ky": PhoiField(trai_mm=160, tren_mm=188, rong_mm=117, co_chu=14, in_dam=True),
}


class Phoi(_Data):
    """Printing onto pre-printed certificate blanks (phôi): only the variable texts, at these places; the frame,
    Quốc hiệu and headings are already on the blank. `le_trai_mm`/`le_tren_mm` move everything (a printer's
    own offset); a field set to null is not printed (the blank carries it)."""
    kho: Literal["A4 ngang", "A4 dọc", "A5 ngang", "A5 dọc"] = "A4 ngang"
    le_trai_mm: _Mm = 0
    le_tren_mm: _Mm = 0
    truong: dict[Literal[PHOI_FIELDS], PhoiField | None] = {}  # type: ignore[valid-type]

    def fields(self) -> dict[str, PhoiField]:
        """Every field printed, with the offsets added: the configured place, else the default."""
        placed = {**PHOI_DEFAULTS, **self.truong}
        return {name: f.model_copy(update={"trai_mm": f.trai_mm + self.le_trai_mm,
                                           "tren_mm": f.tren_mm + self.le_tren_mm})
                for name, f in placed.items() if f is not None}


class Deployment(_Data):
    tinh: str | None = None
    xa: str | None = None
    co_quan_ban_hanh: str | None = None
    co_quan_cap_tren: str | None = None  # the line above the issuing body, when there is one
    dia_danh: str | None = None
    so_quyet_dinh: str | None = None
    ngay_quyet_dinh: Day | None = None
    # evaluation year: must agree with the results' (it stands in for it only under --force)
    nam: Annotated[int, Field(ge=EVALUATION_YEARS[0], le=EVALUATION_YEARS[1])] | None = None
    nguoi_ky: Signer = Signer()
    can_cu: list[str] = []  # further legal bases ("Căn cứ …")
    de_nghi: str | None = None  # the proposal the decision rests on
    noi_nhan: list[str] = []
    cap_huyen: bool = False  # allow district bodies in documents for years from 2025
    # notices of non-recognition: "45/TB-UBND" (the first number the văn thư reserved: the notices take 45, 46…
    # in the list's order) or the symbol alone, "TB-UBND" (numbers left blank for the văn thư to fill)
    so_thong_bao: Annotated[str, Field(pattern=r"^\s*(\d+\s*/\s*)?[^/\s][^/]*$", max_length=100)] | None = None
    phoi: Phoi | None = None  # certificates printed onto pre-printed blanks


class DeploymentError(RecogniseError):
    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


REQUIRED = ("tinh", "co_quan_ban_hanh", "dia_danh", "so_quyet_dinh", "ngay_quyet_dinh",
            "nguoi_ky.tham_quyen", "nguoi_ky.chuc_vu", "nguoi_ky.ho_ten")


def _names_district(text: str) -> bool:
    folded = f" {fold(text)} "
    return any(word in folded for word in _DISTRICT_WORDS)


def reform_applies(year: int | None, decided: date | None) -> bool:
    """No district bodies any more: an evaluation year from 2025, or a decision signed from 01/07/2025."""
    return (year is not None and year >= REFORM_YEAR) or (decided is not None and decided >= REFORM_DAY)


def load_deployment(path: Path | str, authority: Authority | None,
                    results_year: int | None) -> tuple[Deployment, int | None]:
    """The configuration completed with the criteria set's defaults, and the evaluation year: the results',
    else the configuration's `nam` (None when neither has one; engine/documents/guards.py decides what then).

    Raises DeploymentError listing every problem (each missing field, in one message)."""
    try:
        config, _, _ = read_model(path, Deployment, max_bytes=100_000)
    except CriteriaFileInvalid as exc:
        raise DeploymentError([str(e) for e in exc.errors]) from None
    year = results_year if results_year is not None else config.nam  # never the decision's year
    if authority is None:  # a province's own criteria file: no defaults, the configuration says it all
        authority = Authority(recognised_by="-", decision_title="-")
    defaults = {"co_quan_ban_hanh": authority.issuing_body, "nguoi_ky.chuc_vu": _signer_title(authority)}
    values = config.model_dump()
    signer = dict(values.pop("nguoi_ky"))
    refused = []
    district = _names_district(authority.recognised_by) or _names_district(authority.issuing_body or "")
    for key, default in defaults.items():
        holder, field = (signer, key.split(".")[1]) if key.startswith("nguoi_ky.") else (values, key)
        if holder.get(field) or not default:
            continue
        if reform_applies(year, config.ngay_quyet_dinh) and district and not config.cap_huyen:
            refused.append(f"{key}: mặc định “{default}” ({authority.recognised_by}) thuộc cấp huyện, không còn "
                           f"từ ngày {REFORM_DAY:%d/%m/%Y} (năm đánh giá từ {REFORM_YEAR}): ghi rõ trong cấu hình")
            continue
        holder[field] = default
    missing = [key for key in REQUIRED
               if not (signer if key.startswith("nguoi_ky.") else values).get(key.split(".")[-1])]
    if missing or refused:
        lines = [f"{path}: thiếu {len(missing)} mục bắt buộc trong cấu hình: {', '.join(missing)}"] if missing else []
        lines += [f"{path}: {r}" for r in refused]
        raise DeploymentError(lines)
    texts = {k: nfc(v) if isinstance(v, str) else v for k, v in values.items()}
    texts["nguoi_ky"] = {k: nfc(v) for k, v in signer.items() if v is not None}
    texts["can_cu"] = [nfc(x) for x in values["can_cu"]]
    texts["noi_nhan"] = [nfc(x) for x in values["noi_nhan"]]
    return Deployment.model_validate(texts), year


_TITLES = ("Phó Chủ tịch", "Chủ tịch", "Trưởng phòng", "Giám đốc", "Bộ trưởng")


def _signer_title(authority: Authority) -> str | None:
    """`Chủ tịch Ủy ban nhân dân cấp huyện` → `Chủ tịch`."""
    return next((t for t in _TITLES if authority.recognised_by.startswith(t)), None)


__all__ = ["CriteriaError", "Deployment", "DeploymentError", "Signer", "load_deployment"]
