/* Shared helpers for every page: the message catalogue, JSON calls with the CSRF token, small DOM helpers. */
"use strict";
(function () {
  const node = document.getElementById("hoso-messages");
  const catalogue = node ? JSON.parse(node.textContent) : {};
  const csrfMeta = document.querySelector('meta[name="csrf-token"]');

  function t(key, values) {
    let text = Object.prototype.hasOwnProperty.call(catalogue, key) ? catalogue[key] : key;
    if (values) {
      text = text.replace(/\{(\w+)\}/g, (m, name) => (name in values ? String(values[name]) : m));
    }
    return text;
  }

  class ApiError extends Error {
    constructor(status, detail) {
      super(typeof detail === "string" ? detail : t("error.title"));
      this.status = status;
    }
  }

  async function api(method, url, body) {
    const options = { method, headers: { Accept: "application/json" }, credentials: "same-origin" };
    if (method !== "GET" && csrfMeta) options.headers["X-CSRF-Token"] = csrfMeta.content;
    if (body instanceof FormData) options.body = body;
    else if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(url, options);
    } catch (err) {
      throw new ApiError(0, t("error.network"));
    }
    if (response.status === 401) {
      window.location.href = "/login?next=" + encodeURIComponent(location.pathname + location.search);
      throw new ApiError(401, t("error.login_required"));
    }
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      let detail = data.detail;
      if (Array.isArray(detail)) detail = detail.map((d) => d.msg).join("; ");
      throw new ApiError(response.status, detail || t("error.title"));
    }
    return data;
  }

  /* el("div", {class: "x", onclick: fn}, child, "text") */
  function el(tag, attrs, ...children) {
    const element = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key.startsWith("on") && typeof value === "function") element.addEventListener(key.slice(2), value);
      else if (key === "class") element.className = value;
      else if (key === "text") element.textContent = value;
      else if (key === "html") element.innerHTML = value;
      else if (key in element && typeof value !== "string") element[key] = value;
      else element.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return element;
  }

  function toast(message, bad) {
    const box = document.getElementById("toasts");
    if (!box) return;
    const item = el("div", { class: bad ? "toast bad" : "toast", role: bad ? "alert" : "status" }, message);
    box.append(item);
    setTimeout(() => item.remove(), bad ? 8000 : 4000);
  }

  /* Only <mark> survives from server snippets (already HTML-escaped by the search package). */
  function safeSnippet(html) {
    const holder = document.createElement("div");
    const parts = String(html || "").split(/(<mark>|<\/mark>)/);
    let target = holder;
    for (const part of parts) {
      if (part === "<mark>") { target = document.createElement("mark"); holder.append(target); }
      else if (part === "</mark>") target = holder;
      else {
        const text = document.createElement("textarea");
        text.innerHTML = part;
        target.append(document.createTextNode(text.value));
      }
    }
    return holder;
  }

  function formatDate(iso) {
    if (!iso) return "";
    const [y, m, d] = iso.slice(0, 10).split("-");
    return `${d}/${m}/${y}`;
  }

  function debounce(fn, ms) {
    let timer;
    return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
  }

  function typeLabel(code) { return code ? t("type." + code) : t("common.unknown"); }

  window.HOSO = { t, api, el, toast, safeSnippet, formatDate, debounce, typeLabel, ApiError };
})();

/* The narrow-screen menu (a <details>, which opens without script): Escape closes it and puts the focus back
   on its button. */
(function () {
  const toggle = document.getElementById("menu-toggle");
  if (!toggle) return;
  const summary = toggle.querySelector("summary");
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && toggle.open) {
      toggle.open = false;
      summary.focus();
    }
  });
})();

/* A file field drawn in the page's own words (.file-pick): the chosen file's name replaces the "none chosen" line. */
(function () {
  for (const input of document.querySelectorAll(".file-pick input[type=file]")) {
    const shown = input.parentElement.querySelector(".file-chosen");
    input.addEventListener("change", () => {
      shown.textContent = input.files.length ? [...input.files].map((f) => f.name).join(", ") : shown.dataset.empty;
    });
  }
})();
