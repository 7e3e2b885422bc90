"""`recognise record`: store a results file in the registry of recognitions under the configured decision.

Everything is checked before the registry is opened (the results, the configuration), so a bad file
leaves no trace; the registry then writes all subjects in one transaction or none.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import typer
from rich.text import Text

from cli.console import err, out
from engine.documents.deployment import DeploymentError, load_deployment
from engine.documents.writer import DocumentError, read_results, shipped_set_of
from engine.registry.store import Decision, Registry, RegistryError, registry_url, shown_url
from engine.vn.text import nfc

MAX_SHOWN = 20
# the registry's column widths (engine/migrations/versions/0001_recognitions.py): checked here so SQLite,
# which does not enforce them, refuses what PostgreSQL would refuse
_LIMITS = {"subject": 200, "name": 1000, "area": 1000, "grade": 100, "title": 300, "criteria_id": 100,
           "criteria_sha256": 64, "decision_number": 100, "province": 200, "commune": 200}
_MAX_TOTAL = 10 ** 6  # Numeric(10, 4)


def _fail(message: str, lines: Sequence[str] = ()) -> typer.Exit:
    err.print(Text.assemble(("Lỗi: ", "red"), message), soft_wrap=True)
    for line in lines[:MAX_SHOWN]:
        err.print(Text(f"  {line}"), soft_wrap=True)
    if len(lines) > MAX_SHOWN:
        err.print(Text(f"  … và {len(lines) - MAX_SHOWN} lỗi khác"), soft_wrap=True)
    return typer.Exit(2)


def _text(value: object, *, required: bool) -> str | None:
    """The problem with a text value, or None."""
    if value is None:
        return "thiếu" if required else None
    if not isinstance(value, str):
        return f"phải là chuỗi, không phải {value!r}"
    if required and not value.strip():
        return "để trống"
    return None


def _too_long(value: object, key: str) -> str | None:
    if isinstance(value, str) and len(nfc(value)) > _LIMITS[key]:
        return f"dài {len(nfc(value))} ký tự, sổ công nhận chỉ nhận tối đa {_LIMITS[key]}"
    return None


def check_results(data: dict) -> list[str]:
    """Every problem that would keep a results file out of the registry (empty: it can be recorded)."""
    problems: list[str] = []
    criteria = data["criteria"]
    for key, column, required in (("id", "criteria_id", True), ("title", "title", True),
                                  ("sha256", "criteria_sha256", False)):
        why = _text(criteria.get(key), required=required) or _too_long(criteria.get(key), column)
        if why:
            problems.append(f"criteria.{key}: {why}")
    year = criteria.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 9999):
        problems.append(f"criteria.year: năm không hợp lệ: {year!r}")
    seen: dict[str, int] = {}
    for n, s in enumerate(data["subjects"], start=1):
        code = s.get("id")
        where = f"subjects[{n}]" + (f" (mã {code})" if isinstance(code, str) else "")
        checks = {
            "id": _text(code, required=True) or _too_long(code, "subject"),
            "name": _text(s.get("name"), required=False) or _too_long(s.get("name"), "name"),
            "area": _text(s.get("area"), required=False) or _too_long(s.get("area"), "area"),
            "grade": _text(s.get("grade"), required=False) or _too_long(s.get("grade"), "grade"),
        }
        level, total, recognised = s.get("level"), s.get("total"), s.get("recognised")
        if level is not None and (isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= 1000):
            checks["level"] = f"mức độ phải là số nguyên, không phải {level!r}"
        if total is not None and (isinstance(total, bool) or not isinstance(total, int | float)
                                  or not math.isfinite(total) or abs(total) >= _MAX_TOTAL):
            checks["total"] = f"tổng điểm phải là số, không phải {total!r}"
        if not isinstance(recognised, bool):
            checks["recognised"] = f"phải là true hoặc false, không phải {recognised!r}"
        problems += [f"{where}: {key}: {why}" for key, why in checks.items() if why]
        if isinstance(code, str):
            key = nfc(code)
            if key in seen:
                problems.append(f"{where}: id: trùng mã với subjects[{seen[key]}]")
            seen.setdefault(key, n)
    return problems


def record_results(results: Path, config: Path, registry: str | None) -> tuple[int, int]:
    """Store the results under the configuration's decision: (added, already there).

    Raises typer.Exit(2) with the reason when nothing was written."""
    try:
        data = read_results(results)
    except DocumentError as exc:
        raise _fail(f"không ghi vào sổ công nhận: {exc}") from None
    problems = check_results(data)
    if problems:
        raise _fail(f"{results}: tệp kết quả không ghi được vào sổ công nhận, không ghi gì:", problems)
    cs = shipped_set_of(data["criteria"])
    try:
        deployment, year = load_deployment(config, cs.authority if cs else None, data["criteria"].get("year"))
    except DeploymentError as exc:
        raise _fail("cấu hình không hợp lệ, không ghi gì vào sổ công nhận:", exc.messages) from None
    results_year = data["criteria"].get("year")
    if results_year is not None and year != results_year:
        raise _fail(f"{config}: nam: năm đánh giá {year} khác năm {results_year} của tệp kết quả {results}; "
                    "không ghi gì vào sổ công nhận.")
    decision = Decision(deployment.so_quyet_dinh or "", deployment.ngay_quyet_dinh, deployment.tinh or "",
                        deployment.xa or "")
    fields = (("so_quyet_dinh", decision.number, "decision_number"), ("tinh", decision.province, "province"),
              ("xa", decision.commune, "commune"))
    too_long = [f"{config}: {key}: {why}" for key, value, column in fields if (why := _too_long(value, column))]
    if too_long:
        raise _fail("cấu hình không hợp lệ, không ghi gì vào sổ công nhận:", too_long)
    # the evaluation year is the one the documents use: the configuration's `nam`, else the results', else
    # the decision's
    data = {**data, "criteria": {**data["criteria"], "year": year}}
    url = registry_url(registry)
    try:
        book = Registry(url)
    except RegistryError as exc:
        raise _fail(f"{exc}; không ghi gì.") from None
    try:
        added, already = book.record(data, decision)
    except RegistryError as exc:
        raise _fail(f"{exc}; sổ công nhận giữ nguyên như trước.") from None
    finally:
        book.engine.dispose()
    out.print(f"Đã ghi {added}, đã có {already} vào sổ công nhận {shown_url(url)} "
              f"(quyết định số {decision.number} ngày {decision.day:%d/%m/%Y}, năm đánh giá {year}).",
              markup=False, soft_wrap=True)
    return added, already


REGISTRY_HELP = ("Sổ công nhận: tệp SQLite (sqlite:///duong/dan.sqlite3) hoặc máy chủ PostgreSQL "
                 "(postgresql+psycopg://nguoi_dung:mat_khau@may_chu/csdl). Mặc định: biến môi trường "
                 "RECOGNISE_REGISTRY, nếu không có thì sqlite:///so-cong-nhan.sqlite3 trong thư mục hiện tại.")


def record(
    results: Path = typer.Argument(..., metavar="KET_QUA.json", help="Tệp kết quả JSON của recognise score."),
    config: Path = typer.Option(..., "--config", help="Cấu hình triển khai (YAML): số, ngày quyết định, tỉnh, xã."),
    registry: str = typer.Option(None, "--registry", metavar="URL", help=REGISTRY_HELP),
) -> None:
    record_results(results, config, registry)
