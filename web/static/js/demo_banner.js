/* While the province demo set loads in the background, every page says how far it is (from /api/health). */
"use strict";
(function () {
  const banner = document.getElementById("demo-banner");
  if (!banner || !window.HOSO) return;
  const { t } = window.HOSO;
  const number = new Intl.NumberFormat("vi-VN");
  const KEYS = { generating: "demo.generating", queued: "demo.loading", processing: "demo.loading",
                 finishing: "demo.finishing" };
  const EVERY_MS = 3000;

  function show(demo) {
    const key = demo && KEYS[demo.state];
    if (!key) {
      banner.hidden = true;
      banner.textContent = "";
      return false;
    }
    banner.textContent = t(key, { done: number.format(demo.done || 0), total: number.format(demo.total || 0) });
    banner.hidden = false;
    return true;
  }

  async function poll() {
    let loading = false;
    try {
      const response = await fetch("/api/health", { headers: { Accept: "application/json" },
                                                     credentials: "same-origin" });
      if (response.ok) loading = show((await response.json()).demo);
    } catch (err) {
      loading = !banner.hidden;  // the server restarting: keep what was shown and ask again
    }
    if (loading) setTimeout(poll, EVERY_MS);
  }

  poll();
})();
