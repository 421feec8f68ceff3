/* Search box with autocomplete (a WAI-ARIA combobox): type, use the arrow keys, Enter. */
"use strict";
(function () {
  const { api, el, researcherUrl, workUrl } = window.GS;
  const DELAY_MS = 150;

  function attach(input) {
    const list = document.getElementById(input.getAttribute("aria-controls"));
    let options = [];
    let active = -1;
    let timer = null;
    let seq = 0;

    function close() {
      list.hidden = true;
      list.replaceChildren();
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      options = [];
      active = -1;
    }

    function highlight(index) {
      options.forEach((o, i) => o.node.setAttribute("aria-selected", i === index ? "true" : "false"));
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].node.id);
        options[index].node.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function open(option) { window.location.assign(option.href); }

    function render(data, text) {
      list.dataset.query = text;  /* which text these suggestions answer */
      list.replaceChildren();
      options = [];
      active = -1;
      const rows = [];
      for (const r of data.researchers) {
        rows.push({ kind: "researcher", id: r.id, href: researcherUrl(r.id),
          main: r.name || r.id, extra: r.works_count + (r.works_count === 1 ? " work" : " works") });
      }
      for (const w of data.works) {
        rows.push({ kind: "work", id: w.id, href: workUrl(w.id),
          main: w.title || w.id, extra: w.year ? String(w.year) : "" });
      }
      if (!rows.length) {
        list.append(el("li", { class: "empty", role: "presentation", text: "No matches" }));
      }
      rows.forEach((row, i) => {
        const node = el("li", {
          id: input.id + "-opt-" + i, role: "option", "aria-selected": "false",
          class: "option kind-" + row.kind, "data-kind": row.kind, "data-id": row.id,
        }, [
          el("span", { class: "kind-tag", text: row.kind === "work" ? "Work" : "Researcher" }),
          el("span", { class: "main", text: row.main }),
          row.extra ? el("span", { class: "muted", text: row.extra }) : null,
        ]);
        node.addEventListener("mousedown", (ev) => { ev.preventDefault(); open(row); });
        list.append(node);
        options.push(Object.assign({ node: node }, row));
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    async function suggest() {
      const text = input.value.trim();
      const mine = ++seq;
      if (text.length < 2) { close(); return; }
      const res = await api("/search?limit=8&q=" + encodeURIComponent(text));
      if (mine !== seq) return;  /* a newer keystroke won */
      if (!res.ok) {
        close();
        if (res.status === 503 || res.status === 0) {
          list.append(el("li", { class: "empty", role: "presentation", text: res.message }));
          list.hidden = false;
        }
        return;
      }
      render(res.data, text);
    }

    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(suggest, DELAY_MS);
    });
    input.addEventListener("keydown", (ev) => {
      if (ev.key === "ArrowDown" && options.length) {
        ev.preventDefault();
        highlight((active + 1) % options.length);
      } else if (ev.key === "ArrowUp" && options.length) {
        ev.preventDefault();
        highlight(active <= 0 ? options.length - 1 : active - 1);
      } else if (ev.key === "Enter" && active >= 0) {
        ev.preventDefault();
        open(options[active]);
      } else if (ev.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", () => setTimeout(close, 100));
  }

  /* The front page with ?q=: the full result lists. */
  async function results() {
    const section = document.getElementById("results");
    if (!section) return;
    const q = new URLSearchParams(window.location.search).get("q");
    if (!q || !q.trim()) return;
    const input = document.getElementById("q");
    input.value = q;
    section.hidden = false;
    const status = document.getElementById("results-status");
    status.textContent = "Searching…";
    const res = await api("/search?limit=50&q=" + encodeURIComponent(q));
    const people = document.getElementById("results-researchers");
    const works = document.getElementById("results-works");
    if (!res.ok) { status.textContent = res.message; return; }
    const d = res.data;
    status.textContent = d.researchers.length + " researchers and " + d.works.length + " works match.";
    people.replaceChildren(...d.researchers.map((r) => el("li", {}, [
      el("a", { href: researcherUrl(r.id), text: r.name || r.id }), " ",
      el("span", { class: "muted", text: r.works_count + " works" })])));
    works.replaceChildren(...d.works.map((w) => el("li", {}, [
      el("a", { href: workUrl(w.id), text: w.title || w.id }), " ",
      el("span", { class: "muted", text: w.year || "" })])));
    if (!d.researchers.length) people.append(el("li", { class: "muted", text: "No researchers." }));
    if (!d.works.length) works.append(el("li", { class: "muted", text: "No works." }));
  }

  document.querySelectorAll("input[data-autocomplete]").forEach(attach);
  results();
})();
