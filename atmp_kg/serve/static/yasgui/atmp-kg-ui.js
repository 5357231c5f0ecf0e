// The atmp-kg query UI: YASGUI on this server's /sparql, one tab per named query (queries/*.rq),
// each with its parameters bound to their defaults by a VALUES line; /sparql?name=NAME opens the
// tab of NAME; the button downloads the current tab's answer as CSV (Accept: text/csv).
(function () {
  "use strict";
  var queries = JSON.parse(document.getElementById("named-queries").textContent);
  var endpoint = window.location.origin + "/sparql";
  var wanted = new URLSearchParams(window.location.search).get("name");
  if (!queries.some(function (query) { return query.name === wanted; })) { wanted = null; }
  Yasgui.Yasqe.defaults.autocompleters = ["variables"];  // the others fetch from remote services
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    populateFromUrl: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } }
  });
  var initial = yasgui.getTab();
  queries.forEach(function (query, index) {
    yasgui.addTab(wanted ? query.name === wanted : index === 0, {
      name: query.name,
      yasqe: { value: query.text },
      requestConfig: { endpoint: endpoint, method: "POST" }
    });
  });
  if (queries.length && initial) { initial.close(); }

  // The server cuts an answer at its row limit and says so in headers; say it on the page too.
  var notice = document.getElementById("result-notice");
  yasgui.on("queryResponse", function (instance, tab) {
    window.setTimeout(function () {  // YASR takes the response just after this event
      var results = tab.getYasr().results;
      var header = (results && results.res && results.res.header) || {};
      if (header["x-result-truncated"] === "true") {
        notice.textContent = "This answer was cut: it shows the first " + header["x-result-rows"] +
          " rows (or triples) only, the most this server sends in one answer. Narrow the query " +
          "(LIMIT, OFFSET, FILTER) to see the rest.";
        notice.hidden = false;
      } else {
        notice.textContent = "";
        notice.hidden = true;
      }
    }, 0);
  });
  // The answer of the current tab as CSV, asked of the endpoint with the SPARQL Protocol.
  var button = document.getElementById("download-csv");
  button.addEventListener("click", function () {
    var tab = yasgui.getTab();
    var body = new URLSearchParams();
    body.set("query", tab.getQuery());
    button.disabled = true;
    window.fetch(endpoint, { method: "POST", body: body,
                             headers: { "Accept": "text/csv" } }).then(function (response) {
      if (!response.ok) {
        return response.text().then(function (text) { throw new Error(response.status + " " + text); });
      }
      return response.blob();
    }).then(function (blob) {
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = (tab.getName() || "answer").replace(/[^A-Za-z0-9._-]+/g, "-") + ".csv";
      document.body.appendChild(link);
      link.click();
      link.remove();
      window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
    }).catch(function (error) {
      notice.textContent = "The CSV download failed: " + error.message;
      notice.hidden = false;
    }).then(function () { button.disabled = false; });
  });
  window.yasgui = yasgui;
})();
