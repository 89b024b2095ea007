/*
 * The browser's time zone, and the cookie "meetifyr_tz" that keeps it, so the server shows a
 * timed meeting's times in it.
 */

function zoneOfBrowser() {
  var zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    zone = "";
  }
  if (!/^[A-Za-z0-9_+\-]+(\/[A-Za-z0-9_+\-]+)*$/.test(zone)) zone = "";
  return zone;
}

export const browserZone = zoneOfBrowser();

function cookieValue(name) {
  var parts = document.cookie ? document.cookie.split("; ") : [];
  for (var i = 0; i < parts.length; i++) {
    if (parts[i].indexOf(name + "=") === 0) return parts[i].slice(name.length + 1);
  }
  return "";
}

/* Writes the cookie when it does not hold the browser's zone yet; true when it changed. */
export function zoneCookieWrite() {
  var zoneCookieChanged = false;
  if (browserZone && cookieValue("meetifyr_tz") !== browserZone) {
    document.cookie =
      "meetifyr_tz=" +
      browserZone +
      "; path=/; max-age=34560000; samesite=lax" +
      (window.location.protocol === "https:" ? "; secure" : "");
    zoneCookieChanged = cookieValue("meetifyr_tz") === browserZone;
  }
  return zoneCookieChanged;
}
