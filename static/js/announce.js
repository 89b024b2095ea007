/* Tells screen readers what just happened, through the page's live region. */

export function announce(message) {
  var status = document.getElementById("live-status");
  if (!status) return;
  status.textContent = "";
  window.setTimeout(function () {
    status.textContent = message;
  }, 50);
}
