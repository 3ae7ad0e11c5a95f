// Show times in the citizen's own zone: pick the browser's zone once, unless one was already chosen.
(function () {
  var select = document.getElementById("tz");
  if (!select) { return; }
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  var params = new URLSearchParams(window.location.search);
  if (!zone || params.has("tz") || select.getAttribute("data-current") === zone) { return; }
  if (sessionStorage.getItem("dimos-tz-applied") === zone) { return; }
  sessionStorage.setItem("dimos-tz-applied", zone);
  params.set("tz", zone);
  window.location.replace(window.location.pathname + "?" + params.toString() + window.location.hash);
})();
