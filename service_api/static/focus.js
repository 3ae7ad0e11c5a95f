// After a failed submit, focus goes to the error summary (or the page's alert), as its autofocus asks.
// A browser skips autofocus when the address has a fragment: one left by a summary link ("#name") would
// otherwise send focus to that field, past the list of what is wrong.
(function () {
  var target = document.getElementById("error-summary") || document.querySelector("[autofocus]");
  if (target && document.activeElement !== target) { target.focus(); }
})();
