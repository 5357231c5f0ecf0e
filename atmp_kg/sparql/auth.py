"""HTTP authentication for stores that protect their writes: a user and a password answered to
the server's challenge, Digest (RFC 7616: MD5 or SHA-256, ``qop=auth``; Virtuoso's
``/sparql-auth`` and ``/sparql-graph-crud-auth``) or Basic (RFC 7617; send it over https only).

Nothing is sent before a server asks: the first request to an address goes without credentials,
and its ``401`` challenge is kept for that address, so that the next requests answer it at once
(a Digest nonce with a growing nonce count), as clients do.

>>> credentials = Credentials("dba", "secret")
>>> credentials.authorization("PUT", "http://127.0.0.1:8890/sparql-graph-crud-auth?graph=urn:x") is None
True
>>> credentials.challenged("http://127.0.0.1:8890/sparql-auth", 'Digest realm="SPARQL", nonce="abc", qop="auth"')
True
>>> credentials.authorization("POST", "http://127.0.0.1:8890/sparql-auth").startswith('Digest username="dba"')
True
"""

import base64
import hashlib
import os
import threading
from urllib.parse import urlsplit
from urllib.request import parse_http_list, parse_keqv_list

from atmp_kg.errors import UsageError

PASSWORD_ENV = "ATMP_KG_STORE_PASSWORD"
HASHES = {"MD5": hashlib.md5, "MD5-SESS": hashlib.md5, "SHA-256": hashlib.sha256, "SHA-256-SESS": hashlib.sha256}


class Credentials:
    """A user and a password, and the challenges the servers sent, per address."""

    def __init__(self, user, password):
        if not user or ":" in user or any(ord(char) < 0x20 or char == '"' for char in user):
            raise UsageError(f"--user must be a name without ':', '\"' or control characters, not {user!r}")
        self.user, self.password = user, password
        self._challenges = {}  # address (scheme, host, path) -> {"scheme", parameters..., "count"}
        self._lock = threading.Lock()

    def challenged(self, url, header):
        """Keep the challenge of a ``WWW-Authenticate`` header for ``url``; False when it is no
        challenge this client can answer (then the 401 stands)."""
        challenge = parse_challenge(header or "")
        if challenge is None:
            return False
        with self._lock:
            self._challenges[_address(url)] = {**challenge, "count": 0}
        return True

    def knows(self, url):
        """Whether a challenge of ``url`` is kept (its requests then carry credentials at once)."""
        with self._lock:
            return _address(url) in self._challenges

    def authorization(self, method, url):
        """The ``Authorization`` header for a request to ``url``, or None before a challenge."""
        with self._lock:
            challenge = self._challenges.get(_address(url))
            if challenge is None:
                return None
            challenge["count"] += 1
            count = challenge["count"]
        if challenge["scheme"] == "basic":
            token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")
            return f"Basic {token}"
        return self._digest(challenge, count, method, url)

    def _digest(self, challenge, count, method, url):
        parts = urlsplit(url)
        uri = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        algorithm = challenge.get("algorithm", "MD5").upper()
        digest = HASHES[algorithm]

        def hashed(text):
            return digest(text.encode("utf-8")).hexdigest()
        realm, nonce, cnonce = challenge.get("realm", ""), challenge["nonce"], os.urandom(8).hex()
        secret = hashed(f"{self.user}:{realm}:{self.password}")
        if algorithm.endswith("-SESS"):
            secret = hashed(f"{secret}:{nonce}:{cnonce}")
        request = hashed(f"{method}:{uri}")
        count_text = f"{count:08x}"
        if "qop" in challenge:
            response = hashed(f"{secret}:{nonce}:{count_text}:{cnonce}:auth:{request}")
        else:
            response = hashed(f"{secret}:{nonce}:{request}")
        fields = [f'username="{self.user}"', f'realm="{realm}"', f'nonce="{nonce}"', f'uri="{uri}"',
                  f"algorithm={challenge.get('algorithm', 'MD5')}", f'response="{response}"']
        if "opaque" in challenge:
            fields.append(f'opaque="{challenge["opaque"]}"')
        if "qop" in challenge:
            fields += ["qop=auth", f"nc={count_text}", f'cnonce="{cnonce}"']
        return "Digest " + ", ".join(fields)


def parse_challenge(header):
    """``{"scheme": "digest" | "basic", parameters...}`` of the first challenge of a
    ``WWW-Authenticate`` header this client answers (Digest preferred), or None."""
    scheme, _, rest = header.strip().partition(" ")
    scheme = scheme.lower()
    if scheme == "basic":
        return {"scheme": "basic"}
    if scheme != "digest":
        return None
    try:
        parameters = parse_keqv_list(parse_http_list(rest))
    except ValueError:
        return None
    parameters = {key.lower(): value for key, value in parameters.items()}
    qops = {qop.strip() for qop in parameters.get("qop", "auth").split(",")}
    if "nonce" not in parameters or parameters.get("algorithm", "MD5").upper() not in HASHES or "auth" not in qops:
        return None
    return {"scheme": "digest", **parameters}


def credentials(user, prompt=None):
    """``Credentials`` for ``user`` (None without a user): the password from the environment
    variable ``ATMP_KG_STORE_PASSWORD``, else from ``prompt()`` (a hidden prompt at a terminal),
    never from the command line; UsageError when there is neither."""
    if user is None:
        return None
    password = os.environ.get(PASSWORD_ENV)
    if password is None and prompt is not None:
        password = prompt()
    if password is None:
        raise UsageError(f"--user {user}: set the password in the environment variable {PASSWORD_ENV} "
                         "(or run at a terminal, which asks for it)")
    return Credentials(user, password)


def _address(url):
    parts = urlsplit(url)
    return parts.scheme, parts.netloc, parts.path
