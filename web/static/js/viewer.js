/* Document viewer: page image with zoom and pan (mouse or keyboard), thumbnails grouped by the documents
   inside the upload, search hits drawn from word boxes, the OCR text beside it; the document the current
   page belongs to ("part 2 of 3") with its own type, number, date and case, navigation between documents, and
   for staff its correction: type, split at this page, merge with the next, move to another case; adding the
   page (or a region of it) to an exhibit set. */
"use strict";
(function () {
  const { t, api, el, toast, formatDate, typeLabel } = window.HOSO;
  const root = document.getElementById("viewer");
  const docId = Number(root.dataset.document);
  const canCorrect = root.dataset.canCorrect === "true";
  const canExhibit = root.dataset.canExhibit === "true";
  const state = { page: Number(root.dataset.page) || 1, q: root.dataset.q || "", doc: null, pages: [], boxes: [] };
  const $ = (id) => document.getElementById(id);
  const image = $("page-image");
  const zoom = new window.HOSO.ZoomView($("stage"), $("canvas"), image, {
    keyboard: true, onSelect: (box) => addToSet(box), onCancel: () => $("region-hint")?.classList.add("hidden"),
  });

  // --- Loading ---------------------------------------------------------------------------------------
  async function loadDocument() {
    state.doc = await api("GET", `/api/documents/${docId}`);
    showMeta();
    if (state.doc.status !== "done" && state.doc.status !== "failed") setTimeout(loadDocument, 2000);
    const data = await api("GET", `/api/documents/${docId}/pages`);
    const changed = data.pages.length !== state.pages.length;
    state.pages = data.pages;
    buildThumbs();
    if (changed && state.pages.length) await showPage(Math.min(state.page, state.pages.length));
    else showPart();
  }

  const parts = () => (state.doc && state.doc.parts) || [];
  const partOf = (number) => parts().find((p) => p.first_page <= number && number <= p.last_page) || null;
  const pagesText = (p) => (p.first_page === p.last_page ? t("parts.page_one", { page: p.first_page })
    : t("parts.page_range", { first: p.first_page, last: p.last_page }));

  /* Thumbnails, with the start of each document inside the upload marked with its part number. */
  function buildThumbs() {
    const items = [];
    for (const p of state.pages) {
      const part = partOf(p.number);
      if (part && part.first_page === p.number && part.total > 1) {
        items.push(el("div", { class: "thumb-part", "data-part": part.id, title: part.title },
          t("parts.position", { n: part.position, total: part.total })));
      }
      items.push(el("button", {
        type: "button", "data-page": p.number, "data-part": part ? part.id : "",
        "aria-label": `${t("common.page")} ${p.number}${part ? " — " + part.title : ""}`,
        onclick: () => showPage(p.number),
      }, el("img", { loading: "lazy", alt: "", src: `/api/documents/${docId}/pages/${p.number}/thumbnail` }),
      el("span", {}, `${p.number}`)));
    }
    $("thumbs").replaceChildren(...items);
    markThumbs();
  }

  function markThumbs() {
    const part = partOf(state.page);
    for (const b of $("thumbs").querySelectorAll("button")) {
      const current = Number(b.dataset.page) === state.page;
      b.setAttribute("aria-current", current ? "true" : "false");
      b.classList.toggle("in-part", Boolean(part) && b.dataset.part === String(part.id));
      if (current) b.scrollIntoView({ block: "nearest", inline: "nearest" });
    }
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
    $("ocr-info").textContent = page.kind && page.kind !== "text" ? t("viewer.page_kind." + page.kind)
      : page.source === "ocr" ? t("viewer.ocr_confidence", { value: Math.round(page.confidence * 100) }) : "";
    showText(page.text);
    markThumbs();
    showPart();
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
    const pieces = text.split(/([\p{L}\p{N}]+)/u);
    box.replaceChildren(...pieces.map((piece) => (words.has(fold(piece)) ? el("mark", {}, piece) : document.createTextNode(piece))));
    const first = box.querySelector("mark");
    if (first) box.scrollTop = first.offsetTop - box.offsetTop - 40;
  }

  // --- The document the page belongs to ------------------------------------------------------------------
  function caseLink(code, title) {
    return code ? el("a", { href: `/cases/${encodeURIComponent(code)}` }, `${code}${title ? " — " + title : ""}`) : t("common.unlinked");
  }

  function showPart() {
    const d = state.doc;
    if (!d) return;
    const part = partOf(state.page);
    const label = $("part-label");
    label.classList.toggle("hidden", !part);
    if (!part) {
      $("part-position").textContent = "";
      $("part-pages").textContent = "";
      $("part-title").textContent = d.type_label || d.filename;
      $("part-state").replaceChildren(el("span", { class: "muted small" }, t("parts.none")));
      $("part-meta").replaceChildren();
      $("part-prev").disabled = true; $("part-next").disabled = true;
      if (canCorrect) showCorrection(null);
      if (canExhibit) loadSets().catch((err) => toast(err.message, true));
      return;
    }
    label.textContent = t("parts.position", { n: part.position, total: part.total });
    $("part-position").textContent = t("parts.position", { n: part.position, total: part.total });
    $("part-pages").textContent = "· " + pagesText(part);
    $("part-title").textContent = part.label || typeLabel(part.type);
    const badges = [];
    if (part.confirmed) badges.push(el("span", { class: "badge done" }, t("parts.confirmed")));
    else if (part.needs_review) badges.push(el("span", { class: "badge review" }, t("viewer.needs_review")));
    else if (part.confidence) badges.push(el("span", { class: "muted small" }, `${t("viewer.confidence")}: ${Math.round(part.confidence * 100)}%`));
    // Why it waits for a person, and for staff the way to finish it.
    for (const reason of part.reasons || []) badges.push(el("span", { class: "badge review" }, t("review.reason." + reason)));
    if (canCorrect && (part.reasons || []).length) {
      badges.push(el("a", { class: "button small", href: `/review/${docId}?part=${part.position}` }, t("review.open")));
    }
    $("part-state").replaceChildren(...badges);
    const rows = [
      [t("viewer.number"), part.number || ""],
      [t("viewer.doc_date"), formatDate(part.date)],
      [t("viewer.issuer"), part.issuer || ""],
      [t("common.case"), caseLink(part.case, part.case_title)],
      [t("viewer.people"), (part.people || []).map((p) => p.name + (p.role ? ` (${p.role})` : "")).join("; ")],
      [t("viewer.articles"), (part.articles || []).join("; ")],
    ].filter(([, v]) => v !== "");
    $("part-meta").replaceChildren(...rows.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
    const list = parts();
    const index = list.indexOf(part);
    $("part-prev").disabled = index <= 0;
    $("part-next").disabled = index < 0 || index >= list.length - 1;
    if (canCorrect) showCorrection(part);
    if (canExhibit) loadSets().catch((err) => toast(err.message, true));
  }

  function goPart(delta) {
    const list = parts();
    const index = list.indexOf(partOf(state.page));
    const target = list[index + delta];
    if (index >= 0 && target) showPage(target.first_page);
  }

  function showMeta() {
    const d = state.doc;
    const status = $("doc-status");
    if (d.status === "processing" || d.status === "queued") status.textContent = t("viewer.processing", { done: d.pages_done, total: d.page_count });
    else if (d.status === "failed") status.textContent = t("viewer.failed", { reason: d.failure_reason || "" });
    else status.textContent = d.needs_review ? t("viewer.needs_review") : "";
    $("doc-title").textContent = d.filename;
    const rows = [
      [t("common.pages").replace(/^./, (c) => c.toUpperCase()), String(d.page_count)],
      [t("parts.heading"), parts().length ? String(parts()[0].total) : ""],
      [t("common.status"), t("status." + d.status)],
      [t("viewer.sha256"), el("span", { class: "mono" }, d.sha256)],
    ].filter(([, v]) => v !== "");
    $("doc-meta").replaceChildren(...rows.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
    $("original-link").href = `/api/documents/${docId}/original`;
    $("copy-link").href = `/api/documents/${docId}/pdf`;
  }

  // --- Correction --------------------------------------------------------------------------------------
  function showCorrection(part) {
    const d = state.doc;
    $("type-select").value = (part ? part.type : d.type) || "";
    $("mark-reviewed").classList.toggle("hidden", !d.needs_review);
    const list = parts();
    const index = part ? list.indexOf(part) : -1;
    const next = index >= 0 ? list[index + 1] : null;
    const split = $("split-here"), merge = $("merge-next");
    split.disabled = !part || part.first_page === part.last_page || state.page === part.first_page;
    merge.disabled = !next;
    const hints = [];
    if (part && part.first_page === part.last_page) hints.push(t("parts.split_single"));
    else if (part && state.page === part.first_page) hints.push(t("parts.split_first", { page: state.page }));
    else if (part) hints.push(t("parts.split_hint", { page: state.page, first: part.first_page, last: part.last_page }));
    if (next) hints.push(t("parts.merge_hint", { first: next.first_page, last: next.last_page }));
    else if (part) hints.push(t("parts.merge_last"));
    $("split-hint").textContent = hints.join(" ");
    const candidates = (d.link_candidates || []).map((c) => (typeof c === "string" ? c : c.case || c.code)).filter(Boolean)
      .filter((code) => !part || code !== part.case);
    $("candidates").replaceChildren(...(candidates.length ? [el("span", { class: "muted small" }, t("viewer.link_candidates") + ":")] : []),
      ...candidates.map((code) => el("button", { type: "button", class: "small", onclick: () => picker.set(code) }, code)));
  }

  /* Run one change, show its message (or the server's reason, keeping what was typed), then reload. */
  async function change(call, done) {
    try {
      const result = await call();
      await loadDocument();
      toast(done(result));
      return result;
    } catch (err) { toast(err.message, true); return null; }
  }

  function saveType() {
    const code = $("type-select").value;
    if (!code) return;
    const part = partOf(state.page);
    change(() => (part ? api("PATCH", `/api/documents/${docId}/parts/${part.id}`, { type: code })
      : api("PATCH", `/api/documents/${docId}`, { type: code })), () => t("common.saved"));
  }

  function splitHere() {
    const part = partOf(state.page);
    if (!part) return;
    const page = state.page;
    change(() => api("POST", `/api/documents/${docId}/parts/${part.id}/split`, { page }),
      () => t("parts.split_done", { page }));
  }

  function mergeNext() {
    const part = partOf(state.page);
    if (!part) return;
    change(() => api("POST", `/api/documents/${docId}/parts/${part.id}/merge`), () => {
      const joined = partOf(state.page);
      return t("parts.merge_done", { first: joined ? joined.first_page : part.first_page, last: joined ? joined.last_page : part.last_page });
    });
  }

  async function movePart() {
    const code = picker.value();
    if (!code) { toast(t("parts.move_empty"), true); $("move-case").focus(); return; }
    const part = partOf(state.page);
    const result = await change(() => (part ? api("POST", `/api/documents/${docId}/parts/${part.id}/move`, { case: code })
      : api("PATCH", `/api/documents/${docId}`, { case: code })), () => t("parts.move_done", { case: code }));
    if (result) picker.clear();
  }

  /* A case picker on its own: the cases the person sees, looked up by code or title without accents.
     Everything it needs is passed in and it returns { value, set, clear }, so that a shared case-lookup
     component can take its place. */
  function casePicker(input, list) {
    let cases = null;
    let chosen = "";
    const fold = (s) => String(s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[\u0111\u0110]/g, "d").toLowerCase();
    async function load() {
      if (!cases) cases = (await api("GET", "/api/cases?limit=500")).cases.map((c) => ({ ...c, key: fold(`${c.code} ${c.title}`) }));
      return cases;
    }
    function close() { list.classList.add("hidden"); input.setAttribute("aria-expanded", "false"); }
    function pick(c) { chosen = c.code; input.value = c.code; close(); input.focus(); }
    async function suggest() {
      chosen = "";
      const words = fold(input.value).split(/\s+/).filter(Boolean);
      if (!words.length) { close(); return; }
      let found;
      try { found = (await load()).filter((c) => words.every((w) => c.key.includes(w))).slice(0, 8); } catch (err) { toast(err.message, true); return; }
      list.replaceChildren(...(found.length ? found.map((c) => el("li", { role: "option" },
        el("button", { type: "button", class: "link-like", "data-code": c.code, onclick: () => pick(c) },
          el("strong", {}, c.code), ` — ${c.title}`)))
        : [el("li", { class: "muted small" }, t("parts.no_cases"))]));
      list.classList.remove("hidden");
      input.setAttribute("aria-expanded", "true");
    }
    input.addEventListener("input", window.HOSO.debounce(suggest, 200));
    input.addEventListener("keydown", (ev) => {
      if (ev.key === "ArrowDown") { const first = list.querySelector("button"); if (first) { ev.preventDefault(); first.focus(); } }
      else if (ev.key === "Escape") close();
    });
    list.addEventListener("keydown", (ev) => {
      const buttons = [...list.querySelectorAll("button")];
      const at = buttons.indexOf(document.activeElement);
      if (ev.key === "ArrowDown" && at < buttons.length - 1) { ev.preventDefault(); buttons[at + 1].focus(); }
      else if (ev.key === "ArrowUp") { ev.preventDefault(); (at > 0 ? buttons[at - 1] : input).focus(); }
      else if (ev.key === "Escape") { close(); input.focus(); }
    });
    return {
      value: () => chosen || input.value.trim(),
      set: (code) => { chosen = code; input.value = code; close(); },
      clear: () => { chosen = ""; input.value = ""; close(); },
    };
  }

  let picker = null;
  if (canCorrect) {
    picker = casePicker($("move-case"), $("move-suggest"));
    $("save-type").addEventListener("click", saveType);
    $("split-here").addEventListener("click", splitHere);
    $("merge-next").addEventListener("click", mergeNext);
    $("move-part").addEventListener("click", movePart);
    $("mark-reviewed").addEventListener("click", () => change(() => api("PATCH", `/api/documents/${docId}`, { reviewed: true }), () => t("common.saved")));
  }

  // --- Exhibit sets ------------------------------------------------------------------------------------
  // Exhibits of a case come from that case's pages: the sets offered are those of the current page's case.
  const pageCase = () => { const part = partOf(state.page); return part ? part.case : (parts().length ? null : state.doc.case); };
  let setsLoadedFor = null;
  async function loadSets() {
    const code = pageCase();
    if (!code || setsLoadedFor === code) { if (!code) $("exhibit-panel").classList.add("hidden"); return; }
    setsLoadedFor = code;
    $("exhibit-panel").classList.remove("hidden");
    const data = await api("GET", `/api/exhibit-sets?case=${encodeURIComponent(code)}`);
    const select = $("set-select");
    select.replaceChildren(...data.sets.map((s) => el("option", { value: s.id }, `${s.title}${s.hearing_on ? " · " + formatDate(s.hearing_on) : ""}`)),
      el("option", { value: "new" }, t("viewer.new_set")));
    const remembered = sessionStorage.getItem("hoso.set." + code);
    if (remembered && [...select.options].some((o) => o.value === remembered)) select.value = remembered;
    toggleNewSet();
  }
  function toggleNewSet() { $("new-set").classList.toggle("hidden", $("set-select").value !== "new"); }

  async function addToSet(region) {
    zoom.setSelectMode(false);
    $("region-hint").classList.add("hidden");
    try {
      let setId = $("set-select").value;
      const code = pageCase();
      if (setId === "new") {
        const created = await api("POST", "/api/exhibit-sets", {
          case: code, title: $("new-set-title").value.trim(), hearing_on: $("new-set-date").value || null,
        });
        setId = String(created.id);
        setsLoadedFor = null;
        sessionStorage.setItem("hoso.set." + code, setId);
        await loadSets();
        $("set-select").value = setId;
        toggleNewSet();
      }
      const result = await api("POST", `/api/exhibit-sets/${setId}/items`, {
        document_id: docId, page: state.page, region: region || null, caption: $("caption").value.trim(),
        highlights: state.boxes.length ? state.boxes : null,
      });
      sessionStorage.setItem("hoso.set." + code, setId);
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
      $("region-hint").textContent = t("viewer.region_keys");
      $("region-hint").classList.remove("hidden");
      $("stage").focus();
    });
  }

  // --- Navigation --------------------------------------------------------------------------------------
  const go = (delta) => { const n = state.page + delta; if (n >= 1 && n <= state.pages.length) showPage(n); };
  $("prev").addEventListener("click", () => go(-1));
  $("next").addEventListener("click", () => go(1));
  $("part-prev").addEventListener("click", () => goPart(-1));
  $("part-next").addEventListener("click", () => goPart(1));
  $("zoom-in").addEventListener("click", () => zoom.zoomAt(1.25));
  $("zoom-out").addEventListener("click", () => zoom.zoomAt(1 / 1.25));
  $("zoom-fit").addEventListener("click", () => zoom.fit());
  document.addEventListener("keydown", (ev) => {
    if (ev.target.closest("input, textarea, select, .suggest-list") || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    if (ev.key === "ArrowLeft" || ev.key === "PageUp") go(-1);
    else if (ev.key === "ArrowRight" || ev.key === "PageDown") go(1);
    else if (ev.key === "[") goPart(-1);
    else if (ev.key === "]") goPart(1);
    else if (ev.key === "+" || ev.key === "=") zoom.zoomAt(1.25);
    else if (ev.key === "-") zoom.zoomAt(1 / 1.25);
    else if (ev.key === "0") zoom.fit();
    else if (ev.key === "Escape") { zoom.setSelectMode(false); $("region-hint")?.classList.add("hidden"); }
  });

  loadDocument().catch((err) => toast(err.message, true));
})();
