// Upload progress: enhancement only. Without scripts the form posts as usual.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-upload]");
  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener("submit", function (event) {
      var input = form.querySelector('input[type="file"]');
      if (!window.FormData || !input || !input.files || !input.files.length) { return; }
      event.preventDefault();
      var box = form.querySelector(".upload-progress");
      var bar = form.querySelector("progress");
      var pct = form.querySelector(".upload-percent");
      var button = form.querySelector('button[type="submit"]');
      if (box) { box.hidden = false; }
      if (button) { button.disabled = true; }
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.upload.addEventListener("progress", function (e) {
        if (!e.lengthComputable) { return; }
        var p = Math.round((e.loaded / e.total) * 100);
        if (bar) { bar.value = p; }
        if (pct) { pct.textContent = p + " %"; }
      });
      xhr.addEventListener("load", function () {
        if (xhr.status < 400 && xhr.responseURL) { window.location.assign(xhr.responseURL); return; }
        document.open(); document.write(xhr.responseText); document.close();
      });
      xhr.addEventListener("error", function () { form.submit(); });
      xhr.send(new FormData(form));
    });
  });
})();
