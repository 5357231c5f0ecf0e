"""The polite HTTP client (atmp_kg.fetch) against a local server on 127.0.0.1: retries with
backoff on 429 (Retry-After in seconds or as a date) and 5xx, timeouts, broken answers, the
cache, the User-Agent and the progress counts. Never the network."""

import email.utils
import io
import json
import time

import pytest
from registry_server import Reply, Server

from atmp_kg.fetch import USER_AGENT, Client, FetchError, Progress


@pytest.fixture
def server():
    with Server() as running:
        yield running


def client(tmp_path, waits=None, **options):
    """A client with a short timeout whose waits are recorded instead of slept."""
    options.setdefault("timeout", 0.5)
    options.setdefault("retries", 3)
    return Client(cache_dir=tmp_path / "cache", sleep=(waits.append if waits is not None else lambda s: None),
                  **options)


def test_the_user_agent_names_the_project_and_its_address(server, tmp_path):
    server.script("/ok", Reply(200, b"hello"))
    assert client(tmp_path).get(server.url("/ok")) == b"hello"
    agent = server.requests[0][2]
    assert agent == USER_AGENT and "atmp-kg" in agent and "https://w3id.org/atmp-kg" in agent


def test_429_waits_as_long_as_retry_after_says_then_succeeds(server, tmp_path):
    server.script("/busy", Reply(429, headers={"Retry-After": "7"}), Reply(200, b"{\"n\": 1}"))
    waits = []
    assert client(tmp_path, waits).get_json(server.url("/busy")) == {"n": 1}
    assert waits == [7.0] and len(server.hits("/busy")) == 2


def test_retry_after_as_an_http_date_is_honoured(server, tmp_path):
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    server.script("/busy", Reply(503, headers={"Retry-After": when}), Reply(200, b"ok"))
    waits = []
    client(tmp_path, waits).get(server.url("/busy"))
    assert len(waits) == 1 and 25 <= waits[0] <= 31


def test_a_retry_after_longer_than_allowed_is_a_clear_error_not_a_long_wait(server, tmp_path):
    server.script("/busy", Reply(429, headers={"Retry-After": "3600"}))
    waits = []
    with pytest.raises(FetchError, match=r"/busy: the server asks to wait 3600s .*Retry-After"):
        client(tmp_path, waits, max_wait=60).get(server.url("/busy"))
    assert waits == []


def test_500_then_success_backs_off_exponentially(server, tmp_path):
    server.script("/flaky", Reply(500), Reply(502), Reply(200, b"done"))
    waits = []
    assert client(tmp_path, waits, backoff=2.0).get(server.url("/flaky")) == b"done"
    assert waits == [2.0, 4.0] and len(server.hits("/flaky")) == 3


def test_a_server_that_keeps_failing_gives_up_naming_the_url_and_the_status(server, tmp_path):
    server.script("/down", Reply(500))
    with pytest.raises(FetchError) as error:
        client(tmp_path, retries=2).get(server.url("/down"), {"page": "3"})
    assert "/down?page=3" in str(error.value) and "HTTP 500" in str(error.value) and "3 tries" in str(error.value)
    assert len(server.hits("/down")) == 3


def test_a_timeout_is_retried_and_the_next_answer_taken(server, tmp_path):
    server.script("/slow", Reply(200, b"late", delay=1.5), Reply(200, b"fast"))
    assert client(tmp_path, timeout=0.3).get(server.url("/slow")) == b"fast"
    assert len(server.hits("/slow")) == 2


def test_a_server_that_never_answers_is_a_timeout_error(server, tmp_path):
    server.script("/hang", Reply(200, b"never", delay=1.0))
    with pytest.raises(FetchError, match=r"/hang: no answer within 0.2s \(timeout\) \(gave up after 2 tries\)"):
        client(tmp_path, timeout=0.2, retries=1).get(server.url("/hang"))


def test_a_transfer_cut_short_is_retried(server, tmp_path):
    server.script("/cut", Reply(200, b"{\"half\":", cut=100), Reply(200, b"{\"whole\": true}"))
    assert client(tmp_path).get_json(server.url("/cut")) == {"whole": True}
    assert len(server.hits("/cut")) == 2


def test_a_broken_json_page_is_an_error_and_is_not_cached(server, tmp_path):
    server.script("/broken", Reply(200, b"{\"studies\": [{\"nctId\": "), Reply(200, b"{\"studies\": []}"))
    with pytest.raises(FetchError, match=r"/broken: a broken answer \(23 bytes\): not JSON"):
        client(tmp_path).get_json(server.url("/broken"))
    assert client(tmp_path).get_json(server.url("/broken")) == {"studies": []}  # fetched again, not cached


def test_a_404_is_not_retried(server, tmp_path):
    server.script("/missing", Reply(404, b"no such study"))
    with pytest.raises(FetchError, match="HTTP 404 Not Found: no such study"):
        client(tmp_path).get(server.url("/missing"))
    assert len(server.hits("/missing")) == 1


def test_the_cache_answers_a_rerun_without_a_request_keyed_by_url_and_params(server, tmp_path):
    server.route(lambda path, query: Reply(200, json.dumps(query).encode()))
    first = client(tmp_path)
    assert first.get_json(server.url("/q"), {"a": "1", "b": "2"}) == {"a": "1", "b": "2"}
    again = client(tmp_path)
    assert again.get_json(server.url("/q"), {"b": "2", "a": "1"}) == {"a": "1", "b": "2"}
    assert again.requests == 0 and len(server.requests) == 1
    assert again.get_json(server.url("/q"), {"a": "9"}) == {"a": "9"} and again.requests == 1


def test_an_address_that_is_not_http_is_refused(tmp_path):
    with pytest.raises(FetchError, match="not an http"):
        client(tmp_path).get("file:///etc/passwd")


def test_progress_counts_pages_cached_answers_and_retries(server, tmp_path):
    server.script("/p", Reply(500), Reply(200, b"x"))
    stream = io.StringIO()
    progress = Progress("test", total=10, stream=stream)
    fetcher = client(tmp_path, progress=progress)
    fetcher.get(server.url("/p"))
    fetcher.get(server.url("/p"))
    progress.add(5)
    progress.close()
    lines = stream.getvalue().splitlines()
    assert any("HTTP 500" in line and "try 2 of 4" in line for line in lines)
    assert lines[-1] == "test: 5/10 records [############............] 50% (2 page(s), 1 from the cache)"
