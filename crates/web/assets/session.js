// Idle warning: enhancement only. Without scripts the server still ends the session after the
// idle limit and the next request lands on the sign-in page with a message.
(function () {
  "use strict";
  var body = document.body;
  var idle = parseInt(body.getAttribute("data-idle-seconds"), 10);
  var warn = parseInt(body.getAttribute("data-warn-seconds"), 10);
  var box = document.getElementById("idle-warning");
  var stay = document.getElementById("idle-stay");
  var meta = document.querySelector('meta[name="portail-csrf"]');
  if (!idle || !warn || !box || !stay || !meta) { return; }
  var warnTimer, endTimer;
  function schedule() {
    clearTimeout(warnTimer); clearTimeout(endTimer);
    warnTimer = setTimeout(function () { box.hidden = false; stay.focus(); }, (idle - warn) * 1000);
    endTimer = setTimeout(function () { window.location.assign("/sign-in?m=timeout"); }, idle * 1000);
  }
  stay.addEventListener("click", function () {
    var form = new URLSearchParams();
    form.set("csrf", meta.getAttribute("content"));
    fetch("/session/keep-alive", { method: "POST", body: form, credentials: "same-origin" })
      .then(function (r) {
        if (r.ok) { box.hidden = true; schedule(); } else { window.location.assign("/sign-in?m=timeout"); }
      });
  });
  schedule();
})();
