"""The JSON API: a sheet posted to /api/scores gives exactly the results file of `recognise score`; another
area's token is refused; no token is 401."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner
from web_helpers import COMMUNE_A, COMMUNE_B, PROVINCE, SAMPLES, add_user, token_for

from cli.app import app as cli

SHEET = SAMPLES / "cdht-xa-huyen-minh-hoa.xlsx"


def _cli_results(tmp_path: Path) -> bytes:
    out = tmp_path / "cli.json"
    result = CliRunner().invoke(cli, ["score", str(SHEET), "--criteria", "cdht-xa-tt25-2023", "--year", "2024",
                                      "--output", str(out)])
    assert result.exit_code == 1, result.output  # the sample has two rejected rows on purpose
    return out.read_bytes()


def _post(client, headers, **data):
    return client.post("/api/scores", headers=headers, files={"file": ("bảng điểm xã.xlsx", SHEET.read_bytes())},
                       data=data)


def test_posted_sheet_gives_the_results_of_recognise_score_byte_for_byte(web_app, tmp_path):
    add_user(web_app, "xa-a", "xa", COMMUNE_A)
    headers = token_for(web_app, "xa-a")
    with TestClient(web_app) as client:
        posted = _post(client, headers, criteria="cdht-xa-tt25-2023", year="2024")
        assert posted.status_code == 201, posted.text
        expected = b'{"id": %d, "results": ' % posted.json()["id"] + _cli_results(tmp_path) + b"}"
        assert posted.content == expected
        again = client.get(f"/api/scores/{posted.json()['id']}", headers=headers)
        assert again.status_code == 200 and again.content == expected
        results = posted.json()["results"]
        assert results["summary"]["scored"] == 16 and results["summary"]["recognised"] == 11
        assert results["summary"]["rejected"] == 2


def test_title_and_year_choose_the_set_in_force(sqlite_app):
    add_user(sqlite_app, "xa-a", "xa", COMMUNE_A)
    with TestClient(sqlite_app) as client:
        posted = _post(client, token_for(sqlite_app, "xa-a"), title="Cộng đồng học tập cấp xã", year="2024")
        assert posted.status_code == 201, posted.text
        assert posted.json()["results"]["criteria"]["id"] == "cdht-xa-tt25-2023"


def test_another_commune_cannot_read_the_results_by_guessing_ids(web_app):
    add_user(web_app, "xa-a", "xa", COMMUNE_A)
    add_user(web_app, "xa-b", "xa", COMMUNE_B)
    add_user(web_app, "tinh", "tinh", PROVINCE)
    add_user(web_app, "tinh-khac", "tinh", "Tỉnh Cao Bằng")
    with TestClient(web_app) as client:
        score_id = _post(client, token_for(web_app, "xa-a"), criteria="cdht-xa-tt25-2023", year="2024").json()["id"]
        b = token_for(web_app, "xa-b")
        for guessed in (score_id, score_id + 1, 0, 999):
            assert client.get(f"/api/scores/{guessed}", headers=b).status_code == 404
        assert client.get(f"/api/scores/{score_id}/documents", headers=b).status_code == 404
        assert client.get(f"/api/scores/{score_id}", headers=token_for(web_app, "tinh")).status_code == 200
        assert client.get(f"/api/scores/{score_id}", headers=token_for(web_app, "tinh-khac")).status_code == 404


def test_without_a_valid_token_the_api_answers_401(sqlite_app):
    add_user(sqlite_app, "xa-a", "xa", COMMUNE_A)
    with TestClient(sqlite_app) as client:
        assert client.get("/api/scores/1").status_code == 401
        assert client.get("/api/scores/1", headers={"Authorization": "Bearer sai"}).status_code == 401
        old = token_for(sqlite_app, "xa-a")
        token_for(sqlite_app, "xa-a")  # a new token replaces the old one
        assert client.get("/api/scores/1", headers=old).status_code == 401
        assert client.get("/api/health").json() == {"status": "ok"}


def test_a_disabled_users_token_stops_working_at_once(sqlite_app):
    add_user(sqlite_app, "xa-a", "xa", COMMUNE_A)
    headers = token_for(sqlite_app, "xa-a")
    with TestClient(sqlite_app) as client:
        assert _post(client, headers, criteria="cdht-xa-tt25-2023", year="2024").status_code == 201
        sqlite_app.state.accounts.disable("xa-a")
        assert _post(client, headers, criteria="cdht-xa-tt25-2023", year="2024").status_code == 401


def test_a_file_that_is_not_a_sheet_is_refused_by_its_content(sqlite_app):
    add_user(sqlite_app, "xa-a", "xa", COMMUNE_A)
    with TestClient(sqlite_app) as client:
        refused = client.post("/api/scores", headers=token_for(sqlite_app, "xa-a"),
                              files={"file": ("bang-diem.xlsx", b"\x7fELF\x02\x01\x01\x00" + bytes(100))},
                              data={"criteria": "cdht-xa-tt25-2023", "year": "2024"})
        assert refused.status_code == 422
        assert "không phải bảng điểm" in refused.json()["detail"]


def test_criteria_sent_by_a_user_never_name_a_file_on_the_server(sqlite_app, tmp_path):
    planted = tmp_path / "tinh-x.yaml"
    planted.write_text((Path(__file__).parent.parent / "criteria" / "cdht-xa-tt25-2023.yaml").read_text("utf-8"),
                       encoding="utf-8")
    add_user(sqlite_app, "xa-a", "xa", COMMUNE_A)
    with TestClient(sqlite_app) as client:
        for ref in (str(planted), "../criteria/cdht-xa-tt25-2023.yaml", "/etc/passwd"):
            refused = _post(client, token_for(sqlite_app, "xa-a"), criteria=ref, year="2024")
            assert refused.status_code == 422, ref
            assert "không có bộ tiêu chí" in refused.json()["detail"]
