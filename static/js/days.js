/*
 * Which days on the create and dates forms: only the part of the chosen kind shows ("specific
 * dates" or "days of the week"), and the weekday quick picks ("Mon–Fri", "Every day") check
 * their boxes. Without the script both parts show and the quick picks post the form.
 */

import { announce } from "./announce.js";

export function daysShow(scope) {
  scope.querySelectorAll("[data-days]").forEach(function (box) {
    var chosen = box.querySelector("input[data-days-switch]:checked");
    var kind = chosen ? chosen.value : "dates";
    box.querySelectorAll("[data-days-part]").forEach(function (part) {
      part.hidden = part.getAttribute("data-days-part") !== kind;
    });
  });
}

function quickWeekdays(pick) {
  var wanted = pick.getAttribute("data-quick-weekdays").split(" ");
  var boxes = pick.form.querySelectorAll('input[name="weekdays"]');
  var names = [];
  boxes.forEach(function (box) {
    box.checked = wanted.indexOf(box.value) !== -1;
    if (box.checked && box.labels && box.labels[0]) names.push(box.labels[0].textContent.trim());
  });
  announce(pick.textContent.trim() + ": " + names.join(", "));
}

export function daysListen() {
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target instanceof HTMLInputElement && target.hasAttribute("data-days-switch")) {
      daysShow(document);
    }
  });
  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    var pick = target ? target.closest("button[data-quick-weekdays]") : null;
    if (pick && pick.form) {
      event.preventDefault();
      quickWeekdays(pick);
    }
  });
}
