"""The command-line library's own words in Vietnamese: usage errors (unknown option, missing argument, bad
value, a file that is not there or cannot be read…) and the help screens ("Usage:", the help option, type labels).

typer prints errors through `rich_utils.rich_format_error`; `install()` wraps that function so that the message
is translated first (a message no pattern knows is shown as the library wrote it). The help screens' words come
from typer's `gettext` calls, its HelpFormatter, its help option, its type labels and rich_utils' panel titles:
`install()` gives each a Vietnamese version. typer.rich_utils (with Rich's Markdown and traceback modules) is
imported by typer only to print a help screen or an error: its words are set when it is imported, so that a
command that prints neither never imports it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any

import typer.core
from rich.markup import escape
from typer import _click

_VALUES = [  # what a value should have been
    (re.compile(r"Input should be a valid integer.*"), "cần một số nguyên"),
    (re.compile(r"Input should be a valid number.*"), "cần một số"),
    (re.compile(r"Value (.+) is not a valid (integer|int)\."), r"\1 không phải số nguyên"),
    (re.compile(r"Value (.+) is not a valid (float|number)\."), r"\1 không phải số"),
    (re.compile(r"(?i)(?:file|directory|path) '(.+)' does not exist\."), r"không có tệp hoặc thư mục “\1”"),
    (re.compile(r"(?i)(?:file|directory|path) '(.+)' is a file\."), r"“\1” là một tệp, cần một thư mục"),
    (re.compile(r"(?i)(?:file|directory|path) '(.+)' is a directory\."), r"“\1” là một thư mục, cần một tệp"),
    (re.compile(r"(?i)(?:file|directory|path) '(.+)' is not readable\."),
     r"không đọc được “\1” (không có quyền đọc)"),
    (re.compile(r"(?i)(?:file|directory|path) '(.+)' is not writable\."),
     r"không ghi được vào “\1” (không có quyền ghi)"),
    (re.compile(r"'(.+)': Permission denied"), r"không mở được “\1” (không có quyền)"),
    (re.compile(r"'(.+)': No such file or directory"), r"không có tệp hoặc thư mục “\1”"),
    (re.compile(r"'(.+)': Is a directory"), r"“\1” là một thư mục, cần một tệp"),
    (re.compile(r"(.+) is not one of (.+)\.", re.S), r"\1 không phải một trong các giá trị: \2"),
    (re.compile(r"Value must be an iterable\."), "cần một danh sách giá trị"),
    (re.compile(r"Input should be a valid boolean.*"), "cần true hoặc false"),
    (re.compile(r"Input should be a valid date.*"), "cần một ngày dạng dd/mm/yyyy"),
    (re.compile(r"Input should be (?:less|greater) than.*"), "ngoài khoảng cho phép"),
]


def _value(message: str) -> str:
    for pattern, vi in _VALUES:
        if pattern.fullmatch(message):
            return pattern.sub(vi, message)
    return message


def _did_you_mean(suggestion: str | None) -> str:
    return f" Có phải: {suggestion}?" if suggestion else ""


_KINDS = {"argument": "đối số", "option": "tùy chọn", "parameter": "tham số"}
_MESSAGES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"No such command '(?P<x>.*)'\.+(?: Did you mean (?P<s>.+)\?)?"),
     lambda m: f"Không có lệnh “{m['x']}”.{_did_you_mean(m['s'])}"),
    (re.compile(r"No such option: (?P<x>\S+)(?: Did you mean (?P<s>.+)\?)?(?: \(Possible options: (?P<p>.+)\))?"),
     lambda m: f"Không có tùy chọn {m['x']}.{_did_you_mean(m['s'] or m['p'])}"),
    (re.compile(r"Missing (?P<k>argument|option|parameter)(?: (?P<x>[^.]+))?\.(?: (?P<rest>.*))?", re.S),
     lambda m: f"Thiếu {_KINDS[m['k']]}{' ' + m['x'] if m['x'] else ''}."
     + (f" {m['rest'].replace('Choose from:', 'Chọn một trong:')}" if m["rest"] else "")),
    (re.compile(r"Missing parameter: (?P<x>.+)"), lambda m: f"Thiếu tham số {m['x']}."),
    (re.compile(r"Invalid value for (?P<p>.+?): (?P<v>.+)", re.S),
     lambda m: f"Giá trị không hợp lệ cho {m['p']}: {_value(m['v'])}"),
    (re.compile(r"Invalid value: (?P<v>.+)", re.S), lambda m: f"Giá trị không hợp lệ: {_value(m['v'])}"),
    (re.compile(r"Option '(?P<x>.+)' requires (an argument|(?P<n>\d+) arguments)\."),
     lambda m: f"Tùy chọn {m['x']} cần {m['n'] or 'một'} giá trị."),
    (re.compile(r"Got unexpected extra argument(?:\(s\)|s)? \((?P<x>.*)\)"), lambda m: f"Thừa đối số: {m['x']}."),
    (re.compile(r"Missing command\."), lambda m: "Thiếu lệnh."),
    (re.compile(r"Option '(?P<x>.+)' does not take a value\."), lambda m: f"Tùy chọn {m['x']} không nhận giá trị."),
    (re.compile(r"Argument '(?P<x>.+)' takes (?P<n>\d+) values\."), lambda m: f"Đối số {m['x']} cần {m['n']} giá trị."),
    (re.compile(r"Could not open file '(?P<x>.+)': (?P<why>.+)"),
     lambda m: f"Không mở được tệp “{m['x']}”: {_value(m['why'])}"),
]

# the help screens' words (typer's gettext calls), and the type labels of options without a metavar
_GETTEXT = {"(dynamic)": "(tính khi chạy)", "Aborted!": "Đã dừng.", "default: {default}": "mặc định: {default}",
            "required": "bắt buộc", "env var: {var}": "biến môi trường: {var}", "Arguments": "Đối số",
            "Options": "Tùy chọn", "Commands": "Lệnh"}
USAGE_PREFIX = "Cách dùng: "
_USAGE_WORDS = (("[OPTIONS]", "[TÙY_CHỌN]"), ("COMMAND [ARGS]...", "LỆNH [ĐỐI_SỐ]..."))
HELP_OPTION_HELP = "In hướng dẫn này rồi thoát."
_TYPES = {"str": "chữ", "text": "chữ", "int": "số nguyên", "integer": "số nguyên", "float": "số", "path": "đường dẫn",
          "file": "tệp", "directory": "thư mục", "date": "ngày", "datetime": "ngày giờ", "bool": None, "boolean": None}


def vietnamese(message: str) -> str:
    for pattern, vi in _MESSAGES:
        match = pattern.fullmatch(message)
        if match:
            return vi(match)
    return message


def examples(*commands: str) -> str:
    """The end of a help screen: commands to copy, as written (never read as markup)."""
    return "Ví dụ:\n" + "\n".join(f"  {escape(c)}" for c in commands)


def _gettext(message: str) -> str:
    return _GETTEXT.get(message, message)


def type_label(label: str | None) -> str | None:
    """`<int>` → `<số nguyên>`, `<list[str]>` → `<chữ…>`; a flag's `<bool>` is not shown."""
    if label is None:
        return None
    inner = label[1:-1] if label.startswith("<") and label.endswith(">") else label
    many = inner.startswith("list[") and inner.endswith("]")
    inner = inner[5:-1] if many else inner
    if inner.lower() not in _TYPES:
        return label
    vi = _TYPES[inner.lower()]
    return None if vi is None else f"<{vi}{'…' if many else ''}>"


def _install_help_words() -> None:
    """Usage line, help option, gettext words and type labels of the help screens."""
    typer.core._ = _gettext  # type: ignore[attr-defined]
    formatter = _click.formatting.HelpFormatter
    english_usage = formatter.write_usage

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        for en, vi in _USAGE_WORDS:
            args = args.replace(en, vi)
        english_usage(self, prog, args, USAGE_PREFIX if prefix is None else prefix)

    formatter.write_usage = write_usage
    command = _click.core.Command
    english_help_option = command.get_help_option

    def get_help_option(self: Any, ctx: Any) -> Any:
        option = english_help_option(self, ctx)
        if option is not None:
            option.help = HELP_OPTION_HELP
        return option

    command.get_help_option = get_help_option
    parameter = typer.core._TyperParameter
    english_type = parameter.display_type

    def display_type(self: Any, ctx: Any) -> str | None:
        if getattr(self, "is_flag", False):
            return None
        return type_label(english_type(self, ctx))

    parameter.display_type = display_type


# typer.rich_utils' words, set when it is imported
RICH_WORDS = {"ARGUMENTS_PANEL_TITLE": "Đối số", "OPTIONS_PANEL_TITLE": "Tùy chọn", "COMMANDS_PANEL_TITLE": "Lệnh",
              "ERRORS_PANEL_TITLE": "Lỗi", "ABORTED_TEXT": "Đã dừng.", "DEFAULT_STRING": "[mặc định: {}]",
              "REQUIRED_LONG_STRING": "[bắt buộc]", "ENVVAR_STRING": "[biến môi trường: {}]",
              "DEPRECATED_STRING": "(không dùng nữa) ",
              "RICH_HELP": "Xem [blue]'{command_path} {help_option}'[/] để được hướng dẫn."}


def _install_rich_words(rich_utils: ModuleType) -> None:
    for name, words in RICH_WORDS.items():
        setattr(rich_utils, name, words)
    english = rich_utils.rich_format_error

    def format_error(exc) -> None:
        message = vietnamese(exc.format_message())
        exc.format_message = lambda: message  # this one exception, as the panel shows it
        english(exc)

    rich_utils.rich_format_error = format_error


class _Imported:
    """A loader that runs `then(module)` right after the module it wraps is executed."""

    def __init__(self, loader: Any, then: Callable[[ModuleType], None]):
        self._loader, self._then = loader, then

    def create_module(self, spec: Any) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self._loader.exec_module(module)
        self._then(module)

    def __getattr__(self, name: str) -> Any:  # get_source, get_filename… for tracebacks and linecache
        return getattr(self._loader, name)


class _WhenImported:
    """A finder on sys.meta_path that waits for one module, wraps its loader, then steps aside."""

    def __init__(self, name: str, then: Callable[[ModuleType], None]):
        self.name, self.then = name, then

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)
        for finder in sys.meta_path:
            spec = finder.find_spec(fullname, path, target) if hasattr(finder, "find_spec") else None
            if spec is not None and spec.loader is not None:
                spec.loader = _Imported(spec.loader, self.then)
                return spec
        return None


def when_imported(name: str, then: Callable[[ModuleType], None]) -> None:
    """`then(module)` once the module `name` is imported: at once if it already is."""
    if name in sys.modules:
        then(sys.modules[name])
    elif not any(isinstance(f, _WhenImported) and f.name == name for f in sys.meta_path):
        sys.meta_path.insert(0, _WhenImported(name, then))


_installed = False


def install() -> None:
    global _installed
    if _installed:
        return
    _installed = True
    _install_help_words()
    when_imported("typer.rich_utils", _install_rich_words)
