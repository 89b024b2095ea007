/*
 * A quiet cue when a poll brings someone else's change: "Kim updated". The page compares
 * everyone's answers before and after the new fragment (the dates grid's rows, or a timed
 * meeting's list of people and their marks) and names whose answers changed or who joined.
 * The cue is a polite live region outside the fragment; it clears itself after a while.
 */

var CUE_MS = 8000;
var timer = null;

/* Each person's answers as text, by name. */
export function answersRead(root) {
  var answers = {};
  root.querySelectorAll("table.grid tbody tr").forEach(function (row) {
    var name = row.querySelector(".name");
    if (!name) return;
    var marks = [];
    row.querySelectorAll("td").forEach(function (cell) {
      marks.push(cell.className + ":" + cell.textContent.trim());
    });
    answers[name.textContent] = marks.join("|");
  });
  root.querySelectorAll(".people li").forEach(function (person) {
    answers[person.textContent] = person.getAttribute("data-s") || "";
  });
  return answers;
}

export function cueShow(before, after) {
  var cue = document.getElementById("live-cue");
  if (!cue) return;
  var names = Object.keys(after).filter(function (name) {
    return before[name] !== after[name];
  });
  if (!names.length) return;
  var text =
    names.length === 1
      ? (cue.getAttribute("data-one") || "").replace("%(name)s", names[0])
      : (cue.getAttribute("data-many") || "").replace("%(names)s", names.join(", "));
  cue.textContent = text;
  window.clearTimeout(timer);
  timer = window.setTimeout(function () {
    cue.textContent = "";
  }, CUE_MS);
}
