/*
 * Desktop: my grid and everyone's stand side by side (the stylesheet). Their introductions
 * differ in length, so the taller one would leave the two grids at different heights: this
 * lines their first rows up by pushing the higher grid down. Nothing else moves; on a phone,
 * where they are stacked, it does nothing.
 */

import { shared } from "./state.js";

var pending = false;

function targets() {
  var mine = document.getElementById("mine-scroll");
  var heat = document.getElementById("heat-scroll");
  if (!mine || !heat) return null;
  var heatBox = heat.parentElement && heat.parentElement.classList.contains("heat-layout");
  return [mine, heatBox ? heat.parentElement : heat, heat];
}

function align() {
  pending = false;
  var found = targets();
  if (!found) return;
  var mine = found[0];
  var heatBox = found[1];
  mine.style.marginTop = "";
  heatBox.style.marginTop = "";
  var a = mine.getBoundingClientRect();
  var b = found[2].getBoundingClientRect();
  var sideBySide = a.right <= b.left || b.right <= a.left;
  var gap = b.top - a.top;
  if (!sideBySide || Math.abs(gap) < 1 || Math.abs(gap) > window.innerHeight / 2) return;
  if (gap > 0) mine.style.marginTop = gap + "px";
  else heatBox.style.marginTop = -gap + "px";
}

export function alignSoon() {
  if (pending) return;
  pending = true;
  window.requestAnimationFrame(align);
}

export function layoutListen() {
  window.addEventListener("resize", alignSoon);
  new MutationObserver(alignSoon).observe(shared.root, { childList: true });
  if (typeof ResizeObserver === "function") new ResizeObserver(alignSoon).observe(shared.root);
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(alignSoon);
  alignSoon();
}
