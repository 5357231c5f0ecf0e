"""``Client``: GET requests that are polite to public registries and robust against them.

- a User-Agent naming the project and its address;
- a connect timeout, a read timeout (per wait for data) and a deadline for a whole answer;
- retries with exponential backoff on 429, 5xx, timeouts and broken connections, waiting as
  long as a ``Retry-After`` header asks (seconds or an HTTP date), up to ``max_wait``;
- an on-disk cache keyed by URL and parameters (``Cache``): a re-run reads what it has;
- a ``FetchError`` that names the URL and what happened.
"""

import email.utils
import http.client
import json
import socket
import ssl
import time
import urllib.parse
from dataclasses import dataclass

from atmp_kg import __version__
from atmp_kg.errors import RemoteError
from atmp_kg.fetch.cache import Cache

USER_AGENT = f"atmp-kg/{__version__} (+https://w3id.org/atmp-kg; open knowledge graph of the ATMP value chain)"
RETRY_STATUSES = {429, 500, 502, 503, 504}
REDIRECTS = {301, 302, 303, 307, 308}
MAX_REDIRECTS = 5
CHUNK = 1 << 16


class FetchError(RemoteError):
    """A request failed for good (exit code 2): the message names the URL and the cause."""

    def __init__(self, url, message):
        self.url = url
        super().__init__(f"{url}: {message}")


@dataclass
class Timeouts:
    """Seconds: to connect, to wait for each piece of data, and for a whole answer."""

    connect: float = 10.0
    read: float = 60.0
    total: float = 600.0


class _Retry(Exception):
    """A failure worth another try; ``wait`` is what the server asked for (None: backoff)."""

    def __init__(self, message, wait=None):
        self.wait = wait
        super().__init__(message)


class Client:
    """GET with retries and a cache. ``timeout``: seconds for connect and read alike, a
    ``(connect, read)`` pair or a ``Timeouts``; ``retries``: tries after the first; ``backoff``:
    the first wait (doubled each time, at most ``max_wait``); ``progress``: a ``Progress`` told
    of each answer and retry; ``sleep``: how to wait (tests pass a recorder)."""

    def __init__(self, user_agent=USER_AGENT, cache_dir=None, timeout=None, retries=5, backoff=1.0,
                 max_wait=120.0, progress=None, max_age=None, sleep=time.sleep):
        self.user_agent = user_agent
        self.cache = Cache(cache_dir, max_age) if cache_dir else None
        if timeout is None:
            timeout = Timeouts()
        elif isinstance(timeout, int | float):
            timeout = Timeouts(timeout, timeout)
        elif isinstance(timeout, tuple):
            timeout = Timeouts(*timeout)
        self.timeout = timeout
        self.retries, self.backoff, self.max_wait = retries, backoff, max_wait
        self.progress = progress
        self.sleep = sleep
        self.requests = 0  # made over the network, retries included

    def get(self, url, params=None, check=None):
        """The body (bytes) of a 200 answer to GET ``url`` with query ``params``; from the cache
        when it holds it. ``check(body)``, if given, raises ``ValueError`` for a body that must be
        neither cached nor returned (a broken page): a FetchError."""
        cached = self.cache.get(url, params) if self.cache else None
        if cached is not None:
            self._told(cached=True)
            return cached
        full = with_params(url, params)
        attempt = 0
        while True:
            try:
                body = self._once(full)
                break
            except _Retry as retry:
                if attempt >= self.retries:
                    raise FetchError(full, f"{retry} (gave up after {attempt + 1} tries)") from None
                wait = self._wait(attempt, retry.wait, full)
                attempt += 1
                if self.progress:
                    self.progress.retry(f"{retry}; try {attempt + 1} of {self.retries + 1} in {wait:g}s ({full})")
                self.sleep(wait)
        if check is not None:
            try:
                check(body)
            except ValueError as error:
                raise FetchError(full, f"a broken answer ({len(body):,} bytes): {error}") from None
        if self.cache:
            self.cache.put(url, params, body)
        self._told(cached=False)
        return body

    def get_json(self, url, params=None):
        """The JSON of a 200 answer (a broken JSON page is a FetchError and is not cached)."""
        body = self.get(url, params, check=_json_check)
        return json.loads(body)

    def _told(self, cached):
        if self.progress:
            self.progress.page(cached=cached)

    def _wait(self, attempt, asked, url):
        if asked is None:
            return min(self.backoff * 2 ** attempt, self.max_wait)
        if asked > self.max_wait:
            raise FetchError(url, f"the server asks to wait {asked:g}s before trying again (Retry-After), more "
                                  f"than the {self.max_wait:g}s allowed; try again later")
        return max(asked, 0.0)

    def _once(self, url, redirects=0):
        """One request (following redirects): the body of a 200; raises _Retry or FetchError."""
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(url, "not an http(s) address")
        connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        kwargs = {"context": ssl.create_default_context()} if parts.scheme == "https" else {}
        connection = connection_class(parts.hostname, parts.port, timeout=self.timeout.connect, **kwargs)
        target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
        self.requests += 1
        started = time.monotonic()
        try:
            connection.connect()
            connection.sock.settimeout(self.timeout.read)
            connection.request("GET", target, headers={"User-Agent": self.user_agent, "Accept": "*/*",
                                                       "Accept-Encoding": "identity"})
            response = connection.getresponse()
            status = response.status
            if status in REDIRECTS and response.getheader("Location"):
                if redirects >= MAX_REDIRECTS:
                    raise FetchError(url, f"more than {MAX_REDIRECTS} redirects")
                return self._once(urllib.parse.urljoin(url, response.getheader("Location")), redirects + 1)
            if status in RETRY_STATUSES:
                raise _Retry(f"HTTP {status} {response.reason}".strip(), retry_after(response.getheader("Retry-After")))
            if status != 200:
                snippet = response.read(300).decode("utf-8", "replace").strip()
                raise FetchError(url, f"HTTP {status} {response.reason}" + (f": {snippet}" if snippet else ""))
            return self._read(response, started)
        except TimeoutError:
            raise _Retry(f"no answer within {self.timeout.read:g}s (timeout)") from None
        except (http.client.IncompleteRead, http.client.RemoteDisconnected, ConnectionError) as error:
            raise _Retry(f"connection broken ({type(error).__name__})") from None
        except ssl.SSLError as error:
            raise FetchError(url, f"TLS error: {error.reason or error}") from None
        except socket.gaierror as error:
            raise FetchError(url, f"cannot resolve {parts.hostname}: {error.strerror}") from None
        except OSError as error:
            raise _Retry(f"cannot connect: {error.strerror or error}") from None
        finally:
            connection.close()

    def _read(self, response, started):
        pieces = []
        while chunk := response.read(CHUNK):
            pieces.append(chunk)
            if time.monotonic() - started > self.timeout.total:
                raise _Retry(f"the answer took longer than {self.timeout.total:g}s")
        if response.length:  # the connection closed before the promised Content-Length
            raise _Retry(f"connection broken ({response.length:,} bytes of the answer missing)")
        return b"".join(pieces)


def with_params(url, params):
    """``url`` with ``params`` added to its query (in the order given)."""
    if not params:
        return url
    query = urllib.parse.urlencode([(k, v) for k, v in params.items() if v is not None])
    return url + ("&" if urllib.parse.urlsplit(url).query else "?") + query


def retry_after(value, now=None):
    """Seconds a ``Retry-After`` header asks to wait (a number or an HTTP date), or None.

    >>> retry_after("3"), retry_after("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480.0), retry_after("soon")
    (3.0, 10.0, None)
    """
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - (time.time() if now is None else now), 0.0)


def _json_check(body):
    try:
        json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"not JSON ({error})") from None
