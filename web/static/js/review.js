/* Review queue: documents that need a person (unsure case link or type, poor scan, failed), newest first. */
"use strict";
(function () {
  const { t, api, el, toast } = window.HOSO;
  const body = document.getElementById("review-rows");
  // A phone shows each row as a card, each cell under its column's name.
  const label = (n) => document.querySelectorAll("#review-table thead th")[n]?.textContent || "";
  api("GET", "/api/review").then((data) => {
    if (!data.documents.length) {
      body.replaceChildren(el("tr", {}, el("td", { colspan: 5, class: "muted" }, t("review.empty"))));
      return;
    }
    body.replaceChildren(...data.documents.map((d) => el("tr", {},
      el("td", { "data-label": label(0) }, el("a", { href: `/review/${d.id}` }, d.filename)),
      el("td", { "data-label": label(1) }, d.case || el("span", { class: "muted" }, t("common.unlinked"))),
      el("td", { "data-label": label(2) }, d.type_label),
      el("td", { "data-label": label(3) }, d.reasons.map((r) => el("span", { class: "badge review" }, t("review.reason." + r))),
        d.failure_reason ? el("div", { class: "small muted" }, d.failure_reason) : null),
      el("td", {}, el("a", { class: "button small", href: `/review/${d.id}` }, t("review.open"))))));
  }).catch((err) => toast(err.message, true));
})();
