/* Quick picks fill the date inputs (any page). */

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
    }
  });
}
