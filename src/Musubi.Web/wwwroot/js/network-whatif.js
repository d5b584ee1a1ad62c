// The what-if panel of /network: "Add another unit" copies the last unit field (empty) so that any number of units can
// be removed at once. Without this script the form still works: the page always renders one empty field after the
// units already chosen. Loaded as an external file: the Content-Security-Policy allows no inline script.
(function () {
  "use strict";
  var list = document.querySelector("[data-remove-list]");
  var add = document.querySelector("[data-add-remove]");
  if (!list || !add) {
    return;
  }
  add.hidden = false;
  add.addEventListener("click", function () {
    var fields = list.querySelectorAll("[data-remove-field]");
    var last = fields[fields.length - 1];
    if (!last) {
      return;
    }
    var copy = last.cloneNode(true);
    var index = fields.length;
    var input = copy.querySelector("input");
    var label = copy.querySelector("label");
    var id = "Remove-" + index;
    if (input) {
      input.value = "";
      input.id = id;
    }
    if (label) {
      label.htmlFor = id;
    }
    list.appendChild(copy);
    if (input) {
      input.focus();
    }
  });
})();
