/* Case look-up: one suggestion box for every field where a person names a case.

   Typed text goes to GET /api/case-lookup (code, title or a person's name; accents optional; only the cases
   the person may see). The suggestions are an ARIA combobox: ArrowDown/ArrowUp move (and open the list),
   Enter picks the marked case, Escape closes the list, Tab leaves it; the mouse works too.

   Use from any page (this file is loaded by base.html after common.js):

     const lookup = CaseLookup.attach(inputElement, (picked) => { ... }, options);

   `picked` is {code, title, kind, kind_label, unit_name, registered_on, restricted, person}; the input then
   holds picked.code. The input also fires a "case-pick" event with the same object as `detail`.
   options (all optional):
     list:   the <ul> for the suggestions (made next to the input when missing)
     limit:  how many suggestions (default 8, at most 20)
     fill:   false to leave the input's text as typed when a case is picked
   The returned object has close(), clear() and picked() (the last case picked, or null once the text changes).

   In a template: {% from "macros/case_lookup.html" import case_lookup %} then
   {{ case_lookup("my-id", label, name="case", pick="code"|"keep"|"open") }} renders a labelled input with
   data-case-lookup, attached on load (pick="open" opens the picked case's page); listen for "case-pick" on it,
   or call attach() on it yourself first to pass onPick. */
"use strict";
(function () {
  const { t, api, el, debounce } = window.HOSO;
  let counter = 0;

  function formatDate(iso) { return iso ? window.HOSO.formatDate(iso) : ""; }
  function capital(text) { return text ? text.charAt(0).toUpperCase() + text.slice(1) : text; }

  function attach(input, onPick, options) {
    if (input.caseLookup) return input.caseLookup;
    const opts = Object.assign({ limit: 8, fill: true }, options || {});
    const id = input.id || `case-lookup-${++counter}`;
    input.id = id;
    let list = opts.list || (input.getAttribute("aria-controls") && document.getElementById(input.getAttribute("aria-controls")));
    if (!list) {
      list = el("ul", { class: "suggest-list hidden", role: "listbox" });
      input.after(list);
    }
    list.id = list.id || `${id}-list`;
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", t("lookup.suggestions"));
    const status = el("span", { class: "sr-only", role: "status", "aria-live": "polite" });
    list.after(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("autocomplete", "off");
    if (!input.placeholder) input.placeholder = t("lookup.placeholder");

    let cases = [];
    let active = -1;
    let picked = null;
    let asked = 0; // answers to older questions are dropped

    function options_() { return [...list.querySelectorAll('[role="option"]')]; }

    function mark(index) {
      const items = options_();
      active = items.length ? (index + items.length) % items.length : -1;
      items.forEach((item, i) => item.setAttribute("aria-selected", String(i === active)));
      if (active >= 0) {
        input.setAttribute("aria-activedescendant", items[active].id);
        items[active].scrollIntoView({ block: "nearest" });
      } else input.removeAttribute("aria-activedescendant");
    }

    function open() {
      list.classList.remove("hidden");
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      list.classList.add("hidden");
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function isOpen() { return !list.classList.contains("hidden"); }

    function choose(index) {
      const found = cases[index];
      if (!found) return;
      picked = found;
      if (opts.fill) input.value = found.code;
      close();
      status.textContent = t("lookup.picked", { code: found.code });
      if (onPick) onPick(found);
      input.dispatchEvent(new CustomEvent("case-pick", { detail: found, bubbles: true }));
    }

    function show(found) {
      cases = found;
      active = -1;
      if (!found.length) {
        list.replaceChildren(el("li", { class: "lookup-empty", role: "presentation" }, t("lookup.none")));
        status.textContent = t("lookup.none");
        open();
        return;
      }
      list.replaceChildren(...found.map((c, index) => {
        const meta = [c.kind_label, c.unit_name, c.registered_on ? t("lookup.registered", { date: formatDate(c.registered_on) }) : ""]
          .filter(Boolean).join(" · ");
        return el("li", {
          role: "option", id: `${list.id}-${index}`, "aria-selected": "false", "data-code": c.code,
          onmousedown: (ev) => { ev.preventDefault(); choose(index); },
          onmousemove: () => { if (active !== index) mark(index); },
        },
        el("span", {}, el("strong", {}, c.code), c.title ? el("span", { class: "lookup-title" }, " — " + c.title) : null),
        c.person ? el("span", { class: "lookup-meta" }, t("lookup.person", { role: capital(c.person.role) || t("lookup.person_role"), name: c.person.name })) : null,
        meta ? el("span", { class: "lookup-meta" }, meta) : null);
      }));
      status.textContent = t("lookup.count", { n: found.length });
      open();
    }

    const ask = debounce(async () => {
      const q = input.value.trim();
      const mine = ++asked;
      if (!q) { cases = []; close(); return; }
      try {
        const data = await api("GET", `/api/case-lookup?limit=${opts.limit}&q=${encodeURIComponent(q)}`);
        if (mine === asked && document.activeElement === input) show(data.cases);
      } catch (err) {
        if (mine !== asked) return;
        list.replaceChildren(el("li", { class: "lookup-empty", role: "presentation" }, err.message));
        open();
      }
    }, 200);

    input.addEventListener("input", () => { picked = null; ask(); });
    input.addEventListener("keydown", (ev) => {
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        ev.preventDefault();
        if (!isOpen()) { if (cases.length) { open(); mark(ev.key === "ArrowDown" ? 0 : cases.length - 1); } else ask(); return; }
        mark(active < 0 && ev.key === "ArrowUp" ? -1 : active + (ev.key === "ArrowDown" ? 1 : -1));
      } else if (ev.key === "Enter") {
        if (isOpen() && active >= 0) { ev.preventDefault(); choose(active); }
      } else if (ev.key === "Escape") {
        if (isOpen()) { ev.preventDefault(); ev.stopPropagation(); close(); }
      } else if (ev.key === "Tab") close();
    });
    input.addEventListener("blur", () => setTimeout(close, 120));

    const handle = { close, clear() { input.value = ""; picked = null; cases = []; close(); }, picked: () => picked, input };
    input.caseLookup = handle;
    return handle;
  }

  /* Fields rendered by the template macro: data-case-lookup="code" | "keep" | "open" (go to the case's page). */
  function attachAll(root) {
    for (const input of (root || document).querySelectorAll("input[data-case-lookup]")) {
      const mode = input.dataset.caseLookup;
      const go = mode === "open" ? (c) => { window.location.href = "/cases/" + encodeURIComponent(c.code); } : null;
      attach(input, go, { fill: mode !== "keep" });
    }
  }

  window.CaseLookup = { attach, attachAll };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => attachAll());
  else attachAll();
})();
