"""The decision details of a score (who issues, number, date, signer…), held as the keys of a deployment
configuration (engine/documents/deployment.py), and checked the way `recognise documents` and `recognise record`
check them: the configuration is written as YAML and loaded by the engine, then the guard rails of the CLI hold
(evaluation year, set in force, competent authority, province, zero recognitions), without `--force`.

The engine names the files it reads; here they are temporary files, so its sentences are rewritten for the
form: the paths go, each key becomes the label the user filled in.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml

from engine.criteria.catalogue import UnknownCriteria, find
from engine.criteria.load import CriteriaFileInvalid
from engine.criteria.model import Authority
from engine.documents.deployment import DeploymentError, load_deployment
from engine.documents.guards import Refused, enforce
from engine.documents.writer import DocumentError, checked_results
from engine.vn.text import nfc
from web import areas
from web.store import scores
from web.store.database import Database

# form field (flat) → deployment key, label, longest value; the registry holds at most 100 characters of a
# decision number and 200 of a province or commune (engine/registry/recording.py)
TEXT_FIELDS: dict[str, tuple[str, str, int]] = {
    "tinh": ("tinh", "Tỉnh", 200),
    "xa": ("xa", "Xã, phường (địa bàn)", 200),
    "co_quan_cap_tren": ("co_quan_cap_tren", "Cơ quan cấp trên", 300),
    "co_quan_ban_hanh": ("co_quan_ban_hanh", "Cơ quan ban hành", 300),
    "dia_danh": ("dia_danh", "Địa danh", 100),
    "so_quyet_dinh": ("so_quyet_dinh", "Số quyết định", 100),
    "ngay_quyet_dinh": ("ngay_quyet_dinh", "Ngày ký quyết định", 10),
    "nguoi_ky_tham_quyen": ("nguoi_ky.tham_quyen", "Thẩm quyền ký", 100),
    "nguoi_ky_chuc_vu": ("nguoi_ky.chuc_vu", "Chức vụ người ký", 100),
    "nguoi_ky_ho_ten": ("nguoi_ky.ho_ten", "Họ tên người ký", 100),
    "de_nghi": ("de_nghi", "Xét đề nghị của", 500),
}
LIST_FIELDS: dict[str, tuple[str, str]] = {
    "can_cu": ("can_cu", "Căn cứ thêm"),
    "noi_nhan": ("noi_nhan", "Nơi nhận"),
}
MAX_LINES = 30
MAX_LINE = 500
DISTRICT_FIELD = ("cap_huyen", "Tỉnh vẫn giao thẩm quyền cho cấp huyện")
LABELS = {key: label for key, label, _ in TEXT_FIELDS.values()} | {key: label for key, label in LIST_FIELDS.values()}
LABELS[DISTRICT_FIELD[0]] = DISTRICT_FIELD[1]
_KEYS = re.compile(r"(?<![\w.])(" + "|".join(re.escape(k) for k in sorted(LABELS, key=len, reverse=True)) + r")(?!\w)")
# the CLI's advice, said the way the pages work
_CLI_WORDS = [
    ("cap_huyen: true", f"chọn “{DISTRICT_FIELD[1]}”"),
    ("với --year NĂM", "với năm đánh giá"),
    ("--year ", "năm đánh giá "),
    ("trong cấu hình", "trong thông tin quyết định"),
    ("cấu hình ghi", "thông tin quyết định ghi"),
]


def form_values(details: Mapping | None) -> dict[str, str]:
    """The form's fields from stored details (every field present, empty when not given)."""
    details = details or {}
    signer = details.get("nguoi_ky") or {}
    values = {}
    for name, (key, _, _) in TEXT_FIELDS.items():
        holder, field = (signer, key.split(".")[1]) if key.startswith("nguoi_ky.") else (details, key)
        values[name] = str(holder.get(field) or "")
    for name, (key, _) in LIST_FIELDS.items():
        values[name] = "\n".join(str(x) for x in details.get(key) or [])
    values[DISTRICT_FIELD[0]] = "1" if details.get(DISTRICT_FIELD[0]) else ""
    return values


def from_area(area: str) -> dict:
    """What an area path already says: its province, its commune and the commune's place name."""
    names = area.split(areas.SEPARATOR)
    found: dict = {}
    if names[0].casefold().startswith(("tỉnh ", "thành phố ")):
        found["tinh"] = names[0]
    last = names[-1]
    for prefix in ("Xã ", "Phường ", "Thị trấn ", "Đặc khu "):
        if len(names) > 1 and last.casefold().startswith(prefix.casefold()):
            found["xa"] = last
            found["dia_danh"] = last[len(prefix):]
    return found


def details_from_form(form: Mapping) -> tuple[dict, list[str]]:
    """The deployment keys from the form (empty fields left out, so the criteria set's defaults apply), and
    what is too long to keep."""
    details: dict = {}
    signer: dict = {}
    problems = []
    for name, (key, label, longest) in TEXT_FIELDS.items():
        value = " ".join(nfc(str(form.get(name) or "")).split())
        if len(value) > longest:
            problems.append(f"“{label}” dài {len(value)} ký tự, tối đa {longest}")
        if value:
            if key.startswith("nguoi_ky."):
                signer[key.split(".")[1]] = value
            else:
                details[key] = value
    if signer:
        details["nguoi_ky"] = signer
    for name, (key, label) in LIST_FIELDS.items():
        lines = [" ".join(line.split()) for line in nfc(str(form.get(name) or "")).splitlines()]
        lines = [line for line in lines if line]
        if len(lines) > MAX_LINES or any(len(line) > MAX_LINE for line in lines):
            problems.append(f"“{label}”: tối đa {MAX_LINES} dòng, mỗi dòng tối đa {MAX_LINE} ký tự")
        if lines:
            details[key] = lines
    if form.get(DISTRICT_FIELD[0]):
        details[DISTRICT_FIELD[0]] = True
    return details, problems


def authority_of(criteria_id: str | None) -> Authority | None:
    """Who recognises under the score's set (shown beside the form)."""
    try:
        return find(criteria_id).criteria.authority if criteria_id else None
    except (UnknownCriteria, CriteriaFileInvalid):
        return None


@dataclass(frozen=True)
class Workspace:
    """The score's results and the details, as the files the engine reads."""

    folder: Path
    results: Path
    config: Path
    shown_results: str

    def readable(self, text: str) -> str:
        """An engine sentence for the pages: no temporary paths, labels instead of keys."""
        text = re.sub(re.escape(str(self.config)) + r"(:\d+)?: ", "", text)
        text = text.replace(str(self.config), "thông tin quyết định")
        text = text.replace(str(self.results), self.shown_results).replace(str(self.folder), "")
        for cli, web in _CLI_WORDS:
            text = text.replace(cli, web)
        return _KEYS.sub(lambda m: f"“{LABELS[m.group(1)]}”", text)


@contextmanager
def workspace(db: Database, score: scores.Score, details: dict) -> Iterator[Workspace]:
    with tempfile.TemporaryDirectory(prefix="recognise-web-") as tmp:
        folder = Path(tmp)
        results = folder / "ket-qua.json"
        results.write_bytes(scores.content(db, score.results_sha256))
        config = folder / "thong-tin-quyet-dinh.yaml"
        config.write_text(yaml.safe_dump(details, allow_unicode=True, sort_keys=False), encoding="utf-8")
        yield Workspace(folder, results, config, f"kết quả chấm “{score.filename}”")


@dataclass(frozen=True)
class DetailsCheck:
    details: dict  # as entered, the date written dd/mm/yyyy
    problems: list[str]  # empty: papers may be printed and the results recorded
    well_formed: bool  # the details themselves are valid (worth offering again), whatever the guard rails say


def check_details(db: Database, score: scores.Score, details: dict) -> DetailsCheck:
    """Validate the details as the engine does and run the guard rails (no force from the web)."""
    if score.state != "xong" or score.results_sha256 is None:
        return DetailsCheck(details, ["bảng điểm chưa chấm xong: chưa có kết quả để ra quyết định"], False)
    with workspace(db, score, details) as ws:
        try:
            results, loaded = checked_results(ws.results)
            cs = loaded.criteria
            deployment, _ = load_deployment(ws.config, cs.authority, results.criteria.year)
        except DocumentError as exc:
            return DetailsCheck(details, [ws.readable(line) for line in str(exc).splitlines()], False)
        except DeploymentError as exc:
            return DetailsCheck(details, [ws.readable(m) for m in exc.messages], False)
        if deployment.ngay_quyet_dinh is not None:
            details = {**details, "ngay_quyet_dinh": f"{deployment.ngay_quyet_dinh:%d/%m/%Y}"}
        if results.criteria.year is None:
            return DetailsCheck(details, ["kết quả chấm không ghi năm đánh giá: hãy tải bảng điểm lên lại, chọn năm "
                                          "đánh giá rồi chấm lại (năm đánh giá không được đoán từ ngày ký)"], True)
        try:
            enforce(results, cs, deployment, ws.results, ws.config, False)
        except Refused as exc:
            return DetailsCheck(details, [ws.readable(b) for b in exc.breaches], True)
    return DetailsCheck(details, [], True)
