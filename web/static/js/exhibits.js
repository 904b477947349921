/* Exhibit sets list: create a set for a case and hearing date, then open it. */
"use strict";
(function () {
  const { api, el, toast } = window.HOSO;
  const form = document.getElementById("new-set");
  if (!form) return;
  const caseInput = document.getElementById("new-case");
  caseInput.addEventListener("input", window.HOSO.debounce(async () => {
    const q = caseInput.value.trim();
    if (!q) return;
    const data = await api("GET", `/api/cases?limit=10&q=${encodeURIComponent(q)}`).catch(() => ({ cases: [] }));
    document.getElementById("case-options").replaceChildren(...data.cases.map((c) => el("option", { value: c.code }, c.title)));
  }, 250));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    try {
      const created = await api("POST", "/api/exhibit-sets", {
        case: caseInput.value.trim(), title: document.getElementById("new-title").value.trim(),
        hearing_on: document.getElementById("new-date").value || null,
      });
      location.href = `/exhibits/${created.id}`;
    } catch (err) { toast(err.message, true); }
  });
})();
