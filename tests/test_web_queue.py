"""The job queue as a province runs it on several machines: work submitted by one server process is done by the
consumer threads of another, through a Redis broker (a throwaway redis-server started by the test), and its progress
is seen in the shared database. Skipped, saying why, where redis-server is not installed (.ci/run installs it)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import warnings

import pytest
from fastapi.testclient import TestClient
from web_helpers import COMMUNE_A, SAMPLES, add_user

from web.app import create_app
from web.scoring import prepare
from web.store import jobs, scores


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    program = shutil.which("redis-server")
    if program is None:
        reason = "redis-server không có trên máy (apt-get install redis-server): bỏ qua kiểm thử hàng đợi Redis"
        warnings.warn(reason, stacklevel=1)
        pytest.skip(reason)
    port = _free_port()
    server = subprocess.Popen([program, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                               "--dir", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(timeout=20)


def test_work_submitted_by_one_server_is_done_by_another_through_redis(redis_url, tmp_path, monkeypatch):
    monkeypatch.setenv("RECOGNISE_QUEUE", redis_url)
    url = f"sqlite:///{tmp_path / 'web.sqlite3'}"
    front = create_app(url)  # takes the upload: its own consumer is not started (no lifespan)
    worker = create_app(url)  # another machine: its consumer threads run in its lifespan
    user = add_user(front, "xa-a", "xa", COMMUNE_A)
    sheet = (SAMPLES / "cdht-xa-huyen-minh-hoa.xlsx").read_bytes()
    score_id = prepare(front.state.db, user, "bang-diem.xlsx", sheet, "cdht-xa-tt25-2023", None, 2024)
    job_id = front.state.jobs.submit("cham", user, score_id, {"registry": False})
    assert jobs.get(front.state.db, job_id).state == "cho"
    with TestClient(worker):
        deadline = time.monotonic() + 60
        while not jobs.get(front.state.db, job_id).finished and time.monotonic() < deadline:
            time.sleep(0.1)
    done = jobs.get(front.state.db, job_id)
    assert done.state == "xong", done.message
    assert done.message == "Đã chấm 16 đối tượng, công nhận 11; loại 2 dòng lỗi."
    found = scores.get(front.state.db, score_id)
    assert (found.scored, found.recognised, found.rejected) == (16, 11, 2)
    assert type(worker.state.jobs.huey).__name__ == "RedisHuey"
    assert not list(tmp_path.glob("*hang-doi*"))  # no embedded queue file: the work went through Redis
    for app in (front, worker):
        app.state.db.close()
