"""Work on the machine's second core: ``Forked`` runs a function in a forked child process and
returns what it returned; ``Batches`` shares a list out between such processes as they go."""

import gc
import multiprocessing
import os
import time
import traceback


class Forked:
    """``with Forked(work, "the explorer") as job: ... job.wait()``: ``work()`` runs in a forked
    child process (here, at once, where fork is not available); ``wait()`` returns what it
    returned (sent back pickled) or raises its error; ``job.seconds`` is how long it took.
    Leaving the block early stops the child. ``nice``: the child's priority lowered by this
    much (``os.nice``), so that it takes what CPU time this process's other work leaves."""

    def __init__(self, work, name, nice=0):
        self.name, self.process = name, None
        if "fork" not in multiprocessing.get_all_start_methods():
            start = time.perf_counter()
            self.value = work()
            self.seconds = time.perf_counter() - start
            return
        context = multiprocessing.get_context("fork")
        self.receiver, sender = context.Pipe(duplex=False)
        self.process = context.Process(target=_run_child, args=(work, sender, nice), daemon=True)
        frozen = gc.get_freeze_count() > 0  # by an enclosing ``fewer_gc_passes``: it unfreezes them
        gc.freeze()  # the child's garbage collector then leaves the shared objects (and their pages) alone
        self.process.start()
        if not frozen:
            gc.unfreeze()
        sender.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
            self.process.join()

    def wait(self):
        if self.process is None:
            return self.value
        try:
            done, result = self.receiver.recv()
        except EOFError:
            done, result = False, f"the child process ended with exit code {self.process.exitcode}"
        self.process.join()
        if not done:
            raise RuntimeError(f"making {self.name} failed:\n{result}")
        self.seconds, value = result
        return value


def _run_child(work, sender, nice):
    start = time.perf_counter()
    gc.disable()  # the process ends with its work, and its little cyclic garbage with it
    if nice:
        os.nice(nice)
    try:
        value = work()
        sender.send((True, (time.perf_counter() - start, value)))
    except BaseException:
        sender.send((False, traceback.format_exc()))


class Batches:
    """``items`` handed out ``size`` at a time to the processes that take them, each item to one
    process: ``for item in batches`` takes the next batch from the front, ``for item in
    batches.from_back()`` from the back, in this process or in any forked from it (the two
    positions are in shared memory), until the two meet. Two processes taking from opposite
    ends each get a run of neighbouring items (pages that share what they draw, for example)."""

    def __init__(self, items, size):
        self.items, self.size = items, size
        self.ends = multiprocessing.Array("q", [0, len(items)])  # the first item not taken, the end of those left

    def __iter__(self):
        return self._take(from_front=True)

    def from_back(self):
        return self._take(from_front=False)

    def _take(self, from_front):
        while True:
            with self.ends.get_lock():
                start, stop = self.ends[0], self.ends[1]
                if start >= stop:
                    return
                if from_front:
                    stop = self.ends[0] = min(start + self.size, stop)
                else:
                    start = self.ends[1] = max(stop - self.size, start)
            yield from self.items[start:stop]
