/*
 * Keyboard on a slot grid: arrows move, Space switches one slot, S stars it (or takes the star
 * away), N marks it free if need be (or plainly free again), Shift+arrows select, Enter (or S,
 * or N) applies to the selection, Escape drops it.
 */

import { cellAt, cellsBetween, focusCell, gridCellOf, stateOf } from "./grid.js";
import { actionFor, ifNeedBeAction } from "./marks.js";
import { paintSlots } from "./paint.js";
import { keyedClear, keyedShow } from "./selection.js";
import { shared } from "./state.js";

/* S (whatever the keyboard's layout or input mode) or *: the star. */
export function starKey(event) {
  return event.code === "KeyS" || event.key === "s" || event.key === "S" || event.key === "*";
}

/* N (whatever the keyboard's layout or input mode): free if need be. */
export function ifNeedBeKey(event) {
  return event.code === "KeyN" || event.key === "n" || event.key === "N";
}

var MOVES = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };

function keyDown(event) {
  var found = gridCellOf(event.target);
  if (!found || event.altKey || event.ctrlKey || event.metaKey) return;
  var table = found.table;
  var paintable = table.hasAttribute("data-paint-grid");
  var move = MOVES[event.key];
  if (move) {
    event.preventDefault();
    var next = [found.pos[0] + move[0], found.pos[1] + move[1]];
    var target = cellAt(table, next);
    if (!target) return;
    if (event.shiftKey && paintable) {
      if (!shared.keyed || shared.keyed.table !== table.id) {
        keyedClear();
        shared.keyed = { table: table.id, anchor: found.pos, focus: found.pos };
      }
      shared.keyed.focus = next;
      keyedShow();
    } else {
      keyedClear();
    }
    focusCell(table, target);
    return;
  }
  if (!paintable) return;
  if (event.key === "Escape") {
    keyedClear();
    return;
  }
  var star = starKey(event);
  var maybe = !star && ifNeedBeKey(event);
  if (event.key === " " || event.key === "Spacebar" || event.key === "Enter" || star || maybe) {
    event.preventDefault();
    var cells = [found.cell];
    var anchor = found.cell;
    var keyed = shared.keyed;
    if ((event.key === "Enter" || star || maybe) && keyed && keyed.table === table.id) {
      anchor = cellAt(table, keyed.anchor) || found.cell;
      cells = cellsBetween(table, keyed.anchor, keyed.focus);
    }
    keyedClear();
    var state = stateOf(anchor);
    var action = star ? (state === "p" ? "unstar" : "star") : actionFor(state);
    if (maybe) action = ifNeedBeAction(state);
    if (state) paintSlots(table, cells, action);
  }
}

export function keysListen() {
  shared.root.addEventListener("keydown", keyDown);
}
