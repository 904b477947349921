/* Presentation mode for the courtroom: every exhibit image is loaded into memory first (so it keeps working
   if the network drops), then full screen on black; arrows/PageUp/PageDown/space (what clickers send) move,
   +/- and dragging zoom into a region, H zooms to each highlighted phrase, 0 shows the whole exhibit. */
"use strict";
(function () {
  const { t, api, toast } = window.HOSO;
  const $ = (id) => document.getElementById(id);
  const data = JSON.parse($("set-data").textContent);
  const canRecord = $("present-root").dataset.canRecord === "true";
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

  // Recording the presentation: retried when the network comes back, never blocks the presentation.
  async function record() {
    if (!canRecord) return;
    const key = `hoso.present.${data.id}`;
    const hearing = data.hearing_on || today();
    try {
      await api("POST", `/api/exhibit-sets/${data.id}/presentations`, { hearing_on: hearing });
      localStorage.removeItem(key);
      toast(t("present.recorded"));
    } catch (err) {
      localStorage.setItem(key, hearing);
      toast(t("present.record_failed"), true);
      window.addEventListener("online", record, { once: true });
    }
  }

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
    $("counter").textContent = t("present.counter", { n: index + 1, total: data.items.length });
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
    show(0);
    record();
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
  });
  document.addEventListener("fullscreenchange", () => setTimeout(() => { if (!$("stage").classList.contains("hidden")) reset(); }, 50));
  $("start-button").addEventListener("click", start);
  window.addEventListener("online", () => { if (localStorage.getItem(`hoso.present.${data.id}`)) record(); });
  preload().catch((err) => { $("load-status").textContent = err.message; });
})();
