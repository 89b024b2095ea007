/*
 * Meetifyr's page script: progressive enhancement only, every control also works without it.
 * This entry module wires the others, one concern each; what they share lives in state.js.
 *
 * - Forms inside the meeting (#meeting) are sent in the background and the answer replaces the
 *   meeting fragment in place (send.js, fragment.js). Edits are sent in order, one at a time; a
 *   pressed cell or star shows its new state at once (marks.js). After a form whose control is
 *   gone from the new fragment (a "Pick" button once the date is decided), focus goes to the
 *   element its data-focus names.
 * - "Pick" asks for confirmation in a dialog before it closes the meeting (confirm.js).
 * - The page polls for other people's changes (poll.js).
 * - Quick picks fill the date inputs (picks.js); "specific dates" or "days of the week" shows
 *   only the chosen part, whose quick picks check the weekdays (days.js); the copy buttons
 *   copy a link and say so on the button, or select it to be copied by hand when the
 *   clipboard is refused (copy.js).
 * - Times of day: the window fields show only for "dates and times", and the time zone select
 *   starts at the browser's zone (times.js). The browser's zone is kept in the cookie
 *   "meetifyr_tz", so the server shows a timed meeting's times in it (zone.js; the meeting is
 *   refreshed once when it was not).
 * - Painting with the pointer (paint.js) and the keyboard (keyboard.js, selection.js) on my
 *   grid; everyone's grid lists who is free at a slot (who.js). Nothing of this is lost when
 *   the fragment is replaced. By touch a swipe scrolls: a stroke starts with a long press or in
 *   paint mode (touch.js). Each stroke is said, and Undo takes it back (undo.js). My row of a
 *   dates-only meeting is one Tab stop with arrow keys (datekeys.js).
 * - On a desktop, my grid and everyone's side by side start at the same height (layout.js).
 * - A manage or personal link carries its key after "#": it leaves the address bar and is
 *   posted through the meeting's link form (linkkey.js).
 *
 * No inline scripts or styles and no eval: it runs under a strict Content-Security-Policy. The
 * templates load this module with <script type="module">, deferred like any module script.
 */

import { pickConfirmListen } from "./confirm.js";
import { copyListen } from "./copy.js";
import { dateKeysListen } from "./datekeys.js";
import { daysListen, daysShow } from "./days.js";
import { keysListen } from "./keyboard.js";
import { layoutListen } from "./layout.js";
import { linkKeyListen } from "./linkkey.js";
import { paintListen } from "./paint.js";
import { picksListen } from "./picks.js";
import { pollListen, schedule, zoneRefresh } from "./poll.js";
import { formsListen } from "./send.js";
import { shared } from "./state.js";
import { timeWindowsShow, timesListen } from "./times.js";
import { paintModeShow, touchListen } from "./touch.js";
import { undoListen, undoShow } from "./undo.js";
import { whoListen } from "./who.js";
import { browserZone, zoneCookieWrite } from "./zone.js";

document.documentElement.classList.remove("no-js");
document.documentElement.classList.add("js");

picksListen();
daysListen();
daysShow(document);
copyListen();
timesListen();
timeWindowsShow(document);
var zoneCookieChanged = zoneCookieWrite();

/* The live meeting. */
var root = document.getElementById("meeting");
if (root) {
  shared.root = root;
  shared.pollMs = Math.max(250, parseFloat(root.getAttribute("data-poll-seconds") || "5") * 1000);
  shared.gridUrl = root.getAttribute("data-grid-url");
  shared.etag = root.getAttribute("data-etag") || "";

  pickConfirmListen();
  formsListen();
  paintListen();
  keysListen();
  touchListen();
  undoListen();
  dateKeysListen();
  shared.afterSwap.push(undoShow, paintModeShow);
  whoListen();
  layoutListen();
  pollListen();
  if (zoneCookieChanged) zoneRefresh(browserZone);
  linkKeyListen();
  schedule(shared.pollMs);
}
