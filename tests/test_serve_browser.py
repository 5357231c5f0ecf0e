"""The query UI in a real browser (Debian chromium driven by Playwright): YASGUI loads from this
server only, opens one tab per named query, and runs a query against /sparql."""

import pytest
from test_serve import NAMED, start_server, stop_server

from atmp_kg.pipeline import write


@pytest.fixture(scope="module")
def base(tiny_build, tmp_path_factory):
    dist = write(tiny_build, tmp_path_factory.mktemp("serve-browser") / "dist")
    process, address = start_server(dist)
    yield f"http://{address}"
    stop_server(process)




def test_the_query_ui_opens_the_named_queries_and_runs_one(browser, base):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors, requests = [], []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{base}/sparql")
    page.wait_for_selector(".yasqe .CodeMirror", timeout=20000)
    tabs = page.eval_on_selector_all(".tabsList .tab span", "spans => spans.map(s => s.textContent.trim())")
    assert tabs == NAMED
    page.click(".yasqe_queryButton")
    page.wait_for_selector(".yasr table.dataTable tbody tr td", timeout=20000)
    cells = page.eval_on_selector_all(".yasr table.dataTable tbody td", "tds => tds.map(t => t.textContent)")
    assert any("actor/alpha" in cell or "Alpha Therapeutics" in cell for cell in cells)
    assert errors == []
    assert [url for url in requests if not url.startswith(base)] == []
    page.close()
