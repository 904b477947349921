/* Zoom and pan of a page image inside a stage, shared by the viewer and the presentation:
   wheel or buttons zoom, dragging pans (or selects a region), boxes are drawn in image pixels.
   With `keyboard: true` the focused stage pans with the arrow keys, and in select mode a frame is moved
   with the arrows, resized with Shift + arrows, taken with Enter and dropped with Escape. */
"use strict";
(function () {
  class ZoomView {
    constructor(stage, canvas, image, options) {
      this.stage = stage; this.canvas = canvas; this.image = image;
      this.options = Object.assign({ margin: 16, maxScale: 8, onSelect: null, onCancel: null, keyboard: false }, options || {});
      this.scale = 1; this.x = 0; this.y = 0; this.width = 1; this.height = 1;
      this.selecting = false; this.selectMode = this.options.selectAlways || false;
      this.boxes = [];
      stage.addEventListener("wheel", (ev) => this.onWheel(ev), { passive: false });
      stage.addEventListener("pointerdown", (ev) => this.onDown(ev));
      stage.addEventListener("pointermove", (ev) => this.onMove(ev));
      stage.addEventListener("pointerup", (ev) => this.onUp(ev));
      stage.addEventListener("pointercancel", () => this.cancelDrag());
      if (this.options.keyboard) stage.addEventListener("keydown", (ev) => this.onKey(ev));
      window.addEventListener("resize", () => this.fit());
    }

    setPage(width, height) {
      this.width = width || this.image.naturalWidth || 1;
      this.height = height || this.image.naturalHeight || 1;
      this.image.width = this.width;
      this.image.height = this.height;
      this.canvas.style.width = this.width + "px";
      this.canvas.style.height = this.height + "px";
    }

    apply() { this.canvas.style.transform = `translate(${this.x}px, ${this.y}px) scale(${this.scale})`; }

    fitScale() {
      const m = this.options.margin;
      return Math.min((this.stage.clientWidth - 2 * m) / this.width, (this.stage.clientHeight - 2 * m) / this.height);
    }

    fit() { this.showRegion([0, 0, this.width, this.height]); }

    /* Zoom so the image region [x0, y0, x1, y1] fills the stage. */
    showRegion(box, padding) {
      const pad = padding || 0;
      const [x0, y0, x1, y1] = [box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad];
      const m = this.options.margin;
      const w = Math.max(1, x1 - x0), h = Math.max(1, y1 - y0);
      this.scale = Math.min((this.stage.clientWidth - 2 * m) / w, (this.stage.clientHeight - 2 * m) / h, this.options.maxScale);
      this.x = this.stage.clientWidth / 2 - (x0 + w / 2) * this.scale;
      this.y = this.stage.clientHeight / 2 - (y0 + h / 2) * this.scale;
      this.apply();
    }

    zoomAt(factor, cx, cy) {
      const min = Math.min(this.fitScale(), 1) * 0.5;
      const next = Math.max(min, Math.min(this.options.maxScale, this.scale * factor));
      const px = cx === undefined ? this.stage.clientWidth / 2 : cx;
      const py = cy === undefined ? this.stage.clientHeight / 2 : cy;
      this.x = px - ((px - this.x) * next) / this.scale;
      this.y = py - ((py - this.y) * next) / this.scale;
      this.scale = next;
      this.apply();
    }

    toImage(ev) {
      const rect = this.stage.getBoundingClientRect();
      return [(ev.clientX - rect.left - this.x) / this.scale, (ev.clientY - rect.top - this.y) / this.scale];
    }

    onWheel(ev) {
      ev.preventDefault();
      const rect = this.stage.getBoundingClientRect();
      this.zoomAt(ev.deltaY < 0 ? 1.15 : 1 / 1.15, ev.clientX - rect.left, ev.clientY - rect.top);
    }

    onDown(ev) {
      if (ev.button !== 0) return;
      this.dropFrame();
      this.stage.setPointerCapture(ev.pointerId);
      this.drag = { sx: ev.clientX, sy: ev.clientY, x: this.x, y: this.y, start: this.toImage(ev) };
      if (this.selectMode) {
        this.selection = document.createElement("div");
        this.selection.className = "sel";
        this.canvas.append(this.selection);
      } else this.stage.classList.add("dragging");
    }

    onMove(ev) {
      if (!this.drag) return;
      if (this.selection) {
        const [ax, ay] = this.drag.start, [bx, by] = this.toImage(ev);
        Object.assign(this.selection.style, {
          left: Math.min(ax, bx) + "px", top: Math.min(ay, by) + "px",
          width: Math.abs(bx - ax) + "px", height: Math.abs(by - ay) + "px",
        });
      } else {
        this.x = this.drag.x + ev.clientX - this.drag.sx;
        this.y = this.drag.y + ev.clientY - this.drag.sy;
        this.apply();
      }
    }

    onUp(ev) {
      if (!this.drag) return;
      const start = this.drag.start, end = this.toImage(ev);
      const selection = this.selection;
      this.cancelDrag();
      if (selection) {
        selection.remove();
        const box = [Math.min(start[0], end[0]), Math.min(start[1], end[1]), Math.max(start[0], end[0]), Math.max(start[1], end[1])]
          .map((v, i) => Math.round(Math.max(0, Math.min(i % 2 ? this.height : this.width, v))));
        if (box[2] - box[0] > 8 && box[3] - box[1] > 8 && this.options.onSelect) this.options.onSelect(box);
      }
    }

    cancelDrag() {
      this.drag = null;
      this.selection = null;
      this.stage.classList.remove("dragging");
    }

    setSelectMode(on) {
      this.selectMode = on;
      this.stage.classList.toggle("selecting", on);
      if (!on) this.dropFrame();
      else if (this.options.keyboard) this.showFrame();
    }

    /* The keyboard's selection: a frame over the middle of what is in view, in image pixels. */
    showFrame() {
      this.dropFrame();
      const vx0 = -this.x / this.scale, vy0 = -this.y / this.scale;
      const vw = this.stage.clientWidth / this.scale, vh = this.stage.clientHeight / this.scale;
      const x0 = Math.max(0, vx0), y0 = Math.max(0, vy0);
      const x1 = Math.min(this.width, vx0 + vw), y1 = Math.min(this.height, vy0 + vh);
      const w = Math.max(40, (x1 - x0) * 0.5), h = Math.max(30, (y1 - y0) * 0.25);
      this.frame = [x0 + (x1 - x0 - w) / 2, y0 + (y1 - y0 - h) / 2, 0, 0];
      this.frame[2] = this.frame[0] + w; this.frame[3] = this.frame[1] + h;
      this.frameNode = document.createElement("div");
      this.frameNode.className = "sel keyboard";
      this.canvas.append(this.frameNode);
      this.drawFrame();
    }

    drawFrame() {
      const [x0, y0, x1, y1] = this.frame;
      Object.assign(this.frameNode.style, { left: x0 + "px", top: y0 + "px", width: x1 - x0 + "px", height: y1 - y0 + "px" });
    }

    dropFrame() {
      if (this.frameNode) this.frameNode.remove();
      this.frameNode = null; this.frame = null;
    }

    /* Arrow keys: with a frame, move it (Shift: resize it); without one, pan. Enter takes the frame. */
    onKey(ev) {
      const arrows = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
      const arrow = arrows[ev.key];
      if (this.frame) {
        if (arrow) {
          const step = Math.max(4, Math.round(Math.min(this.width, this.height) * 0.02));
          const f = this.frame;
          if (ev.shiftKey) {
            f[2] = Math.max(f[0] + 16, Math.min(this.width, f[2] + arrow[0] * step));
            f[3] = Math.max(f[1] + 16, Math.min(this.height, f[3] + arrow[1] * step));
          } else {
            const dx = Math.max(-f[0], Math.min(this.width - f[2], arrow[0] * step));
            const dy = Math.max(-f[1], Math.min(this.height - f[3], arrow[1] * step));
            f[0] += dx; f[2] += dx; f[1] += dy; f[3] += dy;
          }
          this.drawFrame();
        } else if (ev.key === "Enter") {
          const box = this.frame.map((v) => Math.round(v));
          this.dropFrame();
          if (this.options.onSelect) this.options.onSelect(box);
        } else if (ev.key === "Escape") {
          this.setSelectMode(false);
          if (this.options.onCancel) this.options.onCancel();
        } else return;
      } else if (arrow) {
        const step = ev.shiftKey ? 200 : 50;
        this.x -= arrow[0] * step; this.y -= arrow[1] * step;
        this.apply();
      } else return;
      ev.preventDefault();
      ev.stopPropagation();
    }

    drawBoxes(boxes) {
      for (const node of this.canvas.querySelectorAll(".hl")) node.remove();
      this.boxes = boxes || [];
      for (const [x0, y0, x1, y1] of this.boxes) {
        const div = document.createElement("div");
        div.className = "hl";
        Object.assign(div.style, { left: x0 + "px", top: y0 + "px", width: x1 - x0 + "px", height: y1 - y0 + "px" });
        this.canvas.append(div);
      }
    }

    /* The bounding box of the highlighted words, for "zoom to the phrase". */
    boxesBounds() {
      if (!this.boxes.length) return null;
      return this.boxes.reduce((a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])]);
    }
  }
  window.HOSO.ZoomView = ZoomView;
})();

/* Highlighted words grouped into phrases: boxes on one line and close together become one phrase, with
   `bounds` (the box around it) and `members` (its words' boxes). */
window.HOSO.phrases = function (boxes) {
  const sorted = [...(boxes || [])].sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  const groups = [];
  for (const box of sorted) {
    const last = groups[groups.length - 1];
    const height = box[3] - box[1];
    const b = last && last.bounds;
    if (b && box[1] < b[3] && box[3] > b[1] && box[0] - b[2] < 2 * height) {
      b[0] = Math.min(b[0], box[0]); b[1] = Math.min(b[1], box[1]);
      b[2] = Math.max(b[2], box[2]); b[3] = Math.max(b[3], box[3]);
      last.members.push(box);
    } else groups.push({ bounds: [...box], members: [box] });
  }
  return groups;
};

/* The boxes around each highlighted phrase. */
window.HOSO.phraseGroups = (boxes) => window.HOSO.phrases(boxes).map((group) => group.bounds);
