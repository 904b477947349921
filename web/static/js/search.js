/* Search page: one box (accents optional), facets from the index, results with page thumbnails and marked
   snippets; a result opens the viewer on that page with the hits highlighted. */
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

  function label(facet, value) {
    if (facet === "doc_type") return typeLabel(value);
    if (facet === "case_kind") return t("kind." + value);
    return value;
  }

  function query() {
    const q = new URLSearchParams({ q: $("q").value.trim() });
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
    q.set("offset", offset);
    q.set("limit", 20);
    let data;
    try { data = await api("GET", "/api/search?" + q); } catch (err) { toast(err.message, true); return; }
    $("total").textContent = data.total ? t("search.total", { n: data.total }) : t("search.none");
    if (data.suggestions && data.suggestions.length) {
      $("total").textContent += " · " + t("search.did_you_mean", { q: data.suggestions.join(", ") });
    }
    const cards = data.hits.map((hit) => card(hit, q.get("q")));
    if (append) $("results").append(...cards); else $("results").replaceChildren(...cards);
    offset += data.hits.length;
    $("more").classList.toggle("hidden", offset >= data.total);
    if (!append) showFacets(data.facets || {});
  }

  function card(hit, q) {
    const href = `/documents/${hit.document_id}?page=${hit.page}&q=${encodeURIComponent(q)}`;
    const actions = [el("a", { class: "button small", href }, t("search.open"))];
    if (canExhibit && hit.case) {
      actions.push(el("button", { type: "button", class: "small", onclick: () => addHit(hit) }, t("search.add")));
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

  async function addHit(hit) {
    const setId = $("set-select").value;
    if (!setId) { toast(t("exhibits.empty"), true); return; }
    localStorage.setItem("hoso.search.set", setId);
    try {
      const result = await api("POST", `/api/exhibit-sets/${setId}/items`, {
        document_id: hit.document_id, page: hit.page, highlights: hit.boxes && hit.boxes.length ? hit.boxes : null,
      });
      toast(t("viewer.added", { label: result.added.label }));
    } catch (err) { toast(err.message, true); }
  }

  $("search-form").addEventListener("submit", (ev) => { ev.preventDefault(); run(false); });
  $("more").addEventListener("click", () => run(true));
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
