// Talon page behaviour. No inline scripts (the Content-Security-Policy forbids them).
(function () {
  "use strict";
  var csrf = document.querySelector('meta[name="csrf-token"]');
  // htmx requests carry the CSRF token like any fetch.
  document.addEventListener("htmx:configRequest", function (event) {
    if (csrf && csrf.content) { event.detail.headers["X-CSRF-Token"] = csrf.content; }
  });
  // Forms with data-confirm ask first.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  }, true);
  // Copy buttons: data-copy names the element whose text is copied.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-copy]");
    if (!button) { return; }
    var source = document.querySelector(button.getAttribute("data-copy"));
    if (!source || !navigator.clipboard) { return; }
    navigator.clipboard.writeText(source.textContent.trim()).then(function () {
      var label = button.textContent;
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = label; }, 1500);
    });
  });
})();
