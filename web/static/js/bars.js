/* Progress bars rendered by the server carry their fraction in data-fraction (no inline styles). */
"use strict";
for (const bar of document.querySelectorAll(".bar[data-fraction]")) {
  bar.firstElementChild.style.width = Math.round(parseFloat(bar.dataset.fraction) * 100) + "%";
}
