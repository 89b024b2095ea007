/*
 * Undo and what a stroke did. Each stroke on my row (pointer, touch, keyboard, a date's button)
 * is said in the live region ("3 times marked busy") and kept with the marks that put its cells
 * back as they were before it. Undo (the button, Ctrl+Z or Cmd+Z) sends those marks in one
 * request through the paint form: only that stroke's cells of my own row, so whatever someone
 * else changed meanwhile stays.
 */

import { announce } from "./announce.js";
import { datesBefore, RESULT_OF, showStates } from "./marks.js";
import { sendMarks } from "./send.js";
import { shared } from "./state.js";

var KEPT = 20; // strokes that can be taken back, the last one first

/* A sentence of the paint tools' data-said-* words, for a count. */
function said(name, count) {
  var tools = document.getElementById("paint-tools");
  var key = "data-said-" + name + (count === 1 ? "-one" : "-many");
  var text = tools ? tools.getAttribute(key) || "" : "";
  return text.replace("{count}", String(count));
}

export function undoShow() {
  var button = document.getElementById("paint-undo");
  if (button) button.setAttribute("aria-disabled", shared.undo.length ? "false" : "true");
}

/* A stroke was sent: ``before`` (marks.js slotsBefore or datesBefore) and its action. */
export function strokeDone(before, action) {
  if (!before.marks.length) return;
  shared.undo.push(before);
  if (shared.undo.length > KEPT) shared.undo.shift();
  undoShow();
  announce(said(RESULT_OF[action] || "f", before.count));
}

export function undoLast() {
  if (shared.stroke) return; // a stroke under way: it ends first
  var last = shared.undo.pop();
  undoShow();
  if (!last) {
    var tools = document.getElementById("paint-tools");
    announce(tools ? tools.getAttribute("data-said-nothing") || "" : "");
    return;
  }
  var table = document.getElementById("mine-grid");
  if (last.unit === "slots" && table) showStates(table, last.before);
  sendMarks(last.marks);
  announce(said("undo", last.count));
}

function typing(target) {
  if (!(target instanceof Element)) return false;
  return !!target.closest("input, textarea, select, [contenteditable]");
}

export function undoListen() {
  var root = shared.root;
  root.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (target && target.closest("#paint-undo")) undoLast();
  });
  document.addEventListener("keydown", function (event) {
    var z = event.key === "z" || event.key === "Z" || event.code === "KeyZ";
    if (!z || !(event.ctrlKey || event.metaKey) || event.shiftKey || event.altKey) return;
    if (typing(event.target) || !document.getElementById("paint-form")) return;
    event.preventDefault();
    undoLast();
  });
  /* A date's ✓ or ☆ pressed (a click, Space, Enter) is a stroke of one date; another person
   * chosen, or me removed, ends what Undo can take back. Runs before send.js sends it. */
  root.addEventListener(
    "submit",
    function (event) {
      var submitter = event.submitter || null;
      if (submitter && submitter.name === "mark" && submitter.closest("tr.me")) {
        strokeDone(datesBefore([submitter]), submitter.value.split(":")[1]);
        return;
      }
      var action = event.target instanceof HTMLFormElement ? event.target.action : "";
      if (/\/(join|switch|leave)$/.test(action)) {
        shared.undo = [];
        undoShow();
      }
    },
    true
  );
}
