"""The polite HTTP client every online reader uses: ``Client`` (a User-Agent naming the project,
timeouts, retries with backoff honouring ``Retry-After``, an on-disk cache) and ``Progress``."""

from atmp_kg.fetch.client import USER_AGENT, Client, FetchError
from atmp_kg.fetch.progress import Progress

__all__ = ["USER_AGENT", "Client", "FetchError", "Progress"]
