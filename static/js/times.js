/*
 * Times of day on the create and dates forms: the window fields show only for "dates and
 * times", and the time zone select starts at the browser's zone (and says so).
 */

import { browserZone } from "./zone.js";

export function timeWindowsShow(scope) {
  scope.querySelectorAll("[data-time-window]").forEach(function (box) {
    var fields = box.querySelector("[data-time-fields]");
    var chosen = box.querySelector("input[data-times-switch]:checked");
    if (fields) fields.hidden = !chosen || chosen.value !== "times";
  });
  if (!browserZone) return;
  scope.querySelectorAll("select[data-browser-zone]").forEach(function (select) {
    if (select.hasAttribute("data-zone-set")) return;
    select.setAttribute("data-zone-set", "");
    var shown = select.options[select.selectedIndex];
    if (shown && !shown.defaultSelected) return; // chosen already (kept across a refresh)
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === browserZone) {
        select.value = browserZone;
        zoneSaid(select);
        return;
      }
    }
  });
}

/* The words next to the select say where its zone came from: now the browser. */
function zoneSaid(select) {
  var said = document.getElementById(select.getAttribute("aria-describedby") || "");
  var words = said && said.getAttribute("data-browser-said");
  if (words) said.textContent = words.replace("%(zone)s", browserZone.replace(/_/g, " "));
}

export function timesListen() {
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target instanceof HTMLInputElement && target.hasAttribute("data-times-switch")) {
      timeWindowsShow(document);
    }
  });
}
