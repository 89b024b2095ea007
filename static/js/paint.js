/*
 * Painting with pointer events: press on one of my slots and drag; the first cell decides free
 * or busy (or, with the preferred brush, starred or not) for the whole stroke, which is sent
 * as ONE request of marks. Dates-only meetings: a drag across my row. A mouse stroke starts at
 * the press; a finger or a pen starts one only by a long press or in paint mode (touch.js), so
 * a swipe scrolls. Each stroke is said and can be undone (undo.js).
 */

import { brushesShow, pendingSwapShow } from "./fragment.js";
import { cellsBetween, focusCell, gridCellOf, stateOf } from "./grid.js";
import {
  actionFor,
  datesBefore,
  preview,
  showMarked,
  showPainted,
  slotMarks,
  slotsBefore,
} from "./marks.js";
import { keyedClear } from "./selection.js";
import { sendMarks } from "./send.js";
import { shared } from "./state.js";
import { pressStart } from "./touch.js";
import { strokeDone } from "./undo.js";

export function paintSlots(table, cells, action) {
  var marks = slotMarks(table, cells, action);
  var before = slotsBefore(table, cells);
  showPainted(table, cells, action);
  var sent = sendMarks(marks);
  if (sent) strokeDone(before, action);
  return sent;
}

/* Dates-only meetings: the buttons of my row. */
function dateButtonOf(element) {
  if (!(element instanceof Element)) return null;
  return element.closest(
    "table.grid tr.me button.toggle, table.grid tr.me button.star, table.grid tr.me button.maybe"
  );
}

function dateButtonsBetween(row, kind, from, to) {
  var buttons = [];
  for (var column = Math.min(from, to); column <= Math.max(from, to); column++) {
    var cell = row.cells[column + 1];
    var button = cell ? cell.querySelector("button." + kind) : null;
    if (button) buttons.push(button);
  }
  return buttons;
}

function strokeCells() {
  var stroke = shared.stroke;
  if (stroke.kind === "slot") return cellsBetween(stroke.table, stroke.anchor, stroke.current);
  return dateButtonsBetween(stroke.row, stroke.kind, stroke.anchor, stroke.current);
}

function strokeShow() {
  var stroke = shared.stroke;
  if (stroke.kind === "slot") {
    preview(stroke.table, strokeCells(), stroke.action);
    return;
  }
  stroke.row.querySelectorAll("button.pending").forEach(function (button) {
    button.classList.remove("pending");
  });
  strokeCells().forEach(function (button) {
    button.classList.add("pending");
  });
}

/* A stroke starts on ``target``; ``held``: by a long press of a finger. Whether it did. */
function strokeBegin(target, pointerId, held) {
  if (shared.stroke) return false;
  var found = gridCellOf(target);
  if (found && found.table.hasAttribute("data-paint-grid")) {
    keyedClear();
    focusCell(found.table, found.cell);
    var state = stateOf(found.cell);
    if (!state) return false; // a slot that does not occur
    shared.stroke = {
      kind: "slot",
      table: found.table,
      anchor: found.pos,
      current: found.pos,
      action: actionFor(state),
      pointerId: pointerId,
      held: held,
    };
    strokeShow();
    return true;
  }
  if (found) {
    focusCell(found.table, found.cell); // everyone's grid: a tap shows who
    return false;
  }
  var button = dateButtonOf(target);
  if (!button) return false;
  shared.stroke = {
    kind: ["star", "maybe"].find(function (kind) {
      return button.classList.contains(kind);
    }) || "toggle",
    row: button.closest("tr"),
    anchor: button.closest("td").cellIndex - 1,
    current: button.closest("td").cellIndex - 1,
    action: button.value.split(":")[1],
    pointerId: pointerId,
    held: held,
  };
  if (held) strokeShow();
  return true;
}

/* A quick tap of a finger on one of my slots switches it. */
function slotTap(target, pointerId) {
  if (strokeBegin(target, pointerId, false)) strokeFinish(pointerId, false);
}

function strokeStart(event) {
  if (event.pointerType === "mouse" && event.button !== 0) return;
  if (shared.stroke) return;
  var found = gridCellOf(event.target);
  var mine = found && found.table.hasAttribute("data-paint-grid");
  if (event.pointerType !== "mouse" && !shared.paintMode && (mine || dateButtonOf(event.target))) {
    pressStart(event, strokeBegin, mine ? slotTap : null); // a swipe scrolls
    return;
  }
  var begun = strokeBegin(event.target, event.pointerId, false);
  // A mouse stroke selects no text. (Not for a finger: Chrome would then drop the click of
  // the next tap, wherever it is.)
  if (begun && mine && event.pointerType === "mouse") event.preventDefault();
}

function strokeMove(event) {
  var stroke = shared.stroke;
  if (!stroke || event.pointerId !== stroke.pointerId) return;
  var under = document.elementFromPoint(event.clientX, event.clientY);
  if (stroke.kind === "slot") {
    var found = gridCellOf(under);
    if (!found || found.table !== stroke.table) return;
    if (found.pos[0] === stroke.current[0] && found.pos[1] === stroke.current[1]) return;
    stroke.current = found.pos;
    strokeShow();
    return;
  }
  var cell = under instanceof Element ? under.closest("td") : null;
  if (!cell || cell.parentElement !== stroke.row || cell.cellIndex < 1) return;
  if (cell.cellIndex - 1 === stroke.current) return;
  stroke.current = cell.cellIndex - 1;
  strokeShow();
}

function strokeEnd(event, cancelled) {
  strokeFinish(event.pointerId, cancelled);
}

function strokeFinish(pointerId, cancelled) {
  if (!shared.stroke || pointerId !== shared.stroke.pointerId) return;
  var done = shared.stroke;
  var cells = strokeCells();
  shared.stroke = null;
  var sent = false;
  if (done.kind === "slot") {
    if (cancelled) preview(done.table, [], done.action);
    else sent = paintSlots(done.table, cells, done.action);
  } else {
    cells.forEach(function (button) {
      button.classList.remove("pending");
    });
    if (!cancelled && (cells.length > 1 || done.held)) {
      // A drag across dates (or a long press): one request, and no click after it.
      shared.suppressClick = true;
      window.setTimeout(function () {
        shared.suppressClick = false;
      }, 0);
      var marks = cells.map(function (button) {
        return { date: button.value.split(":")[0], action: done.action };
      });
      var before = datesBefore(cells);
      cells.forEach(function (button) {
        if (button.value.split(":")[1] === done.action) showMarked(button);
      });
      sent = sendMarks(marks);
      if (sent) strokeDone(before, done.action);
    }
  }
  if (sent) shared.pendingSwap = null; // the answer to this stroke comes next
  else pendingSwapShow();
}

export function paintListen() {
  var root = shared.root;
  root.addEventListener("pointerdown", strokeStart);
  document.addEventListener("pointermove", strokeMove);
  document.addEventListener("pointerup", function (event) {
    strokeEnd(event, false);
  });
  document.addEventListener("pointercancel", function (event) {
    strokeEnd(event, true);
  });

  root.addEventListener(
    "click",
    function (event) {
      if (shared.suppressClick) {
        shared.suppressClick = false;
        event.preventDefault();
        event.stopPropagation();
      }
    },
    true
  );

  /* The preferred brush and the "if need be" brush: one at most is on. */
  root.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    var brush = target ? target.closest("#brush-preferred, #brush-ifneedbe") : null;
    if (!brush) return;
    var preferred = brush.id === "brush-preferred";
    var on = !(preferred ? shared.brushPreferred : shared.brushIfNeedBe);
    shared.brushPreferred = preferred && on;
    shared.brushIfNeedBe = !preferred && on;
    brushesShow();
  });
}
