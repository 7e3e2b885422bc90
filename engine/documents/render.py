"""Templates from the project or from a province, rendered in a sandbox, with bounded work.

ImmutableSandboxedEnvironment (no `__class__`, `__globals__`, `.mro()`, no mutating calls),
autoescape on every template, StrictUndefined (a missing variable is an error, never an empty
string). A province's template is input from outside, treated as hostile:
- it is read only from inside its folder: no symbolic link out of it, no device or FIFO, at most 1 MB;
- its work is bounded: no `*`, `+`, `**` or `%` that builds a huge value (ranges are bounded by the
  sandbox itself), no format width beyond MAX_WIDTH, no width or count beyond MAX_VALUE handed to a sizing
  filter (`center`, `indent`…) or a string method (`ljust`…), calls (macros, `loop()`) nested at most
  MAX_CALL_DEPTH deep and templates (include, extends, import) at most MAX_NESTING, and limits that grow
  with the data laid out (Limits): characters written, time (nested loops) and, while rendering, the memory
  the process may take (whatever builds a huge value in some other way: `replace`, `join`, doubling in a loop).
A template that fails or is stopped is reported with its file and line.
"""

from __future__ import annotations

import contextlib
import ctypes
import re
import string
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, ChoiceLoader, StrictUndefined, TemplateError, TemplateNotFound, TemplateSyntaxError
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment

from engine.errors import RecogniseError
from engine.vn.dates import vietnamese_date
from engine.vn.numbers import fmt
from engine.vn.text import nfc

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"

MAX_TEMPLATE_BYTES = 1_000_000
MAX_VALUE = 1_000_000  # characters or items one operator may build; the largest number a filter or method takes
MAX_WIDTH = 10_000  # width or precision in a format (`%9999999d`, `{:>9999999}`)
MAX_BITS = 100_000  # an integer `*` or `**` may build (about 30 000 digits)
MAX_CALL_DEPTH = 64
MAX_NESTING = 16
# A document's limits grow with what it lays out (subjects, reasons, findings, rows: `items`); the notices of
# denial take about 2 100 characters and 55 µs per subject
BASE_SECONDS = 10.0
SECONDS_PER_ITEM = 0.002
BASE_OUTPUT = 50_000_000  # characters
OUTPUT_PER_ITEM = 5_000
MEMORY_HEADROOM = 1 << 30  # bytes the process may grow by while a template renders, besides what it has written
BYTES_PER_CHARACTER = 4  # what written text may hold in memory (two bytes a Vietnamese character, joined once)


class TemplateFailure(RecogniseError):
    pass


class TemplateRefused(TemplateError):
    """A template stopped while rendering (read from outside its folder, too much work); Vietnamese message."""


class _OutOfTime(Exception):
    """Raised in the rendering thread by the watchdog when the time limit is reached."""


class _TooLarge(Exception):
    """Thrown into the template when its output passes its limit."""


# ---------------------------------------------------------------- reading templates


class FolderLoader(BaseLoader):
    """Templates of one folder, read only from inside it (a link out of it, a device, a huge file: refused)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.home = folder.resolve()

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        path = self.folder.joinpath(*split_template_path(template))  # `..` is refused there
        if not path.is_symlink() and not path.exists():
            raise TemplateNotFound(template)
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError):
            raise TemplateRefused(f"mẫu {path} là liên kết không trỏ tới tệp nào") from None
        if not real.is_relative_to(self.home):
            raise TemplateRefused(f"mẫu {path} là liên kết tới tệp ngoài thư mục mẫu {self.folder}, không đọc")
        if not real.is_file():
            raise TemplateRefused(f"mẫu {path} không phải tệp thông thường, không đọc")
        with real.open("rb") as handle:
            raw = handle.read(MAX_TEMPLATE_BYTES + 1)
        if len(raw) > MAX_TEMPLATE_BYTES:
            raise TemplateRefused(f"mẫu {path} lớn hơn {MAX_TEMPLATE_BYTES} byte")
        try:
            source = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise TemplateRefused(f"mẫu {path} không phải văn bản UTF-8") from None
        return source, str(path), lambda: True


def folders(custom: Path | None = None) -> list[Path]:
    """The templates folders, a province's first (its templates replace the shipped ones of the same name)."""
    return [custom, TEMPLATES_DIR] if custom is not None else [TEMPLATES_DIR]


# ---------------------------------------------------------------- bounded work


_PRINTF = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _refuse(what: str) -> None:
    raise TemplateRefused(f"{what}: vượt giới hạn của mẫu văn bản, đã dừng")


def _check_printf(text: str) -> None:
    for width, precision in _PRINTF.findall(text):
        for n in (width, precision):
            if n == "*" or (n and int(n) > MAX_WIDTH):
                _refuse(f"định dạng “%” với độ rộng {n}")


def _check_format(text: str) -> None:
    with contextlib.suppress(ValueError):  # a malformed format fails by itself when called
        for _, _, spec, _ in string.Formatter().parse(text):
            if spec and ("{" in spec or any(int(n) > MAX_WIDTH for n in re.findall(r"\d+", spec))):
                _refuse(f"định dạng “{{:{spec[:20]}}}”")


def _check_binop(operator: str, left: Any, right: Any) -> None:
    sized = (str, list, tuple)
    if operator == "*":
        for seq, n in ((left, right), (right, left)):
            if isinstance(seq, sized) and isinstance(n, int) and len(seq) * n > MAX_VALUE:
                _refuse(f"phép nhân tạo {len(seq) * n} ký tự hoặc phần tử")
        if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > MAX_BITS:
            _refuse("phép nhân tạo số quá lớn")
    elif operator == "**":
        if isinstance(left, int) and isinstance(right, int) and right > 0 \
                and max(abs(left).bit_length(), 1) * right > MAX_BITS:
            _refuse(f"lũy thừa {left} ** {right}")
    elif operator == "+":
        if isinstance(left, sized) and isinstance(right, sized) and len(left) + len(right) > MAX_VALUE:
            _refuse(f"phép cộng tạo {len(left) + len(right)} ký tự hoặc phần tử")
    elif operator == "%" and isinstance(left, str):
        _check_printf(left)


def _check_args(args: tuple, kwargs: dict) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_VALUE:
            _refuse(f"số {value} dùng làm độ rộng, độ dài hoặc số lần")


# the filters whose numbers say how much to build (a width, a length, a count of rows)
SIZED_FILTERS = frozenset({"center", "indent", "wordwrap", "truncate", "batch", "slice"})


def _bounded_filter(name: str, func: Callable) -> Callable:
    if name not in SIZED_FILTERS and name != "format":
        return func
    skip = 2 if getattr(func, "jinja_pass_arg", None) else 1  # the context or environment, then the value

    @wraps(func)  # keeps Jinja's pass_context/pass_environment marks
    def bounded(*args: Any, **kwargs: Any) -> Any:
        if name == "format":
            _check_printf(str(args[skip - 1]) if len(args) >= skip else "")
        else:
            _check_args(args[skip:], kwargs)
        return func(*args, **kwargs)

    return bounded


def _sized_method(obj: Any) -> bool:
    """A method of a string or a sequence (`ljust`, `center`, `zfill`, `expandtabs`…): its numbers are sizes."""
    return isinstance(getattr(obj, "__self__", None), str | list | tuple)


class _Depth(threading.local):
    calls = 0


def _nesting(env: BoundedSandbox) -> int:
    """Templates being rendered, one inside the other (each runs its `root` function)."""
    frame, count = sys._getframe(1), 0
    while frame is not None:
        if frame.f_code.co_name == "root" and frame.f_globals.get("environment") is env:
            count += 1
        frame = frame.f_back
    return count


class BoundedSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "+", "%"})  # also kept from being folded at compile time

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self._depth = _Depth()
        self.filters = {name: _bounded_filter(name, f) for name, f in self.filters.items()}

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        if _sized_method(obj):
            _check_args(args, kwargs)
        depth = self._depth.calls
        if depth >= MAX_CALL_DEPTH:
            _refuse(f"gọi lồng nhau quá {MAX_CALL_DEPTH} tầng (macro tự gọi lại chính nó?)")
        self._depth.calls = depth + 1
        try:
            return super().call(context, obj, *args, **kwargs)
        finally:
            self._depth.calls = depth

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            _check_format(value.__self__)
        return wrapped

    def get_template(self, name: Any, parent: str | None = None, globals: Any = None) -> Any:  # noqa: A002
        self._nested(name)
        return super().get_template(name, parent, globals)

    def select_template(self, names: Any, parent: str | None = None, globals: Any = None) -> Any:  # noqa: A002
        self._nested(names)
        return super().select_template(names, parent, globals)

    def _nested(self, name: Any) -> None:
        if _nesting(self) >= MAX_NESTING:
            _refuse(f"mẫu lồng nhau quá {MAX_NESTING} tầng khi gọi {name} (include, extends, import: mẫu tự gọi "
                    "lại chính nó?)")


def environment(custom: Path | None = None) -> BoundedSandbox:
    """The sandbox over the shipped templates and, first, a province's own folder (which must exist)."""
    if custom is not None and not custom.is_dir():
        raise TemplateFailure(f"{custom}: thư mục mẫu không tồn tại" if not custom.exists()
                              else f"{custom}: không phải thư mục (--templates cần thư mục chứa các mẫu)")
    env = BoundedSandbox(
        loader=ChoiceLoader([FolderLoader(f) for f in folders(custom)]),
        autoescape=True,  # every template is HTML, whatever its extension
        undefined=StrictUndefined,
        auto_reload=False,
    )
    env.filters["ngay"] = vietnamese_date
    env.filters["so"] = fmt
    return env


# ---------------------------------------------------------------- time and memory


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """After `seconds`, _OutOfTime is raised in this thread wherever it is in Python code (a loop with an empty
    body included); never once the block is left."""
    thread = ctypes.c_ulong(threading.get_ident())
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def fire() -> None:
        with lock:
            if not state["done"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(thread, ctypes.py_object(_OutOfTime))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["done"] = True
            if state["fired"]:  # raised already, or still pending: withdraw it
                ctypes.pythonapi.PyThreadState_SetAsyncExc(thread, None)
        timer.cancel()


@contextlib.contextmanager
def _memory_cap() -> Iterator[Callable[[int], None]]:
    """While rendering, the process may grow by MEMORY_HEADROOM bytes besides the text written (`grow(bytes)`
    says how much that is): beyond, MemoryError where the template is."""
    def unbounded(_: int) -> None:
        pass

    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        with open("/proc/self/statm", encoding="ascii") as handle:
            used = int(handle.read().split()[0]) * resource.getpagesize()
    except (ImportError, OSError, ValueError, IndexError):  # not Linux: the other limits still hold
        yield unbounded
        return

    def grow(written: int) -> None:
        cap = used + MEMORY_HEADROOM + written
        if (soft == resource.RLIM_INFINITY or cap < soft) and (hard == resource.RLIM_INFINITY or cap <= hard):
            resource.setrlimit(resource.RLIMIT_AS, (cap, hard))

    grow(0)
    try:
        yield grow
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _items(value: Any, depth: int = 3) -> int:
    """How many subjects, rows, findings a context holds: the time limit grows with them."""
    if depth == 0:
        return 0
    if isinstance(value, dict):
        return sum(_items(v, depth - 1) for v in value.values())
    if isinstance(value, list | tuple):
        return len(value) + sum(_items(v, depth - 1) for v in value[:10_000] if isinstance(v, dict | list))
    return 0


@dataclass(frozen=True)
class Limits:
    seconds: float
    output: int  # characters

    @classmethod
    def of(cls, context: dict) -> Limits:
        items = _items(context)
        return cls(BASE_SECONDS + SECONDS_PER_ITEM * items, BASE_OUTPUT + OUTPUT_PER_ITEM * items)


_STEP = 1 << 24  # the memory cap follows the text written in steps of 16 M characters


def _generate(env: BoundedSandbox, name: str, context: dict, limit: int, grow: Callable[[int], None]) -> str:
    stream = env.get_template(name).generate(**context)
    parts, size, allowed = [], 0, 0
    for chunk in stream:
        size += len(chunk)
        if size > limit:
            stream.throw(_TooLarge())  # raised where the template is, so that its line is known
        if size > allowed:
            allowed = size + _STEP
            grow(allowed * BYTES_PER_CHARACTER)
        parts.append(chunk)
    return "".join(parts)


# ---------------------------------------------------------------- rendering


def render(env: BoundedSandbox, name: str, context: dict) -> str:
    limits = Limits.of(context)
    try:
        with _deadline(limits.seconds), _memory_cap() as grow:
            text = _generate(env, name, context, limits.output, grow)
        return nfc(text)
    except TemplateSyntaxError as exc:
        raise TemplateFailure(f"{exc.filename or name}:{exc.lineno}: lỗi cú pháp mẫu: {exc.message}") from None
    except (TemplateError, TypeError, AttributeError, ValueError, LookupError, ArithmeticError, RecursionError,
            MemoryError, _OutOfTime, _TooLarge) as exc:
        where, line = _template_frame(exc, name)
        at = f"{where}:{line}" if line is not None else where
        raise TemplateFailure(f"{at}: mẫu bị từ chối: {_why(exc, limits)}") from None


def _template_frame(exc: BaseException, name: str) -> tuple[str, int | None]:
    """Jinja rewrites tracebacks so that template frames carry the template's file and line."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".j2") or frame.filename == "<template>":
            return frame.filename, frame.lineno
    return name, None


def _why(exc: BaseException, limits: Limits) -> str:
    text = str(exc)
    if isinstance(exc, _OutOfTime):
        return f"mẫu chạy quá {limits.seconds:.0f} giây (vòng lặp lồng nhau hoặc lặp quá nhiều), đã dừng"
    if isinstance(exc, _TooLarge):
        return f"văn bản dài quá {limits.output} ký tự, đã dừng"
    if isinstance(exc, MemoryError):
        return "mẫu tạo ra giá trị quá lớn (vượt bộ nhớ dành cho một văn bản), đã dừng"
    if isinstance(exc, RecursionError):
        return "mẫu tự gọi lại chính nó quá nhiều tầng, đã dừng"
    if isinstance(exc, TemplateRefused):
        return text
    if "unsafe" in text or type(exc).__name__ == "SecurityError":
        return f"truy cập không được phép trong môi trường cách ly ({text})"
    if type(exc).__name__ == "UndefinedError":
        return f"biến không có trong dữ liệu ({text})"
    return text
