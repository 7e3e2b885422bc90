"""A command pays only for what it uses.

- `recognise score` of a CSV sheet to a CSV file imports no spreadsheet, database, web, template, PDF or Word
  library (checked in the real program, from `sys.modules` at its exit);
- `recognise --help` lists every command with its Vietnamese line without importing any command's module, and
  that line is the command's own help (they cannot drift apart);
- a shipped criteria set chosen by id is the only criteria file loaded and validated; a wrong id still gets its
  "did you mean" from the names alone; libyaml parses it as PyYAML would.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
import yaml

from cli.app import COMMANDS, app, load_command
from engine.criteria import catalogue, load

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "dvht-tt22-minh-hoa.csv"
# what scoring a CSV sheet into a CSV file never needs
NOT_FOR_CSV = ("openpyxl", "sqlalchemy", "alembic", "jinja2", "weasyprint", "docx", "fastapi", "argon2", "huey",
               "uvicorn", "starlette", "psycopg", "redis", "pypdf")

# the real program, as the console script starts it, writing the names of the modules it imported at exit
PROGRAM = """\
import atexit, json, sys
names = sys.argv.pop(1)
atexit.register(lambda: open(names, "w").write(json.dumps(sorted(sys.modules))))
sys.argv[0] = "recognise"
from cli.app import main
sys.exit(main())
"""


def imported(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess, set[str]]:
    names = tmp_path / "modules.json"
    done = subprocess.run([sys.executable, "-c", PROGRAM, str(names), *args], capture_output=True, text=True,
                          cwd=tmp_path, env={**os.environ, "COLUMNS": "120"})
    return done, set(json.loads(names.read_text()))


def tops(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


@pytest.fixture
def small_sheet(tmp_path: Path) -> Path:
    lines = SAMPLE.read_bytes().splitlines(keepends=True)
    sheet = tmp_path / "bang-diem.csv"
    sheet.write_bytes(b"".join(lines[:11]))  # the header and ten subjects
    return sheet


def test_scoring_a_csv_into_a_csv_imports_no_library_it_does_not_use(tmp_path, small_sheet):
    out = tmp_path / "ket-qua.csv"
    done, modules = imported(tmp_path, "score", str(small_sheet), "--criteria", "dvht-tt22-2020", "--output", str(out))
    assert done.returncode in (0, 1), done.stderr
    assert out.is_file() and "Đã chấm 10 đối tượng" in " ".join(done.stdout.split())
    assert not tops(modules) & set(NOT_FOR_CSV), sorted(tops(modules) & set(NOT_FOR_CSV))
    commands = {m for m in modules if m.startswith("cli.") and m.endswith("_cmd")}
    assert commands == {"cli.score_cmd"}, commands


@pytest.mark.parametrize("args", [["criteria", "show", "dvht-tt22-2020"], ["criteria", "list"],
                                  ["sheet", "dvht-tt22-2020", "--output", "trong.csv"]], ids=" ".join)
def test_criteria_and_a_blank_csv_sheet_import_no_library_they_do_not_use(tmp_path, args):
    done, modules = imported(tmp_path, *args)
    unused = tops(modules) & {*NOT_FOR_CSV, "python_calamine"}
    assert done.returncode == 0 and not unused, (done.stderr, sorted(unused))


def test_help_lists_every_command_without_importing_them(tmp_path):
    done, modules = imported(tmp_path, "--help")
    assert done.returncode == 0, done.stderr
    names = [m[1] for line in done.stdout.splitlines() if (m := re.match(r"│ ([a-z]\S*) ", line))]
    assert names == list(COMMANDS), done.stdout
    text = " ".join(done.stdout.split()).replace(" │ │ ", " ")
    for lazy in COMMANDS.values():
        assert " ".join(lazy.help.split()) in text, lazy.help
    assert not {m for m in modules if m.startswith("cli.") and m.endswith("_cmd")}
    assert not tops(modules) & {*NOT_FOR_CSV, "pydantic", "yaml", "durable"}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_the_listed_line_is_the_command_s_own_help(name):
    lazy = COMMANDS[name]
    command = load_command(name, lazy)
    assert command.help == lazy.help
    if lazy.epilog is not None:
        assert command.epilog == lazy.epilog
    assert command.params or getattr(command, "commands", None), name  # a real command, not the listing's line


def test_a_command_runs_through_the_lazy_list():
    from typer.testing import CliRunner

    done = CliRunner().invoke(app, ["criteria", "list"])
    assert done.exit_code == 0 and "dvht-tt22-2020" in done.output, done.output


def test_the_id_lines_name_the_sets_the_files_hold():
    assert list(catalogue.shipped_files()) == [s.criteria.id for s in catalogue.shipped()]
    assert all(catalogue.shipped_files()[s.criteria.id] == s.path for s in catalogue.shipped())


@pytest.fixture
def loads(monkeypatch) -> list[str]:
    """The names of the shipped criteria files loaded (and validated) from now on."""
    names: list[str] = []
    real = catalogue.load_file

    @cache
    def counted(path: Path):
        names.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(catalogue, "_shipped_file", counted)
    return names


def test_a_set_chosen_by_id_loads_its_own_file_only(loads):
    loaded = catalogue.find("cdht-xa-tt25-2023")
    assert loaded.criteria.id == "cdht-xa-tt25-2023" and loaded.path.name == "cdht-xa-tt25-2023.yaml"
    assert catalogue.shipped_set("dvht-tt22-2020").criteria.id == "dvht-tt22-2020"
    assert loads == ["cdht-xa-tt25-2023.yaml", "dvht-tt22-2020.yaml"]


def test_a_wrong_id_is_told_the_near_names_without_loading_any_set(loads):
    with pytest.raises(catalogue.UnknownCriteria) as wrong:
        catalogue.find("dvht-tt22-202")
    assert "dvht-tt22-2020" in str(wrong.value) and "có phải “dvht-tt22-2020”" in str(wrong.value)
    assert loads == []


@pytest.mark.skipif(load.FAST_LOADER is None, reason="PyYAML built without libyaml")
@pytest.mark.parametrize("path", sorted((ROOT / "criteria").glob("*.yaml")) + sorted(ROOT.glob("samples/*.yaml")),
                         ids=lambda p: p.name)
def test_libyaml_reads_a_file_as_pyyaml_does(path):
    """A set is parsed by libyaml; its data and the line of every key are PyYAML's (the messages quote them)."""
    raw = path.read_bytes()
    trees = []
    for loader in (load.FAST_LOADER, yaml.SafeLoader):
        tree = load._Tree(path.name)
        data = tree.build(yaml.compose(raw.decode("utf-8-sig"), Loader=loader))
        trees.append((data, tree.lines))
    assert trees[0] == trees[1]
