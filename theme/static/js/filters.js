/* Filters over the overview's table of commitments: progressive enhancement.
   Without this script the form stays hidden and the full table is the page.
   The state lives in the URL query (?area=…&completion=…&agency=…&disagrees=yes),
   so a filtered view can be shared and the back button keeps working. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-filters]");
  if (!form || !window.URLSearchParams || !window.history.replaceState) return;
  var table = form.parentElement.querySelector("table.commitments");
  if (!table) return;
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var status = form.querySelector("[role=status]");
  var template = form.getAttribute("data-text-count");
  var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
  var disagrees = form.querySelector("input[name=disagrees]");

  function state() {
    var wanted = {};
    selects.forEach(function (select) { if (select.value) wanted[select.name] = select.value; });
    if (disagrees.checked) wanted.disagrees = "yes";
    return wanted;
  }

  function apply(announce) {
    var wanted = state();
    var shown = 0;
    rows.forEach(function (row) {
      var visible = Object.keys(wanted).every(function (key) {
        return row.getAttribute("data-" + key) === wanted[key];
      });
      row.hidden = !visible;
      if (visible) shown += 1;
    });
    if (announce) {
      status.textContent = template.replace("{shown}", shown).replace("{total}", rows.length);
    }
    // keep what is not ours (a search's ?q=), replace what is
    var params = new URLSearchParams(window.location.search);
    ["area", "completion", "agency", "disagrees"].forEach(function (key) {
      if (wanted[key]) params.set(key, wanted[key]); else params.delete(key);
    });
    var query = params.toString();
    var address = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(null, "", address);
  }

  function restore() {
    var params = new URLSearchParams(window.location.search);
    selects.forEach(function (select) {
      var value = params.get(select.name) || "";
      var known = Array.prototype.some.call(select.options, function (option) { return option.value === value; });
      select.value = known ? value : "";
    });
    disagrees.checked = params.get("disagrees") === "yes";
  }

  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(true); });
  form.addEventListener("reset", function () {
    // the form resets its fields after this event: filter once they are empty
    window.setTimeout(function () { apply(true); }, 0);
  });
  restore();
  form.hidden = false;
  apply(window.location.search !== "");
})();
