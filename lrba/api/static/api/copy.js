// The "Copy" button beside a token shown once (lrba/api/templates/api/token_created.html).
// The button stays hidden unless this script runs; without it, or when the browser refuses
// to write to the clipboard, the token is selected so the person copies it themselves, and
// the status line says so.
(function () {
  "use strict";

  function copyBy(field) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(field.value);
    }
    return new Promise(function (resolve, reject) {
      // The older way, for pages not served over HTTPS.
      (document.execCommand && document.execCommand("copy")) ? resolve() : reject();
    });
  }

  function setUp(button) {
    var field = document.getElementById(button.dataset.copyTarget);
    var status = document.getElementById(button.dataset.copyStatus);
    if (!field || !status) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      field.focus();
      field.select();
      copyBy(field).then(
        function () { status.textContent = button.dataset.copied; },
        function () { status.textContent = button.dataset.copyFailed; }
      );
    });
  }

  document.querySelectorAll("[data-copy-target]").forEach(setUp);
})();
