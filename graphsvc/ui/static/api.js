/* graphsvc explorer: a small client for the JSON API, shared by every page.
   Every request goes to this page's own origin; nothing is loaded from elsewhere. */
"use strict";
(function () {
  const TOKEN_KEY = "graphsvc.token";

  function token() {
    try { return sessionStorage.getItem(TOKEN_KEY); } catch (e) { return null; }
  }
  function setToken(value) {
    try {
      if (value) sessionStorage.setItem(TOKEN_KEY, value); else sessionStorage.removeItem(TOKEN_KEY);
    } catch (e) { /* storage disabled: stay signed out */ }
  }

  /* A message a person can act on, for each way a request can fail. */
  function friendly(status, detail) {
    if (status === 0) return "graphsvc cannot be reached. Check your connection and try again.";
    if (status === 503) return "The graph engine is not answering right now. Please try again in a minute.";
    if (status === 401) return "Your token was not accepted. Sign in again with a valid token.";
    if (status === 403) return "Your account may not do this.";
    if (status === 404) return detail || "Not found.";
    if (status === 405) return "This server does not offer that yet.";
    if (status === 409) return detail || "That conflicts with the current state.";
    return detail || ("The request failed (" + status + ").");
  }

  /* fetch() on this origin; resolves to {ok, status, data, message}, never throws. */
  async function api(path, options) {
    const opts = Object.assign({ method: "GET" }, options || {});
    const headers = { "Accept": "application/json" };
    if (opts.auth && token()) headers["Authorization"] = "Bearer " + token();
    if (opts.body !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
      response = await fetch(path, {
        method: opts.method, headers: headers, credentials: "same-origin",
        body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
      });
    } catch (e) {
      return { ok: false, status: 0, data: null, message: friendly(0) };
    }
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    const detail = data && typeof data.detail === "string" ? data.detail : null;
    return {
      ok: response.ok, status: response.status, data: data,
      message: response.ok ? "" : friendly(response.status, detail),
    };
  }

  /* Element builder: text only (never innerHTML), so data can never become markup. */
  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "text") node.textContent = value;
      else if (key === "class") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of [].concat(children || [])) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function researcherUrl(id) { return "/ui/researchers/" + encodeURIComponent(id); }
  function workUrl(id) { return "/ui/works/" + encodeURIComponent(id); }
  function enc(id) { return encodeURIComponent(id); }

  window.GS = { api, el, token, setToken, friendly, researcherUrl, workUrl, enc };
})();
