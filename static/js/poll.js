/*
 * Keeping the meeting fresh: the page polls data-grid-url every data-poll-seconds with
 * If-None-Match (the server answers 304 while nothing changed), pauses while the tab is hidden
 * and refreshes at once when it is visible again. What a poll brings is named quietly (cue.js).
 */

import { answersRead, cueShow } from "./cue.js";
import { swap, versionOf } from "./fragment.js";
import { FRAGMENT, shared } from "./state.js";

export function schedule(delay) {
  window.clearTimeout(shared.timer);
  shared.timer = null;
  if (document.hidden || shared.leaving) return;
  shared.timer = window.setTimeout(poll, delay);
}

function poll() {
  shared.timer = null;
  if (document.hidden || shared.leaving) return;
  if (shared.editsInFlight > 0) {
    schedule(shared.pollMs);
    return;
  }
  var startedAt = shared.editCount;
  fetch(shared.gridUrl, {
    headers: { "If-None-Match": shared.etag, "Meetifyr-Fragment": "1" },
    credentials: "same-origin",
    cache: "no-store",
  })
    .then(function (response) {
      if (shared.leaving) return null;
      if (response.status === 404 || response.status === 410) {
        window.location.reload(); // the meeting is gone (410: deleted): show the page that says so
        return null;
      }
      if (response.status !== 200 || response.headers.get(FRAGMENT) !== "1") return null;
      var tag = response.headers.get("ETag") || "";
      return response.text().then(function (html) {
        var idle = startedAt === shared.editCount && shared.editsInFlight === 0 && !shared.stroke;
        if (idle && versionOf(tag) > versionOf(shared.etag)) {
          var before = answersRead(shared.root);
          swap(html, tag, null);
          cueShow(before, answersRead(shared.root)); // someone else's change: "Kim updated"
        }
      });
    })
    .catch(function () {
      /* offline for a moment: try again at the next tick */
    })
    .then(function () {
      schedule(shared.pollMs);
    });
}

export function pollListen() {
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) {
      window.clearTimeout(shared.timer);
      shared.timer = null;
    } else {
      schedule(0); // refresh at once when the tab comes back
    }
  });
}

/* The server could not know the browser's zone before the cookie was written: show the
 * times in it now. */
export function zoneRefresh(browserZone) {
  var timed = shared.root.querySelector("[data-zone]");
  if (!timed || timed.getAttribute("data-zone") === browserZone) return;
  fetch(shared.gridUrl, {
    headers: { "Meetifyr-Fragment": "1" },
    credentials: "same-origin",
    cache: "no-store",
  })
    .then(function (response) {
      if (response.status !== 200 || response.headers.get(FRAGMENT) !== "1") return null;
      var tag = response.headers.get("ETag") || "";
      return response.text().then(function (html) {
        var idle = shared.editsInFlight === 0 && !shared.stroke;
        if (idle && versionOf(tag) >= versionOf(shared.etag)) swap(html, tag, null);
      });
    })
    .catch(function () {
      /* the next poll or reload shows it */
    });
}
