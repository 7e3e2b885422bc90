"""Templates from the project or from a province, rendered in a sandbox.

ImmutableSandboxedEnvironment (no `__class__`, `__globals__`, `.mro()`, no mutating calls),
autoescape on every template, StrictUndefined (a missing variable is an error, never an empty
string). A template that fails is reported with its name and line.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from engine.errors import RecogniseError
from engine.vn.dates import vietnamese_date
from engine.vn.numbers import fmt
from engine.vn.text import nfc

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"


class TemplateFailure(RecogniseError):
    pass


def environment(custom: Path | None = None) -> ImmutableSandboxedEnvironment:
    loaders = [FileSystemLoader(str(custom))] if custom else []
    env = ImmutableSandboxedEnvironment(
        loader=ChoiceLoader([*loaders, FileSystemLoader(str(TEMPLATES_DIR))]),
        autoescape=True,  # every template is HTML, whatever its extension
        undefined=StrictUndefined,
        auto_reload=False,
    )
    env.filters["ngay"] = vietnamese_date
    env.filters["so"] = fmt
    return env


def render(env: ImmutableSandboxedEnvironment, name: str, context: dict) -> str:
    try:
        return nfc(env.get_template(name).render(**context))
    except TemplateSyntaxError as exc:
        raise TemplateFailure(f"{exc.filename or name}:{exc.lineno}: lỗi cú pháp mẫu: {exc.message}") from None
    except (TemplateError, TypeError, AttributeError, ValueError) as exc:
        where, line = _template_frame(exc, name)
        raise TemplateFailure(f"{where}:{line}: mẫu bị từ chối: {_why(exc)}") from None


def _template_frame(exc: BaseException, name: str) -> tuple[str, int | str]:
    """Jinja rewrites tracebacks so that template frames carry the template's file and line."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".j2") or frame.filename == "<template>":
            return frame.filename, frame.lineno or "?"
    return name, "?"


def _why(exc: BaseException) -> str:
    text = str(exc)
    if "unsafe" in text or type(exc).__name__ == "SecurityError":
        return f"truy cập không được phép trong môi trường cách ly ({text})"
    if type(exc).__name__ == "UndefinedError":
        return f"biến không có trong dữ liệu ({text})"
    return text
