/*
 * Forms inside the meeting are sent in the background with the header "Meetifyr-Fragment: 1";
 * the answer is the re-rendered meeting fragment, swapped in place. Edits are sent in order,
 * one at a time. A form marked data-plain (deleting the meeting) is sent the usual way, as it
 * leaves the page; an answer with "Meetifyr-Navigate: <path>" sends the browser to that page.
 */

import { announce } from "./announce.js";
import { swapWhenIdle, versionOf } from "./fragment.js";
import { showMarked } from "./marks.js";
import { FRAGMENT, shared } from "./state.js";

/* Send the form the normal way (used when the answer is not a fragment). */
function submitPlainly(form, sent) {
  if (sent) {
    var carrier = document.createElement("input");
    carrier.type = "hidden";
    carrier.name = sent.name;
    carrier.value = sent.value;
    form.appendChild(carrier);
  }
  HTMLFormElement.prototype.submit.call(form);
}

/* Edits are sent one after the other, in the order they were made, so quick presses on one
 * cell are applied in order. Only the answer to the last queued edit (or an error) is shown:
 * earlier ones would flash states that the next edit already replaced. */
function send(form, action, body, sent) {
  return fetch(action, {
    method: "POST",
    body: body,
    headers: { "Meetifyr-Fragment": "1" },
    credentials: "same-origin",
    cache: "no-store",
  })
    .then(function (response) {
      var elsewhere = response.headers.get("Meetifyr-Navigate");
      if (elsewhere && elsewhere.charAt(0) === "/" && elsewhere.charAt(1) !== "/") {
        window.location.assign(elsewhere); // the meeting is gone (deleted): its next page
        return null;
      }
      if (response.headers.get(FRAGMENT) !== "1") {
        // A 404 or an expired form: show the real page.
        if (form.isConnected && !form.hasAttribute("data-paint")) submitPlainly(form, sent);
        else window.location.reload();
        return null;
      }
      var tag = response.headers.get("ETag") || "";
      return response.text().then(function (html) {
        var last = shared.editsInFlight === 1;
        if ((last || !response.ok) && versionOf(tag) >= versionOf(shared.etag)) {
          swapWhenIdle(html, tag, form);
        }
      });
    })
    .catch(function () {
      shared.etag = ""; // whatever was shown early, the next poll brings the meeting as stored
      announce(shared.root.getAttribute("data-offline-message") || "");
    });
}

export function enqueue(form, action, body, sent) {
  shared.editsInFlight += 1;
  shared.editCount += 1;
  shared.root.setAttribute("aria-busy", "true");
  shared.queue = shared.queue
    .then(function () {
      return send(form, action, body, sent);
    })
    .then(function () {
      shared.editsInFlight -= 1;
      if (shared.editsInFlight === 0) shared.root.removeAttribute("aria-busy");
    });
}

/* Marks of my row (a stroke, an undo) in one request through the paint form. */
export function sendMarks(marks) {
  var form = document.getElementById("paint-form");
  if (!form || !marks.length) return false;
  var body = new FormData(form);
  body.append("marks", JSON.stringify(marks));
  enqueue(form, form.action, body, null);
  return true;
}

export function formsListen() {
  shared.root.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "post") return;
    if (form.hasAttribute("data-plain")) {
      // Leaves the page (deleting the meeting): sent the usual way, and no poll may reload
      // the page meanwhile (it would find the meeting gone and cancel the navigation).
      shared.leaving = true;
      window.clearTimeout(shared.timer);
      shared.timer = null;
      return;
    }
    var submitter = event.submitter || null;
    if (submitter && submitter.hasAttribute("data-quick-start")) return; // handled on click
    event.preventDefault();
    var action = form.action;
    var body = new FormData(form);
    var sent =
      submitter && submitter.name ? { name: submitter.name, value: submitter.value } : null;
    if (sent) body.append(sent.name, sent.value);
    if (sent && sent.name === "mark") showMarked(submitter);
    enqueue(form, action, body, sent);
  });
}
