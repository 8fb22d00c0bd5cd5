// The prose editor's editing area (a contenteditable the editor creates) gets the name
// of its field's label, which points at the hidden textarea: screen readers then announce
// "Text" or "Text in English" (WCAG 4.1.2). A file, not an inline script: the CSP.
(function () {
  function label() {
    document.querySelectorAll(".field").forEach(function (field) {
      var area = field.querySelector('[contenteditable="true"]');
      var text = field.querySelector("label");
      if (!area || !text || area.hasAttribute("aria-labelledby")) return;
      if (!text.id) text.id = (text.htmlFor || "field") + "-label";
      area.setAttribute("aria-labelledby", text.id);
      var help = field.querySelector(".field__help");
      if (help && help.id) area.setAttribute("aria-describedby", help.id);
    });
  }
  var observer = new MutationObserver(label);
  document.addEventListener("DOMContentLoaded", function () {
    label();
    observer.observe(document.body, { childList: true, subtree: true });
    setTimeout(function () { observer.disconnect(); }, 5000);
  });
})();
