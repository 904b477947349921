/* Document viewer: page image with zoom and pan, thumbnails, search hits drawn from word boxes, the OCR
   text beside it, metadata with one-click correction, and adding the page (or a region) to an exhibit set. */
"use strict";
(function () {
  const { t, api, el, toast, formatDate } = window.HOSO;
  const root = document.getElementById("viewer");
  const docId = Number(root.dataset.document);
  const canCorrect = root.dataset.canCorrect === "true";
  const canExhibit = root.dataset.canExhibit === "true";
  const state = { page: Number(root.dataset.page) || 1, q: root.dataset.q || "", doc: null, pages: [], boxes: [] };
  const $ = (id) => document.getElementById(id);
  const image = $("page-image");
  const zoom = new window.HOSO.ZoomView($("stage"), $("canvas"), image, { onSelect: (box) => addToSet(box) });

  // --- Loading ---------------------------------------------------------------------------------------
  async function loadDocument() {
    state.doc = await api("GET", `/api/documents/${docId}`);
    showMeta();
    if (state.doc.status !== "done" && state.doc.status !== "failed") setTimeout(loadDocument, 2000);
    const data = await api("GET", `/api/documents/${docId}/pages`);
    const changed = data.pages.length !== state.pages.length;
    state.pages = data.pages;
    if (changed) { buildThumbs(); if (state.pages.length) await showPage(Math.min(state.page, state.pages.length)); }
  }

  function buildThumbs() {
    $("thumbs").replaceChildren(...state.pages.map((p) => el("button", {
      type: "button", "data-page": p.number, "aria-label": `${t("common.page")} ${p.number}`,
      onclick: () => showPage(p.number),
    }, el("img", { loading: "lazy", alt: "", src: `/api/documents/${docId}/pages/${p.number}/thumbnail` }),
    el("span", {}, `${p.number}`))));
  }

  async function showPage(number) {
    state.page = number;
    const q = state.q ? `?q=${encodeURIComponent(state.q)}` : "";
    const page = await api("GET", `/api/documents/${docId}/pages/${number}${q}`);
    state.boxes = page.boxes || [];
    await new Promise((resolve) => {
      image.onload = resolve; image.onerror = resolve;
      image.src = `/api/documents/${docId}/pages/${number}/image`;
    });
    zoom.setPage(page.width, page.height);
    zoom.drawBoxes(state.boxes);
    zoom.fit();
    $("page-label").textContent = `${t("common.page")} ${number}/${state.pages.length}`;
    $("hit-count").textContent = state.q ? t("viewer.hits", { n: state.boxes.length }) : "";
    $("ocr-info").textContent = page.source === "ocr" ? t("viewer.ocr_confidence", { value: Math.round(page.confidence * 100) }) : "";
    showText(page.text);
    for (const b of $("thumbs").querySelectorAll("button")) {
      const current = Number(b.dataset.page) === number;
      b.setAttribute("aria-current", current ? "true" : "false");
      if (current) b.scrollIntoView({ block: "nearest" });
    }
    const params = new URLSearchParams({ page: number });
    if (state.q) params.set("q", state.q);
    history.replaceState(null, "", `${location.pathname}?${params}`);
  }

  // Accent-insensitive marking of the query words in the OCR text (the server's boxes mark the image).
  function fold(s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[\u0111\u0110]/g, "d").toLowerCase(); }
  function showText(text) {
    const box = $("ocr-text");
    if (!text) { box.replaceChildren(el("span", { class: "muted" }, t("viewer.no_text"))); return; }
    const words = new Set((state.q.match(/[\p{L}\p{N}]+/gu) || []).map(fold));
    if (!words.size) { box.textContent = text; return; }
    const parts = text.split(/([\p{L}\p{N}]+)/u);
    box.replaceChildren(...parts.map((part) => (words.has(fold(part)) ? el("mark", {}, part) : document.createTextNode(part))));
    const first = box.querySelector("mark");
    if (first) box.scrollTop = first.offsetTop - box.offsetTop - 40;
  }

  function showMeta() {
    const d = state.doc;
    const status = $("doc-status");
    if (d.status === "processing" || d.status === "queued") status.textContent = t("viewer.processing", { done: d.pages_done, total: d.page_count });
    else if (d.status === "failed") status.textContent = t("viewer.failed", { reason: d.failure_reason || "" });
    else status.textContent = d.needs_review ? t("viewer.needs_review") : "";
    const f = d.fields || {};
    const rows = [
      [t("common.case"), d.case ? el("a", { href: `/cases/${encodeURIComponent(d.case)}` }, `${d.case}${d.case_title ? " — " + d.case_title : ""}`) : t("common.unlinked")],
      [t("common.type"), `${d.type_label}${d.type_confirmed ? " (" + t("viewer.type_confirmed") + ")" : d.type_confidence ? ` (${Math.round(d.type_confidence * 100)}%)` : ""}`],
      [t("viewer.number"), f.number || ""],
      [t("viewer.doc_date"), formatDate(d.doc_date || f.date)],
      [t("viewer.issuer"), f.issuer || ""],
      [t("viewer.articles"), (f.articles || []).join("; ")],
      [t("viewer.people"), (f.people || []).map((p) => (p.name ? p.name + (p.role ? ` (${p.role})` : "") : p)).join("; ")],
      [t("common.status"), t("status." + d.status)],
      [t("viewer.sha256"), el("span", { class: "mono" }, d.sha256)],
    ].filter(([, v]) => v !== "");
    $("doc-meta").replaceChildren(...rows.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
    $("original-link").href = `/api/documents/${docId}/original`;
    $("copy-link").href = `/api/documents/${docId}/pdf`;
    if (canCorrect) showCorrection();
    if (canExhibit) loadSets();
  }

  // --- Correction --------------------------------------------------------------------------------------
  function showCorrection() {
    const d = state.doc;
    $("type-select").value = d.type || "";
    if (document.activeElement !== $("case-field")) $("case-field").value = d.case || "";
    $("mark-reviewed").classList.toggle("hidden", !d.needs_review);
    const candidates = (d.link_candidates || []).map((c) => (typeof c === "string" ? c : c.case || c.code)).filter(Boolean);
    $("candidates").replaceChildren(...(candidates.length ? [el("span", { class: "muted small" }, t("viewer.link_candidates") + ":")] : []),
      ...candidates.map((code) => el("button", { type: "button", class: "small", onclick: () => correct({ case: code }) }, code)));
  }

  async function correct(body) {
    try {
      state.doc = await api("PATCH", `/api/documents/${docId}`, body);
      showMeta();
      toast(t("common.saved"));
    } catch (err) { toast(err.message, true); }
  }

  if (canCorrect) {
    $("save-type").addEventListener("click", () => { if ($("type-select").value) correct({ type: $("type-select").value }); });
    $("save-case").addEventListener("click", () => correct({ case: $("case-field").value.trim() }));
    $("mark-reviewed").addEventListener("click", () => correct({ reviewed: true }));
    $("case-field").addEventListener("input", window.HOSO.debounce(async () => {
      const q = $("case-field").value.trim();
      if (!q) return;
      const data = await api("GET", `/api/cases?limit=10&q=${encodeURIComponent(q)}`).catch(() => ({ cases: [] }));
      $("case-options").replaceChildren(...data.cases.map((c) => el("option", { value: c.code }, c.title)));
    }, 250));
  }

  // --- Exhibit sets ------------------------------------------------------------------------------------
  let setsLoadedFor = null;
  async function loadSets() {
    const d = state.doc;
    if (!d.case || setsLoadedFor === d.case) { if (!d.case) $("exhibit-panel").classList.add("hidden"); return; }
    setsLoadedFor = d.case;
    $("exhibit-panel").classList.remove("hidden");
    const data = await api("GET", `/api/exhibit-sets?case=${encodeURIComponent(d.case)}`);
    const select = $("set-select");
    select.replaceChildren(...data.sets.map((s) => el("option", { value: s.id }, `${s.title}${s.hearing_on ? " · " + formatDate(s.hearing_on) : ""}`)),
      el("option", { value: "new" }, t("viewer.new_set")));
    const remembered = sessionStorage.getItem("hoso.set." + d.case);
    if (remembered && [...select.options].some((o) => o.value === remembered)) select.value = remembered;
    toggleNewSet();
  }
  function toggleNewSet() { $("new-set").classList.toggle("hidden", $("set-select").value !== "new"); }

  async function addToSet(region) {
    zoom.setSelectMode(false);
    $("region-hint").classList.add("hidden");
    try {
      let setId = $("set-select").value;
      if (setId === "new") {
        const created = await api("POST", "/api/exhibit-sets", {
          case: state.doc.case, title: $("new-set-title").value.trim(), hearing_on: $("new-set-date").value || null,
        });
        setId = String(created.id);
        setsLoadedFor = null;
        sessionStorage.setItem("hoso.set." + state.doc.case, setId);
        await loadSets();
        $("set-select").value = setId;
        toggleNewSet();
      }
      const result = await api("POST", `/api/exhibit-sets/${setId}/items`, {
        document_id: docId, page: state.page, region: region || null, caption: $("caption").value.trim(),
        highlights: state.boxes.length ? state.boxes : null,
      });
      sessionStorage.setItem("hoso.set." + state.doc.case, setId);
      $("caption").value = "";
      const link = el("a", { href: `/exhibits/${setId}` }, result.added.label);
      toast(t("viewer.added", { label: result.added.label }));
      $("region-hint").replaceChildren(link);
      $("region-hint").classList.remove("hidden");
    } catch (err) { toast(err.message, true); }
  }

  if (canExhibit) {
    $("set-select").addEventListener("change", toggleNewSet);
    $("add-page").addEventListener("click", () => addToSet(null));
    $("add-region").addEventListener("click", () => {
      zoom.setSelectMode(true);
      $("region-hint").textContent = t("viewer.region_hint");
      $("region-hint").classList.remove("hidden");
    });
  }

  // --- Navigation --------------------------------------------------------------------------------------
  const go = (delta) => { const n = state.page + delta; if (n >= 1 && n <= state.pages.length) showPage(n); };
  $("prev").addEventListener("click", () => go(-1));
  $("next").addEventListener("click", () => go(1));
  $("zoom-in").addEventListener("click", () => zoom.zoomAt(1.25));
  $("zoom-out").addEventListener("click", () => zoom.zoomAt(1 / 1.25));
  $("zoom-fit").addEventListener("click", () => zoom.fit());
  document.addEventListener("keydown", (ev) => {
    if (ev.target.closest("input, textarea, select")) return;
    if (ev.key === "ArrowLeft" || ev.key === "PageUp") go(-1);
    else if (ev.key === "ArrowRight" || ev.key === "PageDown") go(1);
    else if (ev.key === "+" || ev.key === "=") zoom.zoomAt(1.25);
    else if (ev.key === "-") zoom.zoomAt(1 / 1.25);
    else if (ev.key === "0") zoom.fit();
    else if (ev.key === "Escape") { zoom.setSelectMode(false); $("region-hint")?.classList.add("hidden"); }
  });

  loadDocument().catch((err) => toast(err.message, true));
})();
