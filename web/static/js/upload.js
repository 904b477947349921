/* Upload page: drag-and-drop many files or a ZIP, a progress bar per file while sending, then the live
   processing status of every document it made (polled from /api/documents?ids=... until finished). */
"use strict";
(function () {
  const { t, api, el, toast } = window.HOSO;
  const POLL_MS = 1500;
  const dropzone = document.getElementById("dropzone");
  const input = document.getElementById("file-input");
  const list = document.getElementById("files");
  const recent = document.getElementById("recent");
  const caseInput = document.getElementById("case-input");
  const rows = new Map(); // document id -> row element
  let chosenCase = "";

  // --- Case chooser: the shared look-up (case_lookup.js); a typed code that was not picked is sent as typed ---
  window.CaseLookup.attach(caseInput, (c) => { chosenCase = c.code; });
  caseInput.addEventListener("input", () => { chosenCase = ""; });

  // --- Rows ----------------------------------------------------------------------------------------
  function makeRow(name) {
    const bar = el("div", { class: "bar" }, el("span"));
    const state = el("span", { class: "state" }, t("status.uploading"));
    const link = el("span");
    const row = el("li", { class: "file-row" }, el("span", { class: "file-name", title: name }, name), bar, state, link);
    row.parts = { bar, state, link };
    return row;
  }

  function setProgress(row, fraction, kind) {
    row.parts.bar.firstChild.style.width = Math.round(Math.max(0, Math.min(1, fraction)) * 100) + "%";
    row.parts.bar.className = "bar" + (kind ? " " + kind : "");
  }

  /* A document's row tells the truth: a duplicate names the document already there and its case; one that
     needs a person is amber with the reasons; a failure is red with why; green only when it is done. */
  function showDocument(row, doc) {
    row.dataset.status = doc.status;
    const { state, link } = row.parts;
    const duplicate = row.dataset.duplicate === "true";
    const links = [];
    let kind = "";
    state.replaceChildren();
    if (doc.status === "queued" || doc.status === "processing" || doc.status === "indexing") {
      const progress = doc.status === "processing" && doc.page_count
        ? " · " + t("upload.page_progress", { done: doc.pages_done, total: doc.page_count }) : "";
      state.append(duplicate ? t("upload.state.duplicate") + " · " : "", t("status." + doc.status) + progress);
      setProgress(row, doc.status === "processing" && doc.page_count ? doc.pages_done / doc.page_count : 0.02);
      kind = duplicate ? "duplicate" : "";
    } else if (doc.status === "failed") {
      kind = "failed";
      state.append(t("upload.state.failed"), el("span", { class: "why" }, doc.failure_reason || t("status.failed")));
    } else if (duplicate) {
      kind = "duplicate";
      state.append(t("upload.state.duplicate"), el("span", { class: "why" }, caseText(doc)));
    } else if (doc.status === "done" && doc.needs_review) {
      kind = "review";
      state.append(t("upload.state.review") + (caseText(doc) ? " · " + caseText(doc) : ""),
        el("span", { class: "why" }, (doc.reasons || []).map((r) => t("review.reason." + r)).join("; ")));
      links.push(el("a", { href: "/review/" + doc.id, class: "button small primary" }, t("upload.review")));
    } else if (doc.status === "done") {
      kind = "done";
      state.append(t("upload.state.done") + (caseText(doc) ? " · " + caseText(doc) : ""));
    }
    state.className = "state " + kind;
    row.dataset.state = kind || doc.status;
    if (kind && kind !== "") setProgress(row, 1, kind);
    if (duplicate) links.push(el("a", { href: "/documents/" + doc.id, class: "button small" }, t("upload.existing")));
    else links.push(el("a", { href: "/documents/" + doc.id, class: "button small" }, t("upload.open")));
    if (doc.case) {
      links.push(el("a", { href: "/cases/" + encodeURIComponent(doc.case), class: "button small" },
        t("upload.existing_case", { case: doc.case })));
    }
    link.className = "links";
    link.replaceChildren(...links);
  }

  function caseText(doc) {
    if (doc.link_status === undefined) return "";
    if (doc.case) return doc.case + (doc.link_status === "review" ? " (" + t("link.review") + ")" : "");
    return doc.link_status === "review" ? t("link.review") : t("common.unlinked");
  }

  function refuse(row, reason) {
    row.dataset.state = "failed";
    row.parts.state.className = "state failed";
    row.parts.state.replaceChildren(t("status.rejected"), el("span", { class: "why" }, reason));
    setProgress(row, 1, "failed");
  }

  // --- Sending: one request per file, so each file has its own progress bar ------------------------
  function send(file) {
    const row = makeRow(file.name);
    list.prepend(row);
    const form = new FormData();
    form.append("files", file, file.name);
    if (chosenCase || caseInput.value.trim()) form.append("case", chosenCase || caseInput.value.trim());
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/documents");
    xhr.setRequestHeader("X-CSRF-Token", document.querySelector('meta[name="csrf-token"]').content);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.addEventListener("progress", (ev) => {
      if (ev.lengthComputable) {
        setProgress(row, ev.loaded / ev.total);
        row.parts.state.textContent = t("upload.sending") + " " + Math.round((100 * ev.loaded) / ev.total) + "%";
      }
    });
    xhr.addEventListener("load", () => {
      let data = {};
      try { data = JSON.parse(xhr.responseText); } catch (e) { data = {}; }
      if (xhr.status >= 400 && !data.documents) {
        refuse(row, typeof data.detail === "string" ? data.detail : t("error.status.other"));
        return;
      }
      handleReport(row, file.name, data);
    });
    xhr.addEventListener("error", () => refuse(row, t("error.network")));
    xhr.send(form);
  }

  function handleReport(row, name, data) {
    const docs = data.documents || [];
    const rejected = data.rejected || [];
    const single = docs.length + rejected.length === 1;
    // A single file maps to its row; a ZIP keeps a summary row and adds one row per file inside it.
    if (!single) {
      const total = docs.length + rejected.length;
      if (!docs.length) refuse(row, t("upload.zip_refused", { total }));
      else {
        row.dataset.state = rejected.length ? "review" : "sent";
        row.parts.state.className = "state" + (rejected.length ? " review" : "");
        row.parts.state.textContent = t("upload.zip_summary", { ok: docs.length, total });
        setProgress(row, 1, rejected.length ? "review" : "");
      }
    }
    // Nothing here from earlier visits, and the page has just made documents: saying "none" would be wrong.
    if (docs.length && !recent.children.length) recent.dataset.empty = t("upload.recent_above");
    let last = row;
    const place = (target) => { if (target !== row) { last.after(target); last = target; } };
    docs.forEach((doc) => {
      const target = single ? row : makeRow(doc.filename);
      place(target);
      rows.set(doc.id, target);
      target.dataset.id = doc.id;
      target.dataset.duplicate = String(Boolean(doc.duplicate));
      showDocument(target, { id: doc.id, status: doc.status, pages_done: 0, page_count: 0 });
      target.dataset.status = "asked"; // the report knows no case, reasons or progress: asked for below
    });
    for (const rejection of rejected) {
      const target = single ? row : makeRow(rejection.filename);
      place(target);
      target.dataset.code = rejection.code;
      refuse(target, rejection.reason);
    }
    if (docs.length) { clearTimeout(timer); timer = null; poll(); }
  }

  function accept(files) { for (const file of files) send(file); }

  dropzone.addEventListener("dragover", (ev) => { ev.preventDefault(); dropzone.classList.add("over"); });
  dropzone.addEventListener("dragleave", () => dropzone.classList.remove("over"));
  dropzone.addEventListener("drop", (ev) => {
    ev.preventDefault();
    dropzone.classList.remove("over");
    accept(ev.dataTransfer.files);
  });
  dropzone.addEventListener("keydown", (ev) => { if (ev.key === "Enter" || ev.key === " ") input.click(); });
  input.addEventListener("change", () => { accept(input.files); input.value = ""; });
  document.getElementById("clear-done").addEventListener("click", () => {
    for (const [id, row] of rows) {
      if (row.parentNode === list && ["done", "failed"].includes(row.dataset.status)) { row.remove(); rows.delete(id); }
    }
    for (const row of [...list.children]) if (!row.dataset.id && ["failed", "sent", "review"].includes(row.dataset.state)) row.remove();
  });

  // --- Live status: poll while anything is unfinished ----------------------------------------------
  let timer = null;
  function schedulePoll() { if (!timer) timer = setTimeout(poll, POLL_MS); }
  async function poll() {
    timer = null;
    const pending = [...rows.entries()].filter(([, row]) => !["done", "failed"].includes(row.dataset.status)).map(([id]) => id);
    if (!pending.length) return;
    try {
      const data = await api("GET", "/api/documents?limit=500&ids=" + pending.join(","));
      for (const doc of data.documents) { const row = rows.get(doc.id); if (row) showDocument(row, doc); }
    } catch (err) { /* keep polling; the network may come back */ }
    schedulePoll();
  }

  async function loadRecent() {
    try {
      const data = await api("GET", "/api/documents?mine=true&limit=15");
      for (const doc of data.documents) {
        const row = makeRow(doc.filename);
        row.dataset.id = doc.id;
        recent.append(row);
        rows.set(doc.id, row);
        showDocument(row, doc);
      }
      schedulePoll();
    } catch (err) { toast(err.message, true); }
  }
  loadRecent();
})();
