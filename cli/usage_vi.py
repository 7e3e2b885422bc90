"""The command-line library's own usage errors (unknown option, missing argument, bad value…) in Vietnamese.

typer prints them through `rich_utils.rich_format_error`; `install()` wraps that function so that the message
is translated first. A message no pattern knows is shown as the library wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from typer import rich_utils

_VALUES = [  # what a value should have been
    (re.compile(r"Input should be a valid integer.*"), "cần một số nguyên"),
    (re.compile(r"Input should be a valid number.*"), "cần một số"),
    (re.compile(r"Value (.+) is not a valid (integer|int)\."), r"\1 không phải số nguyên"),
    (re.compile(r"Value (.+) is not a valid (float|number)\."), r"\1 không phải số"),
    (re.compile(r"(File|Directory|Path) (.+) does not exist\."), r"không có \2"),
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
    (re.compile(r"Missing (?P<k>argument|option|parameter)(?: (?P<x>[^.]+))?\.(?: (?P<rest>.*))?"),
     lambda m: f"Thiếu {_KINDS[m['k']]}{' ' + m['x'] if m['x'] else ''}." + (f" {m['rest']}" if m["rest"] else "")),
    (re.compile(r"Invalid value for (?P<p>.+?): (?P<v>.+)", re.S),
     lambda m: f"Giá trị không hợp lệ cho {m['p']}: {_value(m['v'])}"),
    (re.compile(r"Invalid value: (?P<v>.+)", re.S), lambda m: f"Giá trị không hợp lệ: {_value(m['v'])}"),
    (re.compile(r"Option '(?P<x>.+)' requires (an argument|(?P<n>\d+) arguments)\."),
     lambda m: f"Tùy chọn {m['x']} cần {m['n'] or 'một'} giá trị."),
    (re.compile(r"Got unexpected extra argument(?:\(s\)|s)? \((?P<x>.*)\)"), lambda m: f"Thừa đối số: {m['x']}."),
    (re.compile(r"Missing command\."), lambda m: "Thiếu lệnh."),
]


def vietnamese(message: str) -> str:
    for pattern, vi in _MESSAGES:
        match = pattern.fullmatch(message)
        if match:
            return vi(match)
    return message


def install() -> None:
    english = rich_utils.rich_format_error
    if getattr(english, "vietnamese", False):
        return

    def format_error(exc) -> None:
        message = vietnamese(exc.format_message())
        exc.format_message = lambda: message  # this one exception, as the panel shows it
        english(exc)

    format_error.vietnamese = True  # type: ignore[attr-defined]
    rich_utils.rich_format_error = format_error
