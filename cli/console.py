"""The terminals the commands print to: results on stdout, progress and errors on stderr."""

from __future__ import annotations

import os

from rich.console import Console

_width = None if os.isatty(1) else 120
out = Console(width=_width, highlight=False, soft_wrap=False)
err = Console(stderr=True, width=_width, highlight=False)
