/*
 * Times of day on the create and dates forms: the window fields show only for "dates and
 * times", the time zone select starts at the browser's zone (on top, and says so), and a
 * search box narrows its 400-odd zones.
 */

import { browserZone } from "./zone.js";

export function timeWindowsShow(scope) {
  zoneSearchAdd(scope);
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
        zoneOnTop(select, select.options[i]);
        select.value = browserZone;
        zoneSaid(select);
        return;
      }
    }
  });
}

/* The "Your zone" group (the first) holds the browser's zone. */
function zoneOnTop(select, option) {
  var mine = select.querySelector("optgroup");
  if (!mine || option.parentNode === mine) return;
  mine.replaceChildren(option.cloneNode(true));
}

/* A search box before each zone select: typing hides the zones that do not match and picks
   the first that does. */
function zoneSearchAdd(scope) {
  scope.querySelectorAll("select[data-zone-search]").forEach(function (select) {
    if (select.hasAttribute("data-zone-search-on")) return;
    select.setAttribute("data-zone-search-on", "");
    var input = document.createElement("input");
    input.type = "search";
    input.className = "zone-search";
    input.placeholder = select.getAttribute("data-zone-search");
    input.setAttribute("aria-label", input.placeholder);
    input.setAttribute("aria-controls", select.id);
    select.parentNode.insertBefore(input, select);
    input.addEventListener("input", function () {
      var words = input.value.trim().toLowerCase().replace(/[_\s]+/g, " ");
      var first = null;
      Array.prototype.forEach.call(select.options, function (option) {
        var text = (option.value + " " + option.textContent).toLowerCase().replace(/_/g, " ");
        option.hidden = words !== "" && text.indexOf(words) === -1;
        if (!option.hidden && !first) first = option;
      });
      var shown = select.options[select.selectedIndex];
      if (first && (!shown || shown.hidden)) select.value = first.value;
    });
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
