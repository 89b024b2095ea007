/*
 * What a press or a stroke does to cells, stars and date buttons: the action it sends, the
 * marks it sends, and the new state shown at once (the answer then shows what was stored).
 */

import { stateOf } from "./grid.js";
import { shared } from "./state.js";

/* A cell or star shows its new state at once (a second quick press then undoes the first);
 * the answer replaces it with the meeting as stored. The "if need be" button ((✓)) switches
 * between ifneedbe and unstar, keeping its glyph. */
var OPPOSITE = { on: "off", off: "on", star: "unstar", unstar: "star" };
var MAYBE_OPPOSITE = { ifneedbe: "unstar", unstar: "ifneedbe" };
var GLYPH = { "\u2713": "\u2715", "\u2715": "\u2713", "\u2606": "\u2605", "\u2605": "\u2606" };

export function showMarked(button) {
  var parts = button.value.split(":");
  var opposite = button.classList.contains("maybe") ? MAYBE_OPPOSITE : OPPOSITE;
  if (parts.length !== 2 || !opposite[parts[1]]) return;
  button.value = parts[0] + ":" + opposite[parts[1]];
  var pressed = button.getAttribute("aria-pressed") === "true";
  button.setAttribute("aria-pressed", pressed ? "false" : "true");
  var glyph = button.querySelector("span");
  if (glyph && GLYPH[glyph.textContent]) glyph.textContent = GLYPH[glyph.textContent];
}

function pad(number) {
  return (number < 10 ? "0" : "") + number;
}

function minutesLabel(minutes) {
  return pad(Math.floor(minutes / 60)) + ":" + pad(minutes % 60);
}

/* What a stroke starting on a cell in this state does, and what it makes of each state. */
export function actionFor(state) {
  if (shared.brushPreferred) return state === "p" ? "unstar" : "star";
  if (shared.brushIfNeedBe) return ifNeedBeAction(state);
  return state === "b" ? "on" : "off";
}

/* The "if need be" brush or key (N): on a slot free if need be, plainly free again. */
export function ifNeedBeAction(state) {
  return state === "n" ? "unstar" : "ifneedbe";
}

/* n: free if need be ("3"). ``on`` keeps it, like a star; ``unstar`` makes it plainly free. */
var RESULT = {
  on: { b: "f", f: "f", p: "p", n: "n" },
  off: { b: "b", f: "b", p: "b", n: "b" },
  star: { b: "p", f: "p", p: "p", n: "p" },
  unstar: { b: "b", f: "f", p: "f", n: "f" },
  ifneedbe: { b: "n", f: "n", p: "n", n: "n" },
};
var STATES = ["b", "f", "p", "n"];
var SHOWN = ["pending", "to-f", "to-b", "to-p", "to-n"];

export function preview(table, cells, action) {
  table.querySelectorAll("td.pending").forEach(function (cell) {
    cell.classList.remove.apply(cell.classList, SHOWN);
  });
  cells.forEach(function (cell) {
    var state = stateOf(cell);
    if (!state) return;
    cell.classList.add("pending", "to-" + RESULT[action][state]);
  });
}

/* The marks for slots of my grid: per date, one stretch per run of consecutive slots. */
export function slotMarks(table, cells, action) {
  var keys = [];
  cells.forEach(function (cell) {
    var k = cell.getAttribute("data-k");
    if (k !== null && stateOf(cell)) keys.push(parseInt(k, 10));
  });
  return keyMarks(table, keys, action);
}

/* The same for slots given by key (date index x slots a day + slot). */
function keyMarks(table, keys, action) {
  var dates = (table.getAttribute("data-dates") || "").split(" ");
  var count = parseInt(table.getAttribute("data-count"), 10);
  var start = parseInt(table.getAttribute("data-start"), 10);
  var slot = parseInt(table.getAttribute("data-slot"), 10);
  var byDate = {};
  keys.forEach(function (k) {
    var day = Math.floor(k / count);
    (byDate[day] = byDate[day] || []).push(k % count);
  });
  var marks = [];
  Object.keys(byDate)
    .map(Number)
    .sort(function (a, b) {
      return a - b;
    })
    .forEach(function (day) {
      var slots = byDate[day].sort(function (a, b) {
        return a - b;
      });
      var first = slots[0];
      for (var i = 1; i <= slots.length; i++) {
        if (i === slots.length || slots[i] !== slots[i - 1] + 1) {
          marks.push({
            date: dates[day],
            action: action,
            from: minutesLabel(start + first * slot),
            to: minutesLabel(start + (slots[i - 1] + 1) * slot),
          });
          first = slots[i];
        }
      }
    });
  return marks;
}

/* My cells show the stroke's outcome at once; the answer then shows what was stored. */
export function showPainted(table, cells, action) {
  cells.forEach(function (cell) {
    var state = stateOf(cell);
    if (!state) return;
    var next = RESULT[action][state];
    var label = cell.getAttribute("aria-label") || "";
    var suffix = ", " + (table.getAttribute("data-word-" + state) || "");
    if (label.slice(-suffix.length) === suffix) {
      label = label.slice(0, -suffix.length) + ", " + table.getAttribute("data-word-" + next);
      cell.setAttribute("aria-label", label);
    }
    cell.classList.remove.apply(cell.classList, STATES.concat(SHOWN));
    cell.classList.add(next);
  });
}

/* Undo: what a stroke changes, taken before it (my own cells' states), and the marks that put
 * each back whatever it shows then: busy is "off", free "on" then "unstar", preferred "star",
 * free if need be "ifneedbe". */
var RESTORE = { b: ["off"], f: ["on", "unstar"], p: ["star"], n: ["ifneedbe"] };
export var RESULT_OF = { on: "f", off: "b", star: "p", unstar: "f", ifneedbe: "n" };

export function slotsBefore(table, cells) {
  var before = [];
  cells.forEach(function (cell) {
    var k = cell.getAttribute("data-k");
    var state = stateOf(cell);
    if (k !== null && state) before.push({ k: parseInt(k, 10), state: state });
  });
  var marks = [];
  STATES.forEach(function (state) {
    var keys = before
      .filter(function (item) {
        return item.state === state;
      })
      .map(function (item) {
        return item.k;
      });
    if (!keys.length) return;
    RESTORE[state].forEach(function (action) {
      marks = marks.concat(keyMarks(table, keys, action));
    });
  });
  return { unit: "slots", before: before, marks: marks, count: before.length };
}

/* My dates' buttons (a toggle, a star or an if need be each): the dates' states before a
 * stroke. */
export function datesBefore(buttons) {
  var marks = [];
  buttons.forEach(function (button) {
    var cell = button.closest("td");
    var toggle = cell.querySelector("button.toggle");
    var star = cell.querySelector("button.star");
    var maybe = cell.querySelector("button.maybe");
    if (!toggle || !star) return;
    var state = "b";
    if (toggle.getAttribute("aria-pressed") === "true") {
      state = star.getAttribute("aria-pressed") === "true" ? "p" : "f";
      if (maybe && maybe.getAttribute("aria-pressed") === "true") state = "n";
    }
    var iso = toggle.value.split(":")[0];
    RESTORE[state].forEach(function (action) {
      marks.push({ date: iso, action: action });
    });
  });
  return { unit: "dates", before: [], marks: marks, count: buttons.length };
}

/* My cells show the states an undo puts back at once (the answer then shows them stored). */
export function showStates(table, before) {
  before.forEach(function (item) {
    var cell = table.querySelector("td[data-k='" + item.k + "']");
    var state = cell ? stateOf(cell) : "";
    if (!state || state === item.state) return;
    var label = cell.getAttribute("aria-label") || "";
    var suffix = ", " + (table.getAttribute("data-word-" + state) || "");
    if (label.slice(-suffix.length) === suffix) {
      label = label.slice(0, -suffix.length) + ", " + table.getAttribute("data-word-" + item.state);
      cell.setAttribute("aria-label", label);
    }
    cell.classList.remove.apply(cell.classList, STATES);
    cell.classList.add(item.state);
  });
}
