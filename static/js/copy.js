/*
 * The copy buttons next to the share, manage and personal links (any page). The button itself
 * says "Copied" for a moment (and the live region says "Link copied"); when the clipboard is
 * refused, the link is selected and the button says "Press Ctrl+C" (⌘C on a Mac).
 */

import { announce } from "./announce.js";

var FEEDBACK_MS = 2500;
var timers = new WeakMap();

function isMac() {
  var platform = (navigator.userAgentData && navigator.userAgentData.platform) || navigator.platform;
  return /mac|iphone|ipad/i.test(platform || "");
}

/* Show a word on the button for a moment, without changing its width. */
function feedback(button, word, state) {
  if (!button.hasAttribute("data-label")) button.setAttribute("data-label", button.textContent);
  button.style.minWidth = button.getBoundingClientRect().width + "px";
  button.textContent = word;
  button.setAttribute("data-state", state);
  window.clearTimeout(timers.get(button));
  timers.set(
    button,
    window.setTimeout(function () {
      button.textContent = button.getAttribute("data-label");
      button.removeAttribute("data-state");
      button.style.minWidth = "";
    }, FEEDBACK_MS),
  );
}

function copied(button) {
  feedback(button, button.getAttribute("data-copied-short") || "", "copied");
  announce(button.getAttribute("data-copied") || "");
}

/* The clipboard was refused: the link stays selected, to be copied by hand. */
function byHand(button, input) {
  input.focus();
  input.select();
  input.setSelectionRange(0, input.value.length);
  var word = button.getAttribute(isMac() ? "data-copy-by-hand-mac" : "data-copy-by-hand") || "";
  feedback(button, word, "by-hand");
  announce(word);
}

function copy(button) {
  var input = document.getElementById(button.getAttribute("data-copy-target"));
  if (!input) return;
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(input.value).then(
      function () {
        copied(button);
      },
      function () {
        byHand(button, input);
      },
    );
    return;
  }
  input.focus();
  input.select();
  var done = false;
  try {
    done = document.execCommand("copy");
  } catch (error) {
    done = false;
  }
  if (done) copied(button);
  else byHand(button, input);
}

export function copyListen() {
  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    var button = target ? target.closest("button[data-copy-target]") : null;
    if (button) copy(button);
  });
}
