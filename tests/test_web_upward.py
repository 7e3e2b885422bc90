"""Upward: a commune sends its scored sheet; the district and the province see it with the findings of
`recognise review` on the same package (compared with the command itself), accept or return it with a note; other
areas are told it does not exist. The dashboard's rates are counted by hand from records made in the registry, and
a user never sees an area outside theirs, on the page or in the exports."""

from __future__ import annotations

import csv
import html
import io
import json
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import html5lib
import openpyxl
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from web_helpers import (
    COMMUNE_A,
    COMMUNE_B,
    DISTRICT,
    OTHER_PROVINCE,
    PROVINCE,
    SAMPLES,
    add_user,
    csrf_of,
    signed_in,
)

import web.upward
from cli.app import app as cli
from engine.registry.store import Decision
from engine.targets.report import CSV_HEADER
from web.pages import templates
from web.scoring import score_now
from web.store import audit, jobs, packages, scores
from web.upward import package_state

SHEET = SAMPLES / "cdht-xa-huyen-minh-hoa.xlsx"
SET = "cdht-xa-tt25-2023"
# the sample's row 17 (XA-16) writes 120% for indicator 5.1: refused when scoring, and a finding of the review
OVER = ("XA-16", "vuot_toi_da", "XA-16 (Xã Xuân Lộc), bang-diem.xlsx dòng 17, chỉ số 5.1: ghi 120%, vượt 100%; dòng "
        "bị loại, không được chấm", "TT 25/2023 Điều 6 khoản 5 điểm a; Điều 7 khoản 5 điểm a")


def _people(app) -> dict:
    return {
        "xa-a": add_user(app, "xa-a", "xa", COMMUNE_A),
        "xa-b": add_user(app, "xa-b", "xa", COMMUNE_B),
        "huyen": add_user(app, "huyen", "huyen", DISTRICT),
        "tinh": add_user(app, "tinh", "tinh", PROVINCE),
        "hoi": add_user(app, "hoi", "hoi", PROVINCE),
        "tinh-khac": add_user(app, "tinh-khac", "tinh", OTHER_PROVINCE),
    }


def _scored(app, user) -> int:
    score_id = score_now(app.state.db, user, "bảng điểm xã.xlsx", SHEET.read_bytes(), SET, None, 2024)
    assert scores.get(app.state.db, score_id).state == "xong"
    return score_id


def _post(client, path: str, **data):
    return client.post(path, data={"csrf": csrf_of(client, "/"), **data}, follow_redirects=False)


def _sent(app, people) -> tuple[int, packages.Package]:
    score_id = _scored(app, people["xa-a"])
    commune = signed_in(app, "xa-a")
    response = _post(commune, f"/bang-diem/{score_id}/gui")
    assert response.status_code == 303 and response.headers["location"] == f"/bang-diem/{score_id}"
    package = packages.of_score(app.state.db, score_id)
    assert package is not None and package.state == "da-gui"
    return score_id, package


def _text(page: str) -> str:
    return html.unescape(page)


def _cli_findings(app, score_id: int, folder: Path, registry: bool) -> list[tuple]:
    """`recognise review` on the same package built by hand: goi.yaml, the sheet, the results of the score."""
    folder.mkdir()
    (folder / "goi.yaml").write_text(f"nam: 2024\nbo_tieu_chi: {SET}\ndia_ban: {COMMUNE_A}\ndon_vi_gui: Xã Khang Ninh\n",
                                     encoding="utf-8")
    (folder / "bang-diem.xlsx").write_bytes(SHEET.read_bytes())
    found = scores.get(app.state.db, score_id)
    (folder / "ket-qua.json").write_bytes(scores.content(app.state.db, found.results_sha256))
    out = folder.parent / f"{folder.name}.json"
    args = ["review", str(folder), "--json", str(out)] + (["--registry", app.state.db.url] if registry else [])
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output  # findings
    return [(f["subject"], f["kind"], f["message"], f["source"]) for f in json.loads(out.read_text("utf-8"))["findings"]]


def _web_findings(package: packages.Package) -> list[tuple]:
    """The server names the sheet as it was uploaded; the package folder of the command names it bang-diem.xlsx."""
    return [(f["subject"], f["kind"], f["message"].replace("bảng điểm xã.xlsx", "bang-diem.xlsx"), f["source"])
            for f in package.findings["findings"]]


def test_the_district_and_the_province_see_the_package_with_the_findings_of_recognise_review(web_app, tmp_path):
    people = _people(web_app)
    score_id, package = _sent(web_app, people)
    assert _web_findings(package) == _cli_findings(web_app, score_id, tmp_path / "goi", registry=True) == [OVER]
    assert "bảng điểm xã.xlsx dòng 17" in package.findings["findings"][0]["message"]
    assert package.findings["subjects"] == 16 and package.findings["claimed"] == 16
    assert package.findings["summary"]["by_kind"]["vuot_toi_da"] == 1
    assert "/tmp" not in json.dumps(package.findings) and str(tmp_path) not in json.dumps(package.findings)
    for reviewer in ("huyen", "tinh", "hoi"):
        client = signed_in(web_app, reviewer)
        listed = client.get("/ho-so")
        assert listed.status_code == 200 and f'href="/ho-so/{package.id}"' in listed.text
        assert COMMUNE_A in _text(listed.text)
        shown = client.get(f"/ho-so/{package.id}")
        assert shown.status_code == 200
        text = _text(shown.text)
        for part in OVER:
            assert part.replace("bang-diem.xlsx", "bảng điểm xã.xlsx") in text
        assert "Điểm vượt mức tối đa" in text and f'href="/bang-diem/{score_id}"' in shown.text
        assert "16 đối tượng được chấm lại" in text and 'id="chap-nhan"' in shown.text and 'id="tra-lai"' in shown.text
    entry = next(e for e in audit.entries(web_app.state.db) if e.action == "gui-ho-so")
    assert entry.user_name == "xa-a" and entry.target == f"ho-so/{package.id} bang-diem/{score_id}"
    assert entry.sha256 == scores.get(web_app.state.db, score_id).sheet_sha256 and entry.detail == "1 phát hiện"


def test_the_review_uses_the_servers_registry_for_the_history_rules(web_app, tmp_path):
    """XA-12 meets level 2 but has no level-1 decision on the sheet: scored level 1. The registry of the server holds
    its level-1 decision of 01/03/2023 (21 months before 31/12/2024): re-scored with it, level 2, so the claimed level
    1 is a finding, as `recognise review --registry` finds on the same database."""
    people = _people(web_app)
    web_app.state.db.registry.record(
        {"criteria": {"id": SET, "title": "Cộng đồng học tập cấp xã", "sha256": "0" * 64, "year": 2022},
         "subjects": [{"id": "XA-12", "name": "Xã Khe Mạ", "area": "", "grade": None, "level": 1, "recognised": True,
                       "total": None}]},
        Decision("15/QĐ-UBND", date(2023, 3, 1), PROVINCE, ""))
    score_id, package = _sent(web_app, people)
    found = _web_findings(package)
    assert found == _cli_findings(web_app, score_id, tmp_path / "goi", registry=True)
    assert found != _cli_findings(web_app, score_id, tmp_path / "goi-khong-so", registry=False) == [OVER]
    assert [(s, k) for s, k, _, _ in found] == [("XA-16", "vuot_toi_da"), ("XA-12", "sai_xep_loai")]
    assert "kê khai mức độ 1" in found[1][2] and "đạt mức độ 2" in found[1][2]


def test_a_large_sheet_is_reviewed_in_the_job_queue(sqlite_app, monkeypatch):
    """Past the limit of subjects re-scored in a request, the review runs as a job; its findings are the same."""
    monkeypatch.setattr(web.upward, "INLINE_SUBJECTS", 10)
    people = _people(sqlite_app)
    score_id = _scored(sqlite_app, people["xa-a"])
    response = _post(signed_in(sqlite_app, "xa-a"), f"/bang-diem/{score_id}/gui")
    assert response.status_code == 303 and response.headers["location"].startswith("/cong-viec/")
    job = jobs.get(sqlite_app.state.db, int(response.headers["location"].rsplit("/", 1)[1]))
    assert (job.kind, job.state, job.score_id) == ("ra-soat", "xong", score_id) and "1 phát hiện" in job.message
    assert _web_findings(packages.of_score(sqlite_app.state.db, score_id)) == [OVER]


def test_other_areas_are_told_the_package_does_not_exist(web_app):
    people = _people(web_app)
    score_id, package = _sent(web_app, people)
    for name in ("xa-b", "tinh-khac", "xa-a"):
        client = signed_in(web_app, name)
        assert client.get(f"/ho-so/{package.id}").status_code == 404
        for action in ("chap-nhan", "tra-lai"):
            assert _post(client, f"/ho-so/{package.id}/{action}", ghi_chu="x").status_code == 404
    assert packages.get(web_app.state.db, package.id).state == "da-gui"
    district = signed_in(web_app, "huyen")
    for guessed in (package.id + 1, 0, 999):
        assert district.get(f"/ho-so/{guessed}").status_code == 404
    assert f"/ho-so/{package.id}" not in signed_in(web_app, "tinh-khac").get("/ho-so").text
    assert signed_in(web_app, "xa-b").get("/ho-so").status_code == 403
    # only the score's own board sends it: another commune does not find it, the district may not send it
    assert _post(signed_in(web_app, "xa-b"), f"/bang-diem/{score_id}/gui").status_code == 404
    assert _post(district, f"/bang-diem/{score_id}/gui").status_code == 403


def test_a_package_returned_with_a_note_reaches_the_commune_and_is_sent_again(web_app):
    people = _people(web_app)
    score_id, package = _sent(web_app, people)
    district = signed_in(web_app, "huyen")
    refused = _post(district, f"/ho-so/{package.id}/tra-lai", ghi_chu="   ")
    assert refused.status_code == 303
    assert "Trả lại hồ sơ cần ghi chú" in _text(district.get(refused.headers["location"]).text)
    assert packages.get(web_app.state.db, package.id).state == "da-gui"
    note = "XA-16 ghi 120% ở chỉ số 5.1: kiểm tra lại số liệu rồi gửi lại."
    assert _post(district, f"/ho-so/{package.id}/tra-lai", ghi_chu=note).status_code == 303
    returned = packages.get(web_app.state.db, package.id)
    assert (returned.state, returned.note, returned.reviewer) == ("tra-lai", note, "huyen")
    # the commune's score page shows the state and the note (the fragment with its context)
    commune = people["xa-a"]
    score = scores.get(web_app.state.db, score_id)
    fragment = templates.env.get_template("goi-trang-thai.html.j2").render(
        score=score, user=commune, csrf="t", **package_state(web_app.state.db, commune, score))
    assert "Bị trả lại" in fragment and html.escape(note) in fragment
    assert f'action="/bang-diem/{score_id}/gui"' in fragment
    # sending again re-opens it for the reviewer, who sees the earlier note; a second send is refused
    client = signed_in(web_app, "xa-a")
    assert _post(client, f"/bang-diem/{score_id}/gui").status_code == 303
    again = packages.get(web_app.state.db, package.id)
    assert (again.state, again.reviewed_by) == ("da-gui", None) and again.findings["findings"]
    assert "Ghi chú của lần trả lại trước" in _text(district.get(f"/ho-so/{package.id}").text)
    twice = _post(client, f"/bang-diem/{score_id}/gui")
    assert twice.status_code == 303 and "đang chờ cấp trên rà soát" in _text(client.get("/").text)
    # the province accepts it; nothing decides it twice
    province = signed_in(web_app, "tinh")
    assert _post(province, f"/ho-so/{package.id}/chap-nhan").status_code == 303
    accepted = packages.get(web_app.state.db, package.id)
    assert (accepted.state, accepted.reviewer) == ("chap-nhan", "tinh")
    _post(district, f"/ho-so/{package.id}/tra-lai", ghi_chu="muộn")
    assert packages.get(web_app.state.db, package.id).state == "chap-nhan"
    fragment = templates.env.get_template("goi-trang-thai.html.j2").render(
        score=score, user=commune, csrf="t", **package_state(web_app.state.db, commune, score))
    assert "Đã được chấp nhận" in fragment and "/gui" not in fragment
    actions = [(e.action, e.user_name) for e in audit.entries(web_app.state.db) if "ho-so" in e.action]
    assert actions == [("chap-nhan-ho-so", "tinh"), ("gui-lai-ho-so", "xa-a"), ("tra-lai-ho-so", "huyen"),
                       ("gui-ho-so", "xa-a")]


def test_forms_without_the_csrf_token_are_refused(sqlite_app):
    people = _people(sqlite_app)
    score_id = _scored(sqlite_app, people["xa-a"])
    client = signed_in(sqlite_app, "xa-a")
    assert client.post(f"/bang-diem/{score_id}/gui", follow_redirects=False).status_code == 403
    assert packages.of_score(sqlite_app.state.db, score_id) is None
    _post(client, f"/bang-diem/{score_id}/gui")
    package = packages.of_score(sqlite_app.state.db, score_id)
    district = signed_in(sqlite_app, "huyen")
    for action in ("chap-nhan", "tra-lai"):
        response = district.post(f"/ho-so/{package.id}/{action}", data={"ghi_chu": "x", "csrf": "sai"})
        assert response.status_code == 403
    assert packages.get(sqlite_app.state.db, package.id).state == "da-gui"
    assert _redirected(sqlite_app, f"/ho-so/{package.id}")


def _redirected(app, path: str) -> bool:
    response = TestClient(app).get(path, follow_redirects=False)
    return response.status_code == 303 and response.headers["location"].startswith("/dang-nhap")


# --- the dashboard ----------------------------------------------------------------------------------

YEAR = 2024
GDHT = {"id": "gdht-448-2015", "title": "Gia đình học tập", "sha256": "0" * 64, "year": YEAR}
DVHT = {"id": "dvht-tt22-2020", "title": "Đơn vị học tập", "sha256": "0" * 64, "year": YEAR}


def _subjects(rows: list[tuple[str, str, bool]]) -> list[dict]:
    return [{"id": code, "name": f"Hộ {code}", "area": area, "grade": None, "level": None, "recognised": ok,
             "total": None} for code, area, ok in rows]


def _record(app) -> None:
    """By hand, year 2024, title Gia đình học tập (target 70% in QĐ 387, plan qd-387-2022):
    Xã Khang Ninh: Thôn Nà Hàn 2 of 3, Thôn Bó Lù 2 of 2 → 4/5 = 80%; Xã Cao Thượng: Thôn Nà Ma 1 of 4 = 25%;
    Huyện Ba Bể = 5/9 = 55,56% (needs ⌈6,3⌉ = 7: 2 short); Xã Bằng Lãng (no account: under the province) 1 of 1;
    Tỉnh Bắc Kạn = 6/10 = 60% (needs 7: 1 short). Đơn vị học tập, Xã Khang Ninh: 1 of 2 = 50% (target 80%).
    Another province, Xã Đức Long: 3 of 3."""
    registry = app.state.db.registry
    registry.record({"criteria": GDHT, "subjects": _subjects([
        ("HGD-01", "Thôn Nà Hàn", True), ("HGD-02", "Thôn Nà Hàn", True), ("HGD-03", "Thôn Nà Hàn", False),
        ("HGD-04", "Thôn Bó Lù", True), ("HGD-05", "Thôn Bó Lù", True)])},
        Decision("30/QĐ-UBND", date(2024, 12, 20), PROVINCE, "Xã Khang Ninh"))
    registry.record({"criteria": DVHT, "subjects": _subjects([("DV-01", "", True), ("DV-02", "", False)])},
                    Decision("31/QĐ-UBND", date(2024, 12, 20), PROVINCE, "Xã Khang Ninh"))
    registry.record({"criteria": GDHT, "subjects": _subjects([
        ("HGD-01", "Thôn Nà Ma", True), ("HGD-02", "Thôn Nà Ma", False), ("HGD-03", "Thôn Nà Ma", False),
        ("HGD-04", "Thôn Nà Ma", False)])}, Decision("12/QĐ-UBND", date(2024, 12, 18), PROVINCE, "Xã Cao Thượng"))
    registry.record({"criteria": GDHT, "subjects": _subjects([("HGD-01", "Thôn Khuổi Đeng", True)])},
                    Decision("7/QĐ-UBND", date(2024, 12, 10), "Bắc Kạn", "Xã Bằng Lãng"))
    registry.record({"criteria": GDHT, "subjects": _subjects([
        ("HGD-01", "Xóm Nà Rị", True), ("HGD-02", "Xóm Nà Rị", True), ("HGD-03", "Xóm Nà Rị", True)])},
        Decision("9/QĐ-UBND", date(2024, 12, 10), OTHER_PROVINCE, "Xã Đức Long"))


def _tables(page: str) -> dict[str, list[list[str]]]:
    """Title → the rows of its table, each as its cells' text (the first row is the area itself, if shown)."""
    tree = html5lib.parse(page, namespaceHTMLElements=False)
    out = {}
    for section in tree.iter("section"):
        heading = section.find("h2")
        table = section.find(".//table")
        if heading is None or table is None or "ty-le" not in (table.get("class") or ""):
            continue
        out[heading.text] = [[" ".join("".join(td.itertext()).split()) for td in tr.findall("td")]
                             for tr in table.find("tbody").findall("tr")]
    return out


def _links(page: str) -> dict[str, str]:
    tree = html5lib.parse(page, namespaceHTMLElements=False)
    return {a.text: a.get("href") for a in tree.iter("a") if (a.get("href") or "").startswith("/thong-ke?")}


def _row(name, level, recognised, evaluated, rate, target, gap, short, met):
    return [name, level, str(recognised), str(evaluated), rate, target, gap, str(short), met]


def test_the_dashboard_drills_down_from_the_province_with_rates_counted_by_hand(web_app):
    _people(web_app)
    _record(web_app)
    province = signed_in(web_app, "tinh")
    page = province.get("/thong-ke", params={"nam": YEAR})
    assert page.status_code == 200, page.text
    tables = _tables(page.text)
    assert tables["Gia đình học tập"] == [
        _row("Tỉnh Bắc Kạn", "tỉnh", 6, 10, "60", "70", "10", 1, "chưa đạt"),
        _row("Huyện Ba Bể", "huyện", 5, 9, "55,56", "70", "14,44", 2, "chưa đạt"),
        _row("Xã Bằng Lãng", "xã", 1, 1, "100", "70", "-30", 0, "đạt"),
    ]
    assert tables["Đơn vị học tập"] == [_row("Tỉnh Bắc Kạn", "tỉnh", 1, 2, "50", "80", "30", 1, "chưa đạt"),
                                       _row("Huyện Ba Bể", "huyện", 1, 2, "50", "80", "30", 1, "chưa đạt")]
    assert "Cao Bằng" not in page.text and "Đức Long" not in page.text
    assert "mẫu số là số đối tượng có trong sổ công nhận năm 2024" in page.text and "--totals" not in page.text
    assert page.text.count("<svg") == 2 and 'class="bar chua-dat"' in page.text and 'class="bar dat"' in page.text
    district = province.get(_links(page.text)["Huyện Ba Bể"])
    assert _tables(district.text)["Gia đình học tập"] == [
        _row("Huyện Ba Bể", "huyện", 5, 9, "55,56", "70", "14,44", 2, "chưa đạt"),
        _row("Xã Cao Thượng", "xã", 1, 4, "25", "70", "45", 2, "chưa đạt"),
        _row("Xã Khang Ninh", "xã", 4, 5, "80", "70", "-10", 0, "đạt"),
    ]
    commune = province.get(_links(district.text)["Xã Khang Ninh"])
    assert _tables(commune.text)["Gia đình học tập"] == [
        _row("Xã Khang Ninh", "xã", 4, 5, "80", "70", "-10", 0, "đạt"),
        _row("Thôn Bó Lù", "thôn", 2, 2, "100", "70", "-30", 0, "đạt"),
        _row("Thôn Nà Hàn", "thôn", 2, 3, "66,67", "70", "3,33", 1, "chưa đạt"),
    ]
    only = province.get("/thong-ke", params={"nam": YEAR, "danh_hieu": "dvht"})
    assert list(_tables(only.text)) == ["Đơn vị học tập"]


def test_each_user_sees_only_their_area_whatever_the_query_string_says(web_app):
    _people(web_app)
    _record(web_app)
    commune = signed_in(web_app, "xa-a")
    page = commune.get("/thong-ke", params={"nam": YEAR})
    assert _tables(page.text)["Gia đình học tập"][0] == _row("Xã Khang Ninh", "xã", 4, 5, "80", "70", "-10", 0, "đạt")
    for elsewhere in ("Cao Thượng", "Bằng Lãng", "Đức Long", "Ba Bể</"):
        assert elsewhere not in page.text
    for outside in (PROVINCE, DISTRICT, COMMUNE_B, OTHER_PROVINCE, "Tỉnh Cao Bằng/Xã Đức Long"):
        assert commune.get("/thong-ke", params={"nam": YEAR, "dia_ban": outside}).status_code == 404
        assert commune.get("/thong-ke.csv", params={"nam": YEAR, "dia_ban": outside}).status_code == 404
    district = signed_in(web_app, "huyen").get("/thong-ke", params={"nam": YEAR})
    assert [r[0] for r in _tables(district.text)["Gia đình học tập"]] == ["Huyện Ba Bể", "Xã Cao Thượng",
                                                                           "Xã Khang Ninh"]
    assert "Bằng Lãng" not in district.text and "Đức Long" not in district.text
    other = signed_in(web_app, "tinh-khac").get("/thong-ke", params={"nam": YEAR})
    assert _tables(other.text)["Gia đình học tập"] == [
        _row("Tỉnh Cao Bằng", "tỉnh", 3, 3, "100", "70", "-30", 0, "đạt"),
        _row("Xã Đức Long", "xã", 3, 3, "100", "70", "-30", 0, "đạt")]
    assert "Bắc Kạn" not in other.text and "Khang Ninh" not in other.text
    exported = signed_in(web_app, "xa-a").get("/thong-ke.csv", params={"nam": YEAR}).content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(exported), delimiter=";"))[1:]
    assert sorted((r[3], r[4], r[5], r[11]) for r in lines) == [
        ("Gia đình học tập", "thôn", "Thôn Bó Lù", "100"), ("Gia đình học tập", "thôn", "Thôn Nà Hàn", "66,67"),
        ("Gia đình học tập", "xã", "Xã Khang Ninh", "80"), ("Đơn vị học tập", "xã", "Xã Khang Ninh", "50")]


def test_the_exports_open_and_hold_the_same_rates(web_app):
    _people(web_app)
    _record(web_app)
    province = signed_in(web_app, "tinh")
    query = {"nam": YEAR, "danh_hieu": "gdht"}
    book = openpyxl.load_workbook(io.BytesIO(province.get("/thong-ke.xlsx", params=query).content))
    sheet = book["Tỷ lệ công nhận"]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[0][:4] == ["Năm", "Kế hoạch", "Danh hiệu", "Cấp"]
    by_place = {(r[3], r[4]): r for r in rows[1:]}
    assert len(rows) == 1 + 1 + 1 + 3 + 4  # the province, its district, its three communes, four villages
    assert by_place[("tỉnh", "Tỉnh Bắc Kạn")][6:15] == [6, 10, 10, "số được đánh giá", 60, 70, 10, 1, "chưa đạt"]
    assert by_place[("huyện", "Huyện Ba Bể")][6:15] == [5, 9, 9, "số được đánh giá", 55.56, 70, 14.44, 2, "chưa đạt"]
    assert by_place[("xã", "Xã Khang Ninh")][6:15] == [4, 5, 5, "số được đánh giá", 80, 70, -10, 0, "đạt"]
    assert by_place[("thôn", "Thôn Nà Hàn")][2] == "Gia đình học tập"
    response = province.get("/thong-ke.csv", params=query)
    assert "attachment" in response.headers["content-disposition"]
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0] == CSV_HEADER
    shown = {(r[4], r[5]): r for r in lines[1:]}
    assert shown[("huyện", "Huyện Ba Bể")][7:12] == ["5", "9", "9", "số được đánh giá", "55,56"]
    assert shown[("xã", "Xã Cao Thượng")][11] == "25" and len(lines) == 10
    report = province.get("/thong-ke.html", params=query).content.decode("utf-8")
    assert "BÁO CÁO TỶ LỆ CÔNG NHẬN" in report and "<svg" in report
    assert "Xã Khang Ninh" in report and "Đức Long" not in report
    actions = [e for e in audit.entries(web_app.state.db) if e.action == "xuat-thong-ke"]
    assert len(actions) == 3 and actions[0].user_name == "tinh"


def test_the_dashboards_links_keep_the_year_and_title(web_app):
    _people(web_app)
    _record(web_app)
    page = signed_in(web_app, "tinh").get("/thong-ke", params={"nam": YEAR, "danh_hieu": "gdht"})
    link = urlparse(_links(page.text)["Huyện Ba Bể"])
    assert parse_qs(link.query) == {"nam": ["2024"], "danh_hieu": ["gdht"], "dia_ban": [DISTRICT],
                                    "ke_hoach": ["qd-387-2022"]}
    empty = signed_in(web_app, "tinh").get("/thong-ke", params={"nam": 2019})
    assert empty.status_code == 200 and 'id="khong-co-so-lieu"' in empty.text


@pytest.mark.parametrize("path", ["/ho-so", "/thong-ke", "/thong-ke.xlsx"])
def test_logged_out_users_are_sent_to_the_login_page(sqlite_app, path):
    assert _redirected(sqlite_app, path)


def test_the_administrator_reads_every_area_and_decides_no_package(sqlite_app):
    people = _people(sqlite_app)
    add_user(sqlite_app, "quan-tri", "quan-tri", PROVINCE)
    _record(sqlite_app)
    _, package = _sent(sqlite_app, people)
    admin = signed_in(sqlite_app, "quan-tri")
    page = admin.get("/thong-ke", params={"nam": YEAR, "danh_hieu": "gdht"})
    assert _tables(page.text)["Gia đình học tập"] == [
        _row("Tỉnh Bắc Kạn", "tỉnh", 6, 10, "60", "70", "10", 1, "chưa đạt"),
        _row("Tỉnh Cao Bằng", "tỉnh", 3, 3, "100", "70", "-30", 0, "đạt")]
    assert f'href="/ho-so/{package.id}"' in admin.get("/ho-so").text
    shown = admin.get(f"/ho-so/{package.id}")
    assert shown.status_code == 200 and 'id="chap-nhan"' not in shown.text
    assert _post(admin, f"/ho-so/{package.id}/chap-nhan").status_code == 403
    assert packages.get(sqlite_app.state.db, package.id).state == "da-gui"


def test_a_name_that_looks_like_a_formula_stays_text_in_the_exports(sqlite_app):
    _people(sqlite_app)
    sqlite_app.state.db.registry.record({"criteria": GDHT, "subjects": _subjects([("HGD-01", "=1+2", True)])},
                                        Decision("9/QĐ-UBND", date(2024, 12, 10), OTHER_PROVINCE, "Xã Đức Long"))
    client = signed_in(sqlite_app, "tinh-khac")
    query = {"nam": YEAR, "dia_ban": "Tỉnh Cao Bằng/Xã Đức Long"}
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/thong-ke.xlsx", params=query).content))["Tỷ lệ công nhận"]
    village = next(r for r in sheet.iter_rows(min_row=2) if r[3].value == "thôn")[4]
    assert (village.value, village.data_type) == ("=1+2", "s")
    assert ";'=1+2;" in client.get("/thong-ke.csv", params=query).content.decode("utf-8-sig")


def test_a_districts_package_is_reviewed_from_its_own_share_columns(sqlite_app, tmp_path):
    """cdht-huyen takes 4.1a/4.1b from the registry only with the totals of every commune, which the server does not
    have: the sheet's own columns are scored (as web.scoring does) and reviewed, as `recognise review` without
    --registry does; with the registry the review would refuse the package for want of totals."""
    people = _people(sqlite_app)
    codes = ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "4.1a", "4.1b", "4.2", "4.3"]
    sheet = "ma,ten,dia_ban," + ",".join(codes) + "\nH-BB,Huyện Ba Bể,Tỉnh Bắc Kạn," + "đạt," * 10 + "95,40,đạt,đạt\n"
    score_id = score_now(sqlite_app.state.db, people["huyen"], "huyện.csv", sheet.encode(), "cdht-huyen-tt25-2023",
                         None, 2024)
    assert scores.get(sqlite_app.state.db, score_id).recognised == 1
    assert _post(signed_in(sqlite_app, "huyen"), f"/bang-diem/{score_id}/gui").status_code == 303
    package = packages.of_score(sqlite_app.state.db, score_id)
    assert package.findings["error"] is None and package.findings["subjects"] == 1 and package.findings["findings"] == []
    folder = tmp_path / "goi"
    folder.mkdir()
    (folder / "goi.yaml").write_text("nam: 2024\nbo_tieu_chi: cdht-huyen-tt25-2023\ndia_ban: Huyện Ba Bể\n"
                                     "don_vi_gui: Huyện Ba Bể\n", encoding="utf-8")
    (folder / "bang-diem.csv").write_text(sheet, encoding="utf-8")
    (folder / "ket-qua.json").write_bytes(scores.content(sqlite_app.state.db, scores.get(
        sqlite_app.state.db, score_id).results_sha256))
    assert CliRunner().invoke(cli, ["review", str(folder)]).exit_code == 0
    refused = CliRunner().invoke(cli, ["review", str(folder), "--registry", sqlite_app.state.db.url])
    assert refused.exit_code == 2 and "--totals" in refused.output
    shown = signed_in(sqlite_app, "tinh").get(f"/ho-so/{package.id}")
    assert shown.status_code == 200 and "Không có phát hiện nào" in shown.text
    assert signed_in(sqlite_app, "huyen").get(f"/ho-so/{package.id}").status_code == 404  # its own package
