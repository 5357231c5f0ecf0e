"""Connections of the server, bounded: at most so many open at once (others get 503 at once),
and none held by a client that never finishes its request's headers."""

import signal
import threading
import time
from http.server import ThreadingHTTPServer


def run_until_stopped(server):
    """Serve until SIGTERM or SIGINT (Ctrl-C), then stop cleanly: finish, close the workers."""
    stopped = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stopped.set()) for sig in (signal.SIGTERM, signal.SIGINT)}
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    thread.start()
    try:
        while not stopped.wait(0.5):
            pass
    finally:
        server.shutdown()
        server.server_close()
        server.site.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


class BoundedServer(ThreadingHTTPServer):
    """A threaded HTTP server that turns a connection away (503) when ``connections``, a
    bounded semaphore set by its maker, has none left."""

    daemon_threads = True
    request_queue_size = 128

    def process_request(self, request, client_address):
        if not self.connections.acquire(blocking=False):
            return self._turn_away(request)
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.connections.release()
            raise

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.connections.release()

    def _turn_away(self, request):
        try:
            request.settimeout(1)
            request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nConnection: close\r\n"
                            b"Content-Type: text/plain; charset=utf-8\r\nContent-Length: 30\r\n\r\n"
                            b"too many connections; retry\r\n")
        except OSError:
            pass
        self.shutdown_request(request)


class HeaderDeadline:
    """The connection's input, cut (TimeoutError) when a request's line and headers take longer
    than ``seconds`` in all: a client that trickles bytes cannot hold a connection for ever."""

    def __init__(self, raw, seconds):
        self.raw, self.seconds, self.deadline = raw, seconds, None

    def start_request(self):
        self.deadline = time.monotonic() + self.seconds

    def end_headers(self):
        self.deadline = None

    def readline(self, limit=-1):
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise TimeoutError("the request's headers took too long")
        return self.raw.readline(limit)

    def read(self, size=-1):
        return self.raw.read(size)

    def __getattr__(self, name):  # close, closed...: the connection's own
        return getattr(self.raw, name)
