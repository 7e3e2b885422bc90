"""`documents` and `record` check which criteria file produced the results: `--criteria FILE_OR_ID` names it (a
province's own file, or a shipped set's id), and the results must carry that file's id and sha256; results of a set
that is not shipped are refused without `--criteria`, since nothing else can vouch for them.

The province's file here is the shipped TT 22/2020 set under another id (`dvht-tinh-x`), as a province would adopt
it; its results are those of the sample sheet scored for 2023 (18 units scored, 2 rows rejected).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.app import app
from engine.criteria.catalogue import find
from engine.registry.store import Registry

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "dvht-tt22-minh-hoa.csv"
runner = CliRunner()

CONFIG = """\
tinh: Tỉnh Thái Nguyên
xa: Xã Tân Lập
co_quan_ban_hanh: Ủy ban nhân dân huyện Đại Từ
dia_danh: Đại Từ
so_quyet_dinh: 15/QĐ-UBND
ngay_quyet_dinh: 2025-03-20
nguoi_ky:
  tham_quyen: TM. ỦY BAN NHÂN DÂN
  chuc_vu: Chủ tịch
  ho_ten: Nguyễn Văn An
"""


def said(result) -> str:
    return " ".join(result.output.split())


@pytest.fixture(scope="module")
def province(tmp_path_factory) -> dict[str, Path]:
    """The province's file, the results it produced, those of the shipped set, and a deployment."""
    base = tmp_path_factory.mktemp("tinh")
    own = base / "tinh-x.yaml"
    own.write_text((ROOT / "criteria" / "dvht-tt22-2020.yaml").read_text(encoding="utf-8")
                   .replace("\nid: dvht-tt22-2020\n", "\nid: dvht-tinh-x\n"), encoding="utf-8")
    files = {"own": own, "config": base / "trien-khai.yaml"}
    files["config"].write_text(CONFIG, encoding="utf-8")
    for name, criteria in (("results", str(own)), ("shipped", "dvht-tt22-2020")):
        files[name] = base / f"{name}.json"
        scored = runner.invoke(app, ["score", str(SAMPLE), "--criteria", criteria, "--year", "2023",
                                     "--output", str(files[name])])
        assert scored.exit_code == 1, scored.output  # two rows of the sample are rejected
    assert json.loads(files["results"].read_text(encoding="utf-8"))["criteria"]["id"] == "dvht-tinh-x"
    return files


def record(results: Path, config: Path, registry: Path, *extra: str):
    return runner.invoke(app, ["record", str(results), "--config", str(config), "--registry",
                               f"sqlite:///{registry}", *extra])


def documents(results: Path, config: Path, out: Path, *extra: str):
    return runner.invoke(app, ["documents", str(results), "--config", str(config), "--output", str(out), *extra])


def _edited(path: Path, target: Path) -> Path:
    """The same criteria, one byte more: another file."""
    target.write_text(path.read_text(encoding="utf-8") + "# bản đã sửa\n", encoding="utf-8")
    return target


def test_record_checks_the_results_against_the_province_file(province, tmp_path):
    registry = tmp_path / "so.sqlite3"
    result = record(province["results"], province["config"], registry, "--criteria", str(province["own"]))
    assert result.exit_code == 0, result.output
    rows = Registry(f"sqlite:///{registry}").query()
    assert len(rows) == 18
    assert {(r.criteria_id, r.criteria_sha256) for r in rows} == {("dvht-tinh-x", find(str(province["own"])).sha256)}


def test_results_of_a_set_not_shipped_need_criteria(province, tmp_path):
    registry, out = tmp_path / "so.sqlite3", tmp_path / "van-ban"
    for result in (record(province["results"], province["config"], registry),
                   documents(province["results"], province["config"], out)):
        assert result.exit_code == 2, result.output
        text = said(result)
        assert "“dvht-tinh-x” không phải bộ có sẵn" in text and "hãy thêm --criteria TỆP.yaml" in text, text
    assert not registry.exists() and not out.exists()
    assert "không ghi gì vào sổ công nhận." in said(record(province["results"], province["config"], registry))


def test_another_file_with_the_same_id_is_refused(province, tmp_path):
    """Same id, other bytes: not the file that produced the results."""
    other = _edited(province["own"], tmp_path / "tinh-x-sua.yaml")
    registry, out = tmp_path / "so.sqlite3", tmp_path / "van-ban"
    for result in (record(province["results"], province["config"], registry, "--criteria", str(other)),
                   documents(province["results"], province["config"], out, "--criteria", str(other))):
        assert result.exit_code == 2, result.output
        text = said(result)
        assert "--criteria tinh-x-sua.yaml" in text and "sha256" in text, text
    assert not registry.exists() and not out.exists()


def test_a_file_of_another_set_is_refused(province, tmp_path):
    """The province's results checked against the shipped set they were copied from, and the other way round."""
    registry = tmp_path / "so.sqlite3"
    result = record(province["results"], province["config"], registry, "--criteria", "dvht-tt22-2020")
    assert result.exit_code == 2, result.output
    assert "mã “dvht-tinh-x” khác “dvht-tt22-2020”" in said(result)
    result = record(province["shipped"], province["config"], registry, "--criteria", str(province["own"]))
    assert result.exit_code == 2, result.output
    assert "mã “dvht-tt22-2020” khác “dvht-tinh-x”" in said(result)
    assert not registry.exists()


def test_shipped_results_with_their_own_id(province, tmp_path):
    registry = tmp_path / "so.sqlite3"
    result = record(province["shipped"], province["config"], registry, "--criteria", "dvht-tt22-2020")
    assert result.exit_code == 0, result.output
    assert {r.criteria_id for r in Registry(f"sqlite:///{registry}").query()} == {"dvht-tt22-2020"}


def test_edited_results_are_refused_even_with_the_right_file(province, tmp_path):
    data = json.loads(province["results"].read_text(encoding="utf-8"))
    data["criteria"]["sha256"] = find(str(_edited(province["own"], tmp_path / "x.yaml"))).sha256
    forged = tmp_path / "gia.json"
    forged.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    registry, out = tmp_path / "so.sqlite3", tmp_path / "van-ban"
    for result in (record(forged, province["config"], registry, "--criteria", str(province["own"])),
                   documents(forged, province["config"], out, "--criteria", str(province["own"]))):
        assert result.exit_code == 2, result.output
        assert "gia.json" in said(result) and "sha256" in said(result)
    assert not registry.exists() and not out.exists()


def test_an_unknown_criteria_id_is_a_usage_error(province, tmp_path):
    registry = tmp_path / "so.sqlite3"
    result = record(province["shipped"], province["config"], registry, "--criteria", "dvht-tt22-2021")
    assert result.exit_code == 2, result.output
    assert "không có bộ tiêu chí 'dvht-tt22-2021'" in said(result) and not registry.exists()


def test_score_record_vouches_for_the_file_it_scored_with(province, tmp_path):
    """`score --criteria tinh.yaml --record`: the set that scored is the one the results are checked against."""
    registry = tmp_path / "so.sqlite3"
    result = runner.invoke(app, ["score", str(SAMPLE), "--criteria", str(province["own"]), "--year", "2023",
                                 "--record", "--config", str(province["config"]), "--registry", f"sqlite:///{registry}"])
    assert result.exit_code == 1, result.output  # the two rejected rows; the 18 scored are recorded
    assert {r.criteria_id for r in Registry(f"sqlite:///{registry}").query()} == {"dvht-tinh-x"}
