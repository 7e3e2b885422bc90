"""The terminals the commands print to: results on stdout, progress and errors on stderr.

Text that comes from users (sheets, criteria files, configurations, registries, folder names, the command
line) is never read as Rich markup or emoji codes: it reaches tables, trees and panels as `Text` objects
(`plain`, `Text.assemble`), and plain strings are printed with `markup=False`. Emoji codes are off for both
terminals, so `:x:` in a name stays `:x:`.
"""

from __future__ import annotations

import os

from rich.console import Console
from rich.text import Text

_width = None if os.isatty(1) else 120
out = Console(width=_width, highlight=False, soft_wrap=False, emoji=False)
err = Console(stderr=True, width=_width, highlight=False, emoji=False)


def plain(value: object, style: str = "") -> Text:
    """User text as a renderable that Rich never parses: `[/]`, `[bold]`, a trailing backslash stay as written."""
    return Text(str(value), style=style)


def error(message: str, lines: tuple[str, ...] | list[str] = ()) -> None:
    """One error on stderr: a red "Lỗi:" then the message (and its detail lines) exactly as written."""
    err.print(Text.assemble(("Lỗi: ", "red"), message), soft_wrap=True)
    for line in lines:
        err.print(Text(f"  {line}"), soft_wrap=True)
