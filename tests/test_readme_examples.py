"""Every `recognise …` example in README.md and samples/README.md runs as written and does what it says.

Examples are read from the command table, the code blocks (fenced or indented) and the inline code of the prose
(a span counts when it has more than command words: `recognise review` alone names a command, it is no example).
Each runs through typer's CliRunner in a fresh copy of a folder holding what the examples name (the samples, the
criteria files, a deployment configuration, a results file, a registry, review packages, a totals file…), made
once by the command line itself. Upper-case placeholders are replaced from the explicit table PLACEHOLDERS; a
`[…]` part runs both left out and given. An example that cannot run fails: an unknown placeholder, a glob that
matches nothing, an unexpected exit code, an output that is missing or empty.

What is checked is the shape, not the scoring (which the engine's own tests work out by hand): the exit code the
READMEs document (the samples' codes are stated in samples/README.md), the summary line, the files written.
"""

from __future__ import annotations

import csv
import json
import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from cli.app import app

ROOT = Path(__file__).resolve().parent.parent
READMES = (ROOT / "README.md", ROOT / "samples" / "README.md")
COMMAND_WORDS = {"criteria", "list", "show", "check", "sheet", "score", "documents", "record", "review", "report"}
runner = CliRunner()

# what stands in for each placeholder (the files are made by the `workspace` fixture below)
PLACEHOLDERS = {
    "BANG_DIEM": "samples/cdht-xa-huyen-minh-hoa.xlsx",
    "MA": "cdht-xa-tt25-2023",  # the set of BANG_DIEM (XA-05, explained in the README, is one of its communes)
    "BANG_DIEM_HUYEN": "bang-diem-huyen.csv",  # one district, Huyện Minh Hòa, whose communes are in the registry
    "URL": "sqlite:///so-cong-nhan.sqlite3",
    "HO_SO_1": "ho-so-1",
    "HO_SO_2": "ho-so-2",
    "DIA_BAN": "Tỉnh Bắc Kạn",
    "KET_QUA.json": "ket-qua.json",
    "TRIEN_KHAI.yaml": "trien-khai.yaml",
    "THU_MUC": "van-ban",
    "THU_MUC_MAU": "mau-tinh",
    "MÃ_BỘ_TIÊU_CHÍ": "dvht-tt22-2020",
}
PLACEHOLDER = re.compile(r"[A-ZÀ-ỸĐ][A-ZÀ-ỸĐ0-9]*(_[A-ZÀ-ỸĐ0-9]+)*(\.[a-z]+)?")

# the exit code `score` gives on each sheet: 1 when rows are rejected (samples/README.md says which rows, on
# purpose), 0 when every row is scored
SHEET_EXIT = {
    "samples/cdht-xa-huyen-minh-hoa.xlsx": 1,
    "samples/dvht-huyen-minh-hoa.xlsx": 0,
    "samples/dvht-tt22-minh-hoa.csv": 1,
    "samples/gdht-vidu-ho-gia-dinh.csv": 0,
    "bang-diem.csv": 1,  # a copy of samples/dvht-tt22-minh-hoa.csv
    "bang-diem-huyen.csv": 0,
}
# the other commands: review finds the samples' deliberate errors (a point above its maximum), hence 1
EXIT = {"criteria": 0, "sheet": 0, "documents": 0, "record": 0, "review": 1, "report": 0, "--version": 0, "registration": 0}

# units recognised by the province's People's Committee (TT 22/2020 Art. 7), 2020
DEPLOYMENT_2020 = {"nam": "2020", "tinh": "Tỉnh Bắc Kạn", "so_quyet_dinh": "12/QĐ-UBND",
                   "ngay_quyet_dinh": "15/01/2021", "co_quan_ban_hanh": "Ủy ban nhân dân tỉnh Bắc Kạn"}


# ---------------------------------------------------------------------------------------------- extraction


@dataclass(frozen=True)
class Example:
    where: str  # README file and line
    text: str  # as written
    argv: tuple[str, ...]  # one variant, placeholders replaced, after `recognise`

    @property
    def command(self) -> str:
        return self.argv[0]


def written_examples() -> list[tuple[str, str]]:
    """(where, text) of every example, in README order."""
    found: list[tuple[str, str]] = []
    for readme in READMES:
        fenced = False
        name = readme.relative_to(ROOT)
        for number, line in enumerate(readme.read_text(encoding="utf-8").splitlines(), start=1):
            stripped = line.strip()
            if stripped.startswith("```"):
                fenced = not fenced
                continue
            if fenced or line.startswith("    "):  # a code block: every line that runs recognise
                command = re.sub(r"\s+#.*$", "", stripped)
                if command.startswith("recognise "):
                    found.append((f"{name}:{number}", command))
                continue
            in_table = stripped.startswith("|")
            for span in re.findall(r"`([^`]+)`", line):
                if not span.startswith("recognise "):
                    continue
                if in_table or any(t not in COMMAND_WORDS for t in span.split()[1:]):
                    found.append((f"{name}:{number}", span))
    return found


def variants(text: str) -> list[str]:
    """The example without its optional parts, and with all of them."""
    shortest = re.sub(r"\s*\[[^\[\]]*\]", "", text)
    longest = re.sub(r"\[([^\[\]]*)\]", r"\1", text)
    return list(dict.fromkeys([shortest, longest]))


def resolve(token: str) -> str:
    if token in PLACEHOLDERS:
        return PLACEHOLDERS[token]
    base = token.rstrip("/")
    if PLACEHOLDER.fullmatch(base) and len(base) > 1 and base not in PLACEHOLDERS:
        raise AssertionError(f"chỗ điền {token} không có trong bảng PLACEHOLDERS của kiểm thử")
    return token


def examples() -> list[Example]:
    seen: set[tuple[str, ...]] = set()
    out: list[Example] = []
    for where, text in written_examples():
        for variant in variants(text):
            argv = tuple(resolve(t) for t in shlex.split(variant)[1:])
            key = tuple(t.rstrip("/") for t in argv)  # `van-ban/` and `van-ban` are one folder: run once
            if key not in seen:
                seen.add(key)
                out.append(Example(where, text, argv))
    return out


EXAMPLES = examples()


def test_the_readmes_show_every_command():
    """The extraction finds the table, the code blocks and the inline examples: every command is exemplified."""
    commands = {e.command for e in EXAMPLES}
    assert commands >= {"criteria", "sheet", "score", "documents", "record", "review", "report"}, commands
    assert len({e.where for e in EXAMPLES}) >= 20
    assert any("--explain" in e.argv for e in EXAMPLES)


def test_placeholders_are_all_used():
    """The table holds no stale entry: every placeholder still appears in some example."""
    texts = " ".join(text for _, text in written_examples())
    unused = [p for p in PLACEHOLDERS if not re.search(rf"(?<![\w.-]){re.escape(p)}(?![\w-])", texts)]
    assert not unused, unused


# ---------------------------------------------------------------------------------------------- the folder


def _cli(*args: str | Path, ok: tuple[int, ...] = (0,)) -> str:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code in ok, f"{args}: {result.output}"
    return result.output


def _deployment(source: Path, target: Path, changes: dict[str, str]) -> None:
    lines = []
    for line in source.read_text(encoding="utf-8").splitlines():
        key = line.split(":", 1)[0]
        lines.append(f"{key}: {changes[key]}" if key in changes and not line.startswith(" ") else line)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _package(folder: Path, sheet: Path, set_id: str, year: int) -> None:
    folder.mkdir()
    shutil.copy(sheet, folder / f"bang-diem{sheet.suffix}")
    _cli("score", folder / f"bang-diem{sheet.suffix}", "--criteria", set_id, "--year", year,
         "--output", folder / "ket-qua.json", ok=(0, 1))
    (folder / "goi.yaml").write_text(f"nam: {year}\nbo_tieu_chi: {set_id}\ndia_ban: Huyện Minh Hòa, Tỉnh Thanh Sơn\n"
                                     "don_vi_gui: Ủy ban nhân dân huyện Minh Hòa\n", encoding="utf-8")


def _district_sheet(path: Path, blank: Path) -> None:
    """One district, every indicator met except 4.1a/4.1b, which the registry and the totals give."""
    _cli("sheet", "cdht-huyen-tt25-2023", "--output", blank)
    with blank.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle, delimiter=";"))
    codes = [h.split()[0] for h in header if h[:1].isdigit()]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["ma", "ten", "dia_ban", *codes])
        writer.writerow(["H-MH", "Huyện Minh Hòa", "Tỉnh Thanh Sơn",
                         *["" if c.startswith("4.1") else "đạt" for c in codes]])


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """What the examples name, made by the command line: results and registry for 2024 (the communes of
    Huyện Minh Hòa, tỉnh Thanh Sơn) and 2020 (units of tỉnh Bắc Kạn, for the report against its plan)."""
    ws = tmp_path_factory.mktemp("readme") / "ws"
    ws.mkdir()
    shutil.copytree(ROOT / "samples", ws / "samples")
    shutil.copytree(ROOT / "criteria", ws / "criteria")
    shutil.copy(ROOT / "samples" / "trien-khai-minh-hoa.yaml", ws / "trien-khai.yaml")
    registry = f"sqlite:///{ws / 'so-cong-nhan.sqlite3'}"
    _cli("score", ws / "samples" / "cdht-xa-huyen-minh-hoa.xlsx", "--criteria", "cdht-xa-tt25-2023", "--year", "2024",
         "--output", ws / "ket-qua.json", ok=(1,))
    _cli("record", ws / "ket-qua.json", "--config", ws / "trien-khai.yaml", "--registry", registry)
    scratch = tmp_path_factory.mktemp("scratch")
    _deployment(ws / "trien-khai.yaml", scratch / "trien-khai-2020.yaml", DEPLOYMENT_2020)
    _cli("score", ws / "samples" / "dvht-tt22-minh-hoa.csv", "--criteria", "dvht-tt22-2020", "--year", "2020",
         "--output", scratch / "ket-qua-2020.json", ok=(1,))
    _cli("record", scratch / "ket-qua-2020.json", "--config", scratch / "trien-khai-2020.yaml", "--registry", registry)
    (ws / "tinh-x.yaml").write_text((ROOT / "criteria" / "dvht-tt22-2020.yaml").read_text(encoding="utf-8")
                                    .replace("\nid: dvht-tt22-2020\n", "\nid: dvht-tinh-x\n"), encoding="utf-8")
    shutil.copy(ROOT / "samples" / "dvht-tt22-minh-hoa.csv", ws / "bang-diem.csv")
    _district_sheet(ws / "bang-diem-huyen.csv", scratch / "huyen-trong.csv")
    (ws / "tong-so.csv").write_text("cap;dia_ban;danh_hieu;tong_so\n"
                                    "huyen;Huyện Minh Hòa, Tỉnh Thanh Sơn;cdht-xa;18\n"
                                    "tinh;Tỉnh Bắc Kạn;dvht;20\n", encoding="utf-8")
    _package(ws / "ho-so-1", ROOT / "samples" / "dvht-tt22-minh-hoa.csv", "dvht-tt22-2020", 2023)
    _package(ws / "ho-so-2", ROOT / "samples" / "cdht-xa-huyen-minh-hoa.xlsx", "cdht-xa-tt25-2023", 2024)
    (ws / "mau-tinh").mkdir()  # a province's own templates: none, so the shipped ones serve
    return ws


# ---------------------------------------------------------------------------------------------- running


def _expand(argv: tuple[str, ...]) -> list[str]:
    expanded: list[str] = []
    for token in argv:
        if "*" in token:
            matches = sorted(str(p) for p in Path(".").glob(token))
            assert matches, f"{token} không khớp tệp nào"
            expanded += matches
        else:
            expanded.append(token)
    return expanded


def _values(argv: list[str], option: str) -> list[str]:
    return [argv[i + 1] for i, t in enumerate(argv[:-1]) if t == option]


def _flat(text: str) -> str:
    return " ".join(re.sub(r"[│├└─┃┏┓┗┛┡┩╇╈┳┻┼┬┴┌┐┘╭╮╰╯]", " ", text).split())


def _written(path: Path) -> None:
    """A results, findings or report file with a header and at least one row of content."""
    assert path.is_file() and path.stat().st_size > 0, f"{path} chưa được ghi"
    suffix = path.suffix.lower()
    if suffix == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data.get("subjects") or "findings" in data, f"{path}: không có kết quả"
    elif suffix == ".csv":
        assert len(path.read_text(encoding="utf-8-sig").splitlines()) >= 2, f"{path}: không có dòng nào"
    elif suffix == ".xlsx":
        book = load_workbook(path, read_only=True)
        assert len(list(book.worksheets[0].iter_rows(values_only=True))) >= 2, f"{path}: không có dòng nào"
        book.close()
    else:
        assert "<html" in path.read_text(encoding="utf-8").lower(), f"{path}: không phải HTML"


def _check_score(argv: list[str], text: str) -> None:
    scored = re.search(r"Đã chấm (\d+) đối tượng", text)
    assert scored and int(scored.group(1)) > 0, text
    criteria = _values(argv, "--criteria")
    if criteria and not criteria[0].endswith(".yaml"):
        assert f"Kết quả chấm theo {criteria[0]}" in text
    for target in _values(argv, "--output"):
        _written(Path(target))
    for code in _values(argv, "--explain"):
        assert f"{code} —" in text and "Kết luận" in text, text
    for folder in _values(argv, "--documents"):
        assert (Path(folder) / "quyet-dinh.pdf").is_file() and (Path(folder) / "danh-sach.pdf").is_file()
    if "--record" in argv:
        assert "vào sổ công nhận" in text


def _check(argv: list[str], text: str) -> None:
    command = argv[0]
    if command == "score":
        _check_score(argv, text)
    elif command == "criteria" and argv[1] == "list":
        assert "cdht-xa-tt25-2023" in text and "dvht-tt22-2020" in text
    elif command == "criteria" and argv[1] == "show":
        assert f"({argv[2]})" in text or argv[2].endswith(".yaml")
    elif command == "criteria" and argv[1] == "check":
        assert text.count(": hợp lệ (") == len(argv) - 2, text
    elif command == "criteria" and argv[1] in ("template", "derive", "import"):
        assert "Đã ghi" in text
        for target in _values(argv, "--output"):
            if target.endswith(".xlsx"):
                _written(Path(target))
            else:  # a criteria file, as any other: it passes the check
                assert ": hợp lệ (" in _cli("criteria", "check", target)
    elif command == "criteria" and argv[1] == "book":
        target = Path(_values(argv, "--output")[0])
        assert "Đã ghi" in text and target.is_file() and target.stat().st_size > 0
    elif command == "criteria" and argv[1] == "diff":  # the README compares a set with its own file: exit 0
        assert "giống nhau" in text, text
    elif command == "criteria" and argv[1] == "test":
        assert re.search(r"(\d+)/\1 trường hợp đúng", text), text
    elif command == "sheet":
        target = Path(_values(argv, "--output")[0])
        first = (load_workbook(target).active["A3"].value if target.suffix == ".xlsx"  # under names, requirements
                 else target.read_text(encoding="utf-8-sig").split(";")[0])
        assert first == "ma"
    elif command == "documents":
        folder = Path((_values(argv, "--output") or _values(argv, "--out"))[0])
        for name in ("quyet-dinh.pdf", "quyet-dinh.docx", "danh-sach.pdf"):
            assert (folder / name).is_file(), name
        if "--split" in argv:
            assert any((folder / "giay-cong-nhan").glob("*.pdf"))
        assert "Đã in" in text
    elif command == "record":
        assert "vào sổ công nhận" in text
    elif command == "registration":
        folder = Path(_values(argv, "--output")[0])
        for name in ("dang-ky.pdf", "den-han-cong-nhan-lai.pdf", "nang-muc-do.pdf"):
            assert (folder / name).is_file(), name
        assert "đăng ký" in text and "đến hạn công nhận lại" in text
    elif command == "review":
        packages = [a for a in argv[1:] if Path(a).is_dir()]
        assert f"Đã rà soát {len(packages)} gói" in text, text
        for target in _values(argv, "--output"):
            _written(Path(target))
    elif command == "report":
        assert "Mẫu số" in text and "năm" in text
        for target in _values(argv, "--output"):
            _written(Path(target))
    elif command == "--version":
        assert re.fullmatch(r"recognise \d+\.\d+\.\d+", text), text
    else:
        raise AssertionError(f"lệnh {command} chưa có cách kiểm tra trong kiểm thử này")


def _expected_exit(argv: list[str]) -> int:
    if argv[0] == "score":
        assert argv[1] in SHEET_EXIT, f"bảng điểm {argv[1]} chưa có mã thoát trong SHEET_EXIT"
        return SHEET_EXIT[argv[1]]
    return EXIT[argv[0]]


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"{e.where} {' '.join(e.argv)}" for e in EXAMPLES])
def test_readme_example_runs(example: Example, workspace, tmp_path, monkeypatch):
    folder = tmp_path / "ws"
    shutil.copytree(workspace, folder)
    monkeypatch.chdir(folder)
    for name in ("RECOGNISE_REGISTRY", "RECOGNISE_DEBUG", "RECOGNISE_WORKERS"):
        monkeypatch.delenv(name, raising=False)
    argv = _expand(example.argv)
    result = runner.invoke(app, argv)
    text = _flat(result.output)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == _expected_exit(argv), f"{example.where}: {example.text}\n{result.output}"
    _check(argv, text)
