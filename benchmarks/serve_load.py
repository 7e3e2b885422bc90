"""`recognise serve` under load: concurrent clients log in, upload and score sheets, fetch them back; every result
is compared with what `recognise score` writes for the same sheet.

1. the distinct sheets: the samples (samples/cdht-xa-huyen-minh-hoa.xlsx with cdht-xa-tt25-2023, year 2024;
   samples/dvht-tt22-minh-hoa.csv with dvht-tt22-2020, year 2023, by set id and by title and year) and a generated
   sheet of --rows rows (the generator of benchmarks/score_throughput.py); `recognise score SHEET ... --output
   x.json` runs once per distinct sheet and its output is what every upload must give back;
2. N commune accounts and their API tokens are made in the database (the store `recognise users add` and
   `recognise users token` use), then `recognise serve --port FREE --db URL` starts on the loopback address with a
   temporary SQLite file (or --db, e.g. an empty PostgreSQL database);
3. N clients (threads, one httpx client each) start together; each logs in through the login form (GET /dang-nhap
   for its CSRF token, POST /dang-nhap, GET /) and then, U times, posts a sheet to /api/scores with its own token
   and fetches the result back with GET /api/scores/{id}; at the end each asks for another commune's result,
   which must be 404; meanwhile GET /api/health every 0.1 s measures how long anyone else waits;
4. it prints requests/s, p50/p95/max latency per kind of request, how many uploads' results (as posted and as
   fetched back) were byte for byte those of `recognise score`, the errors, the server's peak RSS (VmHWM in
   /proc/PID/status of the server and its children) and anything alarming in the server's log (tracebacks,
   "database is locked"); SIGTERM stops the server and the time it took is printed;
5. a bare reference in the same run: the same number of `score_sheet` calls (the same sheets, the set chosen as
   the server chooses it) in this process, one after the other, without HTTP or a database; the ratio of
   uploads/s (server/reference).

Loopback only, bounded: at most 200 clients, 100 uploads each, and --timeout seconds for the load. Unlike the other
benchmarks it asserts what the server must guarantee: exit code 1 if any upload is lost, differs from the CLI's
results or fails, or a request fails; 0 otherwise.

    python benchmarks/serve_load.py [--clients 20] [--uploads 5] [--rows 500] [--timeout 120]
        [--db postgresql+psycopg://… [--workers 2]] [--keep FOLDER]
"""

from __future__ import annotations

import argparse
import math
import os
import re
import resource
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "benchmarks"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from score_throughput import process_tree, recognise_command, write_sheet  # noqa: E402  (same generator as the score benchmark)

SAMPLES = ROOT / "samples"
PASSWORD = "mat-khau-tai-tai-1"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
KINDS = ("login-form", "login", "home", "upload", "fetch", "other-commune", "health")
ALARMS = ("Traceback", "database is locked", "Exception", "Error")
MAX_CLIENTS, MAX_UPLOADS = 200, 100
START_SECONDS = 60
STOP_SECONDS = 15
DEFAULT_ACTIONS_PER_MINUTE = 30  # web/security.py: uploads per user per minute


@dataclass(frozen=True)
class Case:
    """One distinct sheet as it is posted (form fields) and scored by the CLI (options)."""

    name: str
    sheet: Path
    form: dict[str, str]
    options: tuple[str, ...]
    expected: bytes = b""


@dataclass
class Call:
    kind: str
    seconds: float
    ok: bool
    detail: str = ""


@dataclass
class Client:
    index: int
    name: str
    token: str
    calls: list[Call] = field(default_factory=list)
    ids: list[int] = field(default_factory=list)
    posted_same: int = 0
    fetched_same: int = 0
    uploads_done: int = 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(**extra: str) -> dict[str, str]:
    return {**{k: v for k, v in os.environ.items() if not k.startswith("RECOGNISE_")}, **extra}


# --- the sheets and what `recognise score` writes for them -----------------------------------------------------

def cases(work: Path, rows: int) -> list[Case]:
    from engine.criteria.catalogue import find

    out = [
        Case("cdht-xlsx", SAMPLES / "cdht-xa-huyen-minh-hoa.xlsx", {"criteria": "cdht-xa-tt25-2023", "year": "2024"},
             ("--criteria", "cdht-xa-tt25-2023", "--year", "2024")),
        Case("dvht-csv", SAMPLES / "dvht-tt22-minh-hoa.csv", {"criteria": "dvht-tt22-2020", "year": "2023"},
             ("--criteria", "dvht-tt22-2020", "--year", "2023")),
        Case("dvht-title", SAMPLES / "dvht-tt22-minh-hoa.csv", {"title": "Đơn vị học tập", "year": "2023"},
             ("--title", "Đơn vị học tập", "--year", "2023")),
    ]
    if rows > 0:
        generated = work / f"dvht-{rows}-dong.csv"
        write_sheet(find("dvht-tt22-2020").criteria, generated, rows)
        out.append(Case(f"dvht-{rows}", generated, {"criteria": "dvht-tt22-2020", "year": "2023"},
                        ("--criteria", "dvht-tt22-2020", "--year", "2023")))
    return out


def with_cli_results(found: list[Case], work: Path) -> tuple[list[Case], float]:
    start = time.perf_counter()
    done = []
    for case in found:
        output = work / f"cli-{case.name}.json"
        run = subprocess.run([recognise_command(), "score", str(case.sheet), *case.options, "--output", str(output),
                              "--show", "0"], capture_output=True, text=True, env=environment(), cwd=work)
        if run.returncode not in (0, 1) or not output.exists():  # 1: some rows rejected, as in the samples
            raise SystemExit(f"recognise score {case.sheet.name} exited {run.returncode}: {run.stderr.strip()}")
        done.append(Case(case.name, case.sheet, case.form, case.options, output.read_bytes()))
    return done, time.perf_counter() - start


# --- the server and its memory ----------------------------------------------------------------------------------

def make_accounts(url: str, n: int) -> list[Client]:
    """Commune accounts and API tokens, through the store of `recognise users add` and `users token`."""
    from web.store.accounts import Accounts
    from web.store.database import Database

    db = Database(url)
    accounts = Accounts(db)
    run = secrets.token_hex(3)  # several runs on one PostgreSQL database do not collide
    clients = []
    for i in range(1, n + 1):
        name = f"xa-{run}-{i:03d}"
        accounts.add(name, "xa", f"Tỉnh Thanh Sơn/Huyện Minh Hòa/Xã Số {run} {i}", PASSWORD)
        clients.append(Client(i, name, accounts.new_token(name)))
    db.close()
    return clients


def _status_kb(pid: int, field_name: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field_name + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class Memory(threading.Thread):
    """Peak RSS of the server: VmHWM of each process of its tree (children included), and the summed RSS."""

    def __init__(self, pid: int, every: float = 0.2):
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.hwm_kb: dict[int, int] = {}
        self.sum_kb = 0
        self.done = threading.Event()

    def sample(self) -> None:
        pids = process_tree(self.pid)
        for p in pids:
            self.hwm_kb[p] = max(self.hwm_kb.get(p, 0), _status_kb(p, "VmHWM"))
        self.sum_kb = max(self.sum_kb, sum(_status_kb(p, "VmRSS") for p in pids))

    def run(self) -> None:
        while not self.done.is_set():
            self.sample()
            self.done.wait(self.every)


def start_server(url: str, work: Path, env: dict[str, str], workers: int) -> tuple[subprocess.Popen, str, Path, float]:
    port = free_port()
    log = work / "serve.log"
    start = time.perf_counter()
    with log.open("wb") as out:
        server = subprocess.Popen([recognise_command(), "serve", "--host", "127.0.0.1", "--port", str(port),
                                   "--db", url, "--workers", str(workers)], cwd=work, stdout=out, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, env=env)
    base = f"http://127.0.0.1:{port}"
    while time.perf_counter() - start < START_SECONDS:
        if server.poll() is not None:
            raise SystemExit(f"recognise serve exited {server.returncode}: {log.read_text(errors='replace')}")
        try:
            if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                return server, base, log, time.perf_counter() - start
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    server.kill()
    raise SystemExit(f"recognise serve did not answer in {START_SECONDS} s")


def stop_server(server: subprocess.Popen) -> tuple[int, float]:
    start = time.perf_counter()
    server.send_signal(signal.SIGTERM)
    try:
        code = server.wait(STOP_SECONDS)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
        code = -9
    return code, time.perf_counter() - start


# --- the clients ------------------------------------------------------------------------------------------------

def _timed(client: Client, kind: str, request, expect: int) -> httpx.Response | None:
    start = time.perf_counter()
    try:
        response = request()
    except httpx.HTTPError as exc:
        client.calls.append(Call(kind, time.perf_counter() - start, False, f"{type(exc).__name__}: {exc}"))
        return None
    seconds = time.perf_counter() - start
    ok = response.status_code == expect
    client.calls.append(Call(kind, seconds, ok, "" if ok else f"{response.status_code}: {response.text[:200]}"))
    return response if ok else None


def log_in(http: httpx.Client, client: Client) -> bool:
    form = _timed(client, "login-form", lambda: http.get("/dang-nhap"), 200)
    found = CSRF.search(form.text) if form is not None else None
    if found is None:
        return False
    data = {"name": client.name, "password": PASSWORD, "csrf": found.group(1), "next": "/"}
    if _timed(client, "login", lambda: http.post("/dang-nhap", data=data), 303) is None:
        return False
    return _timed(client, "home", lambda: http.get("/"), 200) is not None


def work_of(client: Client, base: str, all_cases: list[Case], uploads: int, deadline: float,
            ready: threading.Barrier) -> None:
    auth = {"Authorization": f"Bearer {client.token}"}
    with httpx.Client(base_url=base, timeout=max(1.0, deadline - time.perf_counter())) as http:
        ready.wait()
        if not log_in(http, client):
            return
        for u in range(uploads):
            if time.perf_counter() > deadline:
                return
            case = all_cases[(client.index + u) % len(all_cases)]
            files = {"file": (f"bảng điểm {case.name} {client.index}-{u}{case.sheet.suffix}", case.sheet.read_bytes())}
            posted = _timed(client, "upload", lambda c=case, f=files: http.post("/api/scores", headers=auth,
                                                                                  data=c.form, files=f), 201)
            if posted is None:
                continue
            score_id = posted.json()["id"]
            client.ids.append(score_id)
            expected = b'{"id": %d, "results": ' % score_id + case.expected + b"}"
            client.uploads_done += 1
            client.posted_same += posted.content == expected
            fetched = _timed(client, "fetch", lambda i=score_id: http.get(f"/api/scores/{i}", headers=auth), 200)
            client.fetched_same += fetched is not None and fetched.content == expected


def other_commune(client: Client, other: Client, base: str) -> None:
    """Another commune's result by its id: 404, as if it did not exist."""
    if not other.ids:
        return
    with httpx.Client(base_url=base, timeout=60) as http:
        _timed(client, "other-commune", lambda: http.get(f"/api/scores/{other.ids[0]}",
                                                         headers={"Authorization": f"Bearer {client.token}"}), 404)


def probe(client: Client, base: str, stop: threading.Event, every: float = 0.1) -> None:
    """GET /api/health all through the load: how long anyone waits for the server while it scores."""
    with httpx.Client(base_url=base, timeout=60) as http:
        while not stop.is_set():
            _timed(client, "health", lambda: http.get("/api/health"), 200)
            stop.wait(every)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1))]


# --- the bare reference -----------------------------------------------------------------------------------------

def reference(all_cases: list[Case], clients: int, uploads: int, work: Path) -> tuple[float, int, int]:
    """The same scoring calls as the server makes, in this process, without HTTP or a database: seconds, how many
    outputs were identical to the CLI's, how many calls."""
    from engine.scoring.run import score_sheet
    from engine.sheets.fit import choose_set

    order = [all_cases[(i + u) % len(all_cases)] for i in range(1, clients + 1) for u in range(uploads)]
    output = work / "reference.json"
    same = 0
    start = time.perf_counter()
    for case in order:
        year = int(case.form["year"]) if "year" in case.form else None
        loaded = choose_set(case.sheet, case.form.get("criteria"), case.form.get("title"), year, None)
        score_sheet(case.sheet, loaded, [output], keep=0, workers=1, year=year)
        same += output.read_bytes() == case.expected
    return time.perf_counter() - start, same, len(order)


# --- the run ----------------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20, help=f"concurrent clients (default 20, at most {MAX_CLIENTS})")
    parser.add_argument("--uploads", type=int, default=5, help=f"uploads per client (default 5, at most {MAX_UPLOADS})")
    parser.add_argument("--rows", type=int, default=500, help="rows of the generated sheet (0: samples only)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds for the load (default 120)")
    parser.add_argument("--workers", type=int, default=1,
                        help="server processes (recognise serve --workers; with PostgreSQL), default 1")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (sheets, CLI results, server log)")
    parser.add_argument("--db", help="database URL (default: a temporary SQLite file), e.g. an empty PostgreSQL one")
    args = parser.parse_args(argv)
    if (not 1 <= args.clients <= MAX_CLIENTS or not 1 <= args.uploads <= MAX_UPLOADS or args.timeout <= 0
            or not 1 <= args.workers <= 8):
        parser.error(f"--clients 1–{MAX_CLIENTS}, --uploads 1–{MAX_UPLOADS}, --timeout > 0, --workers 1–8")

    with tempfile.TemporaryDirectory(prefix="recognise-serve-load-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        url = args.db or f"sqlite:///{work / 'recognise.sqlite3'}"
        shown = "PostgreSQL" if url.startswith("postgres") else "SQLite file"
        print(f"recognise serve under load: {args.clients} clients × {args.uploads} uploads, {shown}, "
              f"{args.workers} server process{'es' if args.workers > 1 else ''}; "
              f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {recognise_command()}", flush=True)
        all_cases, cli_seconds = with_cli_results(cases(work, args.rows), work)
        print(f"  distinct sheets: {', '.join(c.name for c in all_cases)}; `recognise score` once each: "
              f"{cli_seconds:.1f} s", flush=True)

        clients = make_accounts(url, args.clients)
        env = environment()
        if args.uploads > DEFAULT_ACTIONS_PER_MINUTE:  # the per-user limit would refuse them: measured without it
            env["RECOGNISE_ACTIONS_PER_MINUTE"] = str(args.uploads + 1)
            print(f"  RECOGNISE_ACTIONS_PER_MINUTE={args.uploads + 1} for the server (more than "
                  f"{DEFAULT_ACTIONS_PER_MINUTE} uploads per user)")
        server, base, log, started = start_server(url, work, env, args.workers)
        try:
            memory = Memory(server.pid)
            memory.start()
            print(f"  server pid {server.pid} ready in {started:.1f} s at {base}", flush=True)

            ready = threading.Barrier(args.clients)
            prober, probing = Client(0, "", ""), threading.Event()
            health = threading.Thread(target=probe, args=(prober, base, probing), daemon=True)
            health.start()
            start = time.perf_counter()
            deadline = start + args.timeout
            threads = [threading.Thread(target=work_of, args=(c, base, all_cases, args.uploads, deadline, ready),
                                        daemon=True) for c in clients]
            for t in threads:
                t.start()
            for t in threads:
                t.join(max(0.0, deadline - time.perf_counter()) + 5)
            wall = time.perf_counter() - start
            late = sum(t.is_alive() for t in threads)
            probing.set()
            health.join(60)
            if args.clients > 1:
                others = [threading.Thread(target=other_commune, args=(c, clients[c.index % args.clients], base))
                          for c in clients]
                for t in others:
                    t.start()
                for t in others:
                    t.join(60)
            memory.sample()
            memory.done.set()
            memory.join()
        finally:  # the server never outlives the benchmark, whatever stopped it
            code, stop_seconds = stop_server(server)
        said = log.read_text(encoding="utf-8", errors="replace")

        calls = [c for cl in (*clients, prober) for c in cl.calls]
        by_kind: dict[str, list[Call]] = defaultdict(list)
        for c in calls:
            by_kind[c.kind].append(c)
        load_calls = [c for c in calls if c.kind not in ("other-commune", "health")]
        expected_uploads = args.clients * args.uploads
        done = sum(cl.uploads_done for cl in clients)
        posted_same = sum(cl.posted_same for cl in clients)
        fetched_same = sum(cl.fetched_same for cl in clients)
        errors = [c for c in calls if not c.ok]

        print(f"\n  {'kind':14} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for kind in KINDS:
            got = by_kind.get(kind, [])
            if not got:
                continue
            ms = [c.seconds * 1000 for c in got]
            print(f"  {kind:14} {len(got):>8} {sum(not c.ok for c in got):>6} {percentile(ms, 0.5):>8.0f} "
                  f"{percentile(ms, 0.95):>8.0f} {max(ms):>8.0f}")
        print(f"  load: {len(load_calls)} requests in {wall:.1f} s = {len(load_calls) / wall:.1f} requests/s; "
              f"{done} uploads = {done / wall:.2f} uploads/s ({done * 1.0 / wall * 60:.0f}/min)")
        print(f"  uploads identical to `recognise score`: {posted_same}/{expected_uploads} as posted, "
              f"{fetched_same}/{expected_uploads} fetched back; results lost: {expected_uploads - done}")
        print(f"  errors: {len(errors)}" + (f"; clients still running at the deadline: {late}" if late else ""))
        for c in errors[:10]:
            print(f"    {c.kind}: {c.detail}")
        server_hwm = memory.hwm_kb.get(server.pid, 0) / 1024
        children = {p: kb for p, kb in memory.hwm_kb.items() if p != server.pid}
        print(f"  server peak RSS (VmHWM): {server_hwm:.1f} MB; children seen: {len(children)}"
              + (f", largest {max(children.values()) / 1024:.1f} MB" if children else "")
              + f"; sampled RSS of the whole tree at most {memory.sum_kb / 1024:.1f} MB")
        alarms = [line for line in said.splitlines() if any(a in line for a in ALARMS)]
        print(f"  server stopped by SIGTERM in {stop_seconds:.1f} s, exit code {code}; its log: "
              f"{len(said.splitlines())} lines, {len(alarms)} alarming")
        for line in alarms[:10]:
            print(f"    {line[:300]}")

        ref_seconds, ref_same, ref_n = reference(all_cases, args.clients, args.uploads, work)
        ref_rate = ref_n / ref_seconds
        own_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  bare reference: {ref_n} score_sheet calls in one process, one after the other, no HTTP: "
              f"{ref_seconds:.1f} s = {ref_rate:.2f} uploads/s ({ref_same}/{ref_n} identical to the CLI's; "
              f"this process's peak RSS {own_rss:.0f} MB)")
        if done:
            print(f"  ratio server/reference (uploads/s): {done / wall / ref_rate:.3f}")

    holds = (posted_same == fetched_same == expected_uploads and not errors and not late
             and ref_same == ref_n and not alarms)
    print(f"\n{'ALL' if holds else 'NOT ALL'} uploads retrieved identical to the CLI's, "
          f"{'no' if not errors else len(errors)} errors")
    return 0 if holds else 1


if __name__ == "__main__":
    sys.exit(main())
