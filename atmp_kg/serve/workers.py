"""SPARQL queries run in worker processes that can be killed: a runaway query is cut at the
timeout, its worker replaced, and the other workers keep answering.

Each worker holds its own read-only pyoxigraph ``Store`` loaded from the data file; the server
never calls an update on it, and a worker answers only ``Store.query``. Before answering
anything a worker takes the network away from itself and caps its memory (``sandbox``); before
running a query it checks the parsed query (``sparql_check``): no ``SERVICE``, no update.

``WorkerPool.run`` hands one query to an idle worker and waits at most ``timeout`` seconds
(waiting for a free worker included) for the complete answer; past that it kills the worker and
answers 503. When every other worker is busy, the last idle one is kept for quick queries: a
query it runs gets ``quick_timeout`` seconds, then 503 with ``Retry-After``, so that runaway
queries can never hold every worker. At most ``max_waiting`` requests wait for a worker; more
get 503 with ``Retry-After`` at once.

Workers are forked by a fork server that has imported this module and loaded the data once
(the workers share it copy-on-write); the pool is usable as soon as one worker is ready.
"""

import ctypes
import math
import multiprocessing
import os
import signal
import threading
import time
from pathlib import Path

import pyoxigraph as ox

from atmp_kg.serve import sandbox
from atmp_kg.serve.answers import Answer, answer, error
from atmp_kg.serve.check import check_query
from atmp_kg.serve.protocol import ProtocolError

PR_SET_PDEATHSIG = 1
PRELOAD_ENV = "ATMP_KG_SERVE_PRELOAD"
MIB = 1 << 20


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
    """``workers`` query processes over ``data_path`` (Turtle), each answering one query at a time.

    ``memory_mib``: how much each worker may grow while answering; ``quick_timeout``: the time a
    query gets on the last idle worker; ``max_waiting``: requests allowed to wait for a worker."""

    def __init__(self, data_path, workers=4, timeout=10.0, cap=10_000, prefixes=None,
                 memory_mib=1024, quick_timeout=2.0, max_waiting=128):
        self.data_path, self.timeout, self.cap = str(Path(data_path)), timeout, cap
        self.size, self.memory_mib = workers, memory_mib
        self.quick_timeout, self.max_waiting = min(quick_timeout, timeout), max_waiting
        self.prefixes = dict(prefixes or {})
        self.sandboxed = None  # whether the workers could take the network away from themselves
        # A fork server that has imported this module forks workers in milliseconds.
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload([__name__])
        self._idle = []
        self._waiting = 0
        self._all = set()
        self._lock = threading.Condition()
        self._closed = False
        self._dead = []
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
        if not self._ready.wait(timeout):
            raise RuntimeError(f"no query worker could load {self.data_path}")
        with self._lock:
            if not self._idle and self._failed:
                raise RuntimeError(f"no query worker could load {self.data_path}")

    def run(self, request, accept):
        """The ``Answer`` to a ``QueryRequest``, within the timeout."""
        deadline = time.monotonic() + self.timeout
        worker, budget = self._take(deadline)
        if worker is None:
            return error(503, "the server is saturated: every query worker is busy; retry later",
                         retry_after=self._retry_after())
        message = {"query": request.query, "default_graphs": request.default_graphs,
                   "named_graphs": request.named_graphs, "accept": accept, "cap": self.cap,
                   "prefixes": self.prefixes, "memory_mib": self.memory_mib}
        try:
            worker.connection.send(message)
            if worker.connection.poll(max(0.0, min(deadline, time.monotonic() + budget) - time.monotonic())):
                result = worker.connection.recv()
                self._give_back(worker)
                return Answer(*result)
        except (EOFError, OSError):
            return self._died(worker)
        self._replace(worker)
        if budget < self.timeout and time.monotonic() < deadline:
            return error(503, f"the server is saturated: every other query worker is busy, and a query gets "
                              f"{budget:g} s on the last one; it was cancelled; retry later",
                         retry_after=self._retry_after())
        return error(503, f"query timed out after {self.timeout:g} s and was cancelled")

    def close(self):
        """Stop every worker."""
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._lock.notify_all()
        for worker in workers:
            worker.process.kill()
            worker.process.join(5)
            worker.connection.close()

    # handing workers out and back

    def _take(self, deadline):
        """``(worker, seconds it may run)``, or ``(None, 0)`` if none comes free before ``deadline``
        or too many requests are waiting already."""
        with self._lock:
            if not self._idle and self._waiting >= self.max_waiting:
                return None, 0
            self._waiting += 1
            try:
                while not self._idle:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0 or self._closed:
                        return None, 0
                    self._lock.wait(remaining)
                worker = self._idle.pop()
                reserved = self.size > 1 and not self._idle
                return worker, self.quick_timeout if reserved else self.timeout
            finally:
                self._waiting -= 1

    def _give_back(self, worker):
        with self._lock:
            self._idle.append(worker)
            self._lock.notify()

    def _retry_after(self):
        return max(1, math.ceil(self.quick_timeout))

    def _died(self, worker):
        """The answer for a worker that died while answering: over its memory limit, or failed."""
        worker.process.join(5)
        code = worker.process.exitcode
        self._replace(worker)
        if code in (-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGKILL):
            return over_memory(self.memory_mib)
        return error(500, "the query worker failed; the query was not answered")

    # the workers' lives

    def _start_worker(self):
        parent, child = self._context.Pipe()
        process = self._context.Process(target=worker_main, args=(child, self.data_path, self.memory_mib * MIB),
                                        daemon=True, name="atmp-kg-sparql-worker")
        process.start()
        child.close()
        worker = _Worker(process, parent)
        with self._lock:
            self._all.add(worker)
        return worker

    def _await_ready(self, worker):
        if not worker.connection.poll(600):
            raise RuntimeError(f"a query worker could not load {self.data_path}")
        status = worker.connection.recv()
        if status not in ("ready", "ready without sandbox"):
            raise RuntimeError(f"a query worker could not load {self.data_path}")
        self.sandboxed = status == "ready"
        self._give_back(worker)
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
            self._dead.append(worker)
            self._lock.notify_all()

    def _replace_dead_workers(self):
        while True:
            with self._lock:
                while not self._dead and not self._closed:
                    self._lock.wait()
                if self._closed:
                    return
                old = self._dead.pop(0)
            old.process.join()
            old.connection.close()
            try:
                self._await_ready(self._start_worker())
            except (RuntimeError, EOFError, OSError):
                with self._lock:
                    self._dead.append(old)  # try again
                time.sleep(1)


class _Worker:
    def __init__(self, process, connection):
        self.process, self.connection = process, connection


def worker_main(connection, data_path, memory_bytes):
    """A worker process: load the store, wall itself in, then answer query messages until the
    pipe closes."""
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if _PRELOADED and _PRELOADED[0] == _signature(data_path):
        store = _PRELOADED[1]
    else:
        store = ox.Store()
        store.bulk_load(path=data_path, format=ox.RdfFormat.TURTLE)
    try:
        sandbox.refuse_network()
        status = "ready"
    except sandbox.SandboxUnavailable:
        status = "ready without sandbox"
    sandbox.limit_memory(memory_bytes)
    connection.send(status)
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return
        result = execute(store, message)
        connection.send((result.status, result.content_type, result.body, result.truncated, result.rows))


def execute(store, message):
    """The ``Answer`` of one query message on ``store``: refused unless its parsed query passes
    ``check_query``."""
    try:
        check_query(message["query"])
        default_graph = [ox.NamedNode(iri) for iri in message["default_graphs"]] or None
        named_graphs = [ox.NamedNode(iri) for iri in message["named_graphs"]] or None
        result = store.query(message["query"], default_graph=default_graph, named_graphs=named_graphs)
        return answer(result, message["accept"], message["cap"], message["prefixes"])
    except ProtocolError as refused:
        return error(refused.status, str(refused))
    except (SyntaxError, ValueError) as problem:
        return error(400, f"malformed query: {problem}")
    except MemoryError:
        return over_memory(message["memory_mib"])
    except OSError as problem:
        return error(500, f"query failed: {problem}")


def over_memory(memory_mib):
    return error(503, f"the query needed more than the memory a query may use ({memory_mib} MiB) "
                      "and was cancelled")


def _die_with_parent():
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
