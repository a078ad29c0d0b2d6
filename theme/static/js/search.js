/* Search in the page's language with Pagefind's static index (/pagefind/).
   The box stays hidden without JavaScript; pagefind.js is loaded only when a
   reader starts to type, so pages that are only read load nothing more. */
(function () {
  "use strict";
  var box = document.querySelector("[data-search]");
  // a site opened from disk (file://) cannot load the index: no box then
  if (!box || !window.URL || !window.Promise || window.location.protocol === "file:") {
    if (box) box.hidden = true;
    return;
  }
  var form = box.querySelector("form");
  var input = box.querySelector("input[type=search]");
  var status = box.querySelector("[role=status]");
  var list = box.querySelector("ol");
  var bundle = new URL(box.getAttribute("data-bundle"), document.baseURI);
  var engine = null;
  var latest = 0;

  function text(name, values) {
    var template = box.getAttribute("data-text-" + name) || "";
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function load() {
    if (!engine) {
      engine = import(new URL("pagefind.js", bundle).href).then(function (pagefind) {
        // results are paths from the site's root; the site may live in a folder
        return pagefind.options({ baseUrl: new URL("../", bundle).pathname }).then(function () { return pagefind; });
      });
    }
    return engine;
  }

  // The excerpt is Pagefind's HTML: keep its words and <mark>s, nothing else.
  function excerpt(html) {
    var paragraph = document.createElement("p");
    var parsed = new DOMParser().parseFromString(html, "text/html").body;
    Array.prototype.forEach.call(parsed.childNodes, function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        paragraph.appendChild(mark);
      } else {
        paragraph.appendChild(document.createTextNode(node.textContent));
      }
    });
    return paragraph;
  }

  function show(query, results) {
    list.textContent = "";
    results.forEach(function (result) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = result.url;
      link.textContent = (result.meta && result.meta.title) || result.url;
      item.appendChild(link);
      item.appendChild(excerpt(result.excerpt || ""));
      list.appendChild(item);
    });
    status.textContent = results.length ? text("some", { query: query, count: results.length }) : text("none", { query: query });
  }

  function search() {
    var query = input.value.trim();
    var ticket = ++latest;
    if (!query) {
      list.textContent = "";
      status.textContent = "";
      return;
    }
    load().then(function (pagefind) {
      return pagefind.search(query);
    }).then(function (found) {
      return Promise.all(found.results.slice(0, 10).map(function (result) { return result.data(); }));
    }).then(function (results) {
      if (ticket === latest) show(query, results);
    }).catch(function () {
      if (ticket === latest) status.textContent = text("error", {});
    });
  }

  var timer = null;
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, 250);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    search();
  });
  box.hidden = false;
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    search();
  }
})();
