/* kgraph view, 2D-canvas renderer (vis-network): the page's graph drawn by vis.Network, laid
 * out in the page (physics, then off) or at the positions computed in Python. view.js talks to
 * it only through the object returned here (see view.js, "renderer"). No text is inserted as
 * HTML here: vis-network draws labels on the canvas. */
window.kgraphRenderer = function (container, hooks) {
  "use strict";
  var nodes = new vis.DataSet(), edges = new vis.DataSet(), saved = {}, level = null, stabilized = false;
  /* vis-network deep-copies every field of its items: it gets only what it draws */
  var NODE_KEYS = ["id", "label", "shape", "color", "value", "x", "y", "type"];
  var EDGE_KEYS = ["id", "from", "to", "relation", "label", "color", "width", "value", "dashes", "arrows", "smooth"];
  function slim(item, keys) {
    var o = {};
    keys.forEach(function (k) { if (item[k] !== undefined) o[k] = item[k]; });
    if (item.drawLabel === false) delete o.label;  /* big graphs: only the most connected are labelled */
    return o;
  }
  var nodesView = new vis.DataView(nodes, { filter: function (n) { return hooks.nodeShown(n.id); } });
  var edgesView = new vis.DataView(edges, { filter: function (e) { return hooks.edgeShown(e.id); } });
  var network = new vis.Network(container, { nodes: nodesView, edges: edgesView }, {});

  /* Positions live in the DataSet: a node hidden by a filter and shown again comes back where it
   * was (vis-network forgets the positions of nodes that leave a DataView). */
  function savePositions() {
    var ids = nodesView.getIds(), pos = network.getPositions(ids), changed = [];
    ids.forEach(function (id) {
      var n = nodes.get(id), p = pos[id];
      if (p && (n.x !== Math.round(p.x) || n.y !== Math.round(p.y))) changed.push({ id: id, x: Math.round(p.x), y: Math.round(p.y) });
    });
    if (changed.length) nodes.update(changed);
  }
  /* nodes shown for the first time after the layout (isolated ones): a grid beside the picture */
  function placeNew() {
    var placed = [], unplaced = [];
    nodes.forEach(function (n) { if (hooks.nodeShown(n.id)) (typeof n.x === "number" ? placed : unplaced).push(n); });
    if (unplaced.length) nodes.update(hooks.gridBeside(placed, unplaced));
  }
  function settled() {
    if (stabilized) return;
    network.setOptions({ physics: { enabled: false } });
    stabilized = true;
    savePositions();
    hooks.settled();
  }
  network.on("stabilizationProgress", function (p) {
    hooks.progress("laying out " + Math.round(100 * p.iterations / p.total) + "%");
  });
  network.on("stabilizationIterationsDone", settled);
  network.on("stabilized", settled);
  network.on("afterDrawing", function () { hooks.frame(); });
  network.on("beforeDrawing", function (ctx) {  /* white, not transparent, in the PNG */
    ctx.save(); ctx.setTransform(1, 0, 0, 1, 0, 0); ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height); ctx.restore();
  });
  network.on("dragEnd", function () { if (stabilized) savePositions(); });
  network.on("click", function (p) {
    if (p.nodes.length) hooks.clickNode(p.nodes[0]);
    else if (p.edges.length) hooks.clickEdge(p.edges[0]);
  });
  network.on("hoverNode", function (p) { hooks.hoverNode(p.node, p.pointer.DOM.x, p.pointer.DOM.y); });
  network.on("hoverEdge", function (p) { hooks.hoverEdge(p.edge, p.pointer.DOM.x, p.pointer.DOM.y); });
  ["blurNode", "blurEdge", "dragStart", "zoom", "click"].forEach(function (ev) { network.on(ev, hooks.blur); });

  return {
    name: "canvas",
    network: network,
    load: function (name, cfg) {
      if (level) { if (stabilized) savePositions(); saved[level] = nodes.get(); }
      var laidOut = !!saved[name] || cfg.layout === "precomputed";
      level = name; stabilized = false;
      nodes.clear(); edges.clear();
      network.setOptions(cfg.options);
      if (laidOut) network.setOptions({ physics: { enabled: false } });
      edges.add(cfg.edges.map(function (e) { return slim(e, EDGE_KEYS); }));
      nodes.add(saved[name] || cfg.nodes.map(function (n) { return slim(n, NODE_KEYS); }));
      edgesView.refresh();
      if (laidOut) {
        settled(); placeNew(); nodesView.refresh();
        network.fit();
      } else {
        network.setOptions({ physics: { enabled: true } });
        network.stabilize(cfg.options.physics.stabilization.iterations);
      }
    },
    refresh: function () {
      if (stabilized) { savePositions(); placeNew(); }
      nodesView.refresh(); edgesView.refresh();
    },
    nodeDrawn: function (id) { return nodesView.get(id) !== null; },
    edgeDrawn: function (id) { return edgesView.get(id) !== null; },
    select: function (ids) { if (ids.length) network.selectNodes(ids); else network.unselectAll(); },
    fit: function (ids) { network.fit(ids ? { nodes: ids, animation: false } : undefined); },
    positions: function (ids) { return network.getPositions(ids); },
    clientXY: function (id) {
      var d = network.canvasToDOM(network.getPositions([id])[id]), r = container.getBoundingClientRect();
      return [r.left + d.x, r.top + d.y];
    },
    scale: function () { return network.getScale(); },
    zoom: function (factor) { network.moveTo({ scale: network.getScale() * factor }); },
    resize: function () {},
    png: function () {
      var canvas = container.querySelector("canvas");
      return canvas ? canvas.toDataURL("image/png") : null;
    }
  };
};
