/*
 * My row of a dates-only meeting by keyboard, like the slot grid: one Tab stop (a roving
 * tabindex over the row's buttons). Left and Right move between dates, Up and Down between a
 * date's ✓ and ☆, Home and End to the first and last date; Space or Enter presses the focused
 * button (free ⇄ busy, or the star), S stars the date. Without the script each button is a
 * Tab stop of its own.
 */

import { starKey } from "./keyboard.js";
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

function sameKind(cell, star) {
  return cell ? cell.querySelector(star ? "button.star" : "button.toggle") : null;
}

function keyDown(event) {
  var button = event.target instanceof Element ? event.target.closest(MINE) : null;
  if (!button || event.altKey || event.ctrlKey || event.metaKey) return;
  var cell = button.closest("td");
  var cells = cell.parentElement.cells;
  var star = button.classList.contains("star");
  var target = null;
  if (event.key === "ArrowLeft") target = sameKind(cells[cell.cellIndex - 1], star);
  else if (event.key === "ArrowRight") target = sameKind(cells[cell.cellIndex + 1], star);
  else if (event.key === "ArrowUp") target = sameKind(cell, false);
  else if (event.key === "ArrowDown") target = sameKind(cell, true);
  else if (event.key === "Home") target = sameKind(cells[1], star);
  else if (event.key === "End") target = sameKind(cells[cells.length - 1], star);
  else if (starKey(event)) {
    event.preventDefault();
    var starButton = sameKind(cell, true);
    if (starButton) starButton.click();
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
