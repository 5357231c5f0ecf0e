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
  window.yasgui = yasgui;
})();
