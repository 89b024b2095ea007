/*
 * Opening a manage or personal link: its key is after "#" (#key=..., #participant=<id>&key=...),
 * which the browser never sends to the server, so no access log, proxy or Referer sees it. The
 * address bar drops it at once (history.replaceState; the browser's history may still keep the
 * link as it was opened), and the part after "#" is posted through the page's own link form
 * (#link-form, the one shown without JavaScript) like any form of the meeting: the answer is the
 * meeting as this browser now sees it (the organizer's controls, or that person's row), or the
 * reason the link does not work. A link opened in a tab that shows its meeting already changes
 * only the part after "#": the browser loads nothing, and the "hashchange" brings it here.
 */

import { enqueue } from "./send.js";

var LINK_KEY = /(^|&)key=/;

function linkKeyOpen() {
  var fragment = window.location.hash.slice(1);
  if (!LINK_KEY.test(fragment)) return false;
  var plain = window.location.pathname + window.location.search;
  window.history.replaceState(window.history.state, "", plain);
  var form = document.getElementById("link-form");
  if (!form || !form.elements.namedItem("link")) return false;
  form.elements.namedItem("link").value = "#" + fragment;
  enqueue(form, form.action, new FormData(form), null);
  return true;
}

export function linkKeyListen() {
  window.addEventListener("hashchange", linkKeyOpen);
  linkKeyOpen();
}
