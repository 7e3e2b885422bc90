"""Criteria files: safe YAML to a validated CriteriaSet, with the file and line in every error.

Loading never executes anything: only the plain YAML tags are accepted (no `!!python/...`),
anchors and aliases are refused (no billion laughs), and size, depth and node counts are bounded.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar, get_args

import yaml
from pydantic import BaseModel, ValidationError

from engine.criteria.checks import Problem, semantic_problems
from engine.criteria.model import CriteriaSet
from engine.errors import RecogniseError, did_you_mean, hint_text, os_reason

MAX_FILE_BYTES = 1_000_000
MAX_NODES = 50_000
MAX_DEPTH = 40
# libyaml's parser when PyYAML was built with it: a shipped set loads several times faster. Used for files that turn
# out valid; any problem is looked at again with PyYAML's own parser, whose words and lines the messages use.
FAST_LOADER = getattr(yaml, "CSafeLoader", None)
M = TypeVar("M", bound=BaseModel)
_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}


@dataclass(frozen=True)
class CriteriaError:
    file: str
    line: int
    key: str
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.key}: {self.message}{hint_text(self.hint)}"


class CriteriaFileInvalid(RecogniseError):
    def __init__(self, errors: list[CriteriaError]):
        self.errors = errors
        super().__init__("\n".join(map(str, errors)))


@dataclass(frozen=True)
class LoadedSet:
    criteria: CriteriaSet
    path: Path
    sha256: str


class _Tree:
    """Plain data built from YAML nodes, remembering the line of every key and item."""

    def __init__(self, file: str, fast: bool = False):
        self.file = file
        self.fast = fast  # built from libyaml's nodes
        self.lines: dict[tuple, int] = {}
        self.errors: list[CriteriaError] = []
        self.nodes = 0
        self._scalar = yaml.SafeLoader("")

    def build(self, node: yaml.Node, path: tuple = (), depth: int = 0):
        self.nodes += 1
        if self.nodes > MAX_NODES or depth > MAX_DEPTH:
            raise CriteriaFileInvalid([CriteriaError(self.file, node.start_mark.line + 1, _key(path),
                                                     "tệp quá lớn hoặc lồng quá sâu")])
        if node.tag not in _PLAIN_TAGS:
            raise CriteriaFileInvalid([CriteriaError(self.file, node.start_mark.line + 1, _key(path),
                                                     f"thẻ YAML {node.tag!r} không được phép (chỉ nhận dữ liệu thuần)")])
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            out: dict = {}
            for knode, vnode in node.value:
                key = self.build(knode, path + ("<key>",), depth + 1)
                if isinstance(key, bool) or not isinstance(key, str | int):
                    self.errors.append(CriteriaError(self.file, knode.start_mark.line + 1, _key(path),
                                                     f"khóa {key!r} phải là chuỗi"))
                    continue
                if key in out:
                    self.errors.append(CriteriaError(self.file, knode.start_mark.line + 1, _key(path + (key,)),
                                                     f"khóa {key!r} bị trùng (đã có ở dòng {self.lines[path + (key,)]})"))
                    continue
                self.lines[path + (key,)] = knode.start_mark.line + 1
                out[key] = self.build(vnode, path + (key,), depth + 1)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(v, path + (i,), depth + 1) for i, v in enumerate(node.value)]
        try:
            return self._scalar.construct_object(node)
        except (ValueError, OverflowError) as exc:  # e.g. 2020-02-30, a date that does not exist
            raise CriteriaFileInvalid([CriteriaError(self.file, node.start_mark.line + 1, _key(path),
                                                     f"giá trị {node.value!r} không hợp lệ")]) from exc

    def line_of(self, path: tuple) -> int:
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)


def _key(path: tuple) -> str:
    out = ""
    for part in path:
        if part == "<key>":
            continue
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(gốc)"


_PYDANTIC_VI = {
    "missing": "thiếu khóa bắt buộc",
    "extra_forbidden": "khóa không được phép (không có trong lược đồ của tệp)",
    "string_type": "cần một chuỗi",
    "string_pattern_mismatch": "giá trị không đúng dạng mã",
    "string_too_short": "không được để trống",
    "string_too_long": "chuỗi quá dài",
    "int_type": "cần một số nguyên",
    "int_parsing": "cần một số nguyên",
    "int_from_float": "cần một số nguyên",
    "float_type": "cần một số",
    "float_parsing": "cần một số",
    "bool_type": "cần true hoặc false",
    "bool_parsing": "cần true hoặc false",
    "date_type": "cần một ngày dạng dd/mm/yyyy (hoặc yyyy-mm-dd)",
    "date_parsing": "cần một ngày có thật, dạng dd/mm/yyyy (hoặc yyyy-mm-dd)",
    "date_from_datetime_parsing": "cần một ngày có thật, dạng dd/mm/yyyy (hoặc yyyy-mm-dd)",
    "list_type": "cần một danh sách",
    "dict_type": "cần một bảng khóa: giá trị",
    "model_type": "cần một bảng khóa: giá trị",
    "too_short": "danh sách không được rỗng",
    "date_from_datetime_inexact": "cần một ngày dạng dd/mm/yyyy (không kèm giờ)",
    "finite_number": "cần một số hữu hạn",
    "union_tag_invalid": "giá trị không hợp lệ",
}


_BOUNDS_VI = {"less_than_equal": ("le", "không được lớn hơn"), "greater_than_equal": ("ge", "không được nhỏ hơn"),
              "less_than": ("lt", "phải nhỏ hơn"), "greater_than": ("gt", "phải lớn hơn")}


def _pydantic_message(err: dict) -> str:
    if err["type"] in _BOUNDS_VI and "input" in err:
        key, words = _BOUNDS_VI[err["type"]]
        return f"{words} {err.get('ctx', {}).get(key)}, không phải {err['input']!r}"
    if err["type"] == "literal_error":
        return f"giá trị {err.get('input')!r} không hợp lệ, cần một trong: {err['ctx']['expected']}"
    base = _PYDANTIC_VI.get(err["type"], "giá trị không hợp lệ")
    if err["type"] not in ("missing", "extra_forbidden") and "input" in err:
        return f"{base}, không phải {err['input']!r}"
    return base


def _field_names(model: type[BaseModel]) -> set[str]:
    """Every key a data file of this model may use, at any depth: what a mistyped key is compared with."""
    names: set[str] = set()
    todo, seen = [model], set()
    while todo:
        m = todo.pop()
        if m in seen:
            continue
        seen.add(m)
        for name, info in m.model_fields.items():
            names.add(name)
            todo += [t for t in _models_in(info.annotation)]
    return names


def _models_in(annotation) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in _models_in(arg)]


def _clean_loc(loc: tuple) -> tuple:
    # pydantic adds the union member it tried ("float", "bool") after the real path
    return tuple(p for p in loc if p not in ("float", "bool", "int", "str") or not isinstance(p, str))


def read_model(path: Path | str, model: type[M], max_bytes: int = MAX_FILE_BYTES,
               fast: bool = False) -> tuple[M, _Tree, bytes]:
    """Any YAML data file (criteria set, deployment configuration) to its validated model."""
    path = Path(path)
    name = str(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)  # bounded: a device such as /dev/zero is refused, not read
    except OSError as exc:
        raise CriteriaFileInvalid([CriteriaError(name, 1, "(tệp)", f"không đọc được tệp ({os_reason(exc)})")]) from exc
    if len(raw) > max_bytes:
        raise CriteriaFileInvalid([CriteriaError(name, 1, "(tệp)", f"tệp lớn hơn {max_bytes} byte")])
    return parse_model(raw, name, model, fast) + (raw,)


def _flow_too_deep(raw: bytes, name: str) -> None:
    """PyYAML's parser takes time quadratic in the nesting of `[`/`{` (20 KB of `[` take half a minute):
    refuse deep flow nesting by counting brackets before parsing (brackets in strings only add to it)."""
    depth = 0
    for i, byte in enumerate(raw):
        if byte in b"[{":
            depth += 1
            if depth > MAX_DEPTH:
                line = raw.count(b"\n", 0, i) + 1
                raise CriteriaFileInvalid([CriteriaError(name, line, "(cú pháp)", "tệp lồng quá sâu")])
        elif byte in b"]}":
            depth = max(0, depth - 1)


# PyYAML's reasons, in Vietnamese (a reason not listed is told in general words, never in English)
_YAML_VI = [
    (r"mapping values are not allowed here", "dấu “:” không đúng chỗ (giá trị có dấu “:” cần đặt trong ngoặc kép)"),
    (r"could not find expected ':'", "thiếu dấu “:” sau khóa"),
    (r"found character '\\t' that cannot start any token", "có ký tự tab; YAML chỉ thụt lề bằng dấu cách"),
    (r"found character .* that cannot start any token", "có ký tự không được đứng đầu một giá trị"),
    (r"expected ',' or '\]', but got .*", "danh sách […] chưa đóng hoặc thiếu dấu phẩy"),
    (r"expected ',' or '}', but got .*", "bảng {…} chưa đóng hoặc thiếu dấu phẩy"),
    (r"did not find expected key", "thụt lề không đều hoặc thiếu khóa"),
    (r"did not find expected '-' indicator", "danh sách thụt lề không đều (mỗi mục bắt đầu bằng “- ”)"),
    (r"expected <block end>, but found .*", "thụt lề không đều"),
    (r"found unexpected end of stream", "tệp kết thúc khi chuỗi trong ngoặc kép chưa đóng"),
    (r"found unknown escape character.*", "chuỗi trong ngoặc kép có dấu “\\” không hợp lệ"),
    (r"but found another document", "tệp chỉ được có một tài liệu (bỏ dòng “---” thứ hai)"),
    (r"found unhashable key", "khóa phải là một chuỗi"),
    (r"unacceptable character .*", "tệp có ký tự điều khiển không được phép"),
    (r"found duplicate anchor.*|found undefined alias.*", "không dùng neo và bí danh YAML (&, *)"),
]


def yaml_problem(exc: yaml.YAMLError) -> str:
    """What PyYAML found wrong, in Vietnamese."""
    problem = (str(getattr(exc, "problem", None) or exc).splitlines() or [""])[0]
    mark = getattr(exc, "problem_mark", None)
    where = f" (cột {mark.column + 1})" if mark is not None else ""
    for pattern, vi in _YAML_VI:
        if re.fullmatch(pattern, problem):
            return vi + where
    return "cú pháp sai" + where + " (kiểm tra thụt lề, dấu “:”, ngoặc và ngoặc kép)"


def parse_model(raw: bytes, name: str, model: type[M], fast: bool = False) -> tuple[M, _Tree]:
    """`fast`: parsed by libyaml when it is there, and again by PyYAML if anything is wrong (the same messages)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CriteriaFileInvalid([CriteriaError(name, 1, "(tệp)", "tệp không phải UTF-8")]) from exc
    _flow_too_deep(raw, name)
    if fast and FAST_LOADER is not None:
        try:
            return _parsed(text, name, model, FAST_LOADER)
        except (CriteriaFileInvalid, yaml.YAMLError, RecursionError, ValueError):
            pass
    return _parsed(text, name, model, yaml.SafeLoader)


def _parsed(text: str, name: str, model: type[M], loader: type) -> tuple[M, _Tree]:
    tree = _Tree(name, fast=loader is not yaml.SafeLoader)
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise CriteriaFileInvalid([CriteriaError(name, event.start_mark.line + 1, "(neo)",
                                                         "không dùng neo và bí danh YAML (&, *)")])
        node = yaml.compose(text, Loader=loader)
        data = tree.build(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise CriteriaFileInvalid([CriteriaError(name, line, "(cú pháp)",
                                                 f"YAML không hợp lệ: {yaml_problem(exc)}")]) from exc
    except RecursionError as exc:
        raise CriteriaFileInvalid([CriteriaError(name, 1, "(cú pháp)", "tệp lồng quá sâu")]) from exc
    if tree.errors:
        raise CriteriaFileInvalid(tree.errors)
    if not isinstance(data, dict):
        raise CriteriaFileInvalid([CriteriaError(name, 1, "(gốc)", "tệp phải là một bảng khóa: giá trị")])
    try:
        return model.model_validate(data), tree
    except ValidationError as exc:
        errors = []
        for err in exc.errors():
            loc = _clean_loc(err["loc"])
            hint = did_you_mean(str(loc[-1]), _field_names(model)) if err["type"] == "extra_forbidden" and loc else None
            errors.append(CriteriaError(name, tree.line_of(loc), _key(loc), _pydantic_message(err), hint))
        raise CriteriaFileInvalid(errors) from None


def load_file(path: Path | str) -> LoadedSet:
    cs, tree, raw = read_model(path, CriteriaSet, fast=True)
    return _checked(cs, tree, raw, str(path), Path(path))


def load_bytes(raw: bytes, name: str, path: Path | None = None) -> LoadedSet:
    cs, tree = parse_model(raw, name, CriteriaSet, fast=True)
    return _checked(cs, tree, raw, name, path)


def _checked(cs: CriteriaSet, tree: _Tree, raw: bytes, name: str, path: Path | None) -> LoadedSet:
    problems = semantic_problems(cs) or _engine_limits(cs)  # only a consistent set can be compiled
    if problems and tree.fast:  # the lines as PyYAML counts them, as in every other message
        tree = parse_model(raw, name, CriteriaSet)[1]
    if problems:
        raise CriteriaFileInvalid([CriteriaError(name, tree.line_of(p.path), _key(p.path), p.message)
                                   for p in problems])
    return LoadedSet(cs, path or Path(name), hashlib.sha256(raw).hexdigest())


def _engine_limits(cs: CriteriaSet) -> list[Problem]:
    from engine.rules.compiler import limit_problems  # the compiler knows the fact and rule shapes

    return limit_problems(cs)
