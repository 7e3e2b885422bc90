"""`recognise serve`: the web application on one machine (uvicorn), with its job queue inside."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import typer

from cli import options
from cli.console import error, out
from web.store.database import Database, DatabaseError


def serve(host: str = typer.Option("127.0.0.1", "--host", help="Địa chỉ lắng nghe (0.0.0.0: mọi địa chỉ)."),
          port: int = typer.Option(8000, "--port", min=1, max=65535, help="Cổng."),
          db: str = options.database(),
          workers: int = typer.Option(1, "--workers", min=1, max=64,
                                      help="Số tiến trình phục vụ (mỗi tiến trình có hàng đợi công việc riêng; "
                                           "dùng PostgreSQL khi nhiều tiến trình)."),
          ) -> None:
    import uvicorn  # only this command needs the server

    try:
        database = Database(db)  # migrated, and a wrong URL said in one sentence, before the server starts
    except DatabaseError as exc:
        error(str(exc))
        raise typer.Exit(2) from None
    os.environ["RECOGNISE_DB"] = database.url  # the worker processes open the same database
    database.close()
    out.print(f"recognise đang phục vụ tại http://{host}:{port}/ (cơ sở dữ liệu {database.shown}); Ctrl-C để dừng.",
              markup=False)
    settings = dict(factory=True, host=host, port=port, workers=workers, log_level="warning", proxy_headers=True,
                    server_header=False)
    if workers > 1:  # uvicorn's supervisor starts the processes and stops them on Ctrl-C or SIGTERM
        uvicorn.run("web.app:app_from_environment", **settings)
    else:
        _stopped_by_signal_is_done(uvicorn.Server)(uvicorn.Config("web.app:app_from_environment", **settings)).run()
    out.print("Đã dừng máy chủ.", markup=False)


def _stopped_by_signal_is_done(server: type) -> type:
    """uvicorn passes the Ctrl-C or SIGTERM that stopped it on to the program, where it would read as a command
    interrupted half-way (exit 130); for `serve` it is the normal way to stop."""

    class Server(server):
        @contextmanager
        def capture_signals(self) -> Iterator[None]:
            with super().capture_signals():
                yield
                self._captured_signals.clear()

    return Server
