"""A throwaway PostgreSQL server for the registry tests, started by the test run and stopped at its end.

`initdb` and `pg_ctl` are looked up on PATH, then in /usr/lib/postgresql/*/bin (Debian's `postgresql`
package, which .ci/run installs when `initdb` is missing). The cluster lives in a temporary folder;
the server listens only on a unix socket in that folder (no TCP), on a port number found free, with
trust authentication for the one role it creates. initdb refuses to run as root: as root, the
programs run as the `postgres` user, the temporary folder handed over to it.

When no server can be started the tests that need one are skipped, with the reason shown both as
the skip message and as a warning (so it shows in `pytest -q` output without `-rs`).
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import itertools
import os
import pwd
import shlex
import shutil
import socket
import subprocess
import tempfile
import warnings
from pathlib import Path

import pytest

ROLE = "recognise"
_names = itertools.count(1)


def find_program(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                      key=lambda p: [int(x) if x.isdigit() else 0 for x in Path(p).parts[-3].split(".")])
    return versions[-1] if versions else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresUnavailable(Exception):
    pass


class PostgresServer:
    """initdb + pg_ctl start in a temporary folder; `url` names a database made for the test run."""

    def __init__(self) -> None:
        self.initdb = find_program("initdb")
        self.pg_ctl = find_program("pg_ctl")
        if not self.initdb or not self.pg_ctl:
            raise PostgresUnavailable("không tìm thấy initdb/pg_ctl (PATH, /usr/lib/postgresql/*/bin): "
                                      "cài gói postgresql của Debian (.ci/run tự cài)")
        self.prefix: list[str] = []
        self.owner: int | None = None
        if os.geteuid() == 0:  # initdb refuses root: run the server as `postgres`
            try:
                self.owner = pwd.getpwnam("postgres").pw_uid
            except KeyError:
                raise PostgresUnavailable("chạy với quyền root nhưng không có người dùng postgres để chạy initdb") from None
            runuser = shutil.which("runuser")
            self.prefix = [runuser, "-u", "postgres", "--"] if runuser else []
            if not runuser and not shutil.which("su"):
                raise PostgresUnavailable("chạy với quyền root, không có runuser hay su để chạy initdb là postgres")
        self.root = Path(tempfile.mkdtemp(prefix="recognise-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = _free_port()
        self.started = False
        atexit.register(self.stop)

    def _run(self, *args: str, timeout: float = 120) -> None:
        argv = [str(a) for a in args]
        if os.geteuid() == 0 and not self.prefix:
            argv = ["su", "postgres", "-s", "/bin/sh", "-c", shlex.join(argv)]
        else:
            argv = self.prefix + argv
        try:
            done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, cwd=self.root)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PostgresUnavailable(f"{Path(args[0]).name}: {exc}") from None
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise PostgresUnavailable(f"{Path(args[0]).name} thất bại (mã {done.returncode}): "
                                      f"{(done.stderr or done.stdout).strip()[-2000:]}\n{log}")

    def start(self) -> PostgresServer:
        if self.owner is not None:
            os.chown(self.root, self.owner, -1)
        self._run(self.initdb, "-D", self.data, "-U", ROLE, "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync")
        options = f"-p {self.port} -k {self.root} -c listen_addresses='' -c fsync=off -c max_connections=50"
        self._run(self.pg_ctl, "-D", self.data, "-l", self.log, "-o", options, "-w", "-t", "60", "start")
        self.started = True
        try:
            self.url = self.new_database()
        except Exception as exc:  # the server runs but takes no connection: as good as none
            raise PostgresUnavailable(f"không kết nối được máy chủ vừa khởi động: {exc}") from None
        return self

    def _url(self, database: str) -> str:
        return f"postgresql+psycopg://{ROLE}@/{database}?host={self.root}&port={self.port}"

    def new_database(self) -> str:
        """An empty database of its own (one per test keeps tests apart): its SQLAlchemy URL."""
        import psycopg

        name = f"registry_{os.getpid()}_{next(_names)}"
        with psycopg.connect(host=str(self.root), port=self.port, user=ROLE, dbname="postgres", autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"')
        return self._url(name)

    def stop(self) -> None:
        if self.started:
            self.started = False
            with contextlib.suppress(PostgresUnavailable):
                self._run(self.pg_ctl, "-D", self.data, "-m", "immediate", "-w", "stop", timeout=60)
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server():
    """A running PostgreSQL server for the whole test run, or a skip that says why there is none."""
    server = None
    try:
        server = PostgresServer()
        server.start()
    except PostgresUnavailable as exc:
        if server is not None:
            server.stop()
        reason = f"PostgreSQL: không khởi động được máy chủ để kiểm thử, bỏ qua các kiểm thử PostgreSQL: {exc}"
        warnings.warn(reason, stacklevel=1)
        print(f"\n{reason}")
        pytest.skip(reason)
    try:
        yield server
    finally:
        server.stop()
