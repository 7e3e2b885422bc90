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
from typing import Annotated

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
