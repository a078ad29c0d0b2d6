/* "Menu" on a phone: the sections and the search fold behind one button
   (site.css hides them below 40rem where html.js is set), so that a page
   starts with its own content. Without JavaScript they stay shown. */
(function () {
  "use strict";
  var button = document.querySelector(".menu-toggle");
  var menu = document.getElementById("site-menu");
  if (!button || !menu) { return; }
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", open ? "true" : "false");
    menu.classList.toggle("site-menu--open", open);
  });
  // a search address (?q=) opens the menu: its results are in it
  if (new URLSearchParams(window.location.search).get("q")) { button.click(); }
})();
