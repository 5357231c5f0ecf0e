"""SPARQL queries run in worker processes that can be killed: a runaway query is cut at the
timeout, its worker replaced, and the other workers keep answering.

Each worker holds its own read-only pyoxigraph ``Store`` loaded from the data file; the server
never calls an update on it, and a worker answers only ``Store.query``. ``WorkerPool.run`` sends
one query to an idle worker and waits at most ``timeout`` seconds (waiting for a free worker
included) for the complete answer; past that it kills the worker and answers 503.
Workers are forked by a fork server that has imported this module and loaded the data once
(the workers share it copy-on-write); the pool is usable as soon as one worker is ready.
"""

import ctypes
import multiprocessing
import os
import queue
import signal
import threading
import time
from pathlib import Path

import pyoxigraph as ox

from .sparql_results import Answer, answer, error

PR_SET_PDEATHSIG = 1
PRELOAD_ENV = "ATMP_KG_SERVE_PRELOAD"


def _signature(path):
    stat = os.stat(path)
    return (os.path.realpath(path), stat.st_size, stat.st_mtime_ns)


def _preload():
    """In the fork server only (the pool sets PRELOAD_ENV while it starts it): load the data
    once, so that the forked workers share it copy-on-write instead of each parsing it."""
    path = os.environ.get(PRELOAD_ENV)
    if not path:
        return None
    try:
        store = ox.Store()
        store.bulk_load(path=path, format=ox.RdfFormat.TURTLE)
        return _signature(path), store
    except Exception:  # noqa: BLE001 (a worker that finds no preloaded store loads, and reports, itself)
        return None


_PRELOADED = _preload()


class WorkerPool:
    """``workers`` query processes over ``data_path`` (Turtle), each answering one query at a time."""

    def __init__(self, data_path, workers=4, timeout=10.0, cap=10_000, prefixes=None):
        self.data_path, self.timeout, self.cap = str(Path(data_path)), timeout, cap
        self.prefixes = dict(prefixes or {})
        # A fork server that has imported this module forks workers in milliseconds.
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload([__name__])
        self._idle = queue.Queue()
        self._all = set()
        self._lock = threading.Lock()
        self._closed = False
        self._dead = queue.Queue()
        self._ready = threading.Event()
        self._failed = 0
        os.environ[PRELOAD_ENV] = self.data_path  # seen by the fork server if this starts it
        try:
            started = [self._start_worker() for _ in range(workers)]
        finally:
            os.environ.pop(PRELOAD_ENV, None)
        for worker in started:
            threading.Thread(target=self._welcome, args=(worker, workers), daemon=True).start()
        self._supervisor = threading.Thread(target=self._replace_dead_workers, daemon=True,
                                            name="atmp-kg-sparql-supervisor")
        self._supervisor.start()

    def wait_ready(self, timeout=120):
        """Wait until a first worker has loaded the data (the others go on loading meanwhile);
        RuntimeError if none could."""
        if not self._ready.wait(timeout) or self._idle.empty() and self._failed:
            raise RuntimeError(f"no query worker could load {self.data_path}")

    def run(self, request, accept):
        """The ``Answer`` to a checked ``QueryRequest``, within the timeout."""
        deadline = time.monotonic() + self.timeout
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return error(503, f"all query workers are busy; retry later (timeout {self.timeout:g} s)")
        message = {"query": request.query, "default_graphs": request.default_graphs,
                   "named_graphs": request.named_graphs, "accept": accept, "cap": self.cap,
                   "prefixes": self.prefixes}
        try:
            worker.connection.send(message)
            if worker.connection.poll(max(0.0, deadline - time.monotonic())):
                result = worker.connection.recv()
                self._idle.put(worker)
                return Answer(*result)
        except (EOFError, OSError):
            self._replace(worker)
            return error(500, "the query worker failed; the query was not answered")
        self._replace(worker)
        return error(503, f"query timed out after {self.timeout:g} s and was cancelled")

    def close(self):
        """Stop every worker."""
        with self._lock:
            self._closed = True
            workers = list(self._all)
        self._dead.put(None)
        for worker in workers:
            worker.process.kill()
            worker.process.join(5)
            worker.connection.close()

    def _start_worker(self):
        parent, child = self._context.Pipe()
        process = self._context.Process(target=worker_main, args=(child, self.data_path), daemon=True,
                                        name="atmp-kg-sparql-worker")
        process.start()
        child.close()
        worker = _Worker(process, parent)
        with self._lock:
            self._all.add(worker)
        return worker

    def _await_ready(self, worker):
        if not worker.connection.poll(600) or worker.connection.recv() != "ready":
            raise RuntimeError(f"a query worker could not load {self.data_path}")
        self._idle.put(worker)
        self._ready.set()

    def _welcome(self, worker, workers):
        try:
            self._await_ready(worker)
        except (RuntimeError, EOFError, OSError):
            with self._lock:
                self._failed += 1
                if self._failed == workers:
                    self._ready.set()

    def _replace(self, worker):
        worker.process.kill()
        with self._lock:
            self._all.discard(worker)
        self._dead.put(worker)

    def _replace_dead_workers(self):
        while True:
            old = self._dead.get()
            if old is None:
                return
            old.process.join()
            old.connection.close()
            with self._lock:
                if self._closed:
                    return
            try:
                self._await_ready(self._start_worker())
            except (RuntimeError, EOFError, OSError):
                self._dead.put(old)  # try again
                time.sleep(1)


class _Worker:
    def __init__(self, process, connection):
        self.process, self.connection = process, connection


def worker_main(connection, data_path):
    """A worker process: load the store, then answer query messages until the pipe closes."""
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if _PRELOADED and _PRELOADED[0] == _signature(data_path):
        store = _PRELOADED[1]
    else:
        store = ox.Store()
        store.bulk_load(path=data_path, format=ox.RdfFormat.TURTLE)
    connection.send("ready")
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return
        result = execute(store, message)
        connection.send((result.status, result.content_type, result.body, result.truncated, result.rows))


def execute(store, message):
    """The ``Answer`` of one query message on ``store``."""
    try:
        default_graph = [ox.NamedNode(iri) for iri in message["default_graphs"]] or None
        named_graphs = [ox.NamedNode(iri) for iri in message["named_graphs"]] or None
        result = store.query(message["query"], default_graph=default_graph, named_graphs=named_graphs)
        return answer(result, message["accept"], message["cap"], message["prefixes"])
    except (SyntaxError, ValueError) as problem:
        return error(400, f"malformed query: {problem}")
    except OSError as problem:
        return error(500, f"query failed: {problem}")


def _die_with_parent():
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
