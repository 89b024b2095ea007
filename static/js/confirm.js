/*
 * "Pick" closes the meeting for everyone, so it asks first. Without the script the server
 * answers a pick with a confirmation page; with it, a native <dialog> asks here and the
 * confirmed pick is sent like any other form (send.js), with "confirmed=1".
 *
 * The dialog lives outside the meeting fragment (a poll may replace the fragment while it is
 * open); its words come from the pick form's data-confirm, data-confirm-yes, data-confirm-no.
 */

import { enqueue } from "./send.js";

function dialogMake() {
  var dialog = document.createElement("dialog");
  dialog.id = "pick-dialog";
  dialog.className = "card pick-dialog";
  dialog.setAttribute("aria-labelledby", "pick-dialog-text");
  var text = document.createElement("p");
  text.id = "pick-dialog-text";
  var actions = document.createElement("form");
  actions.method = "dialog";
  actions.className = "confirm-actions";
  var no = document.createElement("button");
  no.type = "submit";
  no.value = "cancel";
  no.className = "secondary";
  no.id = "pick-dialog-cancel";
  no.autofocus = true; // Enter twice must not close a meeting
  var yes = document.createElement("button");
  yes.type = "submit";
  yes.value = "confirm";
  yes.className = "primary";
  yes.id = "pick-dialog-confirm";
  actions.appendChild(yes);
  actions.appendChild(no);
  dialog.appendChild(text);
  dialog.appendChild(actions);
  document.body.appendChild(dialog);
  return dialog;
}

function pickAsk(form) {
  var dialog = document.getElementById("pick-dialog") || dialogMake();
  if (dialog.open) return;
  dialog.querySelector("#pick-dialog-text").textContent = form.getAttribute("data-confirm");
  dialog.querySelector("#pick-dialog-confirm").textContent =
    form.getAttribute("data-confirm-yes");
  dialog.querySelector("#pick-dialog-cancel").textContent = form.getAttribute("data-confirm-no");
  var body = new FormData(form); // as it is now: a poll may replace the form meanwhile
  dialog.returnValue = "";
  dialog.onclose = function () {
    if (dialog.returnValue !== "confirm") return; // Cancel or Escape: nothing changes
    body.append("confirmed", "1");
    enqueue(form, form.action, body, { name: "confirmed", value: "1" });
  };
  dialog.showModal();
}

export function pickConfirmListen() {
  if (typeof HTMLDialogElement !== "function") return; // the server's confirmation page asks
  // Captured before send.js's listener on the meeting, which would send the pick at once.
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!(form instanceof HTMLFormElement) || !form.classList.contains("pick-form")) return;
      if (!form.hasAttribute("data-confirm")) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      pickAsk(form);
    },
    true,
  );
}
