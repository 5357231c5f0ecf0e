"""An on-disk cache of answers, keyed by URL and parameters, so that a re-run or a resumed run
does not fetch again what it fetched already."""

import hashlib
import json
import os
import tempfile
import time
from pathlib import Path


def cache_key(url, params=None):
    """A stable key of ``url`` with ``params`` (in any order): the SHA-256 of both as JSON."""
    text = json.dumps([url, sorted((str(k), str(v)) for k, v in (params or {}).items())], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Cache:
    """Answers stored as files ``<folder>/<key[:2]>/<key>``; written atomically (a temporary file
    renamed into place), so that an interrupted run never leaves half an answer. ``max_age``
    (seconds): older answers count as absent; None keeps them for ever."""

    def __init__(self, folder, max_age=None):
        self.folder = Path(folder)
        self.max_age = max_age

    def path(self, url, params=None):
        key = cache_key(url, params)
        return self.folder / key[:2] / key

    def get(self, url, params=None):
        """The stored answer (bytes), or None."""
        path = self.path(url, params)
        try:
            if self.max_age is not None and time.time() - path.stat().st_mtime > self.max_age:
                return None
            return path.read_bytes()
        except FileNotFoundError:
            return None

    def put(self, url, params, body):
        path = self.path(url, params)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".part-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(body)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
