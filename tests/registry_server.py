"""A local HTTP server on 127.0.0.1 for the online readers' tests: each path answers from a
script of responses (status, headers, body, delay), one per request, the last repeated; every
request is recorded (path, query, User-Agent). Never the network."""

import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (a timeout)
    cut: int = 0  # bytes promised beyond the body, then the connection closed (a broken transfer)


class Server:
    """``with Server() as server: server.script("/x", Reply(429, headers=...), Reply(200, b"ok"))``;
    ``server.url("/x")``; ``server.requests`` lists ``(path, query dict, user agent)``.
    ``server.route(function)`` answers every request not scripted: ``function(path, query)`` -> Reply."""

    def __init__(self):
        self.scripts, self.requests, self.router = {}, [], None
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                outer.answer(self)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True

    def __enter__(self):
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path):
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{path}"

    def script(self, path, *replies):
        self.scripts[path] = list(replies)

    def route(self, function):
        self.router = function

    def hits(self, path):
        return [query for p, query, _ in self.requests if p == path]

    def answer(self, handler):
        parts = urllib.parse.urlsplit(handler.path)
        query = dict(urllib.parse.parse_qsl(parts.query))
        with self.lock:
            self.requests.append((parts.path, query, handler.headers.get("User-Agent")))
            script = self.scripts.get(parts.path)
            reply = (script.pop(0) if len(script) > 1 else script[0]) if script else None
        if reply is None:
            reply = self.router(parts.path, query) if self.router else Reply(404, b"not found")
        if reply.delay:
            time.sleep(reply.delay)
        try:
            handler.send_response(reply.status)
            for name, value in reply.headers.items():
                handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(reply.body) + reply.cut))
            handler.end_headers()
            handler.wfile.write(reply.body)
            if reply.cut:
                handler.close_connection = True
        except (BrokenPipeError, ConnectionResetError):
            pass
