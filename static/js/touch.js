/*
 * Touch (and pen) on my grid: a swipe scrolls and never paints. A stroke starts with a long
 * press (HOLD_MS without moving more than SLOP px), or at once while "Paint with a finger" is
 * on (the cells then take the finger: CSS .paint-mode); a quick tap switches one time. Mouse
 * strokes start at once, as before (paint.js).
 */

import { shared } from "./state.js";

var HOLD_MS = 350;
var SLOP = 10;
var press = null; // a finger down, not yet a stroke: {pointerId, x, y, target, timer, tap}

function pressCancel() {
  if (!press) return;
  window.clearTimeout(press.timer);
  press = null;
}

/* A finger went down on my grid: ``begin(target, pointerId, held)`` starts the stroke once it
 * was held long enough; ``tap(target, pointerId)`` (if any) when it is lifted at once. */
export function pressStart(event, begin, tap) {
  pressCancel();
  var held = {
    pointerId: event.pointerId,
    x: event.clientX,
    y: event.clientY,
    target: event.target,
    tap: tap,
  };
  held.timer = window.setTimeout(function () {
    if (press !== held) return;
    press = null;
    if (begin(held.target, held.pointerId, true) && navigator.vibrate) navigator.vibrate(15);
  }, HOLD_MS);
  press = held;
}

function pressMove(event) {
  if (!press || event.pointerId !== press.pointerId) return;
  if (Math.abs(event.clientX - press.x) > SLOP || Math.abs(event.clientY - press.y) > SLOP) {
    pressCancel(); // a swipe: the browser scrolls
  }
}

function pressEnd(event, cancelled) {
  if (!press || event.pointerId !== press.pointerId) return;
  var tapped = press;
  pressCancel();
  if (!cancelled && tapped.tap) tapped.tap(tapped.target, tapped.pointerId);
}

export function paintModeShow() {
  var button = document.getElementById("paint-mode");
  if (button) button.setAttribute("aria-pressed", shared.paintMode ? "true" : "false");
  shared.root.classList.toggle("paint-mode", shared.paintMode);
}

export function touchListen() {
  var root = shared.root;
  document.addEventListener("pointermove", pressMove);
  document.addEventListener("pointerup", function (event) {
    pressEnd(event, false);
  });
  document.addEventListener("pointercancel", function (event) {
    pressEnd(event, true);
  });
  /* Once a held stroke runs, the finger paints: the page does not scroll under it, and no
   * context menu opens. */
  root.addEventListener(
    "touchmove",
    function (event) {
      if (shared.stroke && shared.stroke.held && event.cancelable) event.preventDefault();
    },
    { passive: false }
  );
  root.addEventListener("contextmenu", function (event) {
    if (press || (shared.stroke && shared.stroke.held)) event.preventDefault();
  });
  root.addEventListener("click", function (event) {
    var button = event.target instanceof Element ? event.target.closest("#paint-mode") : null;
    if (!button) return;
    shared.paintMode = !shared.paintMode;
    paintModeShow();
  });
}
