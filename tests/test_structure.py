"""The house keeps its architecture: each library and each decision lives in one place.

Read with the ast module from the shipped packages (engine/, cli/, web/ when present):
- durable-rules is imported by engine/rules/host.py only;
- results JSON is parsed by engine/results/codec.py only (other JSON files: the small list below);
- SQLAlchemy and Alembic are imported inside engine/registry/ and web/store/ only;
- typer and rich are imported inside cli/ only; the web framework, its server, the job queue and the
  password hasher inside web/ only (uvicorn also by cli/serve_cmd.py, which starts it);
- no module outside engine/rules/ compares a value with a criteria threshold, a waiting time or a
  share rule, and months are counted (whole_months) only where the rules' inputs are prepared.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("engine", "cli", "web")

# json.load / json.loads outside the codec, each with what it reads (none today)
OTHER_JSON: dict[str, str] = {}

# attributes of the criteria model that hold a threshold, a band, a waiting time or a share rule
THRESHOLDS = frozenset({"require", "bands", "min", "below", "months_after_lower", "min_level", "valid_years", "grades"})
# attributes of these names are the standard library's (date.min, timedelta.max…), not criteria
STANDARD = frozenset({"date", "datetime", "time", "timedelta", "math", "sys", "Decimal"})
# where a comparison with a threshold is allowed, and why
MAY_COMPARE = {
    "engine/rules/": "the compiled rules decide",
    "engine/criteria/": "checking a criteria file compares its thresholds with one another and with their maxima, "
                        "never with a subject's value",
}
# where months may be counted: gathering the rules' inputs from the registry and the sheet
MAY_COUNT_MONTHS = ("engine/registry/", "engine/scoring/")
DECIDING_OPS = (ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq)


def modules() -> Iterator[tuple[str, ast.Module]]:
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(encoding="utf-8"), str(path))


MODULES = list(modules())


def test_the_scan_sees_the_packages():
    names = {name for name, _ in MODULES}
    assert "engine/rules/host.py" in names and "cli/app.py" in names and len(names) > 30


def imports(tree: ast.Module) -> Iterator[tuple[int, str]]:
    """(line, top-level module) of every import, also those inside functions."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module.split(".")[0]


def importers(libraries: set[str]) -> list[tuple[str, int, str]]:
    return [(name, line, lib) for name, tree in MODULES for line, lib in imports(tree) if lib in libraries]


def _listed(found: list[str]) -> str:
    return "\n  " + "\n  ".join(found)


@pytest.mark.parametrize(("libraries", "allowed"), [
    ({"durable"}, lambda name: name == "engine/rules/host.py"),
    ({"sqlalchemy", "alembic"}, lambda name: name.startswith(("engine/registry/", "web/store/"))),
    ({"typer", "rich"}, lambda name: name.startswith("cli/")),
    ({"fastapi", "starlette", "huey", "argon2"}, lambda name: name.startswith("web/")),
    ({"uvicorn"}, lambda name: name.startswith("web/") or name == "cli/serve_cmd.py"),
], ids=["durable", "sqlalchemy-alembic", "typer-rich", "web-framework", "server"])
def test_each_library_is_imported_in_its_place(libraries, allowed):
    found = [f"{name}:{line}: import {lib}" for name, line, lib in importers(libraries) if not allowed(name)]
    assert not found, f"{'/'.join(sorted(libraries))} ngoài chỗ của nó:{_listed(found)}"


def json_parses(tree: ast.Module) -> Iterator[tuple[int, str]]:
    """Calls of json.load / json.loads, under any alias."""
    modules_, functions = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules_ |= {a.asname or a.name for a in node.names if a.name == "json"}
        elif isinstance(node, ast.ImportFrom) and node.module == "json":
            functions |= {a.asname or a.name for a in node.names if a.name in ("load", "loads")}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        if (isinstance(f, ast.Attribute) and f.attr in ("load", "loads") and isinstance(f.value, ast.Name)
                and f.value.id in modules_) or (isinstance(f, ast.Name) and f.id in functions):
            yield node.lineno, ast.unparse(node)[:100]


def test_only_the_codec_parses_results_json():
    found = [f"{name}:{line}: {call}" for name, tree in MODULES for line, call in json_parses(tree)
             if name != "engine/results/codec.py" and name not in OTHER_JSON]
    assert not found, f"đọc JSON ngoài engine/results/codec.py:{_listed(found)}"


def _threshold_attrs(node: ast.AST) -> list[str]:
    """Threshold attributes read by an operand; a nested comparison (`x.min is None`) is judged on its own."""
    found: list[str] = []
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, ast.Compare):
            continue
        if (isinstance(n, ast.Attribute) and n.attr in THRESHOLDS
                and not (isinstance(n.value, ast.Name) and n.value.id in STANDARD)):
            found.append(n.attr)
        stack.extend(ast.iter_child_nodes(n))
    return found


def threshold_comparisons(tree: ast.Module) -> Iterator[tuple[int, str, list[str]]]:
    """Ordering and equality comparisons one of whose sides reads a threshold (`is`, `in` are not)."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        sides = [node.left, *node.comparators]
        for i, op in enumerate(node.ops):
            if not isinstance(op, DECIDING_OPS):
                continue
            attrs = _threshold_attrs(sides[i]) + _threshold_attrs(sides[i + 1])
            if attrs:
                yield node.lineno, ast.unparse(node)[:100], sorted(set(attrs))
                break


def test_no_threshold_is_compared_outside_the_rules():
    found = [f"{name}:{line}: {code}   (.{', .'.join(attrs)})" for name, tree in MODULES
             if not name.startswith(tuple(MAY_COMPARE)) for line, code, attrs in threshold_comparisons(tree)]
    assert not found, f"so sánh với ngưỡng của bộ tiêu chí ngoài engine/rules/:{_listed(found)}"


def month_counts(tree: ast.Module) -> Iterator[int]:
    names = {"whole_months"}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            names |= {a.asname for a in node.names if a.name == "whole_months" and a.asname}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            if (isinstance(f, ast.Name) and f.id in names) or (isinstance(f, ast.Attribute) and f.attr == "whole_months"):
                yield node.lineno


def test_months_are_counted_only_where_inputs_are_prepared():
    found = [f"{name}:{line}: whole_months(…)" for name, tree in MODULES
             if not name.startswith(MAY_COUNT_MONTHS) for line in month_counts(tree)]
    assert not found, f"đếm tháng ngoài {', '.join(MAY_COUNT_MONTHS)}:{_listed(found)}"


# --- the scanner itself, on small pieces of code --------------------------------------------

@pytest.mark.parametrize(("code", "flagged"), [
    ("total >= grade.min", True),
    ("value < variant.require[code]", True),
    ("any(r.level >= rule.min_level for r in rows)", True),
    ("r.year <= year < r.year + rule.valid_years", True),
    ("months >= lv.months_after_lower", True),
    ("grade.below is None", False),
    ("code in (variant.require or {})", False),
    ("v.not_applicable == (v.require is not None)", False),
    ("day > date.min", False),
    ("total >= 85", False),
])
def test_the_threshold_scanner(code, flagged):
    assert bool(list(threshold_comparisons(ast.parse(code)))) is flagged


@pytest.mark.parametrize(("code", "count"), [
    ("import json\njson.loads(x)", 1),
    ("import json as j\nj.load(f)", 1),
    ("from json import loads as read\nread(x)", 1),
    ("import json\njson.dumps(x)", 0),
    ("yaml.load(x)", 0),
])
def test_the_json_scanner(code, count):
    assert len(list(json_parses(ast.parse(code)))) == count


def test_the_month_scanner():
    code = "from engine.vn.dates import whole_months as wm\nwm(a, b)\ndates.whole_months(a, b)\nwhole_months"
    assert list(month_counts(ast.parse(code))) == [2, 3]
