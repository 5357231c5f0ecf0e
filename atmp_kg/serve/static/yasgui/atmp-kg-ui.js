// The atmp-kg query UI: YASGUI on this server's /sparql, one tab per named query (queries/*.rq).
(function () {
  "use strict";
  var queries = JSON.parse(document.getElementById("named-queries").textContent);
  var endpoint = window.location.origin + "/sparql";
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
    yasgui.addTab(index === 0, {
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
  window.yasgui = yasgui;
})();
