/*
 * Meetifyr's page script: progressive enhancement only, every control also works without it.
 *
 * - Forms inside the meeting (#meeting) are sent in the background with the header
 *   "Meetifyr-Fragment: 1"; the server answers with the re-rendered meeting fragment, which
 *   replaces the old one in place (scroll positions, focus and half-typed input are kept).
 *   Edits are sent in order, one at a time; a pressed cell or star shows its new state at once.
 *   A form marked data-plain (deleting the meeting) is sent the usual way, as it leaves the
 *   page; an answer with "Meetifyr-Navigate: <path>" sends the browser to that page.
 *   After a form whose control is gone from the new fragment (a "Pick" button once the date is
 *   decided), focus goes to the element its data-focus names.
 * - The page polls data-grid-url every data-poll-seconds with If-None-Match; the server answers
 *   304 while nothing changed. Polling pauses while the tab is hidden and refreshes at once when
 *   it is visible again.
 * - Quick picks fill the date inputs; the copy button copies the share link.
 * - Times of day: the window fields show only for "dates and times", and the time zone select
 *   starts at the browser's zone. The browser's zone is kept in the cookie "meetifyr_tz", so the
 *   server shows a timed meeting's times in it (the page is refreshed once when it was not).
 * - Painting (pointer events: mouse, touch, pen): press on one of my slots and drag; the first
 *   cell decides free or busy (or, with the preferred brush, starred or not) for the whole
 *   stroke, which is sent as ONE request of marks. Dates-only meetings: a drag across my row.
 *   Keyboard on a slot grid: arrows move, Space switches one slot, Shift+arrows select, Enter
 *   applies the selection, Escape drops it. Everyone's grid: pointing at or focusing a slot
 *   lists who is free then. Nothing of this is lost when the fragment is replaced.
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

  /* --- times of day on the create and dates forms; the browser's zone ------------------------ */

  var browserZone = "";
  try {
    browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    browserZone = "";
  }
  if (!/^[A-Za-z0-9_+\-]+(\/[A-Za-z0-9_+\-]+)*$/.test(browserZone)) browserZone = "";

  function timeWindowsShow(scope) {
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
          return;
        }
      }
    });
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target instanceof HTMLInputElement && target.hasAttribute("data-times-switch")) {
      timeWindowsShow(document);
    }
  });
  timeWindowsShow(document);

  function cookieValue(name) {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      if (parts[i].indexOf(name + "=") === 0) return parts[i].slice(name.length + 1);
    }
    return "";
  }

  var zoneCookieChanged = false;
  if (browserZone && cookieValue("meetifyr_tz") !== browserZone) {
    document.cookie =
      "meetifyr_tz=" +
      browserZone +
      "; path=/; max-age=34560000; samesite=lax" +
      (window.location.protocol === "https:" ? "; secure" : "");
    zoneCookieChanged = cookieValue("meetifyr_tz") === browserZone;
  }

  /* --- the live meeting ---------------------------------------------------------------------- */

  var root = document.getElementById("meeting");
  if (!root) return;

  var pollMs = Math.max(250, parseFloat(root.getAttribute("data-poll-seconds") || "5") * 1000);
  var gridUrl = root.getAttribute("data-grid-url");
  var etag = root.getAttribute("data-etag") || "";
  var timer = null;
  var leaving = false; // a form is taking the browser to another page
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
    var activeCell = active && root.contains(active) ? gridCellOf(active) : null;
    var focusedCell = activeCell ? { table: activeCell.table.id, pos: activeCell.pos } : null;
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
      if (field.form !== submitted && isDirty(field)) {
        var box = field.type === "checkbox" || field.type === "radio";
        typed[field.id] = box ? { checked: field.checked } : field.value;
      }
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
      if (!field || !root.contains(field)) return;
      if (typeof typed[id] === "object") field.checked = typed[id].checked;
      else field.value = typed[id];
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
    if (!focusTarget && submitted && submitted.hasAttribute("data-focus")) {
      // The control pressed is gone (a "Pick" once the date is decided): go where it led.
      focusTarget = document.getElementById(submitted.getAttribute("data-focus"));
      if (focusTarget && !focusTarget.hasAttribute("tabindex")) {
        focusTarget.setAttribute("tabindex", "-1");
      }
      if (focusTarget) focusTarget.scrollIntoView({ block: "nearest" });
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
    afterSwap(focusedCell);
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
          var last = editsInFlight === 1;
          if ((last || !response.ok) && versionOf(tag) >= versionOf(etag)) {
            swapWhenIdle(html, tag, form);
          }
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
    if (form.hasAttribute("data-plain")) {
      // Leaves the page (deleting the meeting): sent the usual way, and no poll may reload
      // the page meanwhile (it would find the meeting gone and cancel the navigation).
      leaving = true;
      window.clearTimeout(timer);
      timer = null;
      return;
    }
    var submitter = event.submitter || null;
    if (submitter && submitter.hasAttribute("data-quick-start")) return; // handled on click
    event.preventDefault();
    var action = form.action;
    var body = new FormData(form);
    var sent = submitter && submitter.name ? { name: submitter.name, value: submitter.value } : null;
    if (sent) body.append(sent.name, sent.value);
    if (sent && sent.name === "mark") showMarked(submitter);
    enqueue(form, action, body, sent);
  });

  function enqueue(form, action, body, sent) {
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
  }

  /* An answer that arrives in the middle of a stroke waits for its end: replacing the cells
   * under the pointer would lose the stroke. A stroke that sends nothing shows it then. */
  var pendingSwap = null;

  function swapWhenIdle(html, tag, form) {
    if (stroke) pendingSwap = { html: html, tag: tag, form: form };
    else swap(html, tag, form);
  }

  function pendingSwapShow() {
    var pending = pendingSwap;
    pendingSwap = null;
    if (pending && versionOf(pending.tag) >= versionOf(etag)) {
      swap(pending.html, pending.tag, pending.form);
    }
  }

  /* --- painting slots (and dates) ------------------------------------------------------------ */

  var brushPreferred = false;
  var stroke = null; // the stroke under way: {table, kind, anchor, current, action, pointerId}
  var keyed = null; // the keyboard selection: {table id, anchor [row, column], focus}
  var suppressClick = false;

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  function minutesLabel(minutes) {
    return pad(Math.floor(minutes / 60)) + ":" + pad(minutes % 60);
  }

  /* The cell of a slot grid (mine or everyone's) an element is in, with its position. */
  function gridCellOf(element) {
    if (!(element instanceof Element)) return null;
    var cell = element.closest("table[data-paint-grid] td, table[data-heat-grid] td");
    if (!cell || !cell.parentElement || cell.parentElement.parentElement.tagName !== "TBODY") {
      return null;
    }
    return {
      cell: cell,
      table: cell.closest("table"),
      pos: [cell.parentElement.sectionRowIndex, cell.cellIndex - 1],
    };
  }

  function cellAt(table, pos) {
    var body = table.tBodies[0];
    var row = body ? body.rows[pos[0]] : null;
    return row ? row.cells[pos[1] + 1] || null : null;
  }

  function stateOf(cell) {
    if (cell.classList.contains("p")) return "p";
    if (cell.classList.contains("f")) return "f";
    if (cell.classList.contains("b")) return "b";
    return "";
  }

  /* What a stroke starting on a cell in this state does, and what it makes of each state. */
  function actionFor(state) {
    if (brushPreferred) return state === "p" ? "unstar" : "star";
    return state === "b" ? "on" : "off";
  }

  var RESULT = {
    on: { b: "f", f: "f", p: "p" },
    off: { b: "b", f: "b", p: "b" },
    star: { b: "p", f: "p", p: "p" },
    unstar: { b: "b", f: "f", p: "f" },
  };

  function cellsBetween(table, from, to) {
    var cells = [];
    var top = Math.min(from[0], to[0]);
    var bottom = Math.max(from[0], to[0]);
    var left = Math.min(from[1], to[1]);
    var right = Math.max(from[1], to[1]);
    for (var row = top; row <= bottom; row++) {
      for (var column = left; column <= right; column++) {
        var cell = cellAt(table, [row, column]);
        if (cell) cells.push(cell);
      }
    }
    return cells;
  }

  function preview(table, cells, action) {
    table.querySelectorAll("td.pending").forEach(function (cell) {
      cell.classList.remove("pending", "to-f", "to-b", "to-p");
    });
    cells.forEach(function (cell) {
      var state = stateOf(cell);
      if (!state) return;
      cell.classList.add("pending", "to-" + RESULT[action][state]);
    });
  }

  /* The marks for slots of my grid: per date, one stretch per run of consecutive slots. */
  function slotMarks(table, cells, action) {
    var dates = (table.getAttribute("data-dates") || "").split(" ");
    var count = parseInt(table.getAttribute("data-count"), 10);
    var start = parseInt(table.getAttribute("data-start"), 10);
    var slot = parseInt(table.getAttribute("data-slot"), 10);
    var byDate = {};
    cells.forEach(function (cell) {
      var k = cell.getAttribute("data-k");
      if (k === null || !stateOf(cell)) return;
      k = parseInt(k, 10);
      var day = Math.floor(k / count);
      (byDate[day] = byDate[day] || []).push(k % count);
    });
    var marks = [];
    Object.keys(byDate)
      .map(Number)
      .sort(function (a, b) {
        return a - b;
      })
      .forEach(function (day) {
        var slots = byDate[day].sort(function (a, b) {
          return a - b;
        });
        var first = slots[0];
        for (var i = 1; i <= slots.length; i++) {
          if (i === slots.length || slots[i] !== slots[i - 1] + 1) {
            marks.push({
              date: dates[day],
              action: action,
              from: minutesLabel(start + first * slot),
              to: minutesLabel(start + (slots[i - 1] + 1) * slot),
            });
            first = slots[i];
          }
        }
      });
    return marks;
  }

  /* My cells show the stroke's outcome at once; the answer then shows what was stored. */
  function showPainted(table, cells, action) {
    cells.forEach(function (cell) {
      var state = stateOf(cell);
      if (!state) return;
      var next = RESULT[action][state];
      var label = cell.getAttribute("aria-label") || "";
      var suffix = ", " + (table.getAttribute("data-word-" + state) || "");
      if (label.slice(-suffix.length) === suffix) {
        label = label.slice(0, -suffix.length) + ", " + table.getAttribute("data-word-" + next);
        cell.setAttribute("aria-label", label);
      }
      cell.classList.remove("b", "f", "p", "pending", "to-f", "to-b", "to-p");
      cell.classList.add(next);
    });
  }

  function paint(marks) {
    var form = document.getElementById("paint-form");
    if (!form || !marks.length) return false;
    var body = new FormData(form);
    body.append("marks", JSON.stringify(marks));
    enqueue(form, form.action, body, null);
    return true;
  }

  function paintSlots(table, cells, action) {
    var marks = slotMarks(table, cells, action);
    showPainted(table, cells, action);
    return paint(marks);
  }

  /* Dates-only meetings: the buttons of my row. */
  function dateButtonOf(element) {
    if (!(element instanceof Element)) return null;
    return element.closest("table.grid tr.me button.toggle, table.grid tr.me button.star");
  }

  function dateButtonsBetween(row, kind, from, to) {
    var buttons = [];
    for (var column = Math.min(from, to); column <= Math.max(from, to); column++) {
      var cell = row.cells[column + 1];
      var button = cell ? cell.querySelector("button." + kind) : null;
      if (button) buttons.push(button);
    }
    return buttons;
  }

  function strokeCells() {
    if (stroke.kind === "slot") return cellsBetween(stroke.table, stroke.anchor, stroke.current);
    return dateButtonsBetween(stroke.row, stroke.kind, stroke.anchor, stroke.current);
  }

  function strokeShow() {
    if (stroke.kind === "slot") {
      preview(stroke.table, strokeCells(), stroke.action);
      return;
    }
    stroke.row.querySelectorAll("button.pending").forEach(function (button) {
      button.classList.remove("pending");
    });
    strokeCells().forEach(function (button) {
      button.classList.add("pending");
    });
  }

  function focusCell(table, cell) {
    table.querySelectorAll("td[tabindex='0']").forEach(function (other) {
      if (other !== cell) other.setAttribute("tabindex", "-1");
    });
    cell.setAttribute("tabindex", "0");
    cell.focus({ preventScroll: false });
  }

  root.addEventListener("pointerdown", function (event) {
    if (event.pointerType === "mouse" && event.button !== 0) return;
    if (stroke) return;
    var found = gridCellOf(event.target);
    if (found && found.table.hasAttribute("data-paint-grid")) {
      event.preventDefault(); // no text selection, no scrolling: this is a stroke
      keyedClear();
      focusCell(found.table, found.cell);
      var state = stateOf(found.cell);
      if (!state) return; // a slot that does not occur
      stroke = {
        kind: "slot",
        table: found.table,
        anchor: found.pos,
        current: found.pos,
        action: actionFor(state),
        pointerId: event.pointerId,
      };
      strokeShow();
      return;
    }
    if (found) {
      focusCell(found.table, found.cell); // everyone's grid: a tap shows who
      return;
    }
    var button = dateButtonOf(event.target);
    if (button) {
      var parts = button.value.split(":");
      stroke = {
        kind: button.classList.contains("star") ? "star" : "toggle",
        row: button.closest("tr"),
        anchor: button.closest("td").cellIndex - 1,
        current: button.closest("td").cellIndex - 1,
        action: parts[1],
        pointerId: event.pointerId,
      };
    }
  });

  document.addEventListener("pointermove", function (event) {
    if (!stroke || event.pointerId !== stroke.pointerId) return;
    var under = document.elementFromPoint(event.clientX, event.clientY);
    if (stroke.kind === "slot") {
      var found = gridCellOf(under);
      if (!found || found.table !== stroke.table) return;
      if (found.pos[0] === stroke.current[0] && found.pos[1] === stroke.current[1]) return;
      stroke.current = found.pos;
      strokeShow();
      return;
    }
    var cell = under instanceof Element ? under.closest("td") : null;
    if (!cell || cell.parentElement !== stroke.row || cell.cellIndex < 1) return;
    if (cell.cellIndex - 1 === stroke.current) return;
    stroke.current = cell.cellIndex - 1;
    strokeShow();
  });

  function strokeEnd(event, cancelled) {
    if (!stroke || event.pointerId !== stroke.pointerId) return;
    var done = stroke;
    var cells = strokeCells();
    stroke = null;
    var sent = false;
    if (done.kind === "slot") {
      if (cancelled) preview(done.table, [], done.action);
      else sent = paintSlots(done.table, cells, done.action);
    } else {
      cells.forEach(function (button) {
        button.classList.remove("pending");
      });
      if (!cancelled && cells.length > 1) {
        // A drag across dates: one request for all of them, and no click after it.
        suppressClick = true;
        window.setTimeout(function () {
          suppressClick = false;
        }, 0);
        var marks = cells.map(function (button) {
          return { date: button.value.split(":")[0], action: done.action };
        });
        cells.forEach(function (button) {
          if (button.value.split(":")[1] === done.action) showMarked(button);
        });
        sent = paint(marks);
      }
    }
    if (sent) pendingSwap = null; // the answer to this stroke comes next
    else pendingSwapShow();
  }

  document.addEventListener("pointerup", function (event) {
    strokeEnd(event, false);
  });
  document.addEventListener("pointercancel", function (event) {
    strokeEnd(event, true);
  });

  root.addEventListener(
    "click",
    function (event) {
      if (suppressClick) {
        suppressClick = false;
        event.preventDefault();
        event.stopPropagation();
      }
    },
    true
  );

  /* The preferred brush. */
  root.addEventListener("click", function (event) {
    var brush = event.target instanceof Element ? event.target.closest("#brush-preferred") : null;
    if (!brush) return;
    brushPreferred = !brushPreferred;
    brush.setAttribute("aria-pressed", brushPreferred ? "true" : "false");
  });

  /* Keyboard on the slot grids. */
  function keyedClear() {
    if (!keyed) return;
    var table = document.getElementById(keyed.table);
    if (table) {
      table.querySelectorAll("td[aria-selected]").forEach(function (cell) {
        cell.removeAttribute("aria-selected");
      });
    }
    keyed = null;
  }

  function keyedShow() {
    var table = document.getElementById(keyed.table);
    if (!table) return;
    table.querySelectorAll("td[aria-selected]").forEach(function (cell) {
      cell.removeAttribute("aria-selected");
    });
    cellsBetween(table, keyed.anchor, keyed.focus).forEach(function (cell) {
      cell.setAttribute("aria-selected", "true");
    });
  }

  var MOVES = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };

  root.addEventListener("keydown", function (event) {
    var found = gridCellOf(event.target);
    if (!found || event.altKey || event.ctrlKey || event.metaKey) return;
    var table = found.table;
    var paintable = table.hasAttribute("data-paint-grid");
    var move = MOVES[event.key];
    if (move) {
      event.preventDefault();
      var next = [found.pos[0] + move[0], found.pos[1] + move[1]];
      var target = cellAt(table, next);
      if (!target) return;
      if (event.shiftKey && paintable) {
        if (!keyed || keyed.table !== table.id) {
          keyedClear();
          keyed = { table: table.id, anchor: found.pos, focus: found.pos };
        }
        keyed.focus = next;
        keyedShow();
      } else {
        keyedClear();
      }
      focusCell(table, target);
      return;
    }
    if (!paintable) return;
    if (event.key === "Escape") {
      keyedClear();
      return;
    }
    if (event.key === " " || event.key === "Spacebar" || event.key === "Enter") {
      event.preventDefault();
      var cells = [found.cell];
      var anchor = found.cell;
      if (event.key === "Enter" && keyed && keyed.table === table.id) {
        anchor = cellAt(table, keyed.anchor) || found.cell;
        cells = cellsBetween(table, keyed.anchor, keyed.focus);
      }
      keyedClear();
      var state = stateOf(anchor);
      if (state) paintSlots(table, cells, actionFor(state));
    }
  });

  /* Everyone's grid: who is free at the slot pointed at or focused. */
  function whoShow(cell) {
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

  root.addEventListener("pointerover", function (event) {
    if (stroke) return;
    var found = gridCellOf(event.target);
    if (found && found.table.hasAttribute("data-heat-grid")) whoShow(found.cell);
  });
  root.addEventListener("focusin", function (event) {
    var found = gridCellOf(event.target);
    if (found && found.table.hasAttribute("data-heat-grid")) whoShow(found.cell);
  });

  /* After the fragment was replaced: the brush, the keyboard selection, the focused cell. */
  function afterSwap(focused) {
    var brush = document.getElementById("brush-preferred");
    if (brush) brush.setAttribute("aria-pressed", brushPreferred ? "true" : "false");
    if (keyed) {
      if (document.getElementById(keyed.table)) keyedShow();
      else keyed = null;
    }
    if (focused) {
      var table = document.getElementById(focused.table);
      var cell = table ? cellAt(table, focused.pos) : null;
      if (cell) {
        table.querySelectorAll("td[tabindex='0']").forEach(function (other) {
          if (other !== cell) other.setAttribute("tabindex", "-1");
        });
        cell.setAttribute("tabindex", "0");
        cell.focus({ preventScroll: true });
      }
    }
    timeWindowsShow(root);
  }

  function schedule(delay) {
    window.clearTimeout(timer);
    timer = null;
    if (document.hidden || leaving) return;
    timer = window.setTimeout(poll, delay);
  }

  function poll() {
    timer = null;
    if (document.hidden || leaving) return;
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
        if (leaving) return null;
        if (response.status === 404) {
          window.location.reload(); // the meeting is gone: show the page that says so
          return null;
        }
        if (response.status !== 200 || response.headers.get(FRAGMENT) !== "1") return null;
        var tag = response.headers.get("ETag") || "";
        return response.text().then(function (html) {
          var idle = startedAt === editCount && editsInFlight === 0 && !stroke;
          if (idle && versionOf(tag) > versionOf(etag)) swap(html, tag, null);
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

  /* The server could not know the browser's zone before the cookie was written: show the
   * times in it now. */
  var timed = root.querySelector("[data-zone]");
  if (zoneCookieChanged && timed && timed.getAttribute("data-zone") !== browserZone) {
    fetch(gridUrl, {
      headers: { "Meetifyr-Fragment": "1" },
      credentials: "same-origin",
      cache: "no-store",
    })
      .then(function (response) {
        if (response.status !== 200 || response.headers.get(FRAGMENT) !== "1") return null;
        var tag = response.headers.get("ETag") || "";
        return response.text().then(function (html) {
          if (editsInFlight === 0 && !stroke && versionOf(tag) >= versionOf(etag)) {
            swap(html, tag, null);
          }
        });
      })
      .catch(function () {
        /* the next poll or reload shows it */
      });
  }

  schedule(pollMs);
})();
