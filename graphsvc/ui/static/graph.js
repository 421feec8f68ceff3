/* The research graph: vis-network over DataSets that API slices are merged into.
   Node and edge ids come from the API and are stable, so merging a slice twice adds
   nothing. window.graphsvcExplorer exposes the DataSets (tests count them). */
"use strict";
(function () {
  const { api, el, researcherUrl, enc } = window.GS;

  const KINDS = {
    researcher: { name: "Researcher", shape: "dot", size: 13, bg: "#3182ce", border: "#1a365d" },
    work: { name: "Work", shape: "square", size: 9, bg: "#ed8936", border: "#7b341e" },
    topic: { name: "Topic", shape: "triangle", size: 11, bg: "#38a169", border: "#1c4532" },
    institution: { name: "Institution", shape: "diamond", size: 12, bg: "#805ad5", border: "#322659" },
  };
  const MORE_NAMES = { works: "works", coauthors: "coauthors", topics: "topics",
    institutions: "institutions", authors: "authors" };
  const MAX_LIMIT = 200;
  const SETTLE_MAX_MS = 8000;

  function shortLabel(text) {
    return text.length > 34 ? text.slice(0, 32).trimEnd() + "…" : text;
  }
  function plural(n, word) { return n + " " + (n === 1 ? word.replace(/s$/, "") : word); }

  function createExplorer(container, parts) {
    const centerId = parts.center;
    const nodes = new vis.DataSet();
    const edges = new vis.DataSet();
    const info = new Map();         /* node id -> the API's node */
    const more = new Map();         /* expanded id -> its slice's `more` */
    const hiddenKinds = new Set();
    let network = null;
    let pending = 0;
    let waiters = [];              /* resolvers waiting for the layout to settle */

    function setState(state) { container.dataset.state = state; }
    function counts() {
      container.dataset.nodeCount = String(nodes.length);
      container.dataset.edgeCount = String(edges.length);
    }

    function visNode(n, pos) {
      const k = KINDS[n.kind] || KINDS.work;
      const isCenter = n.id === centerId;
      const tip = [k.name + ": " + n.label];
      if (n.year) tip.push(String(n.year) + (n.type ? " · " + n.type : ""));
      if (n.field) tip.push(n.field);
      if (n.country) tip.push(n.country);
      if (n.works_count !== undefined) tip.push(plural(n.works_count, "works"));
      return Object.assign({
        id: n.id, kind: n.kind, label: shortLabel(n.label || n.id), title: tip.join("\n"),
        shape: k.shape, size: isCenter ? 24 : k.size, borderWidth: isCenter ? 4 : 1.5,
        color: { background: k.bg, border: k.border,
          highlight: { background: "#f6e05e", border: k.border },
          hover: { background: "#faf089", border: k.border } },
        font: isCenter ? { size: 16, bold: true, color: "#1a202c" } : { size: 12, color: "#2d3748" },
        hidden: !isCenter && hiddenKinds.has(n.kind),
      }, pos || {});
    }

    function visEdge(e) {
      const edge = { id: e.id, from: e.source, to: e.target, kind: e.kind, weight: e.weight };
      if (e.kind === "coauthor") {
        const w = e.weight || 1;
        Object.assign(edge, { label: String(w), title: plural(w, "shared works"),
          width: 1 + Math.min(w, 7), color: { color: "#2c5282", highlight: "#1a365d" },
          font: { size: 12, color: "#1a365d", strokeWidth: 3, strokeColor: "#ffffff" } });
      } else if (e.kind === "topic" || e.kind === "has_topic") {
        edge.color = { color: "#9ae6b4", highlight: "#276749" };
        if (e.weight !== null && e.weight !== undefined) {
          edge.title = e.kind === "topic" ? plural(e.weight, "works") : "score " + e.weight;
        }
      } else if (e.kind === "affiliated") {
        edge.dashes = true;
        edge.color = { color: "#b794f4", highlight: "#44337a" };
        if (e.first_year) edge.title = e.first_year + "–" + (e.last_year || "");
      } else {
        edge.color = { color: "#cbd5e0", highlight: "#4a5568" };
      }
      return edge;
    }

    /* Add what is new in a slice; place new nodes in a ring around the node expanded. */
    function merge(slice, anchor) {
      const fresh = slice.nodes.filter((n) => !nodes.get(n.id));
      for (const n of slice.nodes) if (!info.has(n.id)) info.set(n.id, n);
      let origin = { x: 0, y: 0 };
      if (network && anchor && nodes.get(anchor)) origin = network.getPositions([anchor])[anchor];
      nodes.add(fresh.map((n, i) => {
        if (!network) return visNode(n);
        const angle = (2 * Math.PI * i) / Math.max(fresh.length, 1);
        const radius = 120 + 6 * fresh.length;
        return visNode(n, { x: origin.x + radius * Math.cos(angle), y: origin.y + radius * Math.sin(angle) });
      }));
      edges.add(slice.edges.filter((e) => !edges.get(e.id)).map(visEdge));
      more.set(slice.center, slice.more || {});
      counts();
      return fresh.length;
    }

    function relax() {
      return new Promise((resolve) => {
        waiters.push(resolve);
        network.setOptions({ physics: { enabled: true } });
        network.stabilize(150);
        watchdog(resolve);
      });
    }

    /* Never wait forever for a layout: settle anyway after SETTLE_MAX_MS. */
    function watchdog(resolve) {
      setTimeout(() => { if (waiters.includes(resolve)) onStable(); }, SETTLE_MAX_MS);
    }

    function onStable() {
      network.setOptions({ physics: { enabled: false } });
      const done = waiters;
      waiters = [];
      done.forEach((resolve) => resolve());
    }

    function start(slice) {
      merge(slice, null);
      return new Promise((resolve) => {
        waiters.push(resolve);
        network = new vis.Network(container, {}, {
          autoResize: true,
          layout: { randomSeed: 7, improvedLayout: true },
          physics: { enabled: true, solver: "forceAtlas2Based",
            forceAtlas2Based: { gravitationalConstant: -60, springLength: 110, avoidOverlap: 0.4 },
            stabilization: { enabled: true, iterations: 300, fit: true } },
          interaction: { hover: true, tooltipDelay: 200, keyboard: false, multiselect: false },
          edges: { smooth: false, selectionWidth: 2 },
          nodes: { font: { face: "system-ui, sans-serif" } },
        });
        network.on("stabilizationIterationsDone", onStable);
        network.on("click", (params) => {
          if (params.nodes.length) select(params.nodes[0], true);
        });
        network.setData({ nodes: nodes, edges: edges });
        watchdog(resolve);
      }).then(() => network.fit({ animation: false }));
    }

    function slicePath(id, limit) {
      const n = info.get(id);
      const q = limit ? "?limit=" + limit : "";
      if (!n) return null;
      if (n.kind === "researcher") return "/researchers/" + enc(id) + "/graph" + q;
      if (n.kind === "work") return "/works/" + enc(id) + "/graph" + q;
      return null;
    }

    /* Ask the API for a node's slice and merge it; returns how many nodes were new. */
    async function expand(id, limit) {
      const path = slicePath(id, limit);
      if (!path) return 0;
      pending += 1;
      setState("loading");
      parts.status.textContent = "Expanding " + (info.get(id).label || id) + "…";
      let added = 0;
      const res = await api(path);
      if (res.ok) {
        added = merge(res.data, id);
        parts.status.textContent = added
          ? "Added " + plural(added, "nodes") + " around " + info.get(id).label + "."
          : "Nothing new around " + info.get(id).label + ".";
        if (added) await relax();
        renderMore();
        renderList();
      } else {
        parts.status.textContent = res.message;
      }
      pending -= 1;
      if (!pending) setState("idle");
      return added;
    }

    function select(id, andExpand) {
      if (network) network.selectNodes([id]);
      showDetails(id);
      const n = info.get(id);
      if (andExpand && n && (n.kind === "researcher" || n.kind === "work")) expand(id);
    }

    function edgeBetween(a, b, kind) {
      return edges.get({ filter: (e) => e.kind === kind &&
        ((e.from === a && e.to === b) || (e.from === b && e.to === a)) })[0];
    }

    async function showDetails(id) {
      const n = info.get(id);
      const box = parts.details;
      if (!n) return;
      const k = KINDS[n.kind] || KINDS.work;
      const head = [el("p", { class: "kind-tag kind-" + n.kind, text: k.name }),
        el("h3", { text: n.label || n.id })];
      const body = [];
      if (n.kind === "researcher") {
        if (n.works_count !== undefined) body.push(el("p", { text: plural(n.works_count, "works") }));
        const co = id !== centerId ? edgeBetween(centerId, id, "coauthor") : null;
        if (co) body.push(el("p", { text: plural(co.weight || 1, "shared works") + " with this profile" }));
        if (id !== centerId) body.push(el("p", {}, el("a", { href: researcherUrl(id), text: "Open their profile" })));
        else body.push(el("p", { class: "muted", text: "This profile." }));
      } else if (n.kind === "topic") {
        if (n.field) body.push(el("p", { text: "Field: " + n.field }));
        const t = edgeBetween(centerId, id, "topic");
        if (t && t.weight) body.push(el("p", { text: "Works of this profile with this topic: " + t.weight }));
        body.push(el("p", {}, el("a", { href: "https://openalex.org/" + enc(id), rel: "noopener noreferrer", text: "Topic on OpenAlex" })));
      } else if (n.kind === "institution") {
        if (n.country) body.push(el("p", { text: "Country: " + n.country }));
        const a = edgeBetween(centerId, id, "affiliated");
        if (a && a.title) body.push(el("p", { text: "Affiliated " + a.title }));
      } else if (n.kind === "work") {
        body.push(el("p", { class: "muted", text: [n.type, n.year].filter(Boolean).join(" · ") }));
        const loading = el("p", { class: "muted", text: "Loading…" });
        body.push(loading);
        box.replaceChildren(...head, ...body);
        const res = await api("/works/" + enc(id));
        if (!res.ok) { loading.textContent = res.message; return; }
        const w = res.data;
        const extra = [];
        if (w.venue) extra.push(el("p", { text: w.venue }));
        if (w.doi) extra.push(el("p", {}, el("a", { href: "https://doi.org/" + w.doi, rel: "noopener noreferrer", text: "doi:" + w.doi })));
        if (w.authors && w.authors.length) {
          extra.push(el("p", { class: "label", text: "Authors" }));
          extra.push(el("ul", { class: "plain" }, w.authors.map((a) =>
            el("li", {}, el("a", { href: researcherUrl(a.id), text: a.name || a.id })))));
        }
        if (w.topics && w.topics.length) {
          extra.push(el("p", { class: "muted", text: "Topics: " + w.topics.map((t) => t.name || t.id).join(", ") }));
        }
        loading.replaceWith(...extra);
        return;
      }
      box.replaceChildren(...head, ...body);
    }

    function renderMore() {
      const items = [];
      for (const [id, m] of more) {
        const bits = Object.entries(m).filter(([, v]) => v > 0)
          .map(([kind, v]) => v + " more " + (MORE_NAMES[kind] || kind));
        if (!bits.length) continue;
        const who = (info.get(id) || {}).label || id;
        items.push(el("li", {}, [who + ": " + bits.join(", ") + " not shown. ",
          el("button", { type: "button", class: "link", onclick: () => expand(id, MAX_LIMIT),
            text: "Show up to " + MAX_LIMIT + " of each" })]));
      }
      parts.more.replaceChildren(...items);
    }

    function renderList() {
      const order = ["researcher", "work", "topic", "institution"];
      const rows = nodes.get().sort((a, b) =>
        order.indexOf(a.kind) - order.indexOf(b.kind) || String(a.label).localeCompare(String(b.label)));
      parts.list.replaceChildren(...rows.map((n) => {
        const full = (info.get(n.id) || {}).label || n.id;
        const children = [el("span", { class: "kind-tag kind-" + n.kind, text: KINDS[n.kind].name }), " ",
          el("button", { type: "button", class: "link", onclick: () => select(n.id, false),
            "aria-label": "Details of " + full, text: full })];
        if ((n.kind === "researcher" || n.kind === "work")) {
          children.push(" ", el("button", { type: "button", class: "small", onclick: () => expand(n.id),
            "aria-label": "Expand " + full, text: "Expand" }));
        }
        return el("li", { "data-id": n.id }, children);
      }));
    }

    function setKindVisible(kind, visible) {
      if (visible) hiddenKinds.delete(kind); else hiddenKinds.add(kind);
      nodes.update(nodes.get({ filter: (n) => n.kind === kind && n.id !== centerId })
        .map((n) => ({ id: n.id, hidden: !visible })));
    }

    async function load() {
      setState("loading");
      const first = parts.limit ? "?limit=" + parts.limit : "";
      const res = await api("/researchers/" + enc(centerId) + "/graph" + first);
      if (!res.ok) {
        parts.status.textContent = res.message;
        container.classList.add("failed");
        setState("error");
        return null;
      }
      const slice = res.data;
      await start(slice);
      const coauthors = slice.edges.filter((e) => e.kind === "coauthor").length;
      const notes = [];
      if (slice.nodes.length <= 1) notes.push("Nothing in the graph around this researcher yet.");
      else if (!coauthors) notes.push("No coauthors in this graph yet.");
      parts.status.textContent = notes.join(" ");
      renderMore();
      renderList();
      setState("idle");
      return slice;
    }

    const explorer = {
      nodes, edges, expand, select, setKindVisible, load,
      get network() { return network; },
      center: centerId,
    };
    window.graphsvcExplorer = explorer;
    return explorer;
  }

  window.GS.createExplorer = createExplorer;
})();
