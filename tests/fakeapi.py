"""A real HTTP server on 127.0.0.1 that speaks just enough of each provider's API for the SDKs."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

#: Minimal replies the SDKs accept, by path suffix.
REPLIES: dict[str, Any] = {
    "/v1/messages": {
        "id": "msg_1",
        "type": "message",
        "role": "assistant",
        "model": "m",
        "stop_reason": "end_turn",
        "content": [{"type": "text", "text": "hi from anthropic"}],
        "usage": {"input_tokens": 1, "output_tokens": 1},
    },
    "/chat/completions": {
        "id": "c1",
        "object": "chat.completion",
        "created": 0,
        "model": "m",
        "choices": [
            {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "hi from openai"}}
        ],
    },
    "/api/chat": {
        "model": "m",
        "created_at": "2026-01-01T00:00:00Z",
        "done": True,
        "message": {"role": "assistant", "content": "hi from ollama"},
    },
    "/api/tags": {"models": []},
}


#: A route's body that answers with the request's own headers, as a server that echoes them in an error does.
ECHO = object()
#: A route's status that closes the connection without an answer (a reset after the request was read).
DROP = 0


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: Any
    peer: tuple[str, int] = ("", 0)


@dataclass
class FakeAPI:
    url: str
    requests: list[Recorded] = field(default_factory=list)
    #: path suffix -> (status, JSON body (or ECHO), delay in seconds); falls back to REPLIES with 200.
    routes: dict[str, tuple[int, Any, float]] = field(default_factory=dict)
    #: path suffix -> the Location of a 307 answer.
    redirects: dict[str, str] = field(default_factory=dict)

    @property
    def connections(self) -> int:
        """How many TCP connections the requests came on."""
        return len({r.peer for r in self.requests})

    def reply_for(self, path: str) -> tuple[int, Any, float]:
        bare = path.partition("?")[0]
        for suffix, reply in self.routes.items():
            if bare.endswith(suffix) or suffix in bare:
                return reply
        for suffix, body in REPLIES.items():
            if bare.endswith(suffix):
                return 200, body, 0.0
        if "/models/" in bare:
            return (
                200,
                {
                    "id": bare.rpartition("/")[2],
                    "object": "model",
                    "type": "model",
                    "created": 0,
                    "owned_by": "x",
                    "display_name": "x",
                    "created_at": "2026-01-01T00:00:00Z",
                },
                0.0,
            )
        return 404, {"error": {"message": "no such route", "type": "not_found_error"}}, 0.0


@contextmanager
def serve() -> Iterator[FakeAPI]:
    """Run a fake API server on a free loopback port for the duration of the block."""
    state: dict[str, FakeAPI] = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, so that tests can count connections
        disable_nagle_algorithm = True  # headers and body go out at once: no 40 ms delayed-ACK stall per request

        def _handle(self) -> None:
            api = state["api"]
            length = int(self.headers.get("content-length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else None
            headers = {k.lower(): v for k, v in self.headers.items()}
            api.requests.append(Recorded(self.command, self.path, headers, body, self.client_address[:2]))
            location = next((url for suffix, url in api.redirects.items() if suffix in self.path), None)
            if location is not None:
                self.send_response(307)
                self.send_header("location", location)
                self.send_header("content-length", "0")
                self.end_headers()
                return
            status, reply, delay = api.reply_for(self.path)
            if delay:
                time.sleep(delay)
            if status == DROP:
                self.close_connection = True
                self.connection.shutdown(2)
                return
            if reply is ECHO:
                echoed = json.dumps(headers)
                reply = {"error": {"message": f"rejected {echoed}", "type": "x"}, "headers": headers, "detail": echoed}
            data = json.dumps(reply).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = _handle

        def log_message(self, *args: object) -> None:
            pass

    class Server(ThreadingHTTPServer):
        def handle_error(self, request: object, client_address: object) -> None:
            pass  # a client that timed out on purpose leaves a broken pipe behind: not worth a traceback

    server = Server(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state["api"] = FakeAPI(url=f"http://127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state["api"]
    finally:
        server.shutdown()
        server.server_close()


def closed_port() -> int:
    """Return a loopback port nothing listens on."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
