/* kgraph view, WebGL renderer (sigma.js 3 over a graphology graph), for big graphs: every
 * level comes laid out from Python, so nothing moves; filters hide items through sigma's
 * reducers (no item is rebuilt); a drag moves the picture already drawn (a CSS transform of
 * the layers, no redraw while the mouse moves) and the camera follows at release; edges and
 * labels are not drawn while a zoom runs. view.js
 * talks to it only through the object returned here (see view.js, "renderer"). Labels are drawn
 * on a canvas by sigma; hedged edges are drawn dashed on a 2D canvas layer of our own. */
window.kgraphRenderer = function (container, hooks) {
  "use strict";
  var graph = new graphology.MultiDirectedGraph(), selected = {}, hedged = [];
  /* radius in px at the fitted zoom: smaller in bigger graphs, growing with the degree */
  function nodeSize(degree, count) {
    var base = Math.min(3, Math.max(0.6, 30 / Math.sqrt(count)));
    return Math.min(18, base * (1 + Math.log2(1 + degree)));
  }
  var renderer = new Sigma(graph, container, {
    hideEdgesOnMove: true, hideLabelsOnMove: true, renderEdgeLabels: false, enableEdgeEvents: true,
    defaultEdgeType: "arrow", labelFont: "system-ui, sans-serif", labelSize: 12,
    labelRenderedSizeThreshold: 5, labelDensity: 0.6, labelGridCellSize: 120, zIndex: true,
    minCameraRatio: 0.01, maxCameraRatio: 20, stagePadding: 20, inertiaRatio: 0,
    nodeReducer: function (key, d) {
      var id = +key, out = { x: d.x, y: d.y, size: d.size, color: d.color, label: d.label, zIndex: 0 };
      if (!hooks.nodeShown(id)) out.hidden = true;
      else if (selected[id]) { out.highlighted = true; out.zIndex = 1; }
      return out;
    },
    edgeReducer: function (key, d) {
      var out = { size: d.size, color: d.color, type: d.type };
      if (!hooks.edgeShown(+key)) out.hidden = true;
      else if (d.hedged) out.color = "rgba(0,0,0,0)";  /* drawn dashed on the layer below; still clickable */
      return out;
    }
  });
  var camera = renderer.getCamera();

  /* hedged edges: dashed lines on a canvas layer just above sigma's edges */
  var dashCanvas = renderer.createCanvas("kgHedged", { afterLayer: "edges" }), mouse = renderer.getMouseCaptor();
  function moving() {  /* as sigma decides to hide edges while the view moves */
    return camera.isAnimated() || mouse.isMoving || mouse.draggedEvents || mouse.currentWheelDirection;
  }
  function drawHedged() {
    var ratio = window.devicePixelRatio || 1, w = container.offsetWidth, h = container.offsetHeight;
    if (dashCanvas.width !== Math.round(w * ratio) || dashCanvas.height !== Math.round(h * ratio)) {
      dashCanvas.width = Math.round(w * ratio); dashCanvas.height = Math.round(h * ratio);
      dashCanvas.style.width = w + "px"; dashCanvas.style.height = h + "px";
    }
    var ctx = dashCanvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, w, h);
    if (moving()) return;
    ctx.setLineDash([6, 4]); ctx.lineWidth = 1.5;
    hedged.forEach(function (e) {
      if (!hooks.edgeShown(e.id)) return;
      var a = renderer.graphToViewport(graph.getNodeAttributes(String(e.from)));
      var b = renderer.graphToViewport(graph.getNodeAttributes(String(e.to)));
      ctx.strokeStyle = e.color; ctx.beginPath(); ctx.moveTo(a.x, a.y); ctx.lineTo(b.x, b.y); ctx.stroke();
    });
  }
  /* no hover picking while the mouse button is down: each pick reads pixels back from the GPU,
   * twice per mouse move (nodes, edges), which halved the frames drawn while panning */
  ["getNodeAtPosition", "getEdgeAtPoint"].forEach(function (name) {
    var pick = renderer[name].bind(renderer);
    renderer[name] = function (a, b) { return mouse.isMouseDown ? null : pick(a, b); };
  });
  renderer.on("afterRender", function () { drawHedged(); hooks.frame(); });

  /* dragging the view: every layer but the mouse's is shifted by CSS while the button is down
   * (sigma would redraw every node at every mouse move); at release the camera moves by the
   * same amount and the picture is drawn once */
  var drag = null, dragged = false;
  function shifted() {
    var own = renderer.getCanvases().mouse;
    return Array.prototype.filter.call(container.children, function (c) { return c !== own; });
  }
  mouse.on("mousedown", function (e) { drag = { x: e.x, y: e.y, dx: 0, dy: 0 }; dragged = false; });
  mouse.on("mousemovebody", function (e) {
    if (!drag || !mouse.isMouseDown) return;
    e.preventSigmaDefault();  /* sigma does not move its camera for this mouse move */
    drag.dx = e.x - drag.x; drag.dy = e.y - drag.y;
    if (Math.abs(drag.dx) + Math.abs(drag.dy) > 3) dragged = true;
    var t = "translate(" + drag.dx + "px, " + drag.dy + "px)";
    shifted().forEach(function (c) { c.style.transform = t; });
    hooks.blur();
  });
  mouse.on("mouseup", function () {
    if (!drag) return;
    var d = drag;
    drag = null;
    shifted().forEach(function (c) { c.style.transform = ""; });
    if (!d.dx && !d.dy) return;
    var a = renderer.viewportToFramedGraph({ x: d.x, y: d.y });
    var b = renderer.viewportToFramedGraph({ x: d.x + d.dx, y: d.y + d.dy }), cam = camera.getState();
    camera.setState({ x: cam.x + a.x - b.x, y: cam.y + a.y - b.y });
    renderer.render();  /* now, in the same task as the transform's removal: no frame in between */
  });
  renderer.on("clickNode", function (p) { hooks.blur(); if (!dragged) hooks.clickNode(+p.node); });
  renderer.on("clickEdge", function (p) { hooks.blur(); if (!dragged) hooks.clickEdge(+p.edge); });
  renderer.on("enterNode", function (p) { hooks.hoverNode(+p.node, p.event.x, p.event.y); });
  renderer.on("enterEdge", function (p) { hooks.hoverEdge(+p.edge, p.event.x, p.event.y); });
  ["leaveNode", "leaveEdge", "downStage", "clickStage"].forEach(function (ev) { renderer.on(ev, hooks.blur); });
  camera.on("updated", hooks.blur);

  /* the camera state that frames the given nodes (display coordinates are sigma's framed ones) */
  function fitState(ids) {
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    ids.forEach(function (id) {
      var d = renderer.getNodeDisplayData(String(id));
      if (!d) return;
      if (d.x < x0) x0 = d.x; if (d.x > x1) x1 = d.x;
      if (d.y < y0) y0 = d.y; if (d.y > y1) y1 = d.y;
    });
    if (x0 === Infinity) return { x: 0.5, y: 0.5, ratio: 1, angle: 0 };
    return { x: (x0 + x1) / 2, y: (y0 + y1) / 2, ratio: Math.max(0.05, 1.1 * Math.max(x1 - x0, y1 - y0)), angle: 0 };
  }
  function drawnIds() {
    var ids = [];
    graph.forEachNode(function (key) { if (hooks.nodeShown(+key)) ids.push(+key); });
    return ids;
  }

  return {
    name: "webgl",
    network: renderer,
    load: function (name, cfg) {
      graph.clear(); selected = {}; hedged = [];
      var placed = [], unplaced = [];
      cfg.nodes.forEach(function (n) { (typeof n.x === "number" ? placed : unplaced).push(n); });
      var extra = {};  /* entities without relations (shown on request): a grid beside the picture */
      hooks.gridBeside(placed, unplaced).forEach(function (p) { extra[p.id] = p; });
      cfg.nodes.forEach(function (n) {
        var p = extra[n.id] || n;
        /* sigma's y axis points up, the Python layout's (vis-network's) down */
        graph.addNode(String(n.id), { x: p.x, y: -p.y, size: nodeSize(n.degree, cfg.nodes.length), color: n.color, label: n.label });
      });
      cfg.edges.forEach(function (e) {
        if (e.hedged) hedged.push(e);
        graph.addEdgeWithKey(String(e.id), String(e.from), String(e.to), {
          color: e.color, size: Math.min(6, 0.6 + e.width / 3), hedged: !!e.hedged,
          type: e.arrows === "" ? "line" : "arrow"
        });
      });
      /* sigma frames the box it is given: the shown nodes' (not the grid of hidden isolated
       * ones), so the default camera fits the picture and the first frame is the only one
       * (in software WebGL a frame of 20,000 nodes takes seconds) */
      var box = null;
      graph.forEachNode(function (key, a) {
        if (!hooks.nodeShown(+key)) return;
        if (!box) box = { x: [a.x, a.x], y: [a.y, a.y] };
        box.x = [Math.min(box.x[0], a.x), Math.max(box.x[1], a.x)];
        box.y = [Math.min(box.y[0], a.y), Math.max(box.y[1], a.y)];
      });
      renderer.setCustomBBox(box);
      camera.setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 });
      hooks.settled();  /* laid out: the frame drawn now is the page's first interactive one */
      renderer.refresh();  /* draws now, and drops the frames the two calls above scheduled */
    },
    refresh: function () { renderer.refresh(); },
    nodeDrawn: function (id) {
      var d = renderer.getNodeDisplayData(String(id));
      return !!d && !d.hidden;
    },
    edgeDrawn: function (id) {
      var d = renderer.getEdgeDisplayData(String(id));
      return !!d && !d.hidden;
    },
    select: function (ids) {
      selected = {};
      ids.forEach(function (id) { selected[id] = true; });
      renderer.refresh();
    },
    fit: function (ids) { camera.setState(fitState(ids || drawnIds())); },
    positions: function (ids) {
      var out = {};
      (ids || graph.nodes().map(Number)).forEach(function (id) {
        var a = graph.getNodeAttributes(String(id));
        out[id] = { x: a.x, y: -a.y };
      });
      return out;
    },
    clientXY: function (id) {
      var p = renderer.graphToViewport(graph.getNodeAttributes(String(id))), r = container.getBoundingClientRect();
      return [r.left + p.x, r.top + p.y];
    },
    scale: function () { return 1 / camera.getState().ratio; },
    zoom: function (factor) { camera.setState({ ratio: camera.getState().ratio / factor }); },
    resize: function () { renderer.refresh(); },
    /* sigma draws on several canvases (edges, nodes, labels, ours): rendered now, then stacked */
    png: function () {
      renderer.refresh();
      var layers = renderer.getCanvases(), w = container.offsetWidth, h = container.offsetHeight;
      var out = document.createElement("canvas"), ratio = window.devicePixelRatio || 1;
      out.width = Math.round(w * ratio); out.height = Math.round(h * ratio);
      var ctx = out.getContext("2d");
      ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, out.width, out.height);
      Array.prototype.forEach.call(container.querySelectorAll("canvas"), function (c) {
        var key = Object.keys(layers).filter(function (k) { return layers[k] === c; })[0];
        if (key && key !== "mouse") ctx.drawImage(c, 0, 0, out.width, out.height);
      });
      return out.toDataURL("image/png");
    }
  };
};
