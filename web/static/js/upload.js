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

  function showDocument(row, doc) {
    row.dataset.status = doc.status;
    const state = row.parts.state;
    state.className = "state " + doc.status;
    if (doc.status === "queued") { state.textContent = t("status.queued"); setProgress(row, 0.02); }
    else if (doc.status === "processing") {
      state.textContent = t("status.processing") + " · " + t("upload.page_progress", { done: doc.pages_done, total: doc.page_count });
      setProgress(row, doc.page_count ? doc.pages_done / doc.page_count : 0);
    } else if (doc.status === "done") {
      state.textContent = t("status.done") + (doc.case ? " · " + doc.case : " · " + t("common.unlinked"));
      setProgress(row, 1, "done");
    } else if (doc.status === "failed") {
      state.textContent = t("status.failed") + ": " + (doc.failure_reason || "");
      setProgress(row, 1, "failed");
    }
    if (!row.parts.link.firstChild) {
      row.parts.link.append(el("a", { href: "/documents/" + doc.id, class: "button small" }, t("upload.open")));
    }
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
        row.parts.state.className = "state failed";
        row.parts.state.textContent = t("status.rejected") + ": " + (typeof data.detail === "string" ? data.detail : xhr.status);
        setProgress(row, 1, "failed");
        return;
      }
      handleReport(row, file.name, data);
    });
    xhr.addEventListener("error", () => {
      row.parts.state.className = "state failed";
      row.parts.state.textContent = t("error.network");
      setProgress(row, 1, "failed");
    });
    xhr.send(form);
  }

  function handleReport(row, name, data) {
    const docs = data.documents || [];
    const rejected = data.rejected || [];
    // A single file maps to its row; a ZIP adds one row per document inside it.
    const targets = docs.length === 1 && rejected.length === 0 ? [row] : [];
    if (!targets.length) {
      row.parts.state.textContent = t("upload.sent") + " · " + docs.length + " / " + (docs.length + rejected.length);
      setProgress(row, 1, "done");
    }
    docs.forEach((doc, index) => {
      const target = targets[index] || makeRow(doc.filename);
      if (!targets[index]) row.after(target);
      rows.set(doc.id, target);
      target.dataset.id = doc.id;
      if (doc.duplicate) target.parts.state.title = t("upload.duplicate");
      showDocument(target, { id: doc.id, status: doc.status, pages_done: 0, page_count: 0 });
    });
    for (const rejection of rejected) {
      const target = docs.length === 0 && rejected.length === 1 ? row : makeRow(rejection.filename);
      if (target !== row) row.after(target);
      target.parts.state.className = "state failed";
      target.parts.state.textContent = t("status.rejected") + ": " + rejection.reason;
      setProgress(target, 1, "failed");
    }
    schedulePoll();
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
    for (const row of [...list.children]) if (row.querySelector(".state.failed") && !row.dataset.id) row.remove();
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
