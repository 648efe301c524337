/* kgraph view: levels, filters, time, search, a side panel of evidence, tooltips, PNG export.
 * Everything from the graph is inserted with textContent, never as HTML; links are made
 * only of http(s) URLs.
 *
 * The drawing is left to a renderer, the one script inlined before this one defines
 * (render-canvas.js: vis-network on a 2D canvas; render-webgl.js: sigma.js on WebGL):
 * window.kgraphRenderer(container, hooks) returns {name, network, load(level, cfg), refresh(),
 * nodeDrawn(id), edgeDrawn(id), select(ids), fit([ids]), positions([ids]), clientXY(id), scale(),
 * zoom(factor), resize(), png()}; it asks this script through hooks whether an item is shown and
 * tells it about layout, frames, clicks and hovers. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var A = data.assertions, D = data.docs, entityNodes = {};
  data.levels.entities.nodes.forEach(function (n) { entityNodes[n.id] = n; });
  var container = document.getElementById("kg-network");
  var typeOn = {}, relOn = {}, showIsolated = false, shownEdges = {}, degreeShown = {};
  var range = { from: null, to: null }, sliderRange = null, level = null, cfg = null;
  /* the level's items by id (the renderer gets only what it draws) */
  var nodeMeta = {}, edgeMeta = {};

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function httpUrl(u) {
    try { var p = new URL(String(u)); return (p.protocol === "http:" || p.protocol === "https:") ? p.href : null; }
    catch (err) { return null; }
  }
  function link(text, url) {
    var safe = httpUrl(url);
    if (!safe) return el("span", text);
    var a = el("a", text); a.href = safe; a.target = "_blank"; a.rel = "noopener noreferrer";
    return a;
  }

  /* ---- time: ISO year, year-month or date → the first and last day it covers ---- */
  var ISO = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
  function bound(s, last) {
    var m = ISO.exec(String(s || "").trim());
    if (!m) return null;
    if (m[3]) return m[0];
    if (m[2]) {
      if (!last) return m[1] + "-" + m[2] + "-01";
      var days = new Date(Date.UTC(+m[1], +m[2], 0)).getUTCDate();
      return m[1] + "-" + m[2] + "-" + (days < 10 ? "0" : "") + days;
    }
    return m[1] + (last ? "-12-31" : "-01-01");
  }
  /* an assertion's span: its own date or start/end where the text gave one, else its article's */
  var spans = A.map(function (a) {
    var stated = a[2], article = D[a[0]][1];
    if (stated) {
      var parts = stated.split("/");
      if (parts.length === 1) return [bound(stated, false), bound(stated, true), "statement"];
      return [bound(parts[0], false) || "0000-01-01", bound(parts[1], true) || "9999-12-31", "statement"];
    }
    if (article && bound(article, false)) return [bound(article, false), bound(article, true), "article"];
    return null;
  });
  var months = (function () {
    var lo = null, hi = null;
    spans.forEach(function (s) {
      if (!s) return;
      [s[0], s[1]].forEach(function (d) {  /* the finite ends of every span */
        if (d === "0000-01-01" || d === "9999-12-31") return;
        if (lo === null || d < lo) lo = d;
        if (hi === null || d > hi) hi = d;
      });
    });
    var out = [];
    if (lo === null) return out;
    var y = +lo.slice(0, 4), m = +lo.slice(5, 7), yh = +hi.slice(0, 4), mh = +hi.slice(5, 7);
    while (y < yh || (y === yh && m <= mh)) {
      out.push(y + "-" + (m < 10 ? "0" : "") + m);
      if (++m > 12) { m = 1; y++; }
    }
    return out;
  })();
  function window_() {  /* the time window in force: the date filter and the slider together */
    var lo = range.from, hi = range.to;
    if (sliderRange) {
      if (sliderRange[0] && (!lo || sliderRange[0] > lo)) lo = sliderRange[0];
      if (!hi || sliderRange[1] < hi) hi = sliderRange[1];
    }
    return (lo || hi) ? [lo || "0000-01-01", hi || "9999-12-31"] : null;
  }
  function inTime(e, w) {
    var a = edgeMeta[e.id].a;
    for (var i = 0; i < a.length; i++) {
      var s = spans[a[i]];
      if (s && s[0] <= w[1] && s[1] >= w[0]) return true;
    }
    return false;
  }

  /* ---- filters: which edges, then which nodes, are shown ---- */
  function computeShown() {
    var w = window_();
    shownEdges = {}; degreeShown = {};
    cfg.edges.forEach(function (e) {
      if (relOn[e.relation] !== true) return;
      if (typeOn[nodeMeta[e.from].type] !== true || typeOn[nodeMeta[e.to].type] !== true) return;
      if (w && !inTime(e, w)) return;
      shownEdges[e.id] = true;
      degreeShown[e.from] = (degreeShown[e.from] || 0) + 1;
      degreeShown[e.to] = (degreeShown[e.to] || 0) + 1;
    });
  }
  function nodeShown(id) {
    var n = nodeMeta[id];
    return !!n && typeOn[n.type] === true && (showIsolated || degreeShown[id] > 0);
  }
  function edgeShown(id) { return shownEdges[id] === true; }
  /* nodes without a position (shown for the first time after the layout): a grid beside the others */
  function gridBeside(placed, unplaced) {
    var minX = 0, maxX = 0, minY = 0;
    placed.forEach(function (n, i) {
      if (i === 0 || n.x < minX) minX = n.x;
      if (i === 0 || n.x > maxX) maxX = n.x;
      if (i === 0 || n.y < minY) minY = n.y;
    });
    var cols = Math.max(1, Math.ceil(Math.sqrt(unplaced.length))), step = 70;
    return unplaced.map(function (n, i) {
      return { id: n.id, x: maxX + step * 2 + (i % cols) * step, y: minY + Math.floor(i / cols) * step };
    });
  }
  var progress = document.getElementById("kg-progress");
  var state = window.kgraph = {
    months: months, stabilized: false, stabilizedMs: null, interactiveMs: null, frames: 0,
    startedMs: performance.now()
  };
  var hooks = {
    nodeShown: nodeShown, edgeShown: edgeShown, gridBeside: gridBeside,
    progress: function (text) { progress.textContent = text; },
    settled: function () {
      state.stabilized = true;
      state.stabilizedMs = performance.now();
      progress.textContent = "";
      document.body.setAttribute("data-kg-stabilized", "true");
    },
    frame: function () {
      state.frames++;
      if (state.stabilized && state.interactiveMs === null) {
        state.interactiveMs = performance.now();
        document.body.setAttribute("data-kg-interactive", "true");
      }
    },
    clickNode: function (id) { showNode(id); },
    clickEdge: function (id) { showEdge(id); },
    hoverNode: function (id, x, y) { var n = nodeMeta[id]; if (n) show(nodeTip(n), x, y); },
    hoverEdge: function (id, x, y) { var e = edgeMeta[id]; if (e) show(edgeTip(e), x, y); },
    blur: function () { tip.hidden = true; }
  };
  var R = window.kgraphRenderer(container, hooks);
  state.renderer = R.name; state.network = R.network;
  /* the level's items, and those the renderer draws: get(), get(id), get({filter}), getIds(), length */
  function collection(items, byId, drawn) {
    function all() { return drawn ? items().filter(function (x) { return drawn(x.id); }) : items(); }
    return {
      get: function (q) {
        if (typeof q === "number") return byId()[q] && (!drawn || drawn(q)) ? byId()[q] : null;
        return q && q.filter ? all().filter(q.filter) : all();
      },
      getIds: function () { return all().map(function (x) { return x.id; }); },
      get length() { return all().length; }
    };
  }
  function levelNodes() { return cfg.nodes; }
  function levelEdges() { return cfg.edges; }
  function nodesById() { return nodeMeta; }
  function edgesById() { return edgeMeta; }
  state.nodes = collection(levelNodes, nodesById);
  state.edges = collection(levelEdges, edgesById);
  state.nodesView = collection(levelNodes, nodesById, function (id) { return R.nodeDrawn(id); });
  state.edgesView = collection(levelEdges, edgesById, function (id) { return R.edgeDrawn(id); });
  state.positions = function (ids) { return R.positions(ids); };
  state.clientXY = function (id) { return R.clientXY(id); };
  state.scale = function () { return R.scale(); };
  state.zoom = function (factor) { R.zoom(factor); };

  function counts() {
    document.getElementById("kg-counts").textContent = state.nodesView.length + " / " + cfg.nodes.length +
      " entities, " + state.edgesView.length + " / " + cfg.edges.length + " relations";
  }
  function refresh() {
    computeShown();
    R.refresh(); counts();
    if (openPanel) openPanel();
  }
  state.refresh = refresh;

  /* ---- legend + filters ---- */
  function checkbox(list, item, swatch, map, cls) {
    var li = el("li"), label = el("label"), box = el("input");
    box.type = "checkbox"; box.checked = map[item.name] !== false; box.className = cls;
    box.setAttribute("data-name", item.name);
    box.addEventListener("change", function () { map[item.name] = box.checked; refresh(); });
    label.appendChild(box); label.appendChild(swatch);
    label.appendChild(el("span", item.label || item.name));
    label.appendChild(el("span", item.count, "kg-count"));
    li.appendChild(label); list.appendChild(li);
    return box;
  }
  var typeList = document.getElementById("kg-types"), relList = document.getElementById("kg-relations");
  var relBoxes = [];
  function legend() {
    typeList.replaceChildren(); relList.replaceChildren();
    cfg.classes.forEach(function (c) {
      if (typeOn[c.name] === undefined) typeOn[c.name] = true;
      var sw = el("span", c.glyph, "kg-swatch"); sw.style.color = c.color;
      checkbox(typeList, c, sw, typeOn, "kg-type");
    });
    relBoxes = cfg.relations.map(function (r) {
      if (relOn[r.name] === undefined) relOn[r.name] = true;
      var sw = el("span", null, "kg-line"); sw.style.background = r.color;
      return checkbox(relList, r, sw, relOn, "kg-relation");
    });
  }
  function setAll(on) {
    relBoxes.forEach(function (b) { b.checked = on; relOn[b.getAttribute("data-name")] = on; });
    refresh();
  }
  document.getElementById("kg-rel-all").addEventListener("click", function () { setAll(true); });
  document.getElementById("kg-rel-none").addEventListener("click", function () { setAll(false); });
  state.setRelation = function (name, on) {
    relOn[name] = on;
    relBoxes.forEach(function (b) { if (b.getAttribute("data-name") === name) b.checked = on; });
    refresh();
  };
  var isolated = document.getElementById("kg-isolated");
  isolated.addEventListener("change", function () { showIsolated = isolated.checked; refresh(); });

  /* date filter: year, year-month or full date on either side */
  var from = document.getElementById("kg-date-from"), to = document.getElementById("kg-date-to");
  function readDates() {
    [from, to].forEach(function (inp, i) {
      var v = inp.value.trim(), b = v ? bound(v, i === 1) : null;
      inp.classList.toggle("kg-invalid", !!v && !b);
      if (i === 0) range.from = b; else range.to = b;
    });
    refresh();
  }
  [from, to].forEach(function (inp) {
    inp.addEventListener("change", readDates);
    inp.addEventListener("keydown", function (ev) { if (ev.key === "Enter") readDates(); });
  });
  document.getElementById("kg-date-range").textContent = months.length
    ? "Dated relations: " + months[0] + " \u2026 " + months[months.length - 1] : "No dated relations.";
  state.setDates = function (f, t) { from.value = f || ""; to.value = t || ""; readDates(); };

  /* time slider over the corpus' months; the last position is "all" */
  var slider = document.getElementById("kg-slider"), sliderLabel = document.getElementById("kg-slider-label");
  var cumulative = document.getElementById("kg-cumulative"), play = document.getElementById("kg-play"), timer = null;
  slider.max = String(months.length); slider.value = String(months.length);
  slider.disabled = play.disabled = months.length === 0;
  function readSlider() {
    var i = +slider.value;
    if (i >= months.length) { sliderRange = null; sliderLabel.textContent = "all months"; }
    else {
      var m = months[i];
      sliderRange = [cumulative.checked ? null : bound(m, false), bound(m, true)];
      sliderLabel.textContent = (cumulative.checked ? "up to " : "") + m;
    }
    refresh();
  }
  slider.addEventListener("input", readSlider);
  cumulative.addEventListener("change", readSlider);
  function stop() { if (timer) { clearInterval(timer); timer = null; } play.textContent = "play"; }
  play.addEventListener("click", function () {
    if (timer) { stop(); return; }
    if (+slider.value >= months.length - 1) slider.value = "0"; else slider.value = String(+slider.value + 1);
    readSlider();
    play.textContent = "pause";
    timer = setInterval(function () {
      if (+slider.value >= months.length - 1) { stop(); return; }
      slider.value = String(+slider.value + 1); readSlider();
    }, 700);
  });
  state.setMonth = function (i, upTo) { cumulative.checked = upTo !== false; slider.value = String(i); readSlider(); };

  /* ---- search by any name or variant ---- */
  function fold(s) { return String(s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  function namesOf(n) { return [n.label, n.names.en, n.names.id].concat(n.names.alt); }
  var namesList = document.getElementById("kg-names");
  var SUGGESTIONS_MAX = 3000;  /* names offered while typing (the most connected first); search looks at all */
  function fillNames() {
    var seen = {}, frag = document.createDocumentFragment(), k = 0;
    namesList.replaceChildren();
    cfg.nodes.slice().sort(function (a, b) { return b.degree - a.degree; }).forEach(function (n) {
      namesOf(n).forEach(function (s) {
        if (s && !seen[s] && k < SUGGESTIONS_MAX) {
          seen[s] = true; k++;
          var o = el("option"); o.value = s; frag.appendChild(o);
        }
      });
    });
    namesList.appendChild(frag);
  }
  var search = document.getElementById("kg-search"), result = document.getElementById("kg-search-result");
  state.search = function (q) {
    var f = fold(q).trim(), all = [];
    if (f) cfg.nodes.forEach(function (n) {
      if (namesOf(n).some(function (s) { return s && fold(s).indexOf(f) >= 0; })) all.push(n.id);
    });
    var ids = all.filter(function (id) { return R.nodeDrawn(id); });
    result.textContent = f ? ids.length + " match" + (ids.length === 1 ? "" : "es") +
      (all.length > ids.length ? " (" + (all.length - ids.length) + " more hidden by the filters)" : "") : "";
    R.select(ids);
    if (ids.length) R.fit(ids);
    if (ids.length === 1) showNode(ids[0]);
    return ids;
  };
  search.addEventListener("change", function () { state.search(search.value); });
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") state.search(search.value); });

  /* ---- the side panel: names, identifiers, and every assertion with its evidence ---- */
  var details = document.getElementById("kg-details"), body = document.getElementById("kg-details-body");
  var openPanel = null, relLabels = {};
  function nodeName(n) { return n ? (n.label || n.names.en || n.names.id) : "?"; }
  function sentence(a) {
    var q = el("blockquote"), text = a[1], at = 0;
    a[4].forEach(function (m) {
      if (m[0] < at) return;
      q.appendChild(document.createTextNode(text.slice(at, m[0])));
      q.appendChild(el("mark", text.slice(m[0], m[1])));
      at = m[1];
    });
    q.appendChild(document.createTextNode(text.slice(at)));
    return q;
  }
  function assertionItem(i) {
    var a = A[i], doc = D[a[0]], span = spans[i], li = el("li", null, "kg-assertion");
    var when = a[2] ? a[2] + " (stated)" : doc[1] ? doc[1] + " (article date)" : "undated";
    var head = el("div", null, "kg-meta");
    head.appendChild(el("span", when, "kg-when"));
    head.appendChild(document.createTextNode(" \u00b7 " + nodeName(entityNodes[a[5]]) + " \u2014 "));
    head.appendChild(el("strong", relLabels[a[6]] || a[6]));
    head.appendChild(document.createTextNode(" \u2192 " + nodeName(entityNodes[a[7]])));
    li.appendChild(head);
    if (a[3]) li.appendChild(el("div", "hedged: " + a[3] + " (not stated as a fact)", "kg-modality"));
    li.appendChild(sentence(a));
    var cite = el("div", null, "kg-cite");
    cite.appendChild(link(doc[0] || "(untitled article)", doc[2]));
    if (doc[1]) cite.appendChild(document.createTextNode(", " + doc[1]));
    li.appendChild(cite);
    li.setAttribute("data-dated", span ? span[2] : "none");
    return li;
  }
  var PANEL_MAX = 200;
  function assertionList(rows) {
    var frag = document.createDocumentFragment();
    frag.appendChild(el("h3", rows.length + " assertion" + (rows.length === 1 ? "" : "s")));
    var ul = el("ul", null, "kg-assertions");
    rows.slice(0, PANEL_MAX).forEach(function (i) { ul.appendChild(assertionItem(i)); });
    frag.appendChild(ul);
    if (rows.length > PANEL_MAX) frag.appendChild(el("div", "\u2026 and " + (rows.length - PANEL_MAX) + " more", "kg-meta"));
    return frag;
  }
  function identifiers(n) {
    var ul = el("ul", null, "kg-ids");
    n.ids.forEach(function (x) {
      var li = el("li"), wd = /^https?:\/\/www\.wikidata\.org\/entity\/(Q\d+)$/.exec(x[1]);
      if (wd) { li.appendChild(el("span", "Wikidata ")); li.appendChild(link(wd[1], x[1])); }
      else if (x[0] === "sameAs") { li.appendChild(el("span", "same as ")); li.appendChild(link(x[1], x[1])); }
      else li.appendChild(el("span", x[0] + ": " + x[1]));
      ul.appendChild(li);
    });
    return ul;
  }
  function rowsOf(edgeList) {
    var rows = [];
    edgeList.forEach(function (e) { rows = rows.concat(edgeMeta[e.id].a); });
    return rows.sort(function (x, y) {
      var sx = spans[x], sy = spans[y];
      return (sx ? sx[0] : "") < (sy ? sy[0] : "") ? -1 : (sx ? sx[0] : "") > (sy ? sy[0] : "") ? 1 : x - y;
    });
  }
  function showPanel(build) {
    openPanel = function () { body.replaceChildren(build()); };
    openPanel();
    if (details.hidden) { details.hidden = false; R.resize(); }
  }
  function showNode(id) {
    var n = nodeMeta[id];
    if (!n) return;
    showPanel(function () {
      var f = document.createDocumentFragment();
      f.appendChild(el("h2", nodeName(n)));
      f.appendChild(el("div", n.typeLabel, "kg-meta kg-type-label"));
      var names = [n.names.en, n.names.id].concat(n.names.alt).filter(function (s, i, all) {
        return s && s !== nodeName(n) && all.indexOf(s) === i;
      });
      if (names.length) f.appendChild(el("div", "Also: " + names.join(", "), "kg-variants"));
      if (n.ids.length) f.appendChild(identifiers(n));
      (n.folded || []).forEach(function (g) {
        f.appendChild(el("div", g[0] + " folded in (" + g[1] + "): " + g[2].join(", ") +
          (g[1] > g[2].length ? ", \u2026" : ""), "kg-folded"));
      });
      var all = cfg.edges.filter(function (e) { return e.from === id || e.to === id; });
      var shown = all.filter(function (e) { return edgeShown(e.id); });
      f.appendChild(assertionList(rowsOf(shown)));
      if (shown.length < all.length) {
        f.appendChild(el("div", (all.length - shown.length) + " more relation" + (all.length - shown.length === 1 ? "" : "s") +
          " hidden by the filters", "kg-meta"));
      }
      return f;
    });
  }
  function showEdge(id) {
    var e = edgeMeta[id];
    if (!e) return;
    showPanel(function () {
      var f = document.createDocumentFragment(), s = nodeMeta[e.from], o = nodeMeta[e.to];
      f.appendChild(el("h2", nodeName(s) + " \u2014 " + (relLabels[e.relation] || e.relation) + " \u2192 " + nodeName(o)));
      f.appendChild(el("div", e.count + " supporting assertion" + (e.count === 1 ? "" : "s"), "kg-meta"));
      if (e.hedged) f.appendChild(el("div", "Hedged: no assertion states it as a fact.", "kg-modality"));
      f.appendChild(assertionList(rowsOf([e])));
      return f;
    });
  }
  state.showNode = showNode; state.showEdge = showEdge;
  document.getElementById("kg-details-close").addEventListener("click", function () {
    details.hidden = true; openPanel = null; R.resize();
  });

  /* ---- tooltips, built as DOM ---- */
  var tip = document.getElementById("kg-tip");
  function place(x, y) {  /* x, y: in the drawing's box */
    var r = container.getBoundingClientRect();
    tip.style.left = Math.min(r.left + x + 14, window.innerWidth - 470) + "px";
    tip.style.top = (r.top + y + 14) + "px";
    tip.hidden = false;
  }
  function nodeTip(n) {
    var f = document.createDocumentFragment();
    f.appendChild(el("h3", nodeName(n)));
    f.appendChild(el("div", n.typeLabel, "kg-meta"));
    if (n.names.id && n.names.id !== nodeName(n)) f.appendChild(el("div", "Indonesian: " + n.names.id));
    if (n.names.alt.length) f.appendChild(el("div", "Also: " + n.names.alt.join(", ")));
    f.appendChild(el("div", n.degree + " relation" + (n.degree === 1 ? "" : "s") + " \u00b7 click for evidence", "kg-meta"));
    return f;
  }
  function edgeTip(e) {
    var f = document.createDocumentFragment(), s = nodeMeta[e.from], o = nodeMeta[e.to];
    f.appendChild(el("h3", nodeName(s) + " \u2014 " + (relLabels[e.relation] || e.relation) + " \u2192 " + nodeName(o)));
    f.appendChild(el("div", e.count + " supporting sentence" + (e.count === 1 ? "" : "s") +
      (e.hedged ? " \u00b7 hedged" : "") + " \u00b7 click for evidence", "kg-meta"));
    e.a.slice(0, 3).forEach(function (i) {
      var q = el("blockquote", A[i][1]), doc = D[A[i][0]];
      q.appendChild(el("cite", doc[0] + (doc[1] ? " (" + doc[1] + ")" : "")));
      f.appendChild(q);
    });
    if (e.a.length > 3) f.appendChild(el("div", "\u2026 and " + (e.a.length - 3) + " more", "kg-meta"));
    return f;
  }
  function show(frag, x, y) { tip.replaceChildren(frag); place(x, y); }
  state.showEdgeTip = function (id) { show(edgeTip(edgeMeta[id]), 10, 10); };
  state.showNodeTip = function (id) { show(nodeTip(nodeMeta[id]), 10, 10); };
  state.meta = function (id) { return nodeMeta[id]; };

  /* ---- levels ---- */
  function useLevel(name) {
    if (!data.levels[name] || name === level) return;
    level = name; cfg = data.levels[name];
    relLabels = {};
    cfg.relations.forEach(function (r) { relLabels[r.name] = r.label; });
    data.levels.entities.relations.forEach(function (r) { relLabels[r.name] = r.label; });
    document.getElementById("kg-level-" + name).checked = true;
    details.hidden = true; openPanel = null;
    legend(); fillNames();
    state.stabilized = false; state.stabilizedMs = null; state.interactiveMs = null;
    document.body.removeAttribute("data-kg-stabilized");
    document.body.removeAttribute("data-kg-interactive");
    nodeMeta = {}; edgeMeta = {};
    cfg.nodes.forEach(function (n) { nodeMeta[n.id] = n; });
    cfg.edges.forEach(function (e) { edgeMeta[e.id] = e; });
    computeShown();
    R.load(name, cfg);
    counts();
  }
  state.setLevel = useLevel;
  ["entities", "countries"].forEach(function (name) {
    document.getElementById("kg-level-" + name).addEventListener("change", function () { useLevel(name); });
  });

  /* ---- fit, reset, PNG ---- */
  document.getElementById("kg-fit").addEventListener("click", function () { R.fit(); });
  state.reset = function () {
    stop();
    Object.keys(typeOn).forEach(function (k) { typeOn[k] = true; });
    Object.keys(relOn).forEach(function (k) { relOn[k] = true; });
    document.querySelectorAll("input.kg-type, input.kg-relation").forEach(function (b) { b.checked = true; });
    isolated.checked = showIsolated = false;
    from.value = to.value = ""; range.from = range.to = null;
    from.classList.remove("kg-invalid"); to.classList.remove("kg-invalid");
    slider.value = String(months.length); cumulative.checked = true; sliderRange = null;
    sliderLabel.textContent = months.length ? "all months" : "";
    search.value = ""; result.textContent = "";
    refresh(); R.select([]); R.fit();
  };
  document.getElementById("kg-reset").addEventListener("click", state.reset);
  state.png = function () { return R.png(); };
  document.getElementById("kg-png").addEventListener("click", function () {
    var url = state.png();
    if (!url) return;
    var a = el("a"); a.href = url; a.download = (document.title || "kgraph").replace(/[^\w.-]+/g, "_") + ".png";
    document.body.appendChild(a); a.click(); a.remove();
  });

  sliderLabel.textContent = months.length ? "all months" : "";
  useLevel(data.level);
})();
