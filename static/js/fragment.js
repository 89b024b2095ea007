/*
 * Replacing the meeting fragment with a newer one, keeping what the person was doing: scroll
 * positions, focus, half-typed input, open sections, the brush and the keyboard selection.
 */

import { announce } from "./announce.js";
import { daysShow } from "./days.js";
import { cellAt, gridCellOf } from "./grid.js";
import { keyedShow } from "./selection.js";
import { shared } from "./state.js";
import { timeWindowsShow } from "./times.js";

/* The meeting's version in an ETag ("m<version>..."), -1 without one. */
export function versionOf(tag) {
  var match = /m(\d+)/.exec(tag || "");
  return match ? parseInt(match[1], 10) : -1;
}

function isDirty(field) {
  if (field.type === "checkbox" || field.type === "radio") {
    return field.checked !== field.defaultChecked;
  }
  if (field.tagName === "SELECT") {
    for (var i = 0; i < field.options.length; i++) {
      if (field.options[i].selected !== field.options[i].defaultSelected) return true;
    }
    return false;
  }
  return "defaultValue" in field && field.value !== field.defaultValue;
}

/* Replace the meeting fragment, keeping what the person was doing. */
export function swap(html, newTag, submitted) {
  var root = shared.root;
  var active = document.activeElement;
  var activeId = active && root.contains(active) ? active.id : "";
  var activeCell = active && root.contains(active) ? gridCellOf(active) : null;
  var focusedCell = activeCell ? { table: activeCell.table.id, pos: activeCell.pos } : null;
  var selection = null;
  if (activeId && typeof active.selectionStart === "number") {
    try {
      selection = [active.selectionStart, active.selectionEnd];
    } catch (error) {
      selection = null;
    }
  }
  var typed = {};
  root.querySelectorAll("input[id], select[id], textarea[id]").forEach(function (field) {
    if (field.form !== submitted && isDirty(field)) {
      var box = field.type === "checkbox" || field.type === "radio";
      typed[field.id] = box ? { checked: field.checked } : field.value;
    }
  });
  var open = {};
  root.querySelectorAll("details[id]").forEach(function (details) {
    // A details around the form sent closes with the answer, unless it holds several (data-keep-open).
    var keep = !submitted || !details.contains(submitted) || details.hasAttribute("data-keep-open");
    if (keep) open[details.id] = details.open;
  });
  var scrolled = {};
  root.querySelectorAll("[data-keep-scroll][id]").forEach(function (box) {
    scrolled[box.id] = [box.scrollLeft, box.scrollTop];
  });
  var pageX = window.scrollX;
  var pageY = window.scrollY;

  root.innerHTML = html;
  if (newTag) shared.etag = newTag;

  Object.keys(typed).forEach(function (id) {
    var field = document.getElementById(id);
    if (!field || !root.contains(field)) return;
    if (typeof typed[id] === "object") field.checked = typed[id].checked;
    else field.value = typed[id];
  });
  Object.keys(open).forEach(function (id) {
    var details = document.getElementById(id);
    if (details && root.contains(details) && !details.querySelector(".errorlist")) {
      details.open = open[id];
    }
  });
  Object.keys(scrolled).forEach(function (id) {
    var box = document.getElementById(id);
    if (box) {
      box.scrollLeft = scrolled[id][0];
      box.scrollTop = scrolled[id][1];
    }
  });
  window.scrollTo(pageX, pageY);

  // A form sent back with errors: the summary of them at the top takes focus (it links to
  // each field); the page's title says so.
  var summary = submitted ? document.getElementById("error-summary") : null;
  if (summary) summary.scrollIntoView({ block: "nearest" });
  titleShow(root);
  var focusTarget = summary || (activeId ? document.getElementById(activeId) : null);
  if (!focusTarget && submitted) {
    focusTarget = root.querySelector("[aria-invalid='true'], .alert");
    if (focusTarget && focusTarget.classList.contains("alert")) {
      focusTarget.setAttribute("tabindex", "-1");
    }
  }
  if (!focusTarget && submitted && submitted.hasAttribute("data-focus")) {
    // The control pressed is gone (a "Pick" once the date is decided): go where it led.
    focusTarget = document.getElementById(submitted.getAttribute("data-focus"));
    if (focusTarget && !focusTarget.hasAttribute("tabindex")) {
      focusTarget.setAttribute("tabindex", "-1");
    }
    if (focusTarget) focusTarget.scrollIntoView({ block: "nearest" });
    // What just happened, said once (after joining: "You joined this meeting.").
    if (focusTarget && submitted.hasAttribute("data-announce")) {
      announce(submitted.getAttribute("data-announce"));
    }
  }
  if (focusTarget && root.contains(focusTarget)) {
    focusTarget.focus({ preventScroll: true });
    if (selection && typeof focusTarget.setSelectionRange === "function") {
      try {
        focusTarget.setSelectionRange(selection[0], selection[1]);
      } catch (error) {
        /* not a text field any more */
      }
    }
  }
  afterSwap(focusedCell);
}

/* "Error: " before the page's title while the meeting shows an error, not after. */
function titleShow(root) {
  var prefix = root.getAttribute("data-error-prefix") || "";
  if (!prefix) return;
  var title = document.title;
  var bare = title.indexOf(prefix) === 0 ? title.slice(prefix.length) : title;
  var failed = root.querySelector("#error-summary, .alert");
  document.title = (failed ? prefix : "") + bare;
}

/* The brush buttons say which brush is on (the preferred one, "if need be", or neither). */
export function brushesShow() {
  [
    ["brush-preferred", shared.brushPreferred],
    ["brush-ifneedbe", shared.brushIfNeedBe],
  ].forEach(function (pair) {
    var button = document.getElementById(pair[0]);
    if (button) button.setAttribute("aria-pressed", pair[1] ? "true" : "false");
  });
}

/* After the fragment was replaced: the brushes, the keyboard selection, the focused cell. */
function afterSwap(focused) {
  brushesShow();
  if (shared.keyed) {
    if (document.getElementById(shared.keyed.table)) keyedShow();
    else shared.keyed = null;
  }
  if (focused) {
    var table = document.getElementById(focused.table);
    var cell = table ? cellAt(table, focused.pos) : null;
    if (cell) {
      table.querySelectorAll("td[tabindex='0']").forEach(function (other) {
        if (other !== cell) other.setAttribute("tabindex", "-1");
      });
      cell.setAttribute("tabindex", "0");
      cell.focus({ preventScroll: true });
    }
  }
  timeWindowsShow(shared.root);
  daysShow(shared.root);
  shared.afterSwap.forEach(function (redo) {
    redo();
  });
}

/* An answer that arrives in the middle of a stroke waits for its end: replacing the cells
 * under the pointer would lose the stroke. A stroke that sends nothing shows it then. */
export function swapWhenIdle(html, tag, form) {
  if (shared.stroke) shared.pendingSwap = { html: html, tag: tag, form: form };
  else swap(html, tag, form);
}

export function pendingSwapShow() {
  var pending = shared.pendingSwap;
  shared.pendingSwap = null;
  if (pending && versionOf(pending.tag) >= versionOf(shared.etag)) {
    swap(pending.html, pending.tag, pending.form);
  }
}
