"""A criteria set written back as a criteria file: plain YAML in the model's key order, whole numbers without
a decimal point, codes such as "1.1" quoted (PyYAML quotes any string that would read as a number)."""

from __future__ import annotations

from typing import Any

import yaml

from engine.criteria.model import CriteriaSet


class _Dumper(yaml.SafeDumper):
    """Lists indented under their key, as the shipped criteria files are written."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def set_data(cs: CriteriaSet) -> dict:
    """The set as plain data, leaving out what is empty or the model's default."""
    return _plain(cs.model_dump(mode="python", exclude_none=True, exclude_defaults=True))


def criteria_yaml(cs: CriteriaSet, comments: list[str] | tuple[str, ...] = ()) -> str:
    """The text of a criteria file holding `cs`, under `# comment` lines."""
    head = "".join(f"# {line}\n" for text in comments for line in text.splitlines())
    body = yaml.dump(set_data(cs), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100_000,
                     default_flow_style=False)
    return head + body
