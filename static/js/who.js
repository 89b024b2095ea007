/* Everyone's grid: pointing at or focusing a slot lists who is free then. */

import { gridCellOf } from "./grid.js";
import { shared } from "./state.js";

function whoShow(cell) {
  var root = shared.root;
  var panel = document.getElementById("who");
  if (!panel || !root.contains(cell)) return;
  var k = cell.getAttribute("data-k");
  var free = [];
  var busy = [];
  if (k !== null) {
    root.querySelectorAll(".people li").forEach(function (person) {
      var mark = (person.getAttribute("data-s") || "").charAt(parseInt(k, 10));
      var name = person.textContent;
      if (mark === "2") free.push(name + " ★ (" + panel.getAttribute("data-preferred") + ")");
      else if (mark === "3") free.push(name + " (" + panel.getAttribute("data-if-need-be") + ")");
      else if (mark === "1") free.push(name);
      else busy.push(name);
    });
  }
  panel.textContent = "";
  var title = document.createElement("p");
  title.className = "who-title";
  title.textContent = cell.getAttribute("aria-label") || "";
  panel.appendChild(title);
  if (k === null) return;
  [
    [panel.getAttribute("data-free"), free, "who-free"],
    [panel.getAttribute("data-busy"), busy, "who-busy"],
  ].forEach(function (part) {
    var line = document.createElement("p");
    line.className = part[2];
    var head = document.createElement("strong");
    head.textContent = part[0] + " (" + part[1].length + "): ";
    line.appendChild(head);
    line.appendChild(document.createTextNode(part[1].join(", ") || "–"));
    panel.appendChild(line);
  });
}

export function whoListen() {
  shared.root.addEventListener("pointerover", function (event) {
    if (shared.stroke) return;
    var found = gridCellOf(event.target);
    if (found && found.table.hasAttribute("data-heat-grid")) whoShow(found.cell);
  });
  shared.root.addEventListener("focusin", function (event) {
    var found = gridCellOf(event.target);
    if (found && found.table.hasAttribute("data-heat-grid")) whoShow(found.cell);
  });
}
