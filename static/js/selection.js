/* The keyboard selection on my slot grid (Shift+arrows): shown as aria-selected cells. */

import { cellsBetween } from "./grid.js";
import { shared } from "./state.js";

export function keyedClear() {
  if (!shared.keyed) return;
  var table = document.getElementById(shared.keyed.table);
  if (table) {
    table.querySelectorAll("td[aria-selected]").forEach(function (cell) {
      cell.removeAttribute("aria-selected");
    });
  }
  shared.keyed = null;
}

export function keyedShow() {
  var keyed = shared.keyed;
  var table = document.getElementById(keyed.table);
  if (!table) return;
  table.querySelectorAll("td[aria-selected]").forEach(function (cell) {
    cell.removeAttribute("aria-selected");
  });
  cellsBetween(table, keyed.anchor, keyed.focus).forEach(function (cell) {
    cell.setAttribute("aria-selected", "true");
  });
}
