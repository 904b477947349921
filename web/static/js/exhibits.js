/* Exhibit sets list: create a set for a case and hearing date, then open it. */
"use strict";
(function () {
  const { api, toast } = window.HOSO;
  const form = document.getElementById("new-set");
  if (!form) return;
  const caseInput = document.getElementById("new-case"); // suggestions: case_lookup.js (the template macro)
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
