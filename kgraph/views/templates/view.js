/* kgraph view: filters, search, tooltips and a layout that stops once stable.
 * Everything from the graph is inserted with textContent, never as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var typeOn = {}, relOn = {}, dateFrom = "", dateTo = "";
  data.classes.forEach(function (c) { typeOn[c.name] = true; });
  data.relations.forEach(function (r) { relOn[r.name] = true; });

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function nodeShown(n) { return !!n && typeOn[n.type] === true; }
  function edgeShown(e) {
    if (relOn[e.relation] !== true) return false;
    if (dateFrom || dateTo) {
      if (!e.first) return false;
      if (dateFrom && e.last < dateFrom) return false;
      if (dateTo && e.first > dateTo) return false;
    }
    return nodeShown(nodes.get(e.from)) && nodeShown(nodes.get(e.to));
  }
  var nodesView = new vis.DataView(nodes, { filter: nodeShown });
  var edgesView = new vis.DataView(edges, { filter: edgeShown });
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodesView, edges: edgesView }, data.options);
  var state = window.kgraph = {
    network: network, nodes: nodes, edges: edges, nodesView: nodesView, edgesView: edgesView,
    stabilized: false, stabilizedMs: null, startedMs: performance.now()
  };

  function counts() {
    document.getElementById("kg-counts").textContent =
      nodesView.length + " / " + nodes.length + " entities, " +
      edgesView.length + " / " + edges.length + " relations";
  }
  function refresh() { nodesView.refresh(); edgesView.refresh(); counts(); }
  state.refresh = refresh;

  /* layout: stabilise, then switch physics off so that nothing keeps moving */
  var progress = document.getElementById("kg-progress");
  network.on("stabilizationProgress", function (p) {
    progress.textContent = "laying out " + Math.round(100 * p.iterations / p.total) + "%";
  });
  function settled() {
    if (state.stabilized) return;
    network.setOptions({ physics: { enabled: false } });
    state.stabilized = true;
    state.stabilizedMs = performance.now();
    progress.textContent = "";
    document.body.setAttribute("data-kg-stabilized", "true");
  }
  network.once("stabilizationIterationsDone", settled);
  network.once("stabilized", settled);

  /* legend + filters */
  function checkbox(list, item, swatch, map) {
    var li = el("li"), label = el("label"), box = el("input");
    box.type = "checkbox"; box.checked = true; box.setAttribute("data-name", item.name);
    box.addEventListener("change", function () { map[item.name] = box.checked; refresh(); });
    label.appendChild(box); label.appendChild(swatch);
    label.appendChild(el("span", item.label || item.name));
    label.appendChild(el("span", item.count, "kg-count"));
    li.appendChild(label); list.appendChild(li);
    return box;
  }
  var typeList = document.getElementById("kg-types");
  data.classes.forEach(function (c) {
    var sw = el("span", c.glyph, "kg-swatch"); sw.style.color = c.color;
    checkbox(typeList, c, sw, typeOn).className = "kg-type";
  });
  var relList = document.getElementById("kg-relations");
  var relBoxes = data.relations.map(function (r) {
    var sw = el("span", null, "kg-line"); sw.style.background = r.color;
    var box = checkbox(relList, r, sw, relOn); box.className = "kg-relation";
    return box;
  });
  function setAll(on) {
    relBoxes.forEach(function (b) { b.checked = on; relOn[b.getAttribute("data-name")] = on; });
    refresh();
  }
  document.getElementById("kg-rel-all").addEventListener("click", function () { setAll(true); });
  document.getElementById("kg-rel-none").addEventListener("click", function () { setAll(false); });
  var from = document.getElementById("kg-date-from"), to = document.getElementById("kg-date-to");
  [from, to].forEach(function (inp) {
    if (data.dates.min) { inp.min = data.dates.min; inp.max = data.dates.max; }
    inp.addEventListener("change", function () { dateFrom = from.value; dateTo = to.value; refresh(); });
  });
  state.setRelation = function (name, on) {
    relOn[name] = on;
    relBoxes.forEach(function (b) { if (b.getAttribute("data-name") === name) b.checked = on; });
    refresh();
  };

  /* search by English, Indonesian or other name */
  function fold(s) { return String(s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  var names = document.getElementById("kg-names"), seen = {};
  data.nodes.forEach(function (n) {
    [n.names.en, n.names.id].concat(n.names.alt).forEach(function (s) {
      if (s && !seen[s]) { seen[s] = true; var o = el("option"); o.value = s; names.appendChild(o); }
    });
  });
  var search = document.getElementById("kg-search"), result = document.getElementById("kg-search-result");
  function find(q) {
    q = fold(q).trim();
    if (!q) return [];
    return nodes.get({ filter: function (n) {
      return [n.names.en, n.names.id].concat(n.names.alt).some(function (s) { return s && fold(s).indexOf(q) >= 0; });
    } }).map(function (n) { return n.id; });
  }
  state.search = function (q) {
    var ids = find(q).filter(function (id) { return nodesView.get(id) !== null; });
    result.textContent = q ? ids.length + " match" + (ids.length === 1 ? "" : "es") : "";
    network.selectNodes(ids);
    if (ids.length) network.fit({ nodes: ids, animation: false });
    return ids;
  };
  search.addEventListener("change", function () { state.search(search.value); });
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") state.search(search.value); });

  /* tooltips, built as DOM */
  var tip = document.getElementById("kg-tip");
  function place(pointer) {
    var r = container.getBoundingClientRect();
    tip.style.left = Math.min(r.left + pointer.DOM.x + 14, window.innerWidth - 470) + "px";
    tip.style.top = (r.top + pointer.DOM.y + 14) + "px";
    tip.hidden = false;
  }
  function nodeTip(n) {
    var f = document.createDocumentFragment();
    f.appendChild(el("h3", n.names.en || n.names.id || n.label));
    f.appendChild(el("div", n.typeLabel, "kg-meta"));
    if (n.names.id && n.names.id !== n.names.en) f.appendChild(el("div", "Indonesian: " + n.names.id));
    if (n.names.alt.length) f.appendChild(el("div", "Also: " + n.names.alt.join(", ")));
    f.appendChild(el("div", n.degree + " relation" + (n.degree === 1 ? "" : "s"), "kg-meta"));
    return f;
  }
  function edgeTip(e) {
    var f = document.createDocumentFragment();
    var s = nodes.get(e.from), o = nodes.get(e.to);
    f.appendChild(el("h3", (s ? s.label : "") + " \u2014 " + e.relation + " \u2192 " + (o ? o.label : "")));
    f.appendChild(el("div", e.count + " supporting sentence" + (e.count === 1 ? "" : "s") +
      (e.first ? ", " + e.first + (e.last !== e.first ? " \u2026 " + e.last : "") : ""), "kg-meta"));
    e.evidence.slice(0, 5).forEach(function (ev) {
      var q = el("blockquote", ev[0]);
      q.appendChild(el("cite", ev[1] + (ev[2] ? " (" + ev[2] + ")" : "")));
      f.appendChild(q);
    });
    if (e.evidence.length > 5) f.appendChild(el("div", "\u2026 and " + (e.evidence.length - 5) + " more", "kg-meta"));
    return f;
  }
  function show(frag, pointer) { tip.replaceChildren(frag); place(pointer); }
  network.on("hoverNode", function (p) { var n = nodes.get(p.node); if (n) show(nodeTip(n), p.pointer); });
  network.on("hoverEdge", function (p) { var e = edges.get(p.edge); if (e) show(edgeTip(e), p.pointer); });
  state.showEdgeTip = function (id) { show(edgeTip(edges.get(id)), { DOM: { x: 10, y: 10 } }); };
  state.showNodeTip = function (id) { show(nodeTip(nodes.get(id)), { DOM: { x: 10, y: 10 } }); };
  ["blurNode", "blurEdge", "dragStart", "zoom"].forEach(function (ev) {
    network.on(ev, function () { tip.hidden = true; });
  });
  counts();
})();
