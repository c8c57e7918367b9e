// PR portal: live updates of a file page. A server-sent event says "changed"; the page then
// fetches itself and swaps the live part in place, and says so to screen readers. Without
// scripts (or EventSource) nothing happens here: a reload shows the same.
(function () {
  'use strict';
  var live = document.querySelector('[data-live]');
  if (!live || !window.EventSource || !window.fetch || !window.DOMParser) return;
  var source = new EventSource(live.getAttribute('data-live'));
  source.addEventListener('changed', function () {
    fetch(window.location.href, { credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, 'text/html').querySelector('[data-live]');
        var current = document.querySelector('[data-live]');
        if (fresh && current) current.innerHTML = fresh.innerHTML;
        var status = document.getElementById('live-status');
        if (status) status.textContent = status.getAttribute('data-updated');
      })
      .catch(function () { /* the next change or a reload will do */ });
  });
})();
