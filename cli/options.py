"""The options several commands share: one name, one meaning, one help text and one check each.

- `--output`/`-o` names every file or folder a command writes (the format follows the extension).
  Older spellings (`documents --out`, `review --json`) still work but are hidden from the help.
- `--registry URL` is the registry of recognitions in every command: the option, else the environment variable
  RECOGNISE_REGISTRY, else (for the commands that need one) sqlite:///so-cong-nhan.sqlite3 in the current
  folder. A plain file path means an SQLite file. Commands that only read the registry refuse an SQLite file
  that does not exist (a typing mistake would otherwise read as an empty registry); `record` and
  `score --record` create it.
- `--year`/`-y` is the evaluation year (its data run from 01/01 to 31/12).
- `--criteria`/`-c` is a shipped set's id or the path of a province's criteria file.
- `--totals` is the totals file of `report --totals`, the denominators of the shares `score` and `review` compute
  from the registry.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from cli.console import error
from engine.criteria.catalogue import UnknownCriteria, find
from engine.criteria.load import CriteriaFileInvalid, LoadedSet

REGISTRY_ENV = "RECOGNISE_REGISTRY"
DEFAULT_REGISTRY = "sqlite:///so-cong-nhan.sqlite3"
YEARS = (1900, 2200)

REGISTRY_HELP = ("Sổ công nhận: tệp SQLite (sqlite:///duong/dan.sqlite3, hoặc chỉ đường dẫn tệp) hoặc máy chủ "
                 "PostgreSQL (postgresql+psycopg://nguoi_dung:mat_khau@may_chu/csdl). Mặc định: biến môi trường "
                 f"{REGISTRY_ENV}, nếu không có thì {DEFAULT_REGISTRY} trong thư mục hiện tại.")


def usage_error(message: str) -> typer.Exit:
    """A wrong argument: the reason in Vietnamese, exit code 2, nothing done."""
    error(message)
    return typer.Exit(2)


# ---------------------------------------------------------------- --output


def outputs(what: str, metavar: str) -> Any:
    """`--output`, repeatable: one file per use, the format from its extension."""
    return typer.Option(None, "--output", "-o", metavar=metavar, show_default=False,
                        help=f"{what} Ghi nhiều tệp: nhắc lại --output.")


def output(what: str, metavar: str, *, required: bool = True) -> Any:
    """`--output` naming one file or folder."""
    return typer.Option(... if required else None, "--output", "-o", metavar=metavar, show_default=False,
                        help=what)


def hidden_alias(name: str) -> Any:
    """An older spelling of an output option, still accepted, not shown in the help."""
    return typer.Option(None, name, hidden=True)


def check_output_files(paths: list[Path], formats: tuple[str, ...] | list[str] | dict) -> None:
    """Every output file has a known extension and a folder to go in, before anything is computed."""
    for p in paths:
        if p.suffix.lower() not in formats:
            raise usage_error(f"{p}: chỉ ghi được {', '.join(formats)}")
        if not p.parent.is_dir():
            raise usage_error(f"{p}: thư mục {p.parent} không tồn tại")
        if p.is_dir():
            raise usage_error(f"{p}: đây là một thư mục, cần tên tệp")


# ---------------------------------------------------------------- --registry


def registry_value(url: str | None) -> str | None:
    """The option's value as a URL: a plain file path becomes an SQLite URL (the registry itself says what is
    wrong with a URL it cannot open)."""
    if url is None or not url.strip():
        return None
    url = url.strip()
    return url if "://" in url else "sqlite:///" + url


def registry(purpose: str = "") -> Any:
    return typer.Option(None, "--registry", metavar="URL", envvar=REGISTRY_ENV, show_envvar=False,
                        callback=registry_value, help=REGISTRY_HELP + (f" {purpose}" if purpose else ""))


def registry_or_default(url: str | None) -> str:
    return url or DEFAULT_REGISTRY


def must_exist(url: str) -> None:
    """A command that only reads the registry refuses an SQLite file that is not there."""
    if not url.startswith("sqlite:///"):
        return
    database = url.removeprefix("sqlite:///").split("?", 1)[0]
    if database.startswith("file:"):  # an SQLite URI: left to the registry
        return
    if database not in ("", ":memory:") and not Path(database).is_file():
        from engine.registry.store import shown_url  # SQLAlchemy, for the commands that open the registry only

        raise usage_error(f"không có sổ công nhận {shown_url(url)} (tệp {database} không tồn tại); sổ được tạo khi ghi kết "
                          "quả (recognise record hoặc score --record)")


# ---------------------------------------------------------------- --year, --criteria


def _year_value(value: int | None) -> int | None:
    if value is not None and not YEARS[0] <= value <= YEARS[1]:
        raise usage_error(f"năm đánh giá {value} không hợp lệ (cần từ {YEARS[0]} đến {YEARS[1]})")
    return value


def year(purpose: str = "", *, required: bool = False) -> Any:
    return typer.Option(... if required else None, "--year", "-y", callback=_year_value, show_default=False,
                        help="Năm đánh giá (số liệu từ 01/01 đến 31/12)." + (f" {purpose}" if purpose else ""))


def totals() -> Any:
    """`--totals`: the denominators of the shares computed from the registry (TT 25/2023 indicator 4.1)."""
    return typer.Option(None, "--totals", metavar="TONG_SO.csv", show_default=False,
                        help="Tổng số xã của mỗi huyện (huyện của mỗi tỉnh), cùng định dạng với report --totals: "
                             "mẫu số của tỷ lệ tính từ sổ công nhận (TT 25/2023 chỉ tiêu 4.1); dùng cùng --registry.")


def criteria(purpose: str = "") -> Any:
    return typer.Option(None, "--criteria", "-c", metavar="MA", show_default=False,
                        help="Mã bộ tiêu chí (xem recognise criteria list) hoặc tệp YAML bộ tiêu chí của tỉnh."
                             + (f" {purpose}" if purpose else ""))


def criteria_set(ref: str | None) -> LoadedSet | None:
    """The set `--criteria` names (None when not given); an unknown id or an invalid file is a usage error."""
    if ref is None:
        return None
    try:
        return find(ref)
    except (UnknownCriteria, CriteriaFileInvalid) as exc:
        raise usage_error(str(exc)) from None


DB_HELP = ("Cơ sở dữ liệu của ứng dụng web (tài khoản, bảng điểm, nhật ký, sổ công nhận): tệp SQLite (đường dẫn hoặc "
           "sqlite:///duong/dan.sqlite3; mặc định recognise.sqlite3 trong thư mục đang làm việc) hoặc "
           "postgresql+psycopg://nguoi-dung@may-chu/csdl. Cũng đọc từ biến môi trường RECOGNISE_DB.")


def database() -> Any:
    return typer.Option(None, "--db", metavar="URL", envvar="RECOGNISE_DB", show_envvar=False,
                        callback=registry_value, help=DB_HELP)
