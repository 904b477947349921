/* Presentation mode for the courtroom: every exhibit image is loaded into memory first (so it keeps working
   if the network drops), then full screen on black with nothing but the exhibit; arrows/PageUp/PageDown/space
   (what clickers send) move, +/- and dragging zoom into a region, H zooms to each highlighted phrase, 0 shows
   the whole exhibit, Esc ends. Presenting records nothing (a rehearsal is a presentation too): that a hearing
   used the digitised evidence is recorded on the start screen, with its date, after a confirmation, and its
   author can take it back. */
"use strict";
(function () {
  const { t, api, el, formatDate } = window.HOSO;
  const $ = (id) => document.getElementById(id);
  const data = JSON.parse($("set-data").textContent);
  const canRecord = $("present-root").dataset.canRecord === "true";
  const username = $("present-root").dataset.user;
  const urls = [];
  let index = 0;
  let phrase = -1;
  const image = $("slide");
  const zoom = new window.HOSO.ZoomView($("stage"), $("canvas"), image, {
    margin: 0, maxScale: 12, selectAlways: true, onSelect: (box) => zoom.showRegion(box),
  });

  async function preload() {
    let done = 0;
    $("load-status").textContent = t("present.loading", { done, total: data.items.length });
    await Promise.all([
      document.fonts ? Promise.all([document.fonts.load('1em "Hoso Sans"'), document.fonts.load('bold 1em "Hoso Sans"')]) : null,
      ...data.items.map(async (item, i) => {
        const response = await fetch(item.image_url, { credentials: "same-origin" });
        if (!response.ok) throw new Error(t("error.no_image"));
        urls[i] = URL.createObjectURL(await response.blob());
        done += 1;
        $("load-status").textContent = t("present.loading", { done, total: data.items.length });
      }),
    ]);
    $("load-status").textContent = t("present.ready");
    $("start-button").disabled = false;
    $("start-button").focus();
  }

  function today() {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  }

  function listRecords() {
    const list = $("records");
    list.replaceChildren(...(data.presented || []).map((record) => el("li", {},
      el("span", {}, t("present.recorded_item", { date: formatDate(record.hearing_on), who: record.presented_by })),
      record.presented_by === username
        ? el("button", { type: "button", class: "small", "data-undo": record.id,
                         onclick: () => undo(record) }, t("present.undo"))
        : null)));
  }

  function say(message, bad) {
    $("record-status").textContent = message;
    $("record-status").classList.toggle("bad", Boolean(bad));
    $("record-status").scrollIntoView({ block: "nearest" });
  }

  function askToRecord(ev) {
    ev.preventDefault();
    const date = $("record-date").value;
    if (!date) { $("record-date").reportValidity(); return; }
    $("record-question").textContent = t("present.confirm_question",
      { date: formatDate(date), case: data.case, title: data.title });
    $("record-dialog").returnValue = "";
    $("record-dialog").showModal();
  }

  async function confirmed() {
    if ($("record-dialog").returnValue !== "confirm") return;
    const date = $("record-date").value;
    $("record-button").disabled = true;
    try {
      const answer = await api("POST", `/api/exhibit-sets/${data.id}/presentations`, { hearing_on: date });
      data.presented = [...(data.presented || []), { id: answer.presentation, hearing_on: answer.hearing_on,
                                                    presented_by: username }];
      listRecords();
      say(t("present.recorded", { date: formatDate(answer.hearing_on) }));
    } catch (err) {
      say(t("present.record_failed", { reason: err.message }), true);
    } finally {
      $("record-button").disabled = false;
    }
  }

  async function undo(record) {
    try {
      const answer = await api("DELETE", `/api/exhibit-sets/${data.id}/presentations/${record.id}`);
      data.presented = answer.set.presented;
      listRecords();
      say(t("present.undone", { date: formatDate(record.hearing_on) }));
    } catch (err) {
      say(t("present.undo_failed", { reason: err.message }), true);
    }
  }

  if (canRecord) {
    $("record-date").value = data.hearing_on || today();
    $("record-form").addEventListener("submit", askToRecord);
    $("record-dialog").addEventListener("close", confirmed);
    listRecords();
  }

  // The courtroom screen shows the exhibit only: the pointer hides when it rests.
  let idle = null;
  document.addEventListener("mousemove", () => {
    $("stage").classList.remove("idle");
    clearTimeout(idle);
    idle = setTimeout(() => $("stage").classList.add("idle"), 2000);
  });

  function show(i) {
    index = Math.max(0, Math.min(data.items.length - 1, i));
    phrase = -1;
    const item = data.items[index];
    image.src = urls[index];
    zoom.setPage(item.width, item.height);
    zoom.drawBoxes(item.highlights || []);
    reset();
    $("caption-label").textContent = item.label;
    $("caption-text").textContent = item.caption || "";
  }

  function reset() {
    const item = data.items[index];
    if (item.region) zoom.showRegion(item.region, 10); else zoom.fit();
  }

  function nextPhrase() {
    const groups = window.HOSO.phraseGroups(data.items[index].highlights || []);
    if (!groups.length) return;
    phrase = (phrase + 1) % groups.length;
    const [x0, y0, x1, y1] = groups[phrase];
    const h = y1 - y0;
    zoom.showRegion([x0, y0 - 2 * h, x1, y1 + 2 * h], h);
  }

  async function start() {
    $("start").classList.add("hidden");
    $("stage").classList.remove("hidden");
    $("caption").classList.remove("hidden");
    try { await document.documentElement.requestFullscreen({ navigationUI: "hide" }); } catch (err) { /* still presentable in a window */ }
    show(index);
  }

  function end() {
    $("stage").classList.add("hidden");
    $("caption").classList.add("hidden");
    $("start").classList.remove("hidden");
    if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
    $("start-button").focus();
  }

  document.addEventListener("keydown", (ev) => {
    if ($("stage").classList.contains("hidden")) return;
    const key = ev.key;
    if (["ArrowRight", "ArrowDown", "PageDown", " ", "Enter", "n"].includes(key)) { ev.preventDefault(); show(index + 1); }
    else if (["ArrowLeft", "ArrowUp", "PageUp", "Backspace", "p"].includes(key)) { ev.preventDefault(); show(index - 1); }
    else if (key === "Home") show(0);
    else if (key === "End") show(data.items.length - 1);
    else if (key === "+" || key === "=") zoom.zoomAt(1.3);
    else if (key === "-" || key === "_") zoom.zoomAt(1 / 1.3);
    else if (key === "0") reset();
    else if (key === "h" || key === "H") nextPhrase();
    else if (key === "Escape") end();
  });
  let wasFullscreen = false;
  document.addEventListener("fullscreenchange", () => {
    // Leaving full screen (Esc in the browser) ends the presentation.
    if (wasFullscreen && !document.fullscreenElement) end();
    wasFullscreen = Boolean(document.fullscreenElement);
    setTimeout(() => { if (!$("stage").classList.contains("hidden")) reset(); }, 50);
  });
  $("start-button").addEventListener("click", start);
  preload().catch((err) => { $("load-status").textContent = err.message; });
})();
