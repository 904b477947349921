// Minimal interface: upload, live document status, search with marked snippets.
const STATUS = { queued: "Đang chờ", processing: "Đang xử lý", done: "Xong", failed: "Thất bại" };

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

async function refreshDocuments() {
  const response = await fetch("/api/documents?limit=20");
  const data = await response.json();
  const rows = data.documents.map((d) => {
    const status = d.status === "failed" ? `<span class="failed">${STATUS.failed}: ${escapeHtml(d.failure_reason || "")}</span>` : STATUS[d.status];
    return `<tr><td>${d.id}</td><td>${escapeHtml(d.filename)}</td><td>${status}</td><td>${d.pages_done}/${d.page_count}</td></tr>`;
  });
  document.querySelector("#documents tbody").innerHTML = rows.join("");
}

document.getElementById("upload-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData();
  for (const file of document.getElementById("files").files) form.append("files", file);
  const caseCode = document.getElementById("case").value.trim();
  if (caseCode) form.append("case", caseCode);
  const response = await fetch("/api/documents", { method: "POST", body: form });
  const data = await response.json();
  const result = document.getElementById("upload-result");
  if (data.detail) { result.textContent = data.detail; return; }
  const lines = data.documents.map((d) => `${escapeHtml(d.filename)}: ${d.duplicate ? "đã có trong kho" : "đã nhận"}`)
    .concat(data.rejected.map((r) => `<span class="failed">${escapeHtml(r.filename)}: ${escapeHtml(r.reason)}</span>`));
  result.innerHTML = lines.join("<br>");
  refreshDocuments();
});

document.getElementById("search-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const q = document.getElementById("q").value;
  const response = await fetch(`/api/search?q=${encodeURIComponent(q)}`);
  const data = await response.json();
  const hits = data.hits.map((h) => `<div class="hit"><strong>Tài liệu ${h.document_id}, trang ${h.page}</strong> ${escapeHtml(h.case || "")}<br>${h.snippet}</div>`);
  document.getElementById("search-results").innerHTML = `<p>${data.total} trang khớp</p>` + hits.join("");
});

refreshDocuments();
setInterval(refreshDocuments, 3000);
