/*
 * My row of a dates-only meeting by keyboard, like the slot grid: one Tab stop (a roving
 * tabindex over the row's buttons). Left and Right move between dates, Up and Down between a
 * date's ✓, ☆ and (✓), Home and End to the first and last date; Space or Enter presses the
 * focused button (free ⇄ busy, the star, or if need be), S stars the date, N marks it free if
 * need be. Without the script each button is a Tab stop of its own.
 */

import { ifNeedBeKey, starKey } from "./keyboard.js";
import { shared } from "./state.js";

var MINE = "table.grid tr.me .cell-controls button";

function myButtons() {
  return shared.root.querySelectorAll(MINE);
}

function rove(current) {
  myButtons().forEach(function (button) {
    button.setAttribute("tabindex", button === current ? "0" : "-1");
  });
  shared.dateFocus = current.id;
}

/* After each render: one button of my row keeps the Tab stop (the focused one, or the last). */
export function datesRoving() {
  var buttons = myButtons();
  if (!buttons.length) return;
  var region = document.getElementById("grid-scroll");
  if (region) region.removeAttribute("tabindex"); // my row is the stop; focus scrolls it
  var current = document.activeElement;
  if (!(current instanceof Element) || !current.matches(MINE)) {
    current = shared.dateFocus ? document.getElementById(shared.dateFocus) : null;
  }
  if (!current || !current.matches(MINE)) current = buttons[0];
  rove(current);
}

var KINDS = ["toggle", "star", "maybe"]; // a date's buttons, top to bottom

function kindOf(button) {
  return (
    KINDS.find(function (kind) {
      return button.classList.contains(kind);
    }) || "toggle"
  );
}

function sameKind(cell, kind) {
  return cell ? cell.querySelector("button." + kind) : null;
}

function keyDown(event) {
  var button = event.target instanceof Element ? event.target.closest(MINE) : null;
  if (!button || event.altKey || event.ctrlKey || event.metaKey) return;
  var cell = button.closest("td");
  var cells = cell.parentElement.cells;
  var kind = kindOf(button);
  var place = KINDS.indexOf(kind);
  var target = null;
  if (event.key === "ArrowLeft") target = sameKind(cells[cell.cellIndex - 1], kind);
  else if (event.key === "ArrowRight") target = sameKind(cells[cell.cellIndex + 1], kind);
  else if (event.key === "ArrowUp") target = sameKind(cell, KINDS[Math.max(place - 1, 0)]);
  else if (event.key === "ArrowDown") {
    target = sameKind(cell, KINDS[Math.min(place + 1, KINDS.length - 1)]);
  } else if (event.key === "Home") target = sameKind(cells[1], kind);
  else if (event.key === "End") target = sameKind(cells[cells.length - 1], kind);
  else if (starKey(event) || ifNeedBeKey(event)) {
    event.preventDefault();
    var pressed = sameKind(cell, starKey(event) ? "star" : "maybe");
    if (pressed) pressed.click();
    return;
  } else return;
  event.preventDefault();
  if (!target) return;
  rove(target);
  target.focus();
}

export function dateKeysListen() {
  shared.root.addEventListener("keydown", keyDown);
  shared.root.addEventListener("focusin", function (event) {
    if (event.target instanceof Element && event.target.matches(MINE)) rove(event.target);
  });
  datesRoving();
  shared.afterSwap.push(datesRoving);
}
