/* Search page: one box (accents optional), facets from the index, results either one card per document (its type,
   number, date, file, case and unit, with its matching pages listed) or one card per page; a page opens the viewer
   on that page with the hits highlighted, and can be added to an exhibit set with the words it matched. */
"use strict";
(function () {
  const { t, api, el, toast, safeSnippet, typeLabel, formatDate } = window.HOSO;
  const $ = (id) => document.getElementById(id);
  const root = $("search");
  const canExhibit = root.dataset.canExhibit === "true";
  const FACETS = [["case", "search.facet.case", "case"], ["case_kind", "search.facet.kind", "kind"],
    ["doc_type", "search.facet.type", "type"], ["unit", "search.facet.unit", "unit"]];
  const params = new URLSearchParams(location.search);
  const filters = {};
  for (const [, , p] of FACETS) if (params.get(p)) filters[p] = params.get(p);
  $("date-from").value = params.get("date_from") || "";
  $("date-to").value = params.get("date_to") || "";
  // Where the filters stand above the results (a phone, a narrow window), they start folded: the hits come first.
  if (matchMedia("(max-width: 1100px)").matches && !Object.keys(filters).length && !params.get("date_from")
      && !params.get("date_to")) $("filters").open = false;
  let offset = 0;
  let sets = [];
  let view = params.get("view") === "page" ? "page" : "document";

  function label(facet, value) {
    if (facet === "doc_type") return typeLabel(value);
    if (facet === "case_kind") return t("kind." + value);
    return value;
  }

  function query() {
    const q = new URLSearchParams({ q: $("q").value.trim() });
    if (view === "page") q.set("view", "page");
    for (const [k, v] of Object.entries(filters)) q.set(k, v);
    if ($("date-from").value) q.set("date_from", $("date-from").value);
    if ($("date-to").value) q.set("date_to", $("date-to").value);
    return q;
  }

  async function run(append) {
    const q = query();
    if (!q.get("q")) return;
    history.replaceState(null, "", "/search?" + q);
    if (!append) offset = 0;
    q.delete("view");
    q.set("offset", offset);
    q.set("limit", 20);
    q.set("group", view);
    let data;
    try { data = await api("GET", "/api/search?" + q); } catch (err) { toast(err.message, true); return; }
    if (view === "document") {
      const words = data.exact === false ? "search.total_documents_more" : "search.total_documents";
      $("total").textContent = data.total ? t(words, { n: data.total, pages: data.total_pages }) : t("search.none_documents");
    } else $("total").textContent = data.total ? t("search.total", { n: data.total }) : t("search.none");
    if (data.suggestions && data.suggestions.length) {  // each reading a search of its own, filters kept
      const readings = data.suggestions.map((text, i) => {
        const next = query();
        next.set("q", text);
        return [i ? ", " : "", el("a", { href: "/search?" + next, class: "did-you-mean" }, text)];
      });
      $("total").append(" · " + t("search.did_you_mean", { q: "" }), ...readings.flat());
    }
    const cards = data.hits.map((hit) => (view === "document" ? documentCard(hit, q.get("q")) : card(hit, q.get("q"))));
    if (append) $("results").append(...cards); else $("results").replaceChildren(...cards);
    offset += data.hits.length;
    $("more").classList.toggle("hidden", offset >= data.total);
    if (!append) showFacets(data.facets || {});
  }

  function card(hit, q) {
    const href = `/documents/${hit.document_id}?page=${hit.page}&q=${encodeURIComponent(q)}`;
    const actions = [el("a", { class: "button small", href }, t("search.open"))];
    if (canExhibit && hit.case) {
      actions.push(el("button", { type: "button", class: "small", onclick: () => addHit(hit, q) }, t("search.add")));
    }
    return el("article", { class: "hit" },
      el("a", { href, tabindex: "-1" }, el("img", { loading: "lazy", alt: "", src: `/api/documents/${hit.document_id}/pages/${hit.page}/thumbnail` })),
      el("div", {},
        el("h3", {}, el("a", { href }, `${typeLabel(hit.type)} · ${t("search.page_of", { page: hit.page })}`)),
        el("div", { class: "meta" }, [
          hit.number ? `${t("search.number")} ${hit.number}` : "",
          hit.date ? formatDate(hit.date) : "",
          hit.case ? `${t("common.case")}: ${hit.case}` : t("common.unlinked"),
        ].filter(Boolean).join(" · ")),
        el("div", { class: "meta muted small" }, [hit.case_title, hit.unit_name, hit.filename, hit.issuer].filter(Boolean).join(" · ")),
        el("p", { class: "snippet" }, safeSnippet(hit.snippet)),
        el("div", { class: "row" }, actions)));
  }

  const viewerHref = (id, page, q) => `/documents/${id}?page=${page}&q=${encodeURIComponent(q)}`;

  /* One document: what it is and where it belongs, then each of its matching pages with its snippet. */
  function documentCard(doc, q) {
    const first = doc.pages[0] ? doc.pages[0].page : doc.first_page;
    const href = viewerHref(doc.document_id, first, q);
    const title = `${typeLabel(doc.type)} · ${doc.number ? `${t("search.number")} ${doc.number}` : t("search.no_number")}`;
    const pages = doc.pages.map((p) => el("li", {},
      el("a", { href: viewerHref(doc.document_id, p.page, q), class: "page-link" }, t("common.page") + " " + p.page),
      el("span", { class: "snippet" }, safeSnippet(p.snippet)),
      canExhibit && doc.case ? el("button", { type: "button", class: "small", "aria-label": `${t("search.add")} (${t("search.page_of", { page: p.page })})`,
        onclick: () => addHit({ document_id: doc.document_id, page: p.page }, q) }, t("search.add")) : null));
    const more = doc.matched_pages - doc.pages.length;
    const range = doc.first_page !== doc.last_page ? t("search.pages_range", { first: doc.first_page, last: doc.last_page }) : "";
    return el("article", { class: "hit document-hit", "data-document": doc.document_id, "data-part": doc.part_id || "" },
      el("a", { href, tabindex: "-1" }, el("img", { loading: "lazy", alt: "", src: `/api/documents/${doc.document_id}/pages/${first}/thumbnail` })),
      el("div", {},
        el("h3", {}, el("a", { href }, title)),
        el("div", { class: "meta" }, [
          doc.date ? formatDate(doc.date) : "",
          doc.case ? `${t("common.case")}: ${doc.case}${doc.case_title ? " — " + doc.case_title : ""}` : t("common.unlinked"),
        ].filter(Boolean).join(" · ")),
        el("div", { class: "meta muted small" }, [doc.unit_name, doc.filename, range, doc.issuer].filter(Boolean).join(" · ")),
        el("p", { class: "meta small matched" }, t("search.matching_pages", { n: doc.matched_pages }))),
      el("ul", { class: "hit-pages" }, pages),
      more > 0 ? el("p", { class: "muted small more-pages" }, t("search.more_pages", { n: more })) : null);
  }

  function setView(next) {
    view = next;
    $("view-document").setAttribute("aria-pressed", String(view === "document"));
    $("view-page").setAttribute("aria-pressed", String(view === "page"));
    run(false);
  }

  function showFacets(facets) {
    $("facets").replaceChildren(...FACETS.map(([name, key, param]) => {
      const values = Object.entries(facets[name] || {}).sort((a, b) => b[1] - a[1]).slice(0, 12);
      if (!values.length && !filters[param]) return "";
      return el("div", { class: "facet" }, el("h3", {}, t(key)),
        ...values.map(([value, count]) => el("button", {
          type: "button", "aria-pressed": filters[param] === value ? "true" : "false",
          onclick: () => { if (filters[param] === value) delete filters[param]; else filters[param] = value; run(false); },
        }, el("span", {}, label(name, value)), el("span", { class: "muted" }, String(count)))));
    }));
  }

  async function loadSets() {
    const data = await api("GET", "/api/exhibit-sets");
    sets = data.sets;
    $("set-select").replaceChildren(...sets.map((s) => el("option", { value: s.id }, `${s.title} (${s.case}${s.hearing_on ? ", " + formatDate(s.hearing_on) : ""})`)));
    if (!sets.length) $("set-select").replaceChildren(el("option", { value: "" }, t("exhibits.empty")));
    const remembered = localStorage.getItem("hoso.search.set");
    if (remembered && sets.some((s) => String(s.id) === remembered)) $("set-select").value = remembered;
  }

  /* The page goes into the set with the words the search matched on it (the server finds their boxes). */
  async function addHit(hit, q) {
    const setId = $("set-select").value;
    if (!setId) { toast(t("exhibits.empty"), true); return; }
    localStorage.setItem("hoso.search.set", setId);
    try {
      const result = await api("POST", `/api/exhibit-sets/${setId}/items`, {
        document_id: hit.document_id, page: hit.page, query: q,
      });
      toast(t("viewer.added", { label: result.added.label }));
    } catch (err) { toast(err.message, true); }
  }

  $("search-form").addEventListener("submit", (ev) => { ev.preventDefault(); run(false); });
  $("more").addEventListener("click", () => run(true));
  $("view-document").addEventListener("click", () => setView("document"));
  $("view-page").addEventListener("click", () => setView("page"));
  $("view-document").setAttribute("aria-pressed", String(view === "document"));
  $("view-page").setAttribute("aria-pressed", String(view === "page"));
  $("date-from").addEventListener("change", () => run(false));
  $("date-to").addEventListener("change", () => run(false));
  $("clear-filters").addEventListener("click", () => {
    for (const k of Object.keys(filters)) delete filters[k];
    $("date-from").value = ""; $("date-to").value = "";
    run(false);
  });
  if (canExhibit) loadSets().catch((err) => toast(err.message, true));
  if ($("q").value.trim()) run(false);
})();
