"""The board's year in the browser, read side: the set in force and its template, uploading a sheet, the results
with their rejected rows and the board's own differing totals, one subject's explanation, the results files and
the progress of a queued job. The numbers are those `recognise score` gives for the same sheets; every page of a
score is "not found" for another commune."""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from web_helpers import (
    COMMUNE_A,
    COMMUNE_B,
    DISTRICT,
    OTHER_PROVINCE,
    SAMPLES,
    add_user,
    csrf_of,
    signed_in,
)

from cli.app import app as cli
from web import scoring
from web.store import jobs

CDHT = SAMPLES / "cdht-xa-huyen-minh-hoa.xlsx"
GDHT = SAMPLES / "gdht-vidu-ho-gia-dinh.csv"
DVHT = SAMPLES / "dvht-tt22-minh-hoa.csv"
runner = CliRunner()


# --- what the CLI gives for the same sheets ----------------------------------------------------------

def cli_outputs(tmp_path: Path, sheet: Path, *args: str, explain: str | None = None) -> tuple[dict[str, bytes], str]:
    """The .json, .csv and .xlsx `recognise score` writes for a sheet, and what it prints (spaces joined)."""
    out = tmp_path / f"cli-{sheet.stem}"
    out.mkdir(exist_ok=True)
    files = {suffix: out / f"ket-qua{suffix}" for suffix in (".json", ".csv", ".xlsx")}
    command = ["score", str(sheet), *args, *[a for p in files.values() for a in ("--output", str(p))]]
    result = runner.invoke(cli, command + (["--explain", explain] if explain else []))
    assert result.exit_code in (0, 1), result.output
    printed = " ".join(re.sub(r"[│├└─]", " ", result.output).split())  # the tree's lines unwrapped
    return {suffix: p.read_bytes() for suffix, p in files.items()}, printed


def parsed(results: bytes) -> dict:
    return json.loads(results, parse_float=Decimal)


# --- reading the pages ---------------------------------------------------------------------------------

class _Table(HTMLParser):
    """The body rows of the table with a given id, as the text of each cell."""

    def __init__(self, wanted: str):
        super().__init__()
        self.wanted, self.depth, self.rows, self.cell, self.in_body = wanted, 0, [], None, False

    def handle_starttag(self, tag, attrs):
        if tag == "table" and (self.depth or dict(attrs).get("id") == self.wanted):
            self.depth += 1
        elif self.depth and tag == "tbody":
            self.in_body = True
        elif self.depth and self.in_body and tag == "tr":
            self.rows.append([])
        elif self.depth and self.in_body and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table" and self.depth:
            self.depth -= 1
        elif self.depth and tag == "tbody":
            self.in_body = False
        elif self.depth and self.cell is not None and tag in ("td", "th"):
            self.rows[-1].append(" ".join(" ".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table(html: str, wanted: str) -> list[list[str]]:
    assert f'id="{wanted}"' in html, f"no table {wanted}"
    reader = _Table(wanted)
    reader.feed(html)
    return reader.rows


def text(html: str) -> str:
    """The page as a reader sees it: tags dropped (the inline ones without a space), spaces joined."""
    html = re.sub(r"</?(strong|em|span|a)\b[^>]*>", "", re.sub(r"(?s)<head>.*?</head>", "", html))
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def upload(client: TestClient, sheet: Path, name: str | None = None, **fields: str):
    data = {"csrf": csrf_of(client, "/bang-diem"), **fields}
    return client.post("/bang-diem", data=data, files={"file": (name or sheet.name, sheet.read_bytes())},
                       follow_redirects=False)


def scored(client: TestClient, sheet: Path, name: str | None = None, **fields: str) -> int:
    response = upload(client, sheet, name, **fields)
    assert response.status_code == 303, text(response.text)
    found = re.fullmatch(r"/bang-diem/(\d+)", response.headers["location"])
    assert found, response.headers["location"]
    return int(found.group(1))


CDHT_FIELDS = {"bo_tieu_chi": "cdht-xa-tt25-2023", "nam": "2024"}


# --- the year: set in force and template ---------------------------------------------------------------

def test_the_year_page_names_the_set_in_force_and_drafts_that_cannot_score(sqlite_app):
    add_user(sqlite_app, "xa-a", "xa", COMMUNE_A)
    client = signed_in(sqlite_app, "xa-a")
    page = client.get("/nam", params={"danh_hieu": "Cộng đồng học tập cấp xã", "nam": "2024"})
    assert page.status_code == 200
    shown = text(page.text)
    assert "cdht-xa-tt25-2023" in shown and "Thông tư số 25/2023/TT-BGDĐT" in shown and "chính thức" in shown
    assert "cdht-xa-tt44-2014" not in shown  # repealed on 11/02/2024: not in force for the year 2024
    assert 'href="/nam/mau.xlsx?bo_tieu_chi=cdht-xa-tt25-2023"' in page.text
    # 2023: the only set of that title in force is the draft of TT 44/2014, which cannot score
    earlier = text(client.get("/nam", params={"danh_hieu": "Cộng đồng học tập cấp xã", "nam": "2023"}).text)
    assert "Năm 2023 không có bộ tiêu chí chính thức nào có hiệu lực" in earlier
    assert "cdht-xa-tt44-2014" in earlier and "dự thảo" in earlier and "không chấm được" in earlier
    # two official sets for one title: the district's and the province's units
    units = text(client.get("/nam", params={"danh_hieu": "Đơn vị học tập", "nam": "2024"}).text)
    assert "dvht-huyen-tt24-2023" in units and "dvht-tinh-tt24-2023" in units and "dvht-tt22-2020" not in units
    assert client.get("/nam", params={"danh_hieu": "Gia đình học tập", "nam": "hai nghìn"}).status_code == 422


def test_the_template_is_the_workbook_recognise_sheet_writes(sqlite_app, tmp_path):
    add_user(sqlite_app, "xa-a", "xa", COMMUNE_A)
    client = signed_in(sqlite_app, "xa-a")
    got = client.get("/nam/mau.xlsx", params={"bo_tieu_chi": "cdht-xa-tt25-2023"})
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "bang-diem-cdht-xa-tt25-2023.xlsx" in got.headers["content-disposition"]
    expected = tmp_path / "x.xlsx"
    result = runner.invoke(cli, ["sheet", "cdht-xa-tt25-2023", "--output", str(expected)])
    assert result.exit_code == 0, result.output
    assert got.content == expected.read_bytes()
    book = openpyxl.load_workbook(io.BytesIO(got.content))
    assert book.sheetnames == openpyxl.load_workbook(expected).sheetnames
    codes = [c.value for c in book.worksheets[0][3] if c.value]
    assert codes[:3] == ["ma", "ten", "dia_ban"] and "5.2a" in codes and "ngay_cong_nhan_muc_do_1" in codes
    for wrong in ("khong-co", "../criteria/cdht-xa-tt25-2023.yaml", "/etc/passwd", ""):
        assert client.get("/nam/mau.xlsx", params={"bo_tieu_chi": wrong}).status_code == 404


# --- uploading and the results -------------------------------------------------------------------------

def test_an_uploaded_sheet_shows_the_results_of_recognise_score(sqlite_app, tmp_path):
    add_user(sqlite_app, "xa-a", "xa", COMMUNE_A)
    client = signed_in(sqlite_app, "xa-a")
    score_id = scored(client, CDHT, "bảng điểm xã.xlsx", **CDHT_FIELDS)
    expected = parsed(cli_outputs(tmp_path, CDHT, "--criteria", "cdht-xa-tt25-2023", "--year", "2024")[0][".json"])
    page = client.get(f"/bang-diem/{score_id}")
    assert page.status_code == 200
    shown = text(page.text)
    assert "Đã chấm 16 đối tượng, công nhận 11; loại 2 dòng lỗi." in shown
    rows = table(page.text, "ket-qua")
    assert len(rows) == 16
    assert [r[1] for r in rows] == [s["id"] for s in expected["subjects"]]
    assert [int(r[0]) for r in rows] == [s["row"] for s in expected["subjects"]]
    assert [r[4] for r in rows] == [str(s["level"]) for s in expected["subjects"]]
    assert sum(r[-1] == "có" for r in rows) == 11
    by_code = {r[1]: r for r in rows}
    assert by_code["XA-01"][4] == "2" and by_code["XA-05"][5] == "TC4, TC5"
    assert by_code["XA-08"][5] == "đủ tiêu chí mức độ 2, chờ đủ thời gian"  # 11 months after its level-1 decision
    assert by_code["XA-10"][-1] == "không"
    # the rejected rows, as the CLI reports them: row, code, column, value, message
    assert table(page.text, "dong-loi") == [[str(e["row"]), e["id"], e["column"], e["value"], e["message"]]
                                            for e in expected["errors"]]
    assert [r[:3] for r in table(page.text, "dong-loi")] == [["17", "XA-16", "5.1"], ["18", "XA-17", "4.1"]]
    assert f'href="/bang-diem/{score_id}/giai-thich?ma=XA-05"' in page.text
    assert "BẢN MINH HỌA" not in shown  # an official set


def test_the_explanation_is_that_of_recognise_score_explain(sqlite_app, tmp_path):
    add_user(sqlite_app, "xa-a", "xa", COMMUNE_A)
    client = signed_in(sqlite_app, "xa-a")
    score_id = scored(client, CDHT, **CDHT_FIELDS)
    outputs, printed = cli_outputs(tmp_path, CDHT, "--criteria", "cdht-xa-tt25-2023", "--year", "2024", explain="XA-05")
    subject = next(s for s in parsed(outputs[".json"])["subjects"] if s["id"] == "XA-05")
    page = client.get(f"/bang-diem/{score_id}/giai-thich", params={"ma": "XA-05"})
    assert page.status_code == 200
    shown = text(page.text)
    assert "XA-05 — Xã Phú Mỹ" in printed and "XA-05 — Xã Phú Mỹ" in shown
    assert "(Huyện Minh Hòa, tỉnh Thanh Sơn): mức độ 1; được công nhận" in printed
    assert "Huyện Minh Hòa, tỉnh Thanh Sơn: mức độ 1; được công nhận" in shown
    lines = table(page.text, "chi-tieu")
    indicators = {r[0].split(" ")[0]: r for r in lines if len(r) == 5}
    criteria = {r[0].split(" ")[0]: r[1] for r in lines if len(r) == 2}
    for c in subject["criteria"]:
        assert criteria[c["code"]] == f"đạt mức độ: {', '.join(map(str, c['met'])) or 'không'}"
        assert f"{c['code']}: {criteria[c['code']]}" in printed
        for i in c["indicators"]:
            assert indicators[i["code"]][1:] == [f"“{i['input']}”", i["result"], i["reason"], i["source"]]
            assert f"{i['code']} nhập “{i['input']}” → {i['result']}: {i['reason']} ({i['source']})" in printed
    assert table(page.text, "chi-tieu") and [r for r in lines if r[0].startswith("TC4")][0][1] == "đạt mức độ: 1"
    conclusions = re.findall(r"<li>(.*?)</li>", page.text.split('id="ket-luan"')[1].split("</ul>")[0])
    assert [unescape(c) for c in conclusions] == subject["reasons"]
    assert "Chưa đạt mức độ 2 (Điều 8 khoản 1 điểm b): tiêu chí TC4, TC5 chưa đạt" in printed
    assert "Chưa đạt mức độ 2 (Điều 8 khoản 1 điểm b): tiêu chí TC4, TC5 chưa đạt" in shown
    assert "Để đạt mức độ 2 còn thiếu: tiêu chí TC4 (4.3); TC5 (5.1)." in shown
    # XA-08 meets level 2 but waits for 12 months after its level-1 decision of 05/01/2024
    waiting = text(client.get(f"/bang-diem/{score_id}/giai-thich", params={"ma": "XA-08"}).text)
    assert "Quyết định công nhận mức độ 1 ngày 05/01/2024, đến 31/12 năm đánh giá là 11 tháng (theo bảng điểm)" in waiting
    assert "Mức độ 2: Đủ tiêu chí mức độ 2" in waiting and "Đủ tiêu chí mức độ 2, chờ đủ thời gian" in waiting
    # a rejected row is on the sheet but was not scored; a code not on the sheet is not found
    rejected = client.get(f"/bang-diem/{score_id}/giai-thich", params={"ma": "XA-16"})
    assert rejected.status_code == 200 and "Không chấm “XA-16”: dòng 17 bị loại vì lỗi." in text(rejected.text)
    for unknown in ("XA-99", "", "xa-05"):
        assert client.get(f"/bang-diem/{score_id}/giai-thich", params={"ma": unknown}).status_code == 404


def test_villages_filter_and_columns_sort_on_the_server(sqlite_app, tmp_path):
    add_user(sqlite_app, "xa-a", "xa", COMMUNE_A)
    client = signed_in(sqlite_app, "xa-a")
    score_id = scored(client, GDHT, bo_tieu_chi="gdht-448-vidu")
    expected = parsed(cli_outputs(tmp_path, GDHT, "--criteria", "gdht-448-vidu")[0][".json"])["subjects"]
    page = client.get(f"/bang-diem/{score_id}")
    assert len(table(page.text, "ket-qua")) == 120
    villages = re.findall(r'<option value="(Thôn [^"]+)"', page.text)
    assert villages == ["Thôn Bãi Sậy", "Thôn Cầu Gạch", "Thôn Đồng Chùa", "Thôn Gò Mít", "Thôn Trại Mới"]
    go_mit = table(client.get(f"/bang-diem/{score_id}", params={"thon": "Thôn Gò Mít"}).text, "ket-qua")
    assert [r[1] for r in go_mit] == [s["id"] for s in expected if s["area"] == "Thôn Gò Mít"]
    assert len(go_mit) == 24 and {r[3] for r in go_mit} == {"Thôn Gò Mít"}
    assert sum(r[-1] == "có" for r in go_mit) == sum(s["recognised"] for s in expected if s["area"] == "Thôn Gò Mít")
    assert table(client.get(f"/bang-diem/{score_id}", params={"thon": "Thôn Gò"}).text, "ket-qua") == []  # exact
    # the highest totals first, the rows of equal totals in sheet order
    by_total = table(client.get(f"/bang-diem/{score_id}", params={"sap_xep": "-tong_diem"}).text, "ket-qua")
    wanted = sorted(expected, key=lambda s: (-s["total"], s["row"]))
    assert [r[1] for r in by_total] == [s["id"] for s in wanted]
    lowest = table(client.get(f"/bang-diem/{score_id}", params={"sap_xep": "tong_diem", "thon": "Thôn Gò Mít"}).text,
                   "ket-qua")
    assert [r[1] for r in lowest] == [s["id"] for s in sorted(expected, key=lambda s: (s["total"], s["row"]))
                                      if s["area"] == "Thôn Gò Mít"]
    refused_first = table(client.get(f"/bang-diem/{score_id}", params={"sap_xep": "cong_nhan"}).text, "ket-qua")
    assert [r[-1] for r in refused_first] == ["không"] * 19 + ["có"] * 101
    # the header links sort without JavaScript and keep the village chosen; a second click reverses
    filtered = client.get(f"/bang-diem/{score_id}", params={"thon": "Thôn Gò Mít", "sap_xep": "tong_diem"}).text
    assert f'href="/bang-diem/{score_id}?thon=Th%C3%B4n+G%C3%B2+M%C3%ADt&amp;sap_xep=-tong_diem&amp;trang=1"' in filtered
    assert f'href="/bang-diem/{score_id}?thon=Th%C3%B4n+G%C3%B2+M%C3%ADt&amp;sap_xep=ten&amp;trang=1"' in filtered
    assert len(table(client.get(f"/bang-diem/{score_id}", params={"sap_xep": "khong-co"}).text, "ket-qua")) == 120


def test_an_example_set_says_so_on_every_page_of_its_score(sqlite_app, monkeypatch):
    add_user(sqlite_app, "xa-a", "xa", COMMUNE_A)
    client = signed_in(sqlite_app, "xa-a")
    score_id = scored(client, GDHT, bo_tieu_chi="gdht-448-vidu")
    notice = "BẢN MINH HỌA – KHÔNG CÓ GIÁ TRỊ PHÁP LÝ"
    assert notice in text(client.get(f"/bang-diem/{score_id}").text)
    explained = client.get(f"/bang-diem/{score_id}/giai-thich", params={"ma": "HGD-048"})
    shown = text(explained.text)
    assert notice in shown
    # 80 points but a criterion at 0: not recognised (the example set's knock-out rule)
    assert "Tổng 80/100 điểm nhưng có tiêu chí bị 0 điểm: xếp loại Chưa đạt, không được công nhận" in shown
    monkeypatch.setattr(scoring, "INLINE_BYTES", 100)
    job_page = client.get(upload(client, GDHT, bo_tieu_chi="gdht-448-vidu").headers["location"])
    assert notice in text(job_page.text)


def test_the_boards_own_differing_totals_are_listed(sqlite_app, tmp_path):
    lines = DVHT.read_text(encoding="utf-8-sig").splitlines()
    sheet = tmp_path / "dvht-tong-diem.csv"
    sheet.write_text("\ufeff" + "\r\n".join([lines[0] + ";Tổng điểm;Xếp loại", lines[1] + ";84;Khá",
                                               *[line + ";;" for line in lines[2:]]]) + "\r\n", encoding="utf-8")
    add_user(sqlite_app, "xa-a", "xa", COMMUNE_A)
    client = signed_in(sqlite_app, "xa-a")
    score_id = scored(client, sheet, bo_tieu_chi="dvht-tt22-2020", nam="2023")
    page = client.get(f"/bang-diem/{score_id}").text
    office = "Văn phòng HĐND và UBND huyện Minh Hòa"
    assert table(page, "khac-biet") == [["2", "DVHT-01", office, "Tổng điểm", "84", "100"],
                                        ["2", "DVHT-01", office, "Xếp loại", "Khá", "Tốt"]]
    assert "Đã chấm 18 đối tượng, công nhận 14; loại 2 dòng lỗi." in text(page)
    assert [r[:3] for r in table(page, "dong-loi")] == [["14", "DVHT-19", "1.b"], ["21", "DVHT-07", "ma"]]
    assert "khac-biet" not in client.get(f"/bang-diem/{scored(client, CDHT, **CDHT_FIELDS)}").text


@pytest.mark.parametrize(("sheet", "fields", "args"), [
    (CDHT, CDHT_FIELDS, ("--criteria", "cdht-xa-tt25-2023", "--year", "2024")),
    (GDHT, {"bo_tieu_chi": "gdht-448-vidu"}, ("--criteria", "gdht-448-vidu")),
    (DVHT, {"bo_tieu_chi": "dvht-tt22-2020", "nam": "2023"}, ("--criteria", "dvht-tt22-2020", "--year", "2023")),
], ids=["cdht-muc-do", "gdht-minh-hoa", "dvht-diem-loi-xen-ke"])
def test_the_results_files_are_those_of_recognise_score(sqlite_app, tmp_path, sheet, fields, args):
    add_user(sqlite_app, "xa-a", "xa", COMMUNE_A)
    client = signed_in(sqlite_app, "xa-a")
    score_id = scored(client, sheet, **fields)
    expected = cli_outputs(tmp_path, sheet, *args)[0]
    for suffix, content in expected.items():
        got = client.get(f"/bang-diem/{score_id}/ket-qua{suffix}")
        assert got.status_code == 200
        assert got.content == content, suffix
        assert f"ket-qua-{sheet.stem}{suffix}" in got.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/bang-diem/{score_id}/ket-qua.xlsx").content))
    assert book.sheetnames == ["Kết quả", "Lỗi"]


def test_title_and_year_choose_the_set_in_force(sqlite_app):
    add_user(sqlite_app, "xa-a", "xa", COMMUNE_A)
    client = signed_in(sqlite_app, "xa-a")
    score_id = scored(client, CDHT, danh_hieu="Cộng đồng học tập cấp xã", nam="2024")
    shown = text(client.get(f"/bang-diem/{score_id}").text)
    assert "cdht-xa-tt25-2023 — Cộng đồng học tập cấp xã" in shown
    assert "Đã chấm 16 đối tượng, công nhận 11" in shown
    listed = client.get("/bang-diem").text
    assert table(listed, "cac-bang-diem")[0][:2] == [str(score_id), CDHT.name]


def test_what_cannot_be_scored_is_said_on_the_page_with_the_file_name(sqlite_app):
    add_user(sqlite_app, "xa-a", "xa", COMMUNE_A)
    client = signed_in(sqlite_app, "xa-a")
    not_a_sheet = client.post("/bang-diem", data={"csrf": csrf_of(client, "/bang-diem"), **CDHT_FIELDS},
                              files={"file": ("bảng điểm.xlsx", b"\x7fELF\x02\x01\x01\x00" + bytes(100))})
    assert not_a_sheet.status_code == 422
    assert "Không chấm được “bảng điểm.xlsx”: tệp tải lên không phải bảng điểm" in text(not_a_sheet.text)
    draft = upload(client, CDHT, "xã.xlsx", bo_tieu_chi="cdht-xa-tt44-2014")
    assert draft.status_code == 422
    assert "Không chấm được “xã.xlsx”: bộ tiêu chí cdht-xa-tt44-2014 là dự thảo" in text(draft.text)
    repealed = upload(client, CDHT, "xã.xlsx", bo_tieu_chi="cdht-xa-tt44-2014", nam="2024")
    assert "không có hiệu lực cho năm đánh giá 2024" in text(repealed.text)
    for wrong in ("../../criteria/cdht-xa-tt25-2023.yaml", "/etc/passwd"):
        named = upload(client, CDHT, bo_tieu_chi=wrong, nam="2024")
        assert named.status_code == 422 and "không có bộ tiêu chí" in text(named.text)
    nothing = upload(client, CDHT, nam="2024")
    assert nothing.status_code == 422 and "cần chọn bộ tiêu chí, hoặc danh hiệu và năm đánh giá" in text(nothing.text)
    # a failed score stays listed with its reason, and its page says why
    listed = table(client.get("/bang-diem").text, "cac-bang-diem")
    assert any(r[1] == "xã.xlsx" and r[4].startswith("Không chấm được") for r in listed)
    failed_id = int(listed[-1][0])
    assert "là dự thảo" in text(client.get(f"/bang-diem/{failed_id}").text)
    assert client.get(f"/bang-diem/{failed_id}/ket-qua.json").status_code == 404


# --- the job queue -----------------------------------------------------------------------------------

def test_a_large_sheet_goes_through_the_job_and_its_page_shows_it_done(sqlite_app, monkeypatch, tmp_path):
    add_user(sqlite_app, "xa-a", "xa", COMMUNE_A)
    client = signed_in(sqlite_app, "xa-a")
    monkeypatch.setattr(scoring, "INLINE_BYTES", 1000)
    posted = upload(client, CDHT, **CDHT_FIELDS)
    assert posted.status_code == 303
    job_id = int(re.fullmatch(r"/cong-viec/(\d+)", posted.headers["location"]).group(1))
    page = client.get(f"/cong-viec/{job_id}")
    assert page.status_code == 200
    shown = text(page.text)
    assert "Chấm bảng điểm" in shown and "Đã xong" in shown
    assert "Đã chấm 16 đối tượng, công nhận 11; loại 2 dòng lỗi." in shown
    assert 'http-equiv="refresh"' not in page.text and '<progress class="progress" value="1" max="1">' in page.text
    job = jobs.get(sqlite_app.state.db, job_id)
    assert job.state == "xong" and job.done == 18  # every data row went through the scorer
    assert f'href="/bang-diem/{job.score_id}"' in page.text
    assert client.get(f"/bang-diem/{job.score_id}/ket-qua.json").content == \
        cli_outputs(tmp_path, CDHT, "--criteria", "cdht-xa-tt25-2023", "--year", "2024")[0][".json"]


def test_a_job_still_running_refreshes_its_page(sqlite_app):
    user = add_user(sqlite_app, "xa-a", "xa", COMMUNE_A)
    client = signed_in(sqlite_app, "xa-a")
    waiting = jobs.add(sqlite_app.state.db, "cham", user, None)
    jobs.update(sqlite_app.state.db, waiting, state="dang-chay", done=4000)
    page = client.get(f"/cong-viec/{waiting}")
    assert '<meta http-equiv="refresh" content="2">' in page.text
    assert "<progress" in page.text and "Đang chạy" in text(page.text) and "Đã xử lý 4000 dòng" in text(page.text)


# --- who may see what ----------------------------------------------------------------------------------

def test_another_commune_finds_none_of_the_pages_of_a_score(web_app, monkeypatch):
    add_user(web_app, "xa-a", "xa", COMMUNE_A)
    add_user(web_app, "xa-b", "xa", COMMUNE_B)
    add_user(web_app, "huyen", "huyen", DISTRICT)
    add_user(web_app, "tinh-khac", "tinh", OTHER_PROVINCE)
    a = signed_in(web_app, "xa-a")
    score_id = scored(a, CDHT, **CDHT_FIELDS)
    monkeypatch.setattr(scoring, "INLINE_BYTES", 1000)
    job_id = int(upload(a, CDHT, **CDHT_FIELDS).headers["location"].rsplit("/", 1)[1])
    pages = [f"/bang-diem/{score_id}", f"/bang-diem/{score_id}/giai-thich?ma=XA-05",
             f"/bang-diem/{score_id}/ket-qua.json", f"/bang-diem/{score_id}/ket-qua.csv",
             f"/bang-diem/{score_id}/ket-qua.xlsx", f"/cong-viec/{job_id}"]
    for path in pages:
        assert a.get(path).status_code == 200, path
    for name in ("xa-b", "tinh-khac"):
        other = signed_in(web_app, name)
        for path in pages:
            refused = other.get(path)
            assert refused.status_code == 404, (name, path)
            assert "XA-05" not in refused.text and "Phú Mỹ" not in refused.text
        for guessed in (score_id + 1, job_id + 1, 0, 999, -1):
            assert other.get(f"/bang-diem/{guessed}").status_code == 404
            assert other.get(f"/bang-diem/{guessed}/ket-qua.csv").status_code == 404
            assert other.get(f"/cong-viec/{guessed}").status_code == 404
        assert 'id="cac-bang-diem"' not in other.get("/bang-diem").text  # no score of theirs listed
    district = signed_in(web_app, "huyen")
    for path in pages:
        assert district.get(path).status_code == 200, path
    assert [r[2] for r in table(district.get("/bang-diem").text, "cac-bang-diem")] == [COMMUNE_A, COMMUNE_A]


def test_logged_out_users_are_sent_to_the_login_page(web_app):
    client = TestClient(web_app)
    for path in ("/nam", "/nam/mau.xlsx?bo_tieu_chi=cdht-xa-tt25-2023", "/bang-diem", "/bang-diem/1",
                 "/bang-diem/1/giai-thich?ma=XA-05", "/bang-diem/1/ket-qua.csv", "/cong-viec/1"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"] == f"/dang-nhap?next={path.split('?')[0]}"


def test_an_upload_without_its_csrf_token_is_refused(web_app):
    add_user(web_app, "xa-a", "xa", COMMUNE_A)
    client = signed_in(web_app, "xa-a")
    for token in (None, "sai"):
        data = dict(CDHT_FIELDS, **({"csrf": token} if token else {}))
        refused = client.post("/bang-diem", data=data, files={"file": (CDHT.name, CDHT.read_bytes())},
                              follow_redirects=False)
        assert refused.status_code == 403
        assert "CSRF" in refused.text
    assert 'id="cac-bang-diem"' not in client.get("/bang-diem").text  # nothing stored


def test_the_administrator_does_not_upload(web_app):
    add_user(web_app, "quan-tri", "quan-tri", "Tỉnh Bắc Kạn")
    client = signed_in(web_app, "quan-tri")
    assert 'id="tai-len"' not in client.get("/bang-diem").text
    refused = upload(client, CDHT, **CDHT_FIELDS)
    assert refused.status_code == 403
