/* The profile page: graph, works pages, topics, collaborators, trust details, actions. */
"use strict";
(function () {
  const { api, el, token, setToken, researcherUrl, enc } = window.GS;
  const main = document.getElementById("main");
  const rid = main.dataset.researcherId;
  const pageSize = Number(main.dataset.pageSize) || 10;
  const closeMin = Number(main.dataset.closeMin) || 2;
  const base = "/researchers/" + enc(rid);
  const $ = (id) => document.getElementById(id);

  /* ---- works, newest first, with cursor paging ---- */
  const cursors = [null];    /* cursors[i] opens page i + 1 */
  let page = 0;
  let nextCursor = null;

  function workItem(w) {
    const meta = [w.type, w.year, w.venue].filter((x) => x !== null && x !== undefined && x !== "");
    const links = [];
    if (w.doi) links.push(el("a", { href: "https://doi.org/" + w.doi, rel: "noopener noreferrer", text: "doi:" + w.doi }));
    if (w.openalex_id) links.push(el("a", { href: "https://openalex.org/" + w.openalex_id, rel: "noopener noreferrer", text: "OpenAlex" }));
    return el("li", { class: "work", "data-id": w.id }, [
      el("p", { class: "meta" }, meta.map((m, i) => el("span", { class: i === 0 ? "badge type" : "", text: String(m) }))),
      el("h3", { class: "title", text: w.title || w.id }),
      w.abstract ? el("details", { class: "abstract" }, [el("summary", { text: "Abstract" }), el("p", { text: w.abstract })]) : null,
      links.length ? el("p", { class: "links" }, links.flatMap((a, i) => (i ? [" · ", a] : [a]))) : null,
    ]);
  }

  async function loadWorks(index) {
    const status = $("works-status");
    const list = $("works-list");
    status.textContent = "Loading works…";
    list.setAttribute("aria-busy", "true");
    const cursor = cursors[index];
    const res = await api(base + "/works?limit=" + pageSize + (cursor ? "&cursor=" + encodeURIComponent(cursor) : ""));
    list.removeAttribute("aria-busy");
    if (!res.ok) { status.textContent = res.message; return; }
    page = index;
    nextCursor = res.data.next_cursor;
    if (nextCursor) cursors[index + 1] = nextCursor;
    list.start = index * pageSize + 1;
    list.replaceChildren(...res.data.data.map(workItem));
    status.textContent = res.data.data.length ? "" : "No works by this researcher in this graph yet.";
    $("works-page").textContent = "Page " + (index + 1);
    $("works-prev").disabled = index === 0;
    $("works-next").disabled = !nextCursor;
    main.dataset.worksPage = String(index + 1);
  }
  $("works-next").addEventListener("click", () => { if (nextCursor) loadWorks(page + 1); });
  $("works-prev").addEventListener("click", () => { if (page > 0) loadWorks(page - 1); });

  /* ---- collaborators ---- */
  async function loadCollaborators() {
    const all = $("collab-all").checked;
    const min = all ? 1 : closeMin;
    const status = $("collab-status");
    status.textContent = "Loading…";
    const res = await api(base + "/collaborators?min_shared=" + min + "&limit=200");
    if (!res.ok) { status.textContent = res.message; return; }
    const rows = res.data.data;
    status.textContent = rows.length ? "" : (all ? "No coauthors in this graph yet."
      : "No close collaborators (coauthors with at least " + min + " shared works) yet.");
    $("collab-list").replaceChildren(...rows.map((c) => el("li", {}, [
      el("a", { href: researcherUrl(c.id), text: c.name || c.id }), " ",
      el("span", { class: "muted", text: c.shared_works + (c.shared_works === 1 ? " shared work" : " shared works") })])));
  }
  $("collab-all").addEventListener("change", loadCollaborators);

  /* ---- topics, from the graph slice (most frequent first) ---- */
  function showTopics(slice) {
    const weights = new Map(slice.edges.filter((e) => e.kind === "topic").map((e) => [e.target, e.weight]));
    const topics = slice.nodes.filter((n) => n.kind === "topic");
    if (!topics.length) {
      $("topics-list").replaceChildren(el("li", { class: "muted", text: "No topics recorded for these works." }));
      return;
    }
    $("topics-list").replaceChildren(...topics.map((t) => el("li", {}, [t.label, " ",
      el("span", { class: "muted", text: "(" + (weights.get(t.id) || 0) + ")" })])));
    const hidden = (slice.more || {}).topics || 0;
    $("topics-more").textContent = hidden ? "and " + hidden + " more" : "";
  }

  /* ---- trust components (asked for only when a person wants them) ---- */
  $("trust-toggle").addEventListener("click", async () => {
    const btn = $("trust-toggle");
    const box = $("trust-components");
    const opening = btn.getAttribute("aria-expanded") !== "true";
    btn.setAttribute("aria-expanded", String(opening));
    btn.textContent = opening ? "Hide score components" : "Show score components";
    box.hidden = !opening;
    if (!opening || box.dataset.loaded) return;
    box.replaceChildren(el("p", { class: "muted", text: "Loading…" }));
    const res = await api(base + "/trust");
    if (!res.ok) {
      box.replaceChildren(el("p", { class: "muted", text: res.status === 503 ? res.message
        : "The score's components are not available on this server yet." }));
      return;
    }
    box.dataset.loaded = "1";
    const comps = res.data.components || [];
    const rows = Array.isArray(comps) ? comps : Object.entries(comps).map(([name, v]) =>
      (typeof v === "object" && v !== null ? Object.assign({ name: name }, v) : { name: name, points: v }));
    const table = el("table", { class: "components" }, [
      el("caption", { class: "visually-hidden", text: "Trust score components" }),
      el("thead", {}, el("tr", {}, [el("th", { scope: "col", text: "Component" }),
        el("th", { scope: "col", text: "Points" }), el("th", { scope: "col", text: "Why" })])),
      el("tbody", {}, rows.map((c) => el("tr", {}, [
        el("th", { scope: "row", text: c.label || c.name || c.id || "" }),
        el("td", { text: String(c.points ?? c.score ?? c.value ?? "") + (c.max !== undefined ? " / " + c.max : "") }),
        el("td", { text: c.reason || c.detail || c.explanation || "" })]))),
    ]);
    const total = res.data.score ?? res.data.trust_score;
    box.replaceChildren(...[total !== undefined ? el("p", { text: "Total " + total + (res.data.band ? " - " + res.data.band : "") }) : null, table].filter(Boolean));
  });

  /* ---- sign in with a token; follow and claim ---- */
  let following = null;

  function renderActions() {
    const signedIn = Boolean(token());
    $("signin").hidden = signedIn;
    $("signed-in").hidden = !signedIn;
    $("follow-btn").disabled = !signedIn;
    $("claim-btn").disabled = !signedIn;
    $("follow-btn").textContent = following ? "Unfollow" : "Follow";
    $("follow-btn").setAttribute("aria-pressed", following ? "true" : "false");
    $("action-reason").textContent = signedIn ? "" : "Sign in with an API token to follow or claim.";
  }

  async function refreshProfile() {
    const res = await api(base, { auth: true });
    if (!res.ok) return;
    const p = res.data;
    for (const node of document.querySelectorAll("[data-count]")) {
      const value = p[node.dataset.count];
      if (value !== undefined) node.querySelector("strong").textContent = String(value);
    }
    for (const key of ["following", "is_following", "followed_by_me"]) {
      if (typeof p[key] === "boolean") following = p[key];
    }
    renderActions();
  }

  $("signin").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const value = $("token").value.trim();
    if (!value) return;
    setToken(value);
    $("token").value = "";
    $("action-status").textContent = "Signed in.";
    renderActions();
    refreshProfile();
  });
  $("signout").addEventListener("click", () => {
    setToken(null);
    following = null;
    $("action-status").textContent = "Signed out.";
    renderActions();
  });

  $("follow-btn").addEventListener("click", async () => {
    const undo = Boolean(following);
    const res = await api(base + "/follow", { method: undo ? "DELETE" : "POST", auth: true });
    if (res.ok) {
      following = !undo;
      $("action-status").textContent = undo ? "You no longer follow this researcher." : "You follow this researcher.";
      await refreshProfile();
    } else {
      $("action-status").textContent = res.status === 404 || res.status === 405
        ? "Following is not available on this server yet." : res.message;
    }
    renderActions();
  });

  $("claim-btn").addEventListener("click", async () => {
    const res = await api(base + "/claims", { method: "POST", auth: true, body: {} });
    if (res.ok) {
      $("action-status").textContent = "Claim sent: a curator will review it.";
    } else if (res.status === 409) {
      $("action-status").textContent = "This record is already claimed or your claim is pending. " + (res.data && res.data.detail ? res.data.detail : "");
    } else {
      $("action-status").textContent = res.status === 404 || res.status === 405
        ? "Claiming is not available on this server yet." : res.message;
    }
  });

  /* ---- start ---- */
  renderActions();
  if (token()) refreshProfile();
  loadWorks(0);
  loadCollaborators();
  const explorer = window.GS.createExplorer($("graph"), {
    center: rid, status: $("graph-status"), details: $("node-details"),
    more: $("graph-more"), list: $("graph-list"), limit: Number(main.dataset.graphLimit) || null,
  });
  for (const box of document.querySelectorAll(".filters input[data-kind]")) {
    box.addEventListener("change", () => explorer.setKindVisible(box.dataset.kind, box.checked));
  }
  explorer.load().then((slice) => { if (slice) showTopics(slice); });
})();
