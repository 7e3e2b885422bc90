"""What many clerks at once must not break (found by benchmarks/serve_load.py): the same file stored by two
uploads side by side (PostgreSQL runs them together), and logins at once within a bounded memory."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from web_helpers import COMMUNE_A, PASSWORD, SAMPLES

from web.store import files

ROOT = Path(__file__).resolve().parent.parent


def test_the_same_file_stored_by_two_uploads_at_once_is_kept_once(web_app):
    """The second transaction inserts while the first has inserted and not committed: on PostgreSQL it waits on
    the key, then used to fail (duplicate key, the upload lost with a 500); now it finds the file there."""
    db = web_app.state.db
    content = (SAMPLES / "dvht-tt22-minh-hoa.csv").read_bytes()
    second: list[object] = []

    def store() -> None:
        try:
            with db.begin() as conn:
                second.append(files.put(conn, content))
        except Exception as exc:  # noqa: BLE001  (what the second upload met is the outcome under test)
            second.append(exc)

    with db.begin() as conn:
        digest = files.put(conn, content)
        other = threading.Thread(target=store)
        other.start()
        deadline = time.monotonic() + 10
        if conn.dialect.name == "postgresql":  # until the other one waits on the key this one holds
            while time.monotonic() < deadline and not conn.execute(
                    sa.text("SELECT count(*) FROM pg_locks WHERE NOT granted")).scalar():
                time.sleep(0.05)
        else:  # SQLite: the other one waits for the write lock
            time.sleep(0.5)
    other.join(30)
    assert second == [digest]
    with db.begin() as conn:
        assert files.get(conn, digest) == content
        assert conn.execute(sa.text("SELECT count(*) FROM web_files WHERE sha256 = :d"), {"d": digest}).scalar() == 1
LOGINS_AT_ONCE = """
import sys, tempfile, threading
from web.store.accounts import Accounts
from web.store.database import Database

def kb(field):
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith(field + ":"))

with tempfile.TemporaryDirectory() as tmp:
    accounts = Accounts(Database(f"sqlite:///{tmp}/recognise.sqlite3"))
    accounts.add("xa-khang-ninh", "xa", sys.argv[1], sys.argv[2])
    assert accounts.authenticate("xa-khang-ninh", sys.argv[2])
    before = kb("VmRSS")
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")  # the peak (VmHWM) starts again from now
    together = threading.Barrier(16)
    ok = []

    def log_in():
        together.wait()
        ok.append(accounts.authenticate("xa-khang-ninh", sys.argv[2]) is not None)

    threads = [threading.Thread(target=log_in) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(sum(ok), (kb("VmHWM") - before) // 1024)
"""


def test_sixteen_logins_at_once_do_not_take_sixteen_times_the_hashers_memory():
    """Each argon2 verification takes 64 MiB: sixteen clerks logging in at once took a server 1 GB more before
    verifications were bounded (a few at a time, at most 4)."""
    if not os.access("/proc/self/clear_refs", os.W_OK):
        pytest.skip("the peak RSS of a process cannot be reset here")
    done = subprocess.run([sys.executable, "-c", LOGINS_AT_ONCE, COMMUNE_A, PASSWORD], capture_output=True,
                          text=True, cwd=ROOT, env={k: v for k, v in os.environ.items() if not k.startswith("RECOGNISE_")},
                          timeout=120)
    assert done.returncode == 0, done.stderr
    logged_in, grew_mb = map(int, done.stdout.split())
    assert logged_in == 16
    assert grew_mb < 5 * 64 + 40, f"{grew_mb} MB more for 16 logins at once"
