/*
 * Meetifyr's page script: progressive enhancement only, every control also works without it.
 *
 * - Forms inside the meeting (#meeting) are sent in the background with the header
 *   "Meetifyr-Fragment: 1"; the server answers with the re-rendered meeting fragment, which
 *   replaces the old one in place (scroll positions, focus and half-typed input are kept).
 *   Edits are sent in order, one at a time; a pressed cell or star shows its new state at once.
 * - The page polls data-grid-url every data-poll-seconds with If-None-Match; the server answers
 *   304 while nothing changed. Polling pauses while the tab is hidden and refreshes at once when
 *   it is visible again.
 * - Quick picks fill the date inputs; the copy button copies the share link.
 *
 * No inline scripts or styles and no eval: it runs under a strict Content-Security-Policy.
 */
(function () {
  "use strict";

  var FRAGMENT = "Meetifyr-Fragment";
  document.documentElement.classList.remove("no-js");
  document.documentElement.classList.add("js");

  function announce(message) {
    var status = document.getElementById("live-status");
    if (!status) return;
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = message;
    }, 50);
  }

  /* --- quick picks and copying (any page) -------------------------------------------------- */

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

  /* --- the live meeting ---------------------------------------------------------------------- */

  var root = document.getElementById("meeting");
  if (!root) return;

  var pollMs = Math.max(250, parseFloat(root.getAttribute("data-poll-seconds") || "5") * 1000);
  var gridUrl = root.getAttribute("data-grid-url");
  var etag = root.getAttribute("data-etag") || "";
  var timer = null;
  var editsInFlight = 0;
  var editCount = 0; // bumped by every edit, so an older poll answer is never shown over it

  function versionOf(tag) {
    var match = /m(\d+)/.exec(tag || "");
    return match ? parseInt(match[1], 10) : -1;
  }

  function isDirty(field) {
    if (field.type === "checkbox" || field.type === "radio") {
      return field.checked !== field.defaultChecked;
    }
    if (field.tagName === "SELECT") {
      for (var i = 0; i < field.options.length; i++) {
        if (field.options[i].selected !== field.options[i].defaultSelected) return true;
      }
      return false;
    }
    return "defaultValue" in field && field.value !== field.defaultValue;
  }

  /* Replace the meeting fragment, keeping what the person was doing. */
  function swap(html, newTag, submitted) {
    var active = document.activeElement;
    var activeId = active && root.contains(active) ? active.id : "";
    var selection = null;
    if (activeId && typeof active.selectionStart === "number") {
      try {
        selection = [active.selectionStart, active.selectionEnd];
      } catch (error) {
        selection = null;
      }
    }
    var typed = {};
    root.querySelectorAll("input[id], select[id], textarea[id]").forEach(function (field) {
      if (field.form !== submitted && isDirty(field)) typed[field.id] = field.value;
    });
    var open = {};
    root.querySelectorAll("details[id]").forEach(function (details) {
      if (!submitted || !details.contains(submitted)) open[details.id] = details.open;
    });
    var scrolled = {};
    root.querySelectorAll("[data-keep-scroll][id]").forEach(function (box) {
      scrolled[box.id] = [box.scrollLeft, box.scrollTop];
    });
    var pageX = window.scrollX;
    var pageY = window.scrollY;

    root.innerHTML = html;
    if (newTag) etag = newTag;

    Object.keys(typed).forEach(function (id) {
      var field = document.getElementById(id);
      if (field && root.contains(field)) field.value = typed[id];
    });
    Object.keys(open).forEach(function (id) {
      var details = document.getElementById(id);
      if (details && root.contains(details) && !details.querySelector(".errorlist")) {
        details.open = open[id];
      }
    });
    Object.keys(scrolled).forEach(function (id) {
      var box = document.getElementById(id);
      if (box) {
        box.scrollLeft = scrolled[id][0];
        box.scrollTop = scrolled[id][1];
      }
    });
    window.scrollTo(pageX, pageY);

    var focusTarget = activeId ? document.getElementById(activeId) : null;
    if (!focusTarget && submitted) {
      focusTarget = root.querySelector("[aria-invalid='true'], .alert");
      if (focusTarget && focusTarget.classList.contains("alert")) {
        focusTarget.setAttribute("tabindex", "-1");
      }
    }
    if (focusTarget && root.contains(focusTarget)) {
      focusTarget.focus({ preventScroll: true });
      if (selection && typeof focusTarget.setSelectionRange === "function") {
        try {
          focusTarget.setSelectionRange(selection[0], selection[1]);
        } catch (error) {
          /* not a text field any more */
        }
      }
    }
  }

  /* A cell or star shows its new state at once (a second quick press then undoes the first);
   * the answer replaces it with the meeting as stored. */
  var OPPOSITE = { on: "off", off: "on", star: "unstar", unstar: "star" };
  var GLYPH = { "\u2713": "\u2715", "\u2715": "\u2713", "\u2606": "\u2605", "\u2605": "\u2606" };

  function showMarked(button) {
    var parts = button.value.split(":");
    if (parts.length !== 2 || !OPPOSITE[parts[1]]) return;
    button.value = parts[0] + ":" + OPPOSITE[parts[1]];
    var pressed = button.getAttribute("aria-pressed") === "true";
    button.setAttribute("aria-pressed", pressed ? "false" : "true");
    var glyph = button.querySelector("span");
    if (glyph && GLYPH[glyph.textContent]) glyph.textContent = GLYPH[glyph.textContent];
  }

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
  var queue = Promise.resolve();

  function send(form, action, body, sent) {
    return fetch(action, {
      method: "POST",
      body: body,
      headers: { "Meetifyr-Fragment": "1" },
      credentials: "same-origin",
      cache: "no-store",
    })
      .then(function (response) {
        if (response.headers.get(FRAGMENT) !== "1") {
          // A 404 or an expired form: show the real page.
          if (form.isConnected) submitPlainly(form, sent);
          else window.location.reload();
          return null;
        }
        var tag = response.headers.get("ETag") || "";
        return response.text().then(function (html) {
          var last = editsInFlight === 1;
          if ((last || !response.ok) && versionOf(tag) >= versionOf(etag)) swap(html, tag, form);
        });
      })
      .catch(function () {
        etag = ""; // whatever was shown early, the next poll brings the meeting as stored
        announce(root.getAttribute("data-offline-message") || "");
      });
  }

  root.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "post") return;
    var submitter = event.submitter || null;
    if (submitter && submitter.hasAttribute("data-quick-start")) return; // handled on click
    event.preventDefault();
    var action = form.action;
    var body = new FormData(form);
    var sent = submitter && submitter.name ? { name: submitter.name, value: submitter.value } : null;
    if (sent) body.append(sent.name, sent.value);
    if (sent && sent.name === "mark") showMarked(submitter);
    editsInFlight += 1;
    editCount += 1;
    root.setAttribute("aria-busy", "true");
    queue = queue
      .then(function () {
        return send(form, action, body, sent);
      })
      .then(function () {
        editsInFlight -= 1;
        if (editsInFlight === 0) root.removeAttribute("aria-busy");
      });
  });

  function schedule(delay) {
    window.clearTimeout(timer);
    timer = null;
    if (document.hidden) return;
    timer = window.setTimeout(poll, delay);
  }

  function poll() {
    timer = null;
    if (document.hidden) return;
    if (editsInFlight > 0) {
      schedule(pollMs);
      return;
    }
    var startedAt = editCount;
    fetch(gridUrl, {
      headers: { "If-None-Match": etag, "Meetifyr-Fragment": "1" },
      credentials: "same-origin",
      cache: "no-store",
    })
      .then(function (response) {
        if (response.status === 404) {
          window.location.reload(); // the meeting is gone: show the page that says so
          return null;
        }
        if (response.status !== 200 || response.headers.get(FRAGMENT) !== "1") return null;
        var tag = response.headers.get("ETag") || "";
        return response.text().then(function (html) {
          if (startedAt === editCount && editsInFlight === 0 && versionOf(tag) > versionOf(etag)) {
            swap(html, tag, null);
          }
        });
      })
      .catch(function () {
        /* offline for a moment: try again at the next tick */
      })
      .then(function () {
        schedule(pollMs);
      });
  }

  document.addEventListener("visibilitychange", function () {
    if (document.hidden) {
      window.clearTimeout(timer);
      timer = null;
    } else {
      schedule(0); // refresh at once when the tab comes back
    }
  });

  schedule(pollMs);
})();
