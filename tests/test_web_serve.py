"""`recognise serve` as a province installs it: accounts made with `recognise users`, the server started as a
process on a free port over a SQLite file, API tokens from `recognise users token`, sheets posted with a plain HTTP
client. What comes back is the results file `recognise score` writes for the same sheet, byte for byte; another
commune's token finds nothing; SIGTERM stops the server at once."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from web_helpers import COMMUNE_A, COMMUNE_B, PASSWORD, SAMPLES

PROGRAM = Path(sys.executable).with_name("recognise")  # the installed entry point
START_SECONDS = 60
STOP_SECONDS = 10

# (sheet, the form fields posted, the same choice as `recognise score` options, scored, recognised, rejected)
CASES = {
    "cdht-xlsx": ("cdht-xa-huyen-minh-hoa.xlsx", {"criteria": "cdht-xa-tt25-2023", "year": "2024"},
                  ["--criteria", "cdht-xa-tt25-2023", "--year", "2024"], 16, 11, 2),
    "dvht-csv": ("dvht-tt22-minh-hoa.csv", {"criteria": "dvht-tt22-2020", "year": "2023"},
                 ["--criteria", "dvht-tt22-2020", "--year", "2023"], 18, 14, 2),
    "dvht-danh-hieu-nam": ("dvht-tt22-minh-hoa.csv", {"title": "Đơn vị học tập", "year": "2023"},
                           ["--title", "Đơn vị học tập", "--year", "2023"], 18, 14, 2),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECOGNISE_")}
    return {**env, **extra}


def recognise(*args: str, cwd: Path, stdin: str | None = None, env: dict | None = None,
              timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([str(PROGRAM), *args], cwd=cwd, input=stdin, capture_output=True, text=True,
                          env=env or environment(), timeout=timeout)


def add_commune(name: str, area: str, cwd: Path, *db: str, env: dict | None = None) -> None:
    done = recognise("users", "add", name, "--role", "xa", "--area", area, *db, cwd=cwd, stdin=PASSWORD + "\n",
                     env=env)
    assert done.returncode == 0, done.stderr


def new_token(name: str, cwd: Path, *db: str, env: dict | None = None) -> dict[str, str]:
    done = recognise("users", "token", name, *db, cwd=cwd, env=env)
    assert done.returncode == 0, done.stderr
    return {"Authorization": f"Bearer {done.stdout.strip().splitlines()[-1]}"}


@dataclass
class Server:
    process: subprocess.Popen
    url: str
    log: Path

    def said(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def start_server(cwd: Path, *db: str, env: dict | None = None) -> Server:
    port = free_port()
    log = cwd / f"serve-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen([str(PROGRAM), "serve", "--port", str(port), *db], cwd=cwd, stdout=out,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env or environment())
    server = Server(process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, f"recognise serve exited {process.returncode}: {server.said()}"
        try:
            if httpx.get(f"{server.url}/api/health", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    process.kill()
    raise AssertionError(f"recognise serve did not answer within {START_SECONDS} s: {server.said()}")


def stop(server: Server) -> tuple[int, float]:
    """SIGTERM; the exit code and how long the server took to leave."""
    start = time.monotonic()
    server.process.send_signal(signal.SIGTERM)
    try:
        code = server.process.wait(STOP_SECONDS)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()
        raise AssertionError(f"recognise serve still running {STOP_SECONDS} s after SIGTERM: {server.said()}") from None
    return code, time.monotonic() - start


@dataclass
class Installed:
    folder: Path
    db: str
    server: Server
    commune_a: dict[str, str]
    commune_b: dict[str, str]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Iterator[Installed]:
    """Two communes' accounts, the server, a token for each; the last test of the module stops the server."""
    folder = tmp_path_factory.mktemp("serve")
    db = f"sqlite:///{folder / 'recognise.sqlite3'}"
    add_commune("xa-khang-ninh", COMMUNE_A, folder, "--db", db)
    add_commune("xa-cao-thuong", COMMUNE_B, folder, "--db", db)
    server = start_server(folder, "--db", db)
    try:
        yield Installed(folder, db, server, new_token("xa-khang-ninh", folder, "--db", db),
                        new_token("xa-cao-thuong", folder, "--db", db))
    finally:
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait()


def cli_results(folder: Path, sheet: Path, options: list[str], name: str) -> bytes:
    output = folder / f"{name}.json"
    done = recognise("score", str(sheet), *options, "--output", str(output), "--show", "0", cwd=folder)
    assert done.returncode == 1, done.stderr  # each sample has two rejected rows on purpose
    return output.read_bytes()


@pytest.mark.parametrize("case", list(CASES))
def test_posted_sheet_gives_the_results_of_recognise_score_and_only_its_commune_reads_them(installed, case):
    sheet_name, form, options, scored, recognised, rejected = CASES[case]
    sheet = SAMPLES / sheet_name
    expected = cli_results(installed.folder, sheet, options, case)
    with httpx.Client(base_url=installed.server.url, timeout=120) as client:
        posted = client.post("/api/scores", headers=installed.commune_a, data=form,
                             files={"file": (f"bảng điểm {sheet_name}", sheet.read_bytes())})
        assert posted.status_code == 201, posted.text
        score_id = posted.json()["id"]
        body = b'{"id": %d, "results": ' % score_id + expected + b"}"
        assert posted.content == body
        summary = posted.json()["results"]["summary"]
        assert (summary["scored"], summary["recognised"], summary["rejected"]) == (scored, recognised, rejected)
        again = client.get(f"/api/scores/{score_id}", headers=installed.commune_a)
        assert again.status_code == 200 and again.content == body
        assert client.get(f"/api/scores/{score_id}", headers=installed.commune_b).status_code == 404
        assert client.get(f"/api/scores/{score_id}").status_code == 401
        assert client.get(f"/api/scores/{score_id}", headers={"Authorization": "Bearer sai"}).status_code == 401


def test_openapi_describes_the_api_routes_and_no_page(installed):
    described = httpx.get(f"{installed.server.url}/api/openapi.json", timeout=30)
    assert described.status_code == 200
    paths = described.json()["paths"]
    for path in ("/api/health", "/api/scores", "/api/scores/{score_id}", "/api/scores/{score_id}/documents",
                 "/api/scores/{score_id}/documents/{document_id}"):
        assert path in paths, sorted(paths)
    assert "post" in paths["/api/scores"] and "get" in paths["/api/scores/{score_id}"]
    assert not [p for p in paths if not p.startswith("/api/")]


def test_sigterm_stops_the_server_promptly_and_cleanly(installed):
    """Last in this module: the server it stops is the one the tests above used."""
    code, seconds = stop(installed.server)
    said = installed.server.said()
    assert code == 0, said  # stopping a server is its normal end, not an interrupted command
    assert "Đã dừng máy chủ." in said and "tín hiệu" not in said, said
    assert seconds < STOP_SECONDS
    assert "Traceback" not in said and "Exception" not in said, said
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{installed.server.url}/api/health", timeout=2)


@pytest.mark.parametrize("url", ["sqlite:///{folder}/khong-co/recognise.sqlite3",
                                 "postgresql+psycopg://can-bo:mat-khau-bi-mat@127.0.0.1:{port}/recognise"])
def test_a_database_that_cannot_be_opened_is_one_sentence_and_exit_2(tmp_path, url):
    url = url.format(folder=tmp_path, port=free_port())  # nothing listens there
    for args in (["serve", "--port", str(free_port()), "--db", url], ["users", "list", "--db", url]):
        done = recognise(*args, cwd=tmp_path, timeout=60)
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Lỗi: không mở được cơ sở dữ liệu"), done.stderr
        assert "Traceback" not in done.stderr and "mat-khau-bi-mat" not in done.stderr + done.stdout
        assert "đang phục vụ" not in done.stdout
    assert not (tmp_path / "khong-co").exists()
    assert not list(tmp_path.glob("*.sqlite3"))


def test_recognise_db_is_the_database_of_users_and_serve_alike(tmp_path):
    """Without --db, users and serve both use RECOGNISE_DB: a token made by `users` works on the server."""
    elsewhere = tmp_path / "co-so-du-lieu"
    elsewhere.mkdir()
    work = tmp_path / "thu-muc-lam-viec"
    work.mkdir()
    env = environment(RECOGNISE_DB=f"sqlite:///{elsewhere / 'tinh.sqlite3'}")
    add_commune("xa-khang-ninh", COMMUNE_A, work, env=env)
    server = start_server(work, env=env)
    try:
        headers = new_token("xa-khang-ninh", work, env=env)
        sheet = SAMPLES / "dvht-tt22-minh-hoa.csv"
        posted = httpx.post(f"{server.url}/api/scores", headers=headers, timeout=120,
                            data={"criteria": "dvht-tt22-2020", "year": "2023"},
                            files={"file": (sheet.name, sheet.read_bytes())})
        assert posted.status_code == 201, posted.text
        assert posted.json()["results"]["summary"]["scored"] == 18
        listed = recognise("users", "list", cwd=work, env=env)
        assert listed.returncode == 0 and "xa-khang-ninh" in listed.stdout
    finally:
        code, _ = stop(server)
    assert code == 0, server.said()
    assert (elsewhere / "tinh.sqlite3").exists()
    assert not list(work.glob("*.sqlite3")), list(work.iterdir())  # nothing in the working folder

