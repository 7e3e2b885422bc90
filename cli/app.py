"""`recognise`: đánh giá, công nhận danh hiệu học tập (Gia đình, Dòng họ, Cộng đồng, Đơn vị học tập)."""

from __future__ import annotations

import importlib
import os
import signal
import sys
import traceback
import warnings
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from typing import Any, NoReturn

import typer
from typer import _click
from typer.core import TyperCommand, TyperGroup
from typer.main import get_group

from cli import usage_vi
from cli.console import error, out
from cli.interrupt import EXIT_INTERRUPTED, Interrupted, Stop, interruptible, message
from engine.errors import RecogniseError, os_reason
from engine.workers import requested_workers

DEBUG_ENV = "RECOGNISE_DEBUG"

usage_vi.install()  # the help screens and the usage errors (unknown option, missing argument…) in Vietnamese


def crash_message(exc: BaseException) -> str:
    """One Vietnamese sentence for an error nobody planned for (the traceback only with RECOGNISE_DEBUG=1)."""
    if isinstance(exc, OSError):
        named = exc.filename2 or exc.filename
        return (f"không đọc hoặc ghi được tệp{f' {named}' if named is not None else ''} ({os_reason(exc)}), "
                "lệnh dừng tại đây.")
    if isinstance(exc, MemoryError):
        return "không đủ bộ nhớ để chạy hết lệnh; hãy chia bảng điểm nhỏ hơn hoặc chạy trên máy nhiều bộ nhớ hơn."
    detail = " ".join(str(exc).split())[:300]
    return (f"recognise gặp lỗi ngoài dự kiến và đã dừng ({type(exc).__name__}{': ' + detail if detail else ''}); "
            f"chạy lại với biến môi trường {DEBUG_ENV}=1 để xem chi tiết và báo cho người quản trị.")


def stopped(stop: Stop, signum: int) -> NoReturn:
    stop.done = True
    error(message(signum))
    sys.exit(EXIT_INTERRUPTED)


class Guarded(TyperGroup):
    """Every command runs guarded: an unexpected exception is one sentence on stderr and exit code 2, never a
    traceback and exit code 1 (which means "some rows rejected"); an error the engine words itself
    (RecogniseError: an output that cannot be written, RECOGNISE_WORKERS out of range…) is printed as it is,
    exit code 2; Ctrl-C and SIGTERM stop the command cleanly, one line and exit code 130 (cli/interrupt.py)."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        with interruptible() as stop:
            try:
                return super().main(*args, **kwargs)
            except (typer.Exit, typer.Abort):  # outside standalone mode: the caller's to handle
                raise
            except (Interrupted, KeyboardInterrupt) as exc:
                stopped(stop, exc.signum if isinstance(exc, Interrupted) else signal.SIGINT)
            except Exception as exc:
                if stop.signum is not None:  # the signal, changed on its way by a library that catches everything
                    stopped(stop, stop.signum)
                if isinstance(exc, RecogniseError):
                    error(str(exc))
                    sys.exit(2)
                if os.environ.get(DEBUG_ENV, "").strip() not in ("", "0"):
                    traceback.print_exception(exc, file=sys.stderr)
                error(crash_message(exc))
                sys.exit(2)

    def invoke(self, ctx: Any) -> Any:
        if not set(ctx.help_option_names) & set(ctx.args):
            requested_workers()  # a bad RECOGNISE_WORKERS is refused before a command reads or writes anything
        return super().invoke(ctx)


@dataclass(frozen=True)
class Lazy:
    """A command whose module is imported only when the command runs or shows its own help: `recognise --help` lists
    `help` without importing anything, so `help` must equal the command's own help (tests/test_lazy_imports.py)."""

    module: str
    attribute: str  # the command's function, or the typer.Typer of a group of commands
    help: str
    epilog: str | None = None  # a function's; a group has its own


COMMANDS: dict[str, Lazy] = {
    "sheet": Lazy("cli.sheet_cmd", "sheet", "Ghi bảng điểm trống của một bộ tiêu chí (CSV hoặc XLSX).",
                  usage_vi.examples("recognise sheet cdht-xa-tt25-2023 --output bang-diem.xlsx")),
    "score": Lazy("cli.score_cmd", "score",
                  "Chấm một bảng điểm theo bộ tiêu chí, xếp loại hoặc xét mức độ, giải thích kết quả.",
                  usage_vi.examples(
                      "recognise score bang-diem.xlsx --criteria cdht-xa-tt25-2023 --year 2024 --output ket-qua.json",
                      "recognise score bang-diem.csv --title \"Đơn vị học tập\" --year 2024 --explain DV-02")),
    "documents": Lazy("cli.documents_cmd", "documents",
                      "In quyết định công nhận, danh sách kèm theo, giấy công nhận và thông báo không đạt.",
                      usage_vi.examples("recognise documents ket-qua.json --config trien-khai.yaml --output van-ban")),
    "registration": Lazy("cli.registration_cmd", "registration",
                         "Danh sách đầu năm theo thôn: đăng ký kèm kết quả năm trước, đến hạn công nhận lại, được đăng "
                         "ký mức độ cao hơn.",
                         usage_vi.examples("recognise registration --criteria gdht-448-vidu --year 2025 --config "
                                           "trien-khai.yaml --registry so-cong-nhan.sqlite3 --output dau-nam")),
    "record": Lazy("cli.record_cmd", "record", "Ghi kết quả vào sổ công nhận (SQLite hoặc PostgreSQL) theo quyết định.",
                   usage_vi.examples("recognise record ket-qua.json --config trien-khai.yaml "
                                     "--registry so-cong-nhan.sqlite3")),
    "report": Lazy("cli.report_cmd", "report", "Tỷ lệ công nhận từng danh hiệu theo thôn, xã, tỉnh so với chỉ tiêu.",
                   usage_vi.examples("recognise report --year 2024 --registry so-cong-nhan.sqlite3 "
                                     "--output bao-cao.html")),
    "review": Lazy("cli.review_cmd", "review",
                   "Rà soát hồ sơ đề nghị công nhận: chấm lại bảng điểm, đối chiếu kết quả kê khai.",
                   usage_vi.examples("recognise review ho-so-xa-1 ho-so-xa-2 --output bao-cao.html")),
    "serve": Lazy("cli.serve_cmd", "serve", "Chạy ứng dụng web cho hội đồng xã, tỉnh và Hội Khuyến học.",
                  usage_vi.examples("recognise users add quan-tri --role quan-tri --area \"Tỉnh Bắc Kạn\"",
                                    "recognise serve --port 8000")),
    "criteria": Lazy("cli.criteria_cmd", "app", "Các bộ tiêu chí: liệt kê, kiểm tra tệp, xem nội dung."),
    "users": Lazy("cli.users_cmd", "app",
                  "Tài khoản của ứng dụng web: thêm, liệt kê, khóa, đặt mật khẩu, cấp mã truy cập API."),
    "so": Lazy("cli.so_cmd", "app", "Sổ công nhận: liệt kê, tìm, xuất XLSX/CSV, thu hồi hoặc đính chính công nhận đã "
                                    "ghi (không xóa gì, giữ lịch sử)."),
}


def load_command(name: str, lazy: Lazy, *, rich_markup_mode: Any = "rich") -> _click.Command:
    """The command itself, built by typer exactly as `app.command(...)` or `app.add_typer(...)` would build it."""
    target = getattr(importlib.import_module(lazy.module), lazy.attribute)
    holder = typer.Typer(rich_markup_mode=rich_markup_mode, add_completion=False)
    if isinstance(target, typer.Typer):
        holder.add_typer(target, name=name)
    else:
        holder.command(name, help=lazy.help, epilog=lazy.epilog)(target)
    return get_group(holder).commands[name]


class _Commands(MutableMapping[str, _click.Command]):
    """The program's commands by name: every name known from the start, a command's module imported on first use."""

    def __init__(self, program: Program, built: MutableMapping[str, _click.Command]):
        self._program = program
        self._built = dict(built)

    def __getitem__(self, name: str) -> _click.Command:
        if name not in self._built:
            self._built[name] = load_command(name, COMMANDS[name], rich_markup_mode=self._program.rich_markup_mode)
        return self._built[name]

    def __setitem__(self, name: str, command: _click.Command) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._built[name]

    def __iter__(self) -> Iterator[str]:
        yield from self._built
        yield from (name for name in COMMANDS if name not in self._built)

    def __len__(self) -> int:
        return len(self._built.keys() | COMMANDS.keys())

    def __contains__(self, name: object) -> bool:
        return name in self._built or name in COMMANDS


class Program(Guarded):
    """`recognise`: the commands of COMMANDS, each imported when it is run or asked for its help. The list of
    commands in `recognise --help` shows their `help` without importing them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = _Commands(self, self.commands)
        self._listing = False

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)

    def get_command(self, ctx: Any, cmd_name: str) -> _click.Command | None:
        if self._listing and cmd_name in COMMANDS:
            return TyperCommand(cmd_name, help=COMMANDS[cmd_name].help)  # its line in the list, nothing imported
        return self.commands.get(cmd_name)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False


app = typer.Typer(
    cls=Program,
    name="recognise",
    help="Đánh giá, công nhận danh hiệu “Gia đình học tập”, “Dòng họ học tập”, “Cộng đồng học tập”, "
         "“Đơn vị học tập” theo bộ tiêu chí chính thức, có giải thích từng điểm.",
    epilog=usage_vi.examples("recognise criteria list",
                             "recognise score bang-diem.xlsx --criteria cdht-xa-tt25-2023 --year 2024 "
                             "--output ket-qua.json",
                             "recognise score --help"),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def program_version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # only for --version: it reads every package's data

    try:
        return version("recognise")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "(chưa cài đặt)"


def _print_version(wanted: bool) -> None:
    if wanted:
        out.print(f"recognise {program_version()}", markup=False)
        raise typer.Exit()


@app.callback()
def _program(version: bool = typer.Option(False, "--version", "-V", is_eager=True, callback=_print_version,
                                          help="In phiên bản của recognise rồi thoát.")) -> None:
    """Options of the program itself (before the command)."""


def main() -> None:
    warnings.filterwarnings("ignore", category=DeprecationWarning)  # durable-rules on Python 3.12
    app()
