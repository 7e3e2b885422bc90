"""`recognise`: đánh giá, công nhận danh hiệu học tập (Gia đình, Dòng họ, Cộng đồng, Đơn vị học tập)."""

from __future__ import annotations

import os
import signal
import sys
import traceback
import warnings
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as installed_version
from typing import Any, NoReturn

import typer
from typer import rich_utils
from typer.core import TyperGroup

from cli import (
    criteria_cmd,
    documents_cmd,
    record_cmd,
    registration_cmd,
    report_cmd,
    review_cmd,
    score_cmd,
    serve_cmd,
    sheet_cmd,
    so_cmd,
    usage_vi,
    users_cmd,
)
from cli.console import error, out
from cli.interrupt import EXIT_INTERRUPTED, Interrupted, Stop, interruptible, message
from engine.errors import RecogniseError, os_reason
from engine.workers import requested_workers

DEBUG_ENV = "RECOGNISE_DEBUG"

# the help screens' own words, in Vietnamese
rich_utils.ARGUMENTS_PANEL_TITLE = "Đối số"
rich_utils.OPTIONS_PANEL_TITLE = "Tùy chọn"
rich_utils.COMMANDS_PANEL_TITLE = "Lệnh"
rich_utils.ERRORS_PANEL_TITLE = "Lỗi"
rich_utils.ABORTED_TEXT = "Đã dừng."
rich_utils.DEFAULT_STRING = "[mặc định: {}]"
rich_utils.REQUIRED_LONG_STRING = "[bắt buộc]"
rich_utils.RICH_HELP = "Xem [blue]'{command_path} {help_option}'[/] để được hướng dẫn."
usage_vi.install()  # and the usage errors (unknown option, missing argument…)


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


app = typer.Typer(
    cls=Guarded,
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
    try:
        return installed_version("recognise")
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


app.add_typer(criteria_cmd.app, name="criteria")
app.command("sheet", help="Ghi bảng điểm trống của một bộ tiêu chí (CSV hoặc XLSX).",
            epilog=usage_vi.examples("recognise sheet cdht-xa-tt25-2023 --output bang-diem.xlsx"))(sheet_cmd.sheet)
app.command("score", help="Chấm một bảng điểm theo bộ tiêu chí, xếp loại hoặc xét mức độ, giải thích kết quả.",
            epilog=usage_vi.examples(
                "recognise score bang-diem.xlsx --criteria cdht-xa-tt25-2023 --year 2024 --output ket-qua.json",
                "recognise score bang-diem.csv --title \"Đơn vị học tập\" --year 2024 --explain DV-02"))(score_cmd.score)
app.command("documents", help="In quyết định công nhận, danh sách kèm theo, giấy công nhận và thông báo không đạt.",
            epilog=usage_vi.examples("recognise documents ket-qua.json --config trien-khai.yaml --output van-ban"))(
    documents_cmd.documents)
app.command("registration", help="Danh sách đầu năm theo thôn: đăng ký kèm kết quả năm trước, đến hạn công nhận "
                                 "lại, được đăng ký mức độ cao hơn.",
            epilog=usage_vi.examples("recognise registration --criteria gdht-448-vidu --year 2025 --config "
                                     "trien-khai.yaml --registry so-cong-nhan.sqlite3 --output dau-nam"))(
    registration_cmd.registration)
app.command("record", help="Ghi kết quả vào sổ công nhận (SQLite hoặc PostgreSQL) theo quyết định.",
            epilog=usage_vi.examples("recognise record ket-qua.json --config trien-khai.yaml "
                                     "--registry so-cong-nhan.sqlite3"))(record_cmd.record)
app.command("report", help="Tỷ lệ công nhận từng danh hiệu theo thôn, xã, tỉnh so với chỉ tiêu.",
            epilog=usage_vi.examples("recognise report --year 2024 --registry so-cong-nhan.sqlite3 "
                                     "--output bao-cao.html"))(report_cmd.report)
app.command("review", help="Rà soát hồ sơ đề nghị công nhận: chấm lại bảng điểm, đối chiếu kết quả kê khai.",
            epilog=usage_vi.examples("recognise review ho-so-xa-1 ho-so-xa-2 --output bao-cao.html"))(
    review_cmd.review)
app.command("serve", help="Chạy ứng dụng web cho hội đồng xã, tỉnh và Hội Khuyến học.",
            epilog=usage_vi.examples("recognise users add quan-tri --role quan-tri --area \"Tỉnh Bắc Kạn\"",
                                     "recognise serve --port 8000"))(serve_cmd.serve)
app.add_typer(users_cmd.app, name="users")
app.add_typer(so_cmd.app, name="so")


def main() -> None:
    warnings.filterwarnings("ignore", category=DeprecationWarning)  # durable-rules on Python 3.12
    app()
