/* Quick picks fill the date inputs; the copy button copies the share link (any page). */

import { announce } from "./announce.js";

export function picksListen() {
  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    var pick = target.closest("button[data-quick-start]");
    if (pick && pick.form) {
      event.preventDefault();
      var start = pick.form.elements.namedItem("start_date");
      var end = pick.form.elements.namedItem("end_date");
      if (start && end) {
        start.value = pick.getAttribute("data-quick-start");
        end.value = pick.getAttribute("data-quick-end");
        announce(pick.textContent.trim() + ": " + start.value + " – " + end.value);
      }
      return;
    }
    var copy = target.closest("button[data-copy-target]");
    if (copy) {
      var input = document.getElementById(copy.getAttribute("data-copy-target"));
      if (!input) return;
      var done = function () {
        announce(copy.getAttribute("data-copied") || "");
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(done, function () {
          input.select();
        });
      } else {
        input.focus();
        input.select();
        try {
          if (document.execCommand("copy")) done();
        } catch (error) {
          /* the link stays selected for copying by hand */
        }
      }
    }
  });
}
