/* One exhibit set: its numbered items with thumbnails; caption, move up/down, remove (numbers follow the order). */
"use strict";
(function () {
  const { t, api, el, toast } = window.HOSO;
  const list = document.getElementById("items");
  const setId = list.dataset.set;
  const editable = list.dataset.editable === "true";
  let data = JSON.parse(document.getElementById("set-data").textContent);

  function render() {
    document.getElementById("no-items").classList.toggle("hidden", data.items.length > 0);
    list.replaceChildren(...data.items.map((item, index) => {
      const caption = el("textarea", { "aria-label": t("viewer.caption"), placeholder: t("exhibits.caption_placeholder"), disabled: !editable }, item.caption);
      caption.addEventListener("change", () => change(item.id, { caption: caption.value }));
      const href = `/documents/${item.document_id}?page=${item.page}`;
      return el("li", { class: "item", "data-item": item.id },
        el("div", {}, el("div", { class: "label" }, item.label), item.region ? el("span", { class: "badge" }, t("exhibits.region")) : null),
        el("a", { href }, el("img", { src: item.thumbnail_url, alt: "", loading: "lazy" })),
        el("div", {}, caption, el("div", { class: "small muted" }, t("exhibits.source", { filename: item.filename, page: item.page }))),
        editable ? el("div", { class: "actions" },
          el("button", { type: "button", class: "small", disabled: index === 0, onclick: () => change(item.id, { move: -1 }) }, "▲ " + t("exhibits.move_up")),
          el("button", { type: "button", class: "small", disabled: index === data.items.length - 1, onclick: () => change(item.id, { move: 1 }) }, "▼ " + t("exhibits.move_down")),
          el("button", { type: "button", class: "small", onclick: () => remove(item.id) }, t("exhibits.remove"))) : el("span"));
    }));
  }

  async function change(itemId, body) {
    try { data = await api("PATCH", `/api/exhibit-sets/${setId}/items/${itemId}`, body); render(); if (body.caption !== undefined) toast(t("common.saved")); }
    catch (err) { toast(err.message, true); }
  }
  async function remove(itemId) {
    try { data = await api("DELETE", `/api/exhibit-sets/${setId}/items/${itemId}`); render(); }
    catch (err) { toast(err.message, true); }
  }
  render();
})();
