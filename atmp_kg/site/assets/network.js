/* atmp-kg explorer: draws a network payload (see atmp_kg/site/drawing.py) with vis-network.
   This script follows its data, <script type="application/json" id="NAME-data">, which follows
   its drawing area <div id="NAME">. Data is shown only through textContent / DOM nodes, never
   innerHTML. The page's controls (#search, select[data-filter], #status, #details) belong to
   the drawing "network". Exposes window.atmpView (the first drawing) and window.atmpViews. */
(function () {
  "use strict";
  var dataElement = document.currentScript.previousElementSibling;
  var payload = JSON.parse(dataElement.textContent);
  var container = document.getElementById(dataElement.id.replace(/-data$/, ""));
  var main = container.id === "network";
  function byPageId(id) { return main ? document.getElementById(id) : null; }
  function pageLanguage() {
    return ["fr", "nl"].filter(function (l) { return document.body.classList.contains(l); })[0] || "en";
  }
  var lang = pageLanguage();
  /* The texts this script writes, in each language: window.atmpStrings (site/i18n.py) */
  var strings = window.atmpStrings || {};
  function say(name, values) {
    var entry = strings[name] || {};
    var text = entry[lang] || entry.en || name;
    Object.keys(values || {}).forEach(function (key) { text = text.split("{" + key + "}").join(values[key]); });
    return text;
  }
  var byId = {};
  var edgeById = {};
  payload.nodes.forEach(function (n) { byId[n.id] = n; });
  payload.edges.forEach(function (e) { edgeById[e.id] = e; });

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function pick(item) { return (lang !== "en" && item["label_" + lang]) || item.label; }
  function term(group, code) {
    var found = (payload.terms[group] || {})[code];
    return found ? pick(found) : code;
  }
  function formerText(n) { return say("former", {text: pick(n.former)}); }
  function nodeTooltip(n) {
    var box = el("div", null, "tip");
    box.appendChild(el("strong", pick(n)));
    if (n.former) box.appendChild(el("div", formerText(n)));
    if (n.aliases && n.aliases.length) box.appendChild(el("div", say("aka", {names: n.aliases.join(", ")})));
    box.appendChild(el("div", n.types.map(function (t) { return term("types", t); }).join(", ")));
    if (n.region) box.appendChild(el("div", term("regions", n.region)));
    if (n.therapies && n.therapies.length) {
      box.appendChild(el("div", n.therapies.map(function (t) { return term("therapies", t); }).join(", ")));
    }
    return box;
  }
  function edgeTooltip(e) {
    var box = el("div", null, "tip");
    box.appendChild(el("strong", pick(byId[e.from]) + " \u2014 " + pick(byId[e.to])));
    box.appendChild(el("div", e.kinds.map(function (k) { return term("kinds", k); }).join(", ")));
    (e.collaborations || []).forEach(function (c) { box.appendChild(el("div", term("collaborations", c))); });
    return box;
  }
  /* Style lives in groups (one per colour and shape), so each node carries only its own data:
     vis-network parses per-node option objects slowly on large graphs. */
  /* A former actor (not active on the build's day, payload.as_of) is drawn grey. */
  var groups = {};
  var FORMER_COLOUR = "#dddddd";
  function groupOf(n) {
    var colour = n.former ? FORMER_COLOUR : n.color;
    var key = (n.shape || "dot") + colour + (n.former ? "-former" : "");
    if (!groups[key]) {
      groups[key] = {shape: n.shape || "dot", color: {background: colour, border: n.former ? "#aaaaaa" : "#33333380",
                     highlight: {background: colour, border: "#000000"},
                     hover: {background: colour, border: "#000000"}}};
      if (n.former) groups[key].font = {color: "#999999"};
    }
    return key;
  }
  /* Beyond LABEL_LIMIT actors, names are not drawn (illegible at that scale, and costly to lay
     out): they show on hover, in the details panel and in search results. Up to it, a drawing of
     dots gets its names from drawNames (below); a hierarchical one (boxes) from vis-network. */
  var LABEL_LIMIT = 1000;
  var drawLabels = payload.nodes.length <= LABEL_LIMIT;
  var ownLabels = drawLabels && !payload.hierarchical;
  function visNode(n) {
    var node = {id: n.id, size: n.size, group: groupOf(n)};
    if (drawLabels && !ownLabels) node.label = pick(n);
    if (n.level !== undefined) node.level = n.level;
    if (n.x !== undefined) { node.x = n.x; node.y = n.y; }
    return node;
  }
  function visEdge(e) {
    var edge = {id: e.id, from: e.from, to: e.to, color: e.color};
    if (e.dashes) edge.dashes = true;
    if (e.width && e.width !== 1) edge.width = e.width;
    return edge;
  }

  performance.mark("atmp-parsed");
  var nodes = new vis.DataSet(payload.nodes.map(visNode));
  var edges = new vis.DataSet(payload.edges.map(visEdge));
  var filters = {};
  /* The page's switch "show former actors" (#show-former): former actors hidden until ticked. */
  var formerSwitch = byPageId("show-former");
  var formerCount = payload.nodes.filter(function (n) { return n.former; }).length;
  function hidesFormer() { return !!formerSwitch && !formerSwitch.checked; }
  var view = new vis.DataView(nodes, {filter: function (item) { return passes(byId[item.id]); }});
  function passes(n) {
    if (n.former && hidesFormer()) return false;
    return Object.keys(filters).every(function (key) {
      var wanted = filters[key];
      if (!wanted) return true;
      var value = n[key];
      return Array.isArray(value) ? value.indexOf(wanted) >= 0 : value === wanted;
    });
  }

  var positioned = payload.nodes.length > 0 && payload.nodes[0].x !== undefined;
  var options = {
    autoResize: true,
    interaction: {hover: true, tooltipDelay: 150, hideEdgesOnDrag: payload.nodes.length > 500,
                   hideEdgesOnZoom: payload.nodes.length > 500},
    groups: groups,
    nodes: {font: {size: 14}, scaling: {label: {enabled: true, drawThreshold: 7}}},
    edges: {smooth: false, color: {opacity: 0.8}},
    layout: {improvedLayout: false, randomSeed: 7},
    physics: positioned ? false : {enabled: true, solver: "forceAtlas2Based",
                                   stabilization: {enabled: true, iterations: 250, fit: true}}
  };
  if (payload.hierarchical) {
    options.layout = {hierarchical: {enabled: true, direction: "LR", sortMethod: "directed",
                                     levelSeparation: 260, nodeSpacing: 40}};
    options.physics = false;
  }
  performance.mark("atmp-datasets");
  var network = new vis.Network(container, {nodes: view, edges: edges}, options);
  performance.mark("atmp-network");
  var status = byPageId("status");
  var state = {ready: false, network: network, nodes: nodes, edges: edges, view: view,
               nodeTooltip: function (id) { return nodeTooltip(byId[id]); }};

  /* Tooltips: built on hover only (cheap for large graphs), as DOM text, never HTML. */
  var tip = el("div", null, "tip network-tip");
  tip.hidden = true;
  container.style.position = "relative";
  container.appendChild(tip);
  function showTip(content, pointer) {
    tip.textContent = "";
    tip.appendChild(content);
    tip.style.left = (pointer.x + 12) + "px";
    tip.style.top = (pointer.y + 12) + "px";
    tip.hidden = false;
  }
  function hideTip() { tip.hidden = true; }
  network.on("hoverNode", function (params) { showTip(nodeTooltip(byId[params.node]), params.pointer.DOM); });
  network.on("hoverEdge", function (params) {
    var edge = edgeById[params.edge];
    if (edge) showTip(edgeTooltip(edge), params.pointer.DOM);
  });
  network.on("blurNode", hideTip);
  network.on("blurEdge", hideTip);
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);
  window.atmpViews = (window.atmpViews || []).concat([state]);
  if (!window.atmpView) window.atmpView = state;

  /* The drawn actors as text (#node-list, a <details> after the drawing, so found once the page is
     read): a button per actor, A to Z, that selects it in the drawing; made when the list is open,
     again after each filter. */
  function showNodeList() {
    var nodeList = byPageId("node-list"), nodeItems = byPageId("node-list-items");
    if (!nodeList || !nodeList.open || !nodeItems) return;
    nodeItems.textContent = "";
    view.getIds().map(function (id) { return byId[id]; })
      .sort(function (a, b) { return pick(a).localeCompare(pick(b)) || a.id - b.id; })
      .forEach(function (n) {
        var item = el("li"), button = el("button", pick(n));
        button.type = "button";
        button.addEventListener("click", function () { focusNode(n); });
        item.appendChild(button);
        var kind = n.types.map(function (t) { return term("types", t); }).join(", ");
        item.appendChild(el("span", " (" + kind + (n.former ? "; " + formerText(n) : "") + ")", "muted"));
        nodeItems.appendChild(item);
      });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var nodeList = byPageId("node-list");
    if (nodeList) nodeList.addEventListener("toggle", showNodeList);
  });

  function drawnCount() { return network.body.nodeIndices.length; }
  state.drawnCount = drawnCount;
  function showStatus() {
    showNodeList();
    if (!status) return;
    var shown = view.length, total = payload.nodes.length;
    var text = say("showing", {shown: shown, total: total});
    if (formerCount && hidesFormer()) text += say("hidden", {count: formerCount});
    status.textContent = text;
  }
  /* Ready: drawn once with the nodes at rest (laid out already, or the physics stabilized and off). */
  var settled = options.physics === false;
  function markReady() {
    if (state.ready || !settled) return;
    state.ready = true;
    state.readyAt = performance.now();
    document.body.setAttribute("data-network-ready", "1");
  }
  network.on("afterDrawing", markReady);
  network.on("stabilizationIterationsDone", function () {
    network.setOptions({physics: false});
    settled = true;
    network.redraw();
  });

  /* Names at a fixed size on the screen, under their nodes, drawn after vis-network has drawn the
     nodes: the selected node's first, then by node size (largest first); a name that would overlap
     one drawn already is left out (it shows on hover, in the details and in the node list).
     state.labels: what the last drawing placed ({drawn, left}: [{id, text, box}]). */
  var LABEL_FONT = "13px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
  var LABEL_HEIGHT = 16, LABEL_GAP = 2, CELL = 64;
  var widths = {};
  state.labels = {drawn: [], left: []};
  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }
  function drawNames(ctx) {
    var scale = network.getScale(), ratio = network.canvas.pixelRatio || 1;
    var width = container.clientWidth, height = container.clientHeight;
    var selected = {};
    network.getSelectedNodes().forEach(function (id) { selected[id] = true; });
    var order = network.body.nodeIndices.map(function (id) { return network.body.nodes[id]; });
    order.sort(function (a, b) {
      return (!!selected[b.id] - !!selected[a.id]) || (b.options.size - a.options.size) || (a.id - b.id);
    });
    var grid = {}, placed = {drawn: [], left: []};
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.font = LABEL_FONT;
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    order.forEach(function (node) {
      var n = byId[node.id], text = pick(n);
      var at = network.canvasToDOM({x: node.x, y: node.y});
      var top = at.y + node.options.size * scale + LABEL_GAP;
      if (widths[text] === undefined) widths[text] = ctx.measureText(text).width;
      var half = widths[text] / 2 + LABEL_GAP;
      var box = {left: at.x - half, right: at.x + half, top: top, bottom: top + LABEL_HEIGHT};
      if (box.right < 0 || box.left > width || box.bottom < 0 || box.top > height) return;  /* off screen */
      var cells = [], free = true;
      for (var cx = Math.floor(box.left / CELL); cx <= Math.floor(box.right / CELL); cx++) {
        for (var cy = Math.floor(box.top / CELL); cy <= Math.floor(box.bottom / CELL); cy++) {
          var key = cx + "," + cy;
          cells.push(key);
          if (free && (grid[key] || []).some(function (other) { return overlaps(box, other); })) free = false;
        }
      }
      var entry = {id: node.id, text: text, size: node.options.size, box: box};
      if (!free) { placed.left.push(entry); return; }
      cells.forEach(function (key) { (grid[key] = grid[key] || []).push(box); });
      placed.drawn.push(entry);
      ctx.strokeStyle = "rgba(255,255,255,0.9)";
      ctx.lineWidth = 3;
      ctx.strokeText(text, at.x, top + 1);
      ctx.fillStyle = n.former ? "#5f6368" : "#1d2733";
      ctx.fillText(text, at.x, top + 1);
    });
    ctx.restore();
    state.labels = placed;
  }
  if (ownLabels) network.on("afterDrawing", drawNames);

  /* The drawn nodes' places are kept before the filters change, so that a node hidden by a filter
     comes back where it was (vis-network would place it again near the middle, and the data set
     keeps whole pixels only), then the view is fitted to the nodes shown. */
  var places = {};
  function refreshView(fit) {
    network.body.nodeIndices.forEach(function (id) {
      var node = network.body.nodes[id];
      places[id] = {x: node.x, y: node.y};
    });
    view.refresh();
    network.body.nodeIndices.forEach(function (id) {
      var place = places[id];
      if (place) network.moveNode(id, place.x, place.y);
    });
    if (fit) fitShown();
    showStatus();
  }
  function fitShown() {
    var shown = view.getIds();
    if (shown.length) network.fit({nodes: shown, animation: false});
  }
  state.fitShown = fitShown;

  function showDetails(n) {
    var box = byPageId("details");
    if (!box) return;
    box.textContent = "";
    box.appendChild(el("h2", pick(n)));
    if (n.former) box.appendChild(el("p", formerText(n), "muted"));
    if (n.aliases && n.aliases.length) box.appendChild(el("p", say("aka", {names: n.aliases.join(", ")}), "muted"));
    box.appendChild(el("p", n.types.map(function (t) { return term("types", t); }).join(", ")));
    if (n.region) box.appendChild(el("p", term("regions", n.region)));
    if (n.stages && n.stages.length) {
      box.appendChild(el("p", n.stages.map(function (t) { return term("stages", t); }).join(", ")));
    }
    if (n.href) {
      var link = el("a", say("open"));
      link.href = n.href;
      box.appendChild(link);
    }
  }
  network.on("click", function (params) {
    if (params.nodes.length) showDetails(byId[params.nodes[0]]);
  });
  network.on("doubleClick", function (params) {
    var n = params.nodes.length ? byId[params.nodes[0]] : null;
    if (n && n.href) window.location.href = n.href;
  });

  /* Filters: <select data-filter="therapies"> etc., options built from payload.filters. */
  var selects = main ? Array.prototype.slice.call(document.querySelectorAll("select[data-filter]")) : [];
  function fillSelect(select) {
    var key = select.getAttribute("data-filter"), current = select.value;
    select.textContent = "";
    var all = el("option", say("all"));
    all.value = "";
    select.appendChild(all);
    (payload.filters[key] || []).forEach(function (option) {
      var item = el("option", pick(option) + " (" + option.count + ")");
      item.value = option.code;
      select.appendChild(item);
    });
    select.value = current || "";
  }
  selects.forEach(function (select) {
    fillSelect(select);
    select.addEventListener("change", function () {
      filters[select.getAttribute("data-filter")] = select.value;
      refreshView(true);
    });
  });
  if (formerSwitch) {
    formerSwitch.addEventListener("change", function () { refreshView(true); });
  }
  showStatus();

  /* Search by name, French name, alias or former name (accents and case ignored). */
  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }
  function names(n) { return [n.label, n.label_fr].concat(n.aliases || [], n.former_names || []); }
  function search(query) {
    var q = fold(query), found = [];
    if (!q) return found;
    payload.nodes.forEach(function (n) {
      var hit = names(n).filter(function (name) { return name && fold(name).indexOf(q) >= 0; });
      if (hit.length) {
        var exact = hit.some(function (name) { return fold(name) === q; });
        found.push({node: n, matched: hit[0], exact: exact});
      }
    });
    found.sort(function (a, b) { return (b.exact - a.exact) || pick(a.node).localeCompare(pick(b.node)); });
    return found;
  }
  function focusNode(n) {
    if (n.former && hidesFormer()) { formerSwitch.checked = true; refreshView(false); }
    if (!view.get(n.id)) {   /* hidden by a filter: clear filters so it can be shown */
      selects.forEach(function (s) { s.value = ""; filters[s.getAttribute("data-filter")] = ""; });
      refreshView(false);
    }
    network.selectNodes([n.id]);
    network.focus(n.id, {scale: 1.2, animation: payload.nodes.length <= 500});
    showDetails(n);
  }
  state.search = search;
  var input = byPageId("search");
  var results = byPageId("search-results");
  function showResults(found) {
    if (!results) return;
    results.textContent = "";
    found.slice(0, 20).forEach(function (hit) {
      var item = el("li");
      var button = el("button", pick(hit.node));
      button.type = "button";
      button.addEventListener("click", function () { focusNode(hit.node); });
      item.appendChild(button);
      if (hit.matched !== pick(hit.node)) item.appendChild(el("span", " (" + hit.matched + ")", "muted"));
      if (hit.node.former) item.appendChild(el("span", say("formerMark"), "muted"));
      results.appendChild(item);
    });
    if (input && input.value && !found.length) {
      results.appendChild(el("li", say("notFound"), "muted"));
    }
  }
  if (input) {
    input.addEventListener("input", function () { showResults(search(input.value)); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        var found = search(input.value);
        showResults(found);
        if (found.length) focusNode(found[0].node);
      }
    });
  }

  document.addEventListener("atmp-lang", function (event) {
    if (event.detail === lang) return;
    lang = event.detail;
    if (drawLabels && !ownLabels) nodes.update(payload.nodes.map(function (n) { return {id: n.id, label: pick(n)}; }));
    if (ownLabels) network.redraw();
    selects.forEach(fillSelect);
    showStatus();
    if (input && input.value) showResults(search(input.value));
  });
  /* From the search box, the down arrow goes to the first result. */
  if (input && results) {
    input.addEventListener("keydown", function (event) {
      var first = results.querySelector("button");
      if (event.key === "ArrowDown" && first) { event.preventDefault(); first.focus(); }
    });
  }
})();
