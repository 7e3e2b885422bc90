"""`recognise`: đánh giá, công nhận danh hiệu học tập (Gia đình, Dòng họ, Cộng đồng, Đơn vị học tập)."""

from __future__ import annotations

import warnings

import typer
from typer import rich_utils

from cli import criteria_cmd, documents_cmd, record_cmd, report_cmd, review_cmd, score_cmd, sheet_cmd

# the help screens' own words, in Vietnamese
rich_utils.ARGUMENTS_PANEL_TITLE = "Đối số"
rich_utils.OPTIONS_PANEL_TITLE = "Tùy chọn"
rich_utils.COMMANDS_PANEL_TITLE = "Lệnh"
rich_utils.ERRORS_PANEL_TITLE = "Lỗi"
rich_utils.ABORTED_TEXT = "Đã dừng."
rich_utils.DEFAULT_STRING = "[mặc định: {}]"
rich_utils.REQUIRED_LONG_STRING = "[bắt buộc]"
rich_utils.RICH_HELP = "Xem [blue]'{command_path} {help_option}'[/] để được hướng dẫn."

app = typer.Typer(
    name="recognise",
    help="Đánh giá, công nhận danh hiệu “Gia đình học tập”, “Dòng họ học tập”, “Cộng đồng học tập”, "
         "“Đơn vị học tập” theo bộ tiêu chí chính thức, có giải thích từng điểm.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(criteria_cmd.app, name="criteria")
app.command("sheet", help="Ghi bảng điểm trống của một bộ tiêu chí (CSV hoặc XLSX).")(sheet_cmd.sheet)
app.command("score", help="Chấm một bảng điểm theo bộ tiêu chí, xếp loại hoặc xét mức độ, giải thích kết quả.")(
    score_cmd.score)
app.command("documents", help="In quyết định công nhận, danh sách kèm theo, giấy công nhận và thông báo không đạt.")(
    documents_cmd.documents)
app.command("record", help="Ghi kết quả vào sổ công nhận (SQLite hoặc PostgreSQL) theo quyết định.")(record_cmd.record)
app.command("report", help="Tỷ lệ công nhận từng danh hiệu theo thôn, xã, tỉnh so với chỉ tiêu.")(report_cmd.report)
app.command("review", help="Rà soát hồ sơ đề nghị công nhận: chấm lại bảng điểm, đối chiếu kết quả kê khai.")(
    review_cmd.review)


def main() -> None:
    warnings.filterwarnings("ignore", category=DeprecationWarning)  # durable-rules on Python 3.12
    app()
