/* One exhibit set: its numbered items with thumbnails; caption, move up/down, remove (numbers follow the order);
   each item's highlights, edited on its page: click (or Delete on) a box to take it off, drag over a word or a
   region (or frame it with the keyboard) to add one, or clear them all. The presentation and the PDF bundle
   show exactly these boxes. */
"use strict";
(function () {
  const { t, api, el, toast } = window.HOSO;
  const list = document.getElementById("items");
  const setId = list.dataset.set;
  const editable = list.dataset.editable === "true";
  let data = JSON.parse(document.getElementById("set-data").textContent);

  // Highlights are counted, shown and removed by phrase: a two-word phrase is one place, not two boxes.
  const countText = (boxes) => {
    const n = window.HOSO.phrases(boxes).length;
    return n ? t("exhibits.highlights_count", { n }) : t("exhibits.highlights_none");
  };

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
        el("div", {}, caption, el("div", { class: "small muted" }, t("exhibits.source", { filename: item.filename, page: item.page })),
          el("div", { class: "row small hl-line" },
            el("span", { class: "hl-count" }, countText(item.highlights)),
            editable ? el("button", { type: "button", class: "small", "data-edit-highlights": item.id, onclick: () => openHighlights(item.id) },
              t("exhibits.edit_highlights")) : null)),
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

  // --- Highlights of one item, on its page ------------------------------------------------------------------
  const dialog = document.getElementById("hl-dialog");
  let editing = null;
  let zoom = null;
  const current = () => data.items.find((i) => i.id === editing);

  function drawHighlights() {
    const item = current();
    const canvas = document.getElementById("hl-canvas");
    for (const node of canvas.querySelectorAll(".hl-phrase")) node.remove();
    if (!item) return;
    window.HOSO.phrases(item.highlights).forEach((phrase, n) => {
      const label = t("exhibits.highlight_box", { n: n + 1 });
      const group = el("div", { class: "hl-phrase" });
      for (const [x0, y0, x1, y1] of phrase.members) {
        const part = el("span", { class: "hl-box-part" });
        Object.assign(part.style, { left: x0 + "px", top: y0 + "px", width: x1 - x0 + "px", height: y1 - y0 + "px" });
        group.append(part);
      }
      // One button over the whole phrase; its words are drawn inside it.
      const [bx0, by0, bx1, by1] = phrase.bounds;
      const button = el("button", { type: "button", class: "hl-box", "aria-label": label, title: label });
      Object.assign(button.style, { left: bx0 + "px", top: by0 + "px", width: bx1 - bx0 + "px", height: by1 - by0 + "px" });
      // The stage would take the press for the start of a selection.
      button.addEventListener("pointerdown", (ev) => ev.stopPropagation());
      button.addEventListener("click", () => removeHighlight(phrase.members, n));
      button.addEventListener("keydown", (ev) => {
        if (ev.key === "Delete" || ev.key === "Backspace") { ev.preventDefault(); removeHighlight(phrase.members, n); }
      });
      group.append(button);
      canvas.append(group);
    });
    document.getElementById("hl-count").textContent = countText(item.highlights);
    document.getElementById("hl-clear").disabled = !item.highlights.length;
  }

  async function highlightChange(method, path, body, message) {
    try {
      data = await api(method, `/api/exhibit-sets/${setId}/items/${editing}/highlights${path}`, body);
      render();
      drawHighlights();
      toast(message(data));
      return true;
    } catch (err) { toast(err.message, true); return false; }
  }

  async function removeHighlight(boxes, n) {
    if (await highlightChange("POST", "/remove", { boxes }, () => t("exhibits.highlight_removed"))) {
      const boxes = document.querySelectorAll("#hl-canvas .hl-box");
      (boxes[Math.min(n, boxes.length - 1)] || document.getElementById("hl-stage")).focus();
    }
  }

  async function addHighlight(box) {
    await highlightChange("POST", "", { box }, (answer) => t("exhibits.highlight_added", { n: answer.added_highlights.length }));
    document.getElementById("hl-stage").focus();
  }

  async function openHighlights(itemId) {
    editing = itemId;
    const item = current();
    document.getElementById("hl-title").textContent = t("exhibits.edit_highlights_title", { label: item.label });
    dialog.showModal();
    const image = document.getElementById("hl-image");
    if (!zoom) {
      zoom = new window.HOSO.ZoomView(document.getElementById("hl-stage"), document.getElementById("hl-canvas"), image,
        { keyboard: true, selectAlways: true, margin: 8, onSelect: addHighlight,
          // Escape drops the keyboard frame only; dragging still selects.
          onCancel: () => { zoom.selectMode = true; zoom.stage.classList.add("selecting"); } });
    }
    await new Promise((resolve) => { image.onload = resolve; image.onerror = resolve; image.src = item.image_url; });
    zoom.setPage(item.width, item.height);
    if (item.region) zoom.showRegion(item.region, 10); else zoom.fit();
    drawHighlights();
    const first = document.querySelector("#hl-canvas .hl-box");
    (first || document.getElementById("hl-stage")).focus();
  }

  if (dialog) {
    document.getElementById("hl-done").addEventListener("click", () => dialog.close());
    document.getElementById("hl-clear").addEventListener("click", async () => {
      // The button is disabled once nothing is left: the focus goes to the page, where new ones are made.
      if (await highlightChange("DELETE", "", undefined, () => t("exhibits.highlights_cleared"))) {
        document.getElementById("hl-stage").focus();
      }
    });
    document.getElementById("hl-keys").addEventListener("click", () => {
      zoom.showFrame();
      document.getElementById("hl-stage").focus();
    });
    dialog.addEventListener("close", () => {
      if (zoom) zoom.dropFrame();
      const opener = list.querySelector(`[data-edit-highlights="${editing}"]`);
      if (opener) opener.focus();
    });
  }

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
