/* Review of one upload (/review/{id}?part=N): the page image with the words each field was read from boxed,
   why the document waits for a person, the case candidates with their evidence, every field editable.
   Keys: Enter saves (and confirms the document), N opens the next document of the queue, 1–9 choose a case
   candidate, Escape leaves a field so that the keys work. A refused save keeps what was typed and says why
   under each field. */
"use strict";
(function () {
  const { t, api, el, toast, formatDate } = window.HOSO;
  const root = document.getElementById("review-doc");
  const docId = Number(root.dataset.document);
  const $ = (id) => document.getElementById(id);
  const image = $("page-image");
  const zoom = new window.HOSO.ZoomView($("stage"), $("canvas"), image, { keyboard: true });
  const state = { position: Number(root.dataset.part) || 1, data: null, page: 1, focus: null, chosenCase: null };
  const FIELDS = ["number", "date", "issuer"];

  // --- Loading -------------------------------------------------------------------------------------
  async function load() {
    state.data = await api("GET", `/api/review/${docId}?part=${state.position}`);
    state.chosenCase = null;
    render();
  }

  function render() {
    const { document: doc, part, parts } = state.data;
    $("queue-size").textContent = "· " + t("review.queue_size", { n: state.data.queue_size });
    $("part-title").textContent = part ? part.title : doc.filename;
    $("part-where").textContent = doc.filename + (part ? " · " + pagesText(part) + (part.total > 1
      ? " · " + t("parts.position", { n: part.position, total: part.total }) : "") : "");
    renderReasons(doc, part);
    renderTabs(parts, part);
    $("failure").classList.toggle("hidden", !doc.failure_reason);
    $("failure").textContent = doc.failure_reason ? t("status.failed") + ": " + doc.failure_reason : "";
    $("fields-form").classList.toggle("hidden", !part);
    $("case-panel").classList.toggle("hidden", !part);
    $("open-viewer").href = `/documents/${docId}?page=${part ? part.first_page : 1}`;
    if (part) { fillForm(part); renderCase(doc, part); }
    const evidencePage = part && state.data.evidence.number ? state.data.evidence.number.page : null;
    showPage(evidencePage || (part ? part.first_page : 1));
  }

  const pagesText = (p) => (p.first_page === p.last_page ? t("parts.page_one", { page: p.first_page })
    : t("parts.page_range", { first: p.first_page, last: p.last_page }));

  function renderReasons(doc, part) {
    const reasons = part ? part.reasons : doc.reasons;
    const badges = reasons.map((r) => el("span", { class: "badge review", "data-reason": r }, t("review.reason." + r)));
    for (const m of (part ? part.missing : [])) badges.push(el("span", { class: "badge", "data-missing": m }, t("review.missing." + m)));
    if (!doc.needs_review && doc.status === "done") badges.unshift(el("span", { class: "badge done" }, t("review.done")));
    $("reasons").replaceChildren(...badges);
  }

  function renderTabs(parts, part) {
    $("part-tabs").classList.toggle("hidden", parts.length < 2);
    $("part-tabs").replaceChildren(...parts.map((p) => el("button", {
      type: "button", class: "small" + (p.reasons.length ? " waits" : ""), "aria-current": part && p.id === part.id ? "true" : "false",
      onclick: () => { state.position = p.position; history.replaceState(null, "", `?part=${p.position}`); load().catch(fail); },
    }, t("parts.position", { n: p.position, total: p.total }) + " · " + p.label)));
  }

  // --- The form --------------------------------------------------------------------------------------
  function fillForm(part) {
    $("f-type").value = part.type || "";
    $("f-number").value = part.number || "";
    $("f-date").value = part.date ? formatDate(part.date) : "";
    $("f-issuer").value = part.issuer || "";
    $("people-rows").replaceChildren(...part.people.map(personRow));
    clearErrors();
    for (const name of FIELDS) {
      const found = state.data.evidence[name];
      const seen = document.querySelector(`[data-seen="${name}"]`);
      seen.textContent = !part[name] ? "" : found ? t("review.seen_on", { page: found.page }) : t("review.not_seen");
      seen.classList.toggle("muted", !found);
    }
  }

  function personRow(person, index) {
    const roles = state.data.roles;
    const select = el("select", { "aria-label": t("review.person_role"), class: "person-role" },
      el("option", { value: "" }, t("review.choose_role")),
      ...roles.map((r) => el("option", { value: r }, r)));
    select.value = person.role && roles.includes(person.role) ? person.role : "";
    const name = el("input", { class: "person-name", value: person.name || "", "aria-label": t("review.person_name"),
      autocomplete: "off", placeholder: t("review.person_name") });
    const row = el("div", { class: "person-row" }, name, select,
      el("button", { type: "button", class: "small link", "aria-label": t("review.person_remove"), title: t("review.person_remove"),
        onclick: () => row.remove() }, "✕"));
    name.addEventListener("focus", () => focusField("people", typeof index === "number" ? index : null));
    return row;
  }

  function readPeople() {
    return [...$("people-rows").querySelectorAll(".person-row")].map((row) => ({
      name: row.querySelector(".person-name").value, role: row.querySelector(".person-role").value }));
  }

  function clearErrors() {
    for (const node of document.querySelectorAll("[data-error]")) node.textContent = "";
    for (const node of document.querySelectorAll("#fields-form [aria-invalid]")) node.removeAttribute("aria-invalid");
    $("form-error").classList.add("hidden");
  }

  function showErrors(data) {
    for (const problem of data.errors || []) {
      const name = problem.loc[problem.loc.length - 1];
      const box = document.querySelector(`[data-error="${name}"]`);
      if (box) box.textContent = problem.reason;
      const input = $("f-" + name);
      if (input) input.setAttribute("aria-invalid", "true");
    }
    $("form-error").textContent = t("review.not_saved");
    $("form-error").classList.remove("hidden");
    const first = document.querySelector("#fields-form [aria-invalid]");
    if (first) first.focus();
  }

  async function save() {
    const part = state.data.part;
    if (!part) return;
    clearErrors();
    const body = { number: $("f-number").value, date: $("f-date").value, issuer: $("f-issuer").value,
      people: readPeople(), reviewed: true };
    if ($("f-type").value) body.type = $("f-type").value;
    if (state.chosenCase) body.case = state.chosenCase;
    const response = await fetch(`/api/documents/${docId}/parts/${part.id}/fields`, {
      method: "PATCH", credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json",
        "X-CSRF-Token": document.querySelector('meta[name="csrf-token"]').content },
      body: JSON.stringify(body),
    }).catch(() => null);
    if (!response) { toast(t("error.network"), true); return; }
    const data = await response.json().catch(() => ({}));
    if (response.status === 422 && data.errors) { showErrors(data); return; }
    if (!response.ok) { toast(typeof data.detail === "string" ? data.detail : t("error.title"), true); return; }
    toast(t("review.saved"));
    await load();
  }

  // --- Case candidates -------------------------------------------------------------------------------
  function renderCase(doc, part) {
    $("case-now").replaceChildren(part.case
      ? el("span", {}, t("review.case_now") + ": ", el("a", { href: `/cases/${encodeURIComponent(part.case)}` }, part.case),
        part.case_title ? " — " + part.case_title : "", " ", el("span", { class: "badge" }, t("link." + part.link)))
      : el("span", { class: "muted" }, t("review.case_none"), " ", el("span", { class: "badge review" }, t("link." + part.link))));
    const candidates = doc.link_candidates || [];
    if (!candidates.length) {
      $("candidates").replaceChildren(el("li", { class: "muted small" }, t("review.no_candidates")));
    } else {
      $("candidates").replaceChildren(...candidates.slice(0, 9).map((c, i) => el("li", {},
        el("button", { type: "button", class: "candidate", "data-case": c.case, "aria-pressed": "false",
          onclick: () => choose(c.case) },
          el("kbd", {}, String(i + 1)), " ", el("strong", {}, c.case), " ",
          el("span", { class: "muted small" }, t("review.candidate_score", { score: String(c.score).replace(".", ",") }))),
        el("ul", { class: "evidence small" }, ...(c.reasons || []).map((r) => el("li", {}, r))))));
    }
    $("case-other").value = "";
    showChosen();
  }

  function choose(code) {
    state.chosenCase = code && (!state.data.part || code !== state.data.part.case) ? code : null;
    showChosen();
  }

  function showChosen() {
    for (const b of document.querySelectorAll(".candidate")) b.setAttribute("aria-pressed", String(b.dataset.case === state.chosenCase));
    $("case-chosen").classList.toggle("hidden", !state.chosenCase);
    $("case-chosen").textContent = state.chosenCase ? t("review.case_chosen", { case: state.chosenCase }) : "";
  }

  window.CaseLookup.attach($("case-other"), (picked) => choose(picked.code), { fill: true });

  // --- The page and the boxes ------------------------------------------------------------------------
  async function showPage(number) {
    const total = state.data.document.page_count || 1;
    state.page = Math.max(1, Math.min(total, number));
    $("page-label").textContent = t("review.page_label", { page: state.page, total });
    await new Promise((resolve) => {
      image.onload = resolve; image.onerror = resolve;
      image.src = `/api/documents/${docId}/pages/${state.page}/image`;
    });
    zoom.setPage(image.naturalWidth, image.naturalHeight);
    zoom.fit();
    drawEvidence();
  }

  function evidenceOf(name, index) {
    const found = state.data.evidence[name];
    if (name === "people") return index === null ? (found || []).filter(Boolean) : [found && found[index]].filter(Boolean);
    return found ? [found] : [];
  }

  /* Every field's words on this page, the focused field's more strongly. */
  function drawEvidence() {
    const all = [];
    for (const name of [...FIELDS, "people"]) for (const e of evidenceOf(name, null)) if (e.page === state.page) all.push(...e.boxes);
    zoom.drawBoxes(all);
    if (!state.focus) return;
    for (const e of evidenceOf(state.focus.name, state.focus.index)) {
      if (e.page !== state.page) continue;
      for (const [x0, y0, x1, y1] of e.boxes) {
        const div = el("div", { class: "hl focus" });
        Object.assign(div.style, { left: x0 + "px", top: y0 + "px", width: x1 - x0 + "px", height: y1 - y0 + "px" });
        $("canvas").append(div);
      }
    }
  }

  /* A field's words, boxed strongly and brought into view with the lines around them. */
  async function focusField(name, index) {
    state.focus = { name, index };
    const [found] = evidenceOf(name, index);
    if (found && found.page !== state.page) await showPage(found.page);
    else drawEvidence();
    if (!found) return;
    const bounds = found.boxes.reduce((a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])]);
    // At least 60% of the page's width stays in view, so the words are read with what is around them.
    zoom.showRegion(bounds, Math.max(120, (0.6 * zoom.width - (bounds[2] - bounds[0])) / 2));
  }

  for (const name of FIELDS) $("f-" + name).addEventListener("focus", () => focusField(name, null));

  // --- Next document ---------------------------------------------------------------------------------
  function next() {
    const target = state.data && state.data.next_document;
    if (!target) { toast(t("review.no_next")); return; }
    location.href = `/review/${target}`;
  }

  // --- Controls and keys ----------------------------------------------------------------------------
  $("fields-form").addEventListener("submit", (ev) => { ev.preventDefault(); save().catch(fail); });
  $("add-person").addEventListener("click", () => {
    const row = personRow({ name: "", role: "" }, null);
    $("people-rows").append(row);
    row.querySelector("input").focus();
  });
  $("next-doc").addEventListener("click", next);
  $("prev-page").addEventListener("click", () => showPage(state.page - 1));
  $("next-page").addEventListener("click", () => showPage(state.page + 1));
  $("zoom-in").addEventListener("click", () => zoom.zoomAt(1.25));
  $("zoom-out").addEventListener("click", () => zoom.zoomAt(1 / 1.25));
  $("zoom-fit").addEventListener("click", () => zoom.fit());

  const typing = (target) => target.matches("input, select, textarea, [contenteditable]");
  document.addEventListener("keydown", (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key === "Escape" && typing(ev.target)) { ev.target.blur(); return; }
    if (ev.key === "Enter" && ev.target.tagName === "SELECT" && ev.target.closest("#fields-form")) {
      ev.preventDefault(); save().catch(fail); return;
    }
    if (typing(ev.target)) return;
    if (ev.key === "n" || ev.key === "N") { ev.preventDefault(); next(); }
    else if (/^[1-9]$/.test(ev.key)) {
      const button = document.querySelectorAll(".candidate")[Number(ev.key) - 1];
      if (button) { ev.preventDefault(); choose(button.dataset.case); }
    } else if (ev.key === "Enter" && ev.target === document.body) { ev.preventDefault(); save().catch(fail); }
  });

  function fail(err) { toast(err.message || t("error.title"), true); }
  load().catch(fail);
})();
