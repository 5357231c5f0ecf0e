"""A small progress bar with counts on standard error: ``label: 1,200/5,000 records [####....]
24% (3 pages, 1 from the cache)``. On a terminal it redraws one line; elsewhere (a log) it writes
a line every few seconds and a last one at the end."""

import sys
import time

WIDTH = 24  # characters of the bar


class Progress:
    """Counts ``records`` (with ``total`` when known) and the pages fetched, from the network or
    the cache. ``enabled=False`` draws nothing (the counts are still kept)."""

    def __init__(self, label, total=None, unit="records", stream=None, enabled=True, every=5.0):
        self.label, self.total, self.unit = label, total, unit
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.records = self.pages = self.cached = self.retries = 0
        self.terminal = enabled and hasattr(self.stream, "isatty") and self.stream.isatty()
        self.every = 0.1 if self.terminal else every
        self.drawn = 0.0

    def add(self, records=1):
        self.records += records
        self.draw()

    def page(self, cached=False):
        """One answer read, from the cache or the network (``Client`` calls it)."""
        self.pages += 1
        self.cached += bool(cached)
        self.draw()

    def retry(self, message):
        """A request is tried again: said on its own line."""
        self.retries += 1
        if self.enabled:
            self._clear()
            self.stream.write(f"{self.label}: {message}\n")
            self.stream.flush()

    def line(self):
        done = f"{self.records:,}" + (f"/{self.total:,}" if self.total else "")
        bar = ""
        if self.total:
            share = min(self.records / self.total, 1.0)
            filled = round(share * WIDTH)
            bar = f" [{'#' * filled}{'.' * (WIDTH - filled)}] {share:.0%}"
        pages = f" ({self.pages:,} page(s), {self.cached:,} from the cache)" if self.pages else ""
        return f"{self.label}: {done} {self.unit}{bar}{pages}"

    def draw(self, force=False):
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self.drawn < self.every:
            return
        self.drawn = now
        if self.terminal:
            self.stream.write("\r" + self.line() + "\x1b[K")
        else:
            self.stream.write(self.line() + "\n")
        self.stream.flush()

    def _clear(self):
        if self.terminal:
            self.stream.write("\r\x1b[K")

    def close(self):
        """Draw the final counts (and end the terminal's line)."""
        if self.enabled:
            self.draw(force=True)
            if self.terminal:
                self.stream.write("\n")
                self.stream.flush()
