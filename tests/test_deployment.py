"""The deployment configuration of `recognise documents` (who issues the papers), validated like a criteria file.

Checks: the spec's example loads; an unknown key is named with its file and line; every missing field is
reported in one error; after the 2025 reform a district body is not used as a default; YAML tags that build
Python objects are refused without running anything.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from engine.criteria.catalogue import find
from engine.criteria.model import Authority
from engine.documents.deployment import DeploymentError, load_deployment

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "trien-khai-minh-hoa.yaml"

# The example of docs/spec documents.md, copied verbatim (comments included).
SPEC_EXAMPLE = """\
tinh: Tỉnh Thái Nguyên              # province
xa: Xã Tân Lập                      # commune (or the issuing area)
co_quan_ban_hanh: Ủy ban nhân dân xã Tân Lập
dia_danh: Tân Lập                   # place name in "Tân Lập, ngày … tháng … năm …"
so_quyet_dinh: 15/QĐ-UBND
ngay_quyet_dinh: 2025-03-20
nguoi_ky:
  tham_quyen: TM. ỦY BAN NHÂN DÂN   # or KT. CHỦ TỊCH
  chuc_vu: Chủ tịch
  ho_ten: Nguyễn Văn An
"""

# Every field the documents need, except the issuing body (which the criteria set may supply).
WITHOUT_ISSUER = """\
tinh: Tỉnh Thái Nguyên
xa: Xã Tân Lập
dia_danh: Tân Lập
so_quyet_dinh: 15/QĐ-UBND
ngay_quyet_dinh: 2025-03-20
nguoi_ky:
  tham_quyen: TM. ỦY BAN NHÂN DÂN
  chuc_vu: Chủ tịch
  ho_ten: Nguyễn Văn An
"""

NO_DEFAULTS = Authority(recognised_by="Hội đồng thẩm định", decision_title="Quyết định công nhận")  # no default to take


def write(tmp_path: Path, text: str, name: str = "trien-khai.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def authority(set_id: str) -> Authority:
    return find(set_id).criteria.authority


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing `needle` (computed from the test's own YAML)."""
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


# --- the example loads ------------------------------------------------------------------------

def test_spec_example_loads(tmp_path):
    config, year = load_deployment(write(tmp_path, SPEC_EXAMPLE), authority("gdht-448-vidu"), None)
    assert config.tinh == "Tỉnh Thái Nguyên"
    assert config.xa == "Xã Tân Lập"
    assert config.co_quan_ban_hanh == "Ủy ban nhân dân xã Tân Lập"
    assert config.dia_danh == "Tân Lập"
    assert config.so_quyet_dinh == "15/QĐ-UBND"
    assert config.ngay_quyet_dinh == date(2025, 3, 20)
    assert (config.nguoi_ky.tham_quyen, config.nguoi_ky.chuc_vu, config.nguoi_ky.ho_ten) == (
        "TM. ỦY BAN NHÂN DÂN", "Chủ tịch", "Nguyễn Văn An")
    assert year is None  # no year in the results, none in the file: none (never the decision's year)


def test_results_year_is_the_evaluation_year(tmp_path):
    _, year = load_deployment(write(tmp_path, SPEC_EXAMPLE), authority("gdht-448-vidu"), 2024)
    assert year == 2024


def test_spec_example_loads_for_a_district_set_because_nothing_is_defaulted(tmp_path):
    """Every field is given: the district default of cdht-xa-tt25-2023 is not needed, even for 2025."""
    config, year = load_deployment(write(tmp_path, SPEC_EXAMPLE), authority("cdht-xa-tt25-2023"), 2025)
    assert year == 2025
    assert config.co_quan_ban_hanh == "Ủy ban nhân dân xã Tân Lập"


def test_sample_configuration_loads():
    text = SAMPLE.read_text(encoding="utf-8")
    config, year = load_deployment(SAMPLE, authority("cdht-xa-tt25-2023"), None)
    assert year == 2024  # `nam: 2024` in the file wins over the decision's date
    assert config.so_quyet_dinh in text and config.nguoi_ky.ho_ten in text
    assert config.can_cu and config.noi_nhan


def test_values_are_nfc(tmp_path):
    import unicodedata

    nfd = unicodedata.normalize("NFD", SPEC_EXAMPLE)
    config, _ = load_deployment(write(tmp_path, nfd), authority("gdht-448-vidu"), 2024)
    assert config.nguoi_ky.ho_ten == "Nguyễn Văn An"
    assert config.co_quan_ban_hanh == "Ủy ban nhân dân xã Tân Lập"


# --- unknown keys -------------------------------------------------------------------------------

@pytest.mark.parametrize(("extra", "after", "key"), [
    ("chu_ky_so: có\n", "so_quyet_dinh:", "chu_ky_so"),
    ("  biet_danh: Anh Ba\n", "  ho_ten:", "biet_danh"),
], ids=["top level", "under nguoi_ky"])
def test_unknown_key_is_named_with_file_and_line(tmp_path, extra, after, key):
    lines = SPEC_EXAMPLE.splitlines(keepends=True)
    at = line_of(SPEC_EXAMPLE, after)  # insert right after this line
    text = "".join(lines[:at]) + extra + "".join(lines[at:])
    path = write(tmp_path, text)
    with pytest.raises(DeploymentError) as caught:
        load_deployment(path, authority("gdht-448-vidu"), 2024)
    message = str(caught.value)
    assert f"{path}:{at + 1}" in message, message
    assert key in message, message


# --- missing fields -------------------------------------------------------------------------------

def test_every_missing_field_in_one_error(tmp_path):
    path = write(tmp_path, "xa: Xã Tân Lập\n")
    with pytest.raises(DeploymentError) as caught:
        load_deployment(path, NO_DEFAULTS, 2024)
    message = str(caught.value)
    for field in ("tinh", "co_quan_ban_hanh", "dia_danh", "so_quyet_dinh", "ngay_quyet_dinh",
                  "nguoi_ky.tham_quyen", "nguoi_ky.chuc_vu", "nguoi_ky.ho_ten"):
        assert field in message, f"{field} not reported:\n{message}"
    assert str(path) in message


def test_missing_fields_with_defaults_from_the_criteria_set(tmp_path):
    """gdht-448-vidu names the issuing body and the signer's title: only the rest is missing."""
    path = write(tmp_path, "xa: Xã Tân Lập\n")
    with pytest.raises(DeploymentError) as caught:
        load_deployment(path, authority("gdht-448-vidu"), 2024)
    message = str(caught.value)
    for field in ("tinh", "dia_danh", "so_quyet_dinh", "ngay_quyet_dinh", "nguoi_ky.tham_quyen", "nguoi_ky.ho_ten"):
        assert field in message, f"{field} not reported:\n{message}"
    assert "co_quan_ban_hanh" not in message and "nguoi_ky.chuc_vu" not in message, message


def test_blank_signer_name_counts_as_missing(tmp_path):
    text = SPEC_EXAMPLE.replace("ho_ten: Nguyễn Văn An", 'ho_ten: ""')
    with pytest.raises(DeploymentError) as caught:
        load_deployment(write(tmp_path, text), authority("gdht-448-vidu"), 2024)
    assert "nguoi_ky.ho_ten" in str(caught.value)


def test_no_year_anywhere_is_an_error(tmp_path):
    text = SPEC_EXAMPLE.replace("ngay_quyet_dinh: 2025-03-20\n", "")
    with pytest.raises(DeploymentError) as caught:
        load_deployment(write(tmp_path, text), authority("gdht-448-vidu"), None)
    message = str(caught.value)
    assert "ngay_quyet_dinh" in message


# --- the 2025 reform: no district bodies by default -------------------------------------------------

def test_district_set_has_a_district_authority():
    """The premise of the next tests: cdht-xa-tt25-2023 is recognised by the district education office."""
    auth = authority("cdht-xa-tt25-2023")
    assert "Trưởng phòng Giáo dục và Đào tạo" in auth.recognised_by
    assert auth.issuing_body and "Phòng Giáo dục và Đào tạo" in auth.issuing_body


@pytest.mark.parametrize("how", ["results year", "decision date"])
def test_district_default_refused_from_2025(tmp_path, how):
    """Evaluation year 2025, or year 2024 decided after 01/07/2025 (the district level no longer exists)."""
    signed = "2025-08-01" if how == "decision date" else "2024-12-20"
    path = write(tmp_path, WITHOUT_ISSUER.replace("2025-03-20", signed))
    with pytest.raises(DeploymentError) as caught:
        load_deployment(path, authority("cdht-xa-tt25-2023"), 2025 if how == "results year" else 2024)
    message = str(caught.value)
    assert "co_quan_ban_hanh" in message, message
    assert str(path) in message


def test_district_default_used_for_2024(tmp_path):
    config, year = load_deployment(write(tmp_path, WITHOUT_ISSUER), authority("cdht-xa-tt25-2023"), 2024)
    assert year == 2024
    assert config.co_quan_ban_hanh == authority("cdht-xa-tt25-2023").issuing_body


def test_district_default_allowed_with_cap_huyen(tmp_path):
    config, year = load_deployment(write(tmp_path, WITHOUT_ISSUER + "cap_huyen: true\n"),
                                   authority("cdht-xa-tt25-2023"), 2025)
    assert year == 2025
    assert config.co_quan_ban_hanh == authority("cdht-xa-tt25-2023").issuing_body


def test_commune_default_allowed_in_2025(tmp_path):
    """A commune body (gdht-448-vidu: Ủy ban nhân dân cấp xã) is still a valid default after the reform."""
    config, _ = load_deployment(write(tmp_path, WITHOUT_ISSUER), authority("gdht-448-vidu"), 2025)
    assert config.co_quan_ban_hanh == authority("gdht-448-vidu").issuing_body


def test_the_results_year_wins_over_nam(tmp_path):
    """The evaluation year is the results'; a `nam` that contradicts it is refused by the guard rails
    (tests/test_guard_rails.py), never silently preferred."""
    _, year = load_deployment(write(tmp_path, WITHOUT_ISSUER + "nam: 2025\n"), authority("cdht-xa-tt25-2023"), 2024)
    assert year == 2024


def test_nam_stands_in_only_when_the_results_have_no_year(tmp_path):
    _, year = load_deployment(write(tmp_path, WITHOUT_ISSUER + "nam: 2024\n"), authority("cdht-xa-tt25-2023"), None)
    assert year == 2024


def test_decision_date_typed_day_first(tmp_path):
    """Boards write dates dd/mm/yyyy: `ngay_quyet_dinh: 20/03/2025` is 20 March 2025."""
    config, _ = load_deployment(write(tmp_path, SPEC_EXAMPLE.replace("2025-03-20", "20/03/2025")),
                                authority("gdht-448-vidu"), 2024)
    assert config.ngay_quyet_dinh == date(2025, 3, 20)


def test_a_day_that_does_not_exist_is_refused_in_vietnamese(tmp_path):
    text = SPEC_EXAMPLE.replace("2025-03-20", "31/02/2025")
    path = write(tmp_path, text)
    with pytest.raises(DeploymentError) as caught:
        load_deployment(path, authority("gdht-448-vidu"), 2024)
    assert f"{path}:{line_of(text, 'ngay_quyet_dinh')}" in str(caught.value)
    assert "dd/mm/yyyy" in str(caught.value)


# --- YAML that builds objects -------------------------------------------------------------------

@pytest.mark.parametrize("tag", [
    "!!python/object/apply:os.system",
    "!!python/object/apply:subprocess.check_output",
    "!!python/name:os.system",
])
def test_python_tags_refused(tmp_path, tag):
    marker = tmp_path / "da-chay"
    value = f"[['touch {marker}']]" if "apply" in tag and "subprocess" in tag else f"['touch {marker}']"
    if "name:" in tag:
        value = "''"
    text = SPEC_EXAMPLE.replace("tinh: Tỉnh Thái Nguyên", f"tinh: {tag} {value}")
    path = write(tmp_path, text)
    with pytest.raises(DeploymentError) as caught:
        load_deployment(path, authority("gdht-448-vidu"), 2024)
    message = str(caught.value)
    assert f"{path}:1" in message, message
    assert "python" in message, message
    assert not marker.exists()


def test_unreadable_configuration(tmp_path):
    with pytest.raises(DeploymentError) as caught:
        load_deployment(tmp_path / "khong-co.yaml", authority("gdht-448-vidu"), 2024)
    assert "khong-co.yaml" in str(caught.value)


def test_not_a_mapping(tmp_path):
    with pytest.raises(DeploymentError):
        load_deployment(write(tmp_path, "- tinh\n- xa\n"), authority("gdht-448-vidu"), 2024)


def test_wrong_types(tmp_path):
    text = SPEC_EXAMPLE.replace("ngay_quyet_dinh: 2025-03-20", "ngay_quyet_dinh: 2025-02-30")
    path = write(tmp_path, text)
    with pytest.raises(DeploymentError) as caught:
        load_deployment(path, authority("gdht-448-vidu"), 2024)
    assert f"{path}:{line_of(text, 'ngay_quyet_dinh')}" in str(caught.value)
