"""The decision, the papers and the registry of a board's year in the browser: the details form (with the guard rails
of `recognise documents` and `recognise record`), the papers made as a job and downloaded, recording into the
server's registry, and who may do which.

The sheet is the shipped sample samples/cdht-xa-huyen-minh-hoa.xlsx (cdht-xa-tt25-2023, year 2024): 16 communes of
tỉnh Thanh Sơn scored, 11 recognised, 2 rows rejected; the details are those of samples/trien-khai-minh-hoa.yaml
(Sở Giáo dục và Đào tạo, decision 125/QĐ-SGDĐT of 15/08/2025, after the district level ceased). Expected subjects
are read from the results the API returns, never copied from the engine's output.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile

import pytest
import yaml
from fastapi.testclient import TestClient
from pypdf import PdfReader
from web_helpers import COMMUNE_A, COMMUNE_B, PROVINCE, SAMPLES, add_user, csrf_of, signed_in, token_for

from web.scoring import score_now
from web.store import audit, jobs, scores

SHEET = SAMPLES / "cdht-xa-huyen-minh-hoa.xlsx"
CONFIG = yaml.safe_load((SAMPLES / "trien-khai-minh-hoa.yaml").read_text(encoding="utf-8"))
NUMBER = CONFIG["so_quyet_dinh"]
DOC_LINK = re.compile(r'href="/bang-diem/(\d+)/van-ban/(\d+)">([^<]+)</a>')


def sample_form() -> dict[str, str]:
    """The fields of the decision form as samples/trien-khai-minh-hoa.yaml gives them."""
    form = {k: CONFIG[k] for k in ("tinh", "co_quan_cap_tren", "co_quan_ban_hanh", "dia_danh", "so_quyet_dinh",
                                   "ngay_quyet_dinh", "de_nghi")}
    form |= {f"nguoi_ky_{k}": v for k, v in CONFIG["nguoi_ky"].items()}
    form["can_cu"] = "\n".join(CONFIG["can_cu"])
    form["noi_nhan"] = "\n".join(CONFIG["noi_nhan"])
    return form


def squash(text: str) -> str:
    """PDF text compared in NFC without whitespace (WeasyPrint breaks words in narrow cells)."""
    return "".join(unicodedata.normalize("NFC", text).split())


def pdf_pages(content: bytes) -> list[str]:
    return [squash(p.extract_text() or "") for p in PdfReader(io.BytesIO(content)).pages]


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def upload(app, name: str) -> tuple[int, dict]:
    """The sample sheet posted to the API by `name`: its id and results."""
    with TestClient(app) as client:
        posted = client.post("/api/scores", headers=token_for(app, name), data={"criteria": "cdht-xa-tt25-2023",
                             "year": "2024"}, files={"file": ("bảng điểm xã.xlsx", SHEET.read_bytes())})
    assert posted.status_code == 201, posted.text
    return posted.json()["id"], posted.json()["results"]


def post_form(client: TestClient, score_id: int, form: dict, path: str = "quyet-dinh"):
    csrf = csrf_of(client, f"/bang-diem/{score_id}/van-ban")
    return client.post(f"/bang-diem/{score_id}/{path}", data={**form, "csrf": csrf}, follow_redirects=False)


def documents(client: TestClient, score_id: int) -> dict[str, str]:
    """Name → download path of the papers listed on the papers page."""
    page = client.get(f"/bang-diem/{score_id}/van-ban")
    assert page.status_code == 200, page.text
    return {name: f"/bang-diem/{sid}/van-ban/{doc}" for sid, doc, name in DOC_LINK.findall(page.text)}


@pytest.fixture
def clerk(web_app):
    add_user(web_app, "xa-a", "xa", COMMUNE_A)
    return signed_in(web_app, "xa-a")


def test_details_papers_and_record_of_a_board_year(web_app, clerk):
    score_id, results = upload(web_app, "xa-a")
    db = web_app.state.db
    recognised = [s for s in results["subjects"] if s["recognised"]]
    denied = [s for s in results["subjects"] if not s["recognised"]]
    assert len(recognised) == 11 and len(denied) == 5

    # the form starts from the area: its province, commune and place name
    empty = clerk.get(f"/bang-diem/{score_id}/quyet-dinh")
    assert empty.status_code == 200
    assert 'name="tinh" value="Tỉnh Bắc Kạn"' in empty.text and 'name="xa" value="Xã Khang Ninh"' in empty.text
    assert 'name="dia_danh" value="Khang Ninh"' in empty.text

    saved = post_form(clerk, score_id, sample_form())
    assert saved.status_code == 303 and saved.headers["location"] == f"/bang-diem/{score_id}/van-ban", saved.text
    stored = scores.get(db, score_id).details
    assert stored["so_quyet_dinh"] == NUMBER and stored["ngay_quyet_dinh"] == "15/08/2025"
    assert stored["nguoi_ky"] == CONFIG["nguoi_ky"] and stored["noi_nhan"] == CONFIG["noi_nhan"]
    assert f'name="so_quyet_dinh" value="{NUMBER}"' in clerk.get(f"/bang-diem/{score_id}/quyet-dinh").text

    # papers: a job with progress, one certificate per recognised commune
    made = post_form(clerk, score_id, {}, "van-ban")
    assert made.status_code == 303 and made.headers["location"].startswith("/cong-viec/")
    job = jobs.get(db, int(made.headers["location"].rsplit("/", 1)[1]))
    assert (job.kind, job.state, job.score_id) == ("van-ban", "xong", score_id), job.message
    assert job.done == job.total == len(recognised)
    listed = documents(clerk, score_id)
    assert set(listed) == {"quyet-dinh.pdf", "quyet-dinh.docx", "quyet-dinh.html", "danh-sach.pdf",
                           "giay-cong-nhan.pdf", "thong-bao-khong-dat.pdf", "danh-sach.docx", "danh-sach.xlsx",
                           "thong-bao-khong-dat.docx"}

    decision = clerk.get(listed["quyet-dinh.pdf"])
    assert decision.status_code == 200 and decision.headers["content-type"] == "application/pdf"
    assert "quyet-dinh.pdf" in decision.headers["content-disposition"]
    decision_text = "".join(pdf_pages(decision.content))
    assert squash(NUMBER) in decision_text and squash(CONFIG["nguoi_ky"]["ho_ten"]) in decision_text
    listing = "".join(pdf_pages(clerk.get(listed["danh-sach.pdf"]).content))
    for s in recognised:
        assert squash(s["name"]) in listing, s["name"]
    for s in denied:
        assert squash(s["name"]) not in listing, s["name"]
    certificates = pdf_pages(clerk.get(listed["giay-cong-nhan.pdf"]).content)
    assert len(certificates) == len(recognised)
    for page, s in zip(certificates, recognised, strict=True):
        assert squash(s["name"]) in page
    notices = "".join(pdf_pages(clerk.get(listed["thong-bao-khong-dat.pdf"]).content))
    assert all(squash(s["name"]) in notices for s in denied)

    archive = clerk.get(f"/bang-diem/{score_id}/van-ban.zip")
    assert archive.status_code == 200 and archive.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(archive.content)) as zipped:
        assert set(zipped.namelist()) == set(listed)
        assert zipped.read("quyet-dinh.pdf") == decision.content

    # recording: every scored commune under the decision, the 11 recognised among them
    recorded = post_form(clerk, score_id, {}, "ghi-so")
    assert recorded.status_code == 303, recorded.text
    shown = text(clerk.get(recorded.headers["location"]).text)
    assert f"Đã ghi {len(results['subjects'])} đối tượng vào sổ công nhận" in shown
    assert "2 dòng bị loại khi chấm" in shown and f"quyết định số {NUMBER}" in shown
    rows = db.registry.query(year=2024, title=results["criteria"]["title"])
    assert {r.decision_number for r in rows} == {NUMBER}
    assert sorted(r.subject for r in rows if r.recognised) == sorted(s["id"] for s in recognised)
    assert {(r.province, r.decision_date.strftime("%d/%m/%Y")) for r in rows} == {(CONFIG["tinh"], "15/08/2025")}
    assert scores.get(db, score_id).recorded_number == NUMBER
    again = post_form(clerk, score_id, {}, "ghi-so")
    assert f"{len(results['subjects'])} đối tượng đã có từ trước" in text(clerk.get(again.headers["location"]).text)
    assert len(db.registry.query()) == len(results["subjects"])

    # everything audited, with the file it was about
    found = scores.get(db, score_id)
    done = {e.action: e for e in audit.entries(db)}
    assert done["luu-quyet-dinh"].user_name == "xa-a" and len(done["luu-quyet-dinh"].sha256) == 64
    assert done["in-van-ban"].sha256 == next(d.sha256 for d in scores.documents_of(db, score_id)
                                             if d.name == "quyet-dinh.pdf")
    assert done["ghi-so"].sha256 == found.results_sha256 and NUMBER in done["ghi-so"].detail

    # the next decision of the area starts from these details
    next_id = score_now(db, web_app.state.accounts.get("xa-a"), "x.xlsx", SHEET.read_bytes(), "cdht-xa-tt25-2023",
                        None, 2024)
    offered = clerk.get(f"/bang-diem/{next_id}/quyet-dinh").text
    assert f'name="so_quyet_dinh" value="{NUMBER}"' in offered and 'name="tinh" value="Tỉnh Thanh Sơn"' in offered


def test_guard_rails_refuse_a_decision_before_the_year_or_of_another_province(sqlite_app):
    add_user(sqlite_app, "xa-a", "xa", COMMUNE_A)
    clerk = signed_in(sqlite_app, "xa-a")
    score_id, _ = upload(sqlite_app, "xa-a")
    db = sqlite_app.state.db

    early = post_form(clerk, score_id, {**sample_form(), "ngay_quyet_dinh": "15/08/2023"})
    assert early.status_code == 422
    assert "ngày 15/08/2023 trước năm đánh giá 2024" in text(early.text)
    # before 01/07/2025 the Phòng of the set was still there: the Sở was not competent yet
    assert "không phải cơ quan có thẩm quyền" in text(early.text)

    elsewhere = post_form(clerk, score_id, {**sample_form(), "tinh": PROVINCE})
    assert elsewhere.status_code == 422
    shown = text(elsewhere.text)
    assert "ghi “Tỉnh Bắc Kạn” nhưng 16 đối tượng thuộc tỉnh Thanh Sơn" in shown
    assert "/tmp" not in shown and "thong-tin-quyet-dinh.yaml" not in shown

    wrong_day = post_form(clerk, score_id, {**sample_form(), "ngay_quyet_dinh": "31/02/2025"})
    assert wrong_day.status_code == 422 and "“Ngày ký quyết định”" in text(wrong_day.text)
    missing = post_form(clerk, score_id, {**sample_form(), "nguoi_ky_ho_ten": "", "so_quyet_dinh": " "})
    assert missing.status_code == 422 and "“Số quyết định”, “Họ tên người ký”" in text(missing.text)

    # nothing can be printed or recorded
    assert scores.get(db, score_id).details is None
    for path in ("van-ban", "ghi-so"):
        sent = post_form(clerk, score_id, {}, path)
        assert sent.status_code == 303 and sent.headers["location"] == f"/bang-diem/{score_id}/quyet-dinh"
    assert jobs.latest(db, score_id, "van-ban") is None and scores.documents_of(db, score_id) == []
    assert db.registry.query() == []
    refusals = [e for e in audit.entries(db) if e.action == "quyet-dinh-bi-tu-choi"]
    assert len(refusals) == 4 and "Tỉnh Bắc Kạn" in refusals[-2].detail


def test_an_example_set_is_printed_but_never_recorded(sqlite_app):
    add_user(sqlite_app, "xa-a", "xa", COMMUNE_A)
    clerk = signed_in(sqlite_app, "xa-a")
    db = sqlite_app.state.db
    sheet = (SAMPLES / "gdht-vidu-ho-gia-dinh.csv").read_bytes()
    score_id = score_now(db, sqlite_app.state.accounts.get("xa-a"), "ho-gia-dinh.csv", sheet, "gdht-448-vidu", None, 2024)
    assert scores.get(db, score_id).recognised == 101
    form = {"tinh": PROVINCE, "xa": "Xã Khang Ninh", "co_quan_ban_hanh": "Ủy ban nhân dân xã Khang Ninh",
            "dia_danh": "Khang Ninh", "so_quyet_dinh": "7/QĐ-UBND", "ngay_quyet_dinh": "20/01/2025",
            "nguoi_ky_tham_quyen": "TM. ỦY BAN NHÂN DÂN", "nguoi_ky_chuc_vu": "Chủ tịch",
            "nguoi_ky_ho_ten": "Hoàng Văn Bình"}
    assert post_form(clerk, score_id, form).status_code == 303
    refused = post_form(clerk, score_id, {}, "ghi-so")
    assert refused.status_code == 422
    shown = text(refused.text)
    assert "sổ công nhận chỉ nhận kết quả theo bộ tiêu chí chính thức" in shown and "minh họa" in shown
    assert db.registry.query() == [] and scores.get(db, score_id).recorded_number is None
    assert [e.action for e in audit.entries(db)][0] == "ghi-so-bi-tu-choi"


def test_subjects_recorded_under_another_decision_are_refused(sqlite_app):
    add_user(sqlite_app, "xa-a", "xa", COMMUNE_A)
    clerk = signed_in(sqlite_app, "xa-a")
    db = sqlite_app.state.db
    score_id, results = upload(sqlite_app, "xa-a")
    assert post_form(clerk, score_id, sample_form()).status_code == 303
    assert post_form(clerk, score_id, {}, "ghi-so").status_code == 303
    before = db.registry.query()
    assert post_form(clerk, score_id, {**sample_form(), "so_quyet_dinh": "126/QĐ-SGDĐT"}).status_code == 303
    refused = post_form(clerk, score_id, {}, "ghi-so")
    assert refused.status_code == 422
    shown = text(refused.text)
    assert f"{len(results['subjects'])} đối tượng đã được ghi vào sổ công nhận năm này theo quyết định khác" in shown
    assert f"quyết định số {NUMBER} ngày 15/08/2025" in shown and "126/QĐ-SGDĐT" in shown
    assert "--force" not in shown
    assert db.registry.query() == before


def test_single_certificates_one_file_per_recognised_subject(sqlite_app):
    add_user(sqlite_app, "xa-a", "xa", COMMUNE_A)
    clerk = signed_in(sqlite_app, "xa-a")
    score_id, results = upload(sqlite_app, "xa-a")
    assert post_form(clerk, score_id, sample_form()).status_code == 303
    assert post_form(clerk, score_id, {"split": "true"}, "van-ban").status_code == 303
    listed = documents(clerk, score_id)
    singles = sorted(n for n in listed if n.startswith("giay-cong-nhan-"))
    assert singles == sorted(f"giay-cong-nhan-{s['id']}.pdf" for s in results["subjects"] if s["recognised"])
    one = clerk.get(listed["giay-cong-nhan-XA-01.pdf"])
    assert len(pdf_pages(one.content)) == 1
    assert squash(next(s["name"] for s in results["subjects"] if s["id"] == "XA-01")) in pdf_pages(one.content)[0]


def test_other_areas_neither_see_nor_change_the_papers(web_app, clerk):
    add_user(web_app, "xa-b", "xa", COMMUNE_B)
    add_user(web_app, "tinh", "tinh", PROVINCE)
    score_id, _ = upload(web_app, "xa-a")
    db = web_app.state.db
    assert post_form(clerk, score_id, sample_form()).status_code == 303
    assert post_form(clerk, score_id, {}, "van-ban").status_code == 303
    paper = documents(clerk, score_id)["danh-sach.pdf"]

    other = signed_in(web_app, "xa-b")
    own_id, _ = upload(web_app, "xa-b")
    for path in ("van-ban", "van-ban.zip", "quyet-dinh", paper.removeprefix(f"/bang-diem/{score_id}/")):
        assert other.get(f"/bang-diem/{score_id}/{path}").status_code == 404, path
    csrf = csrf_of(other, f"/bang-diem/{own_id}/van-ban")
    for path in ("quyet-dinh", "van-ban", "ghi-so"):
        sent = other.post(f"/bang-diem/{score_id}/{path}", data={**sample_form(), "csrf": csrf},
                          follow_redirects=False)
        assert sent.status_code == 404, path
    # a paper of commune A asked for under commune B's own score
    doc_id = paper.rsplit("/", 1)[1]
    assert other.get(f"/bang-diem/{own_id}/van-ban/{doc_id}").status_code == 404

    province = signed_in(web_app, "tinh")
    assert province.get(f"/bang-diem/{score_id}/van-ban").status_code == 200
    assert province.get(paper).status_code == 200
    assert province.get(f"/bang-diem/{score_id}/van-ban.zip").status_code == 200
    assert f'action="/bang-diem/{score_id}/ghi-so"' not in province.get(f"/bang-diem/{score_id}/van-ban").text
    assert province.get(f"/bang-diem/{score_id}/quyet-dinh").status_code == 403
    csrf = csrf_of(province, f"/bang-diem/{score_id}/van-ban")
    for path in ("quyet-dinh", "van-ban", "ghi-so"):
        sent = province.post(f"/bang-diem/{score_id}/{path}", data={**sample_form(), "csrf": csrf},
                             follow_redirects=False)
        assert sent.status_code == 403, path
    assert db.registry.query() == [] and scores.get(db, score_id).recorded_number is None

    logged_out = TestClient(web_app).get(f"/bang-diem/{score_id}/van-ban", follow_redirects=False)
    assert logged_out.status_code == 303 and logged_out.headers["location"].startswith("/dang-nhap")


def test_forms_without_the_csrf_token_are_refused(sqlite_app):
    add_user(sqlite_app, "xa-a", "xa", COMMUNE_A)
    clerk = signed_in(sqlite_app, "xa-a")
    db = sqlite_app.state.db
    score_id, _ = upload(sqlite_app, "xa-a")
    assert clerk.post(f"/bang-diem/{score_id}/quyet-dinh", data=sample_form()).status_code == 403
    assert scores.get(db, score_id).details is None
    assert post_form(clerk, score_id, sample_form()).status_code == 303
    for path in ("van-ban", "ghi-so"):
        assert clerk.post(f"/bang-diem/{score_id}/{path}", data={"csrf": "gia-mao"}).status_code == 403
    assert jobs.latest(db, score_id, "van-ban") is None and db.registry.query() == []
