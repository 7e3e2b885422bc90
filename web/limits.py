"""ASGI middleware: request bodies bounded before they are read, and the headers that keep pages in their place."""

from __future__ import annotations

from fastapi import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from web.uploads import MAX_UPLOAD_BYTES

MAX_BODY = MAX_UPLOAD_BYTES + 1024 * 1024  # an upload and its form fields
HEADERS = [
    (b"content-security-policy", b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                                 b"frame-ancestors 'none'; form-action 'self'"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
]


def _too_large_message() -> str:
    return f"Tệp gửi lên quá lớn: tối đa {MAX_UPLOAD_BYTES // 1024 // 1024} MB."


class BodyTooLarge(HTTPException):
    """Raised while the body is read: an HTTPException, so that the framework's own form parsing passes it on
    as 413 instead of turning it into "there was an error parsing the body" (400)."""

    def __init__(self) -> None:
        super().__init__(413, _too_large_message())


class _HttpMiddleware:
    """Acts on HTTP requests; anything else (lifespan) passes through."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.http(scope, receive, send)

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError


class BodyLimit(_HttpMiddleware):
    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > MAX_BODY:
            await _too_large(send)
            return
        received = 0

        async def bounded() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > MAX_BODY:
                raise BodyTooLarge
            return message

        try:
            await self.app(scope, bounded, send)
        except BodyTooLarge:
            await _too_large(send)


async def _too_large(send: Send) -> None:
    body = _too_large_message().encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
                            *HEADERS]})
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders(_HttpMiddleware):
    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + HEADERS
            await send(message)

        await self.app(scope, receive, with_headers)
