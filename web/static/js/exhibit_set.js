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
        el("a", { href }, el("img", { src: item.thumbnail_url, loading: "lazy", class: item.region ? "region" : null,
          alt: item.region ? t("exhibits.region_of", { page: item.page }) : "" })),
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

  // --- Renaming the set in place: a refused name stays in the field with the reason under it ----------------
  const renameButton = document.getElementById("rename-button");
  const renameForm = document.getElementById("rename-form");
  if (renameButton && renameForm) {
    const input = document.getElementById("rename-input");
    const problem = document.getElementById("rename-error");
    const view = document.getElementById("set-title-view");
    const showForm = (shown) => {
      renameForm.classList.toggle("hidden", !shown);
      view.classList.toggle("hidden", shown);
      renameButton.setAttribute("aria-expanded", String(shown));
      problem.classList.add("hidden");
      input.removeAttribute("aria-invalid");
      if (shown) { input.value = data.title; input.focus(); input.select(); } else renameButton.focus();
    };
    renameButton.addEventListener("click", () => showForm(true));
    document.getElementById("rename-cancel").addEventListener("click", () => showForm(false));
    input.addEventListener("keydown", (ev) => { if (ev.key === "Escape") { ev.preventDefault(); showForm(false); } });
    renameForm.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      try {
        data = await api("PATCH", `/api/exhibit-sets/${setId}`, { title: input.value });
        document.getElementById("set-title").textContent = data.title;
        document.title = document.title.replace(/^.*?( · [^·]*)$/, data.title + "$1");
        showForm(false);
        render();
        toast(t("exhibits.renamed", { title: data.title }));
      } catch (err) {
        problem.textContent = err.message;
        problem.classList.remove("hidden");
        input.setAttribute("aria-invalid", "true");
        input.focus();
      }
    });
  }
})();
