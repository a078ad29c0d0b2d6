/* Replace each chart's static image by its interactive plotly figure.
   Without JavaScript, or if plotly.js fails to load, the image stays. */
(function () {
  "use strict";
  if (!window.Plotly) { return; }
  var config = { responsive: true, displaylogo: false, displayModeBar: false, scrollZoom: false };
  var boxes = document.querySelectorAll(".chart__plot[data-chart]");
  Array.prototype.forEach.call(boxes, function (box) {
    var data = box.querySelector("script.chart__figure");
    var image = box.querySelector("img");
    if (!data) { return; }
    var figure = JSON.parse(data.textContent);
    var target = document.createElement("div");
    target.className = "chart__interactive";
    target.setAttribute("role", "img");
    target.setAttribute("aria-label", box.getAttribute("data-label") || "");
    if (image) { target.style.height = image.getBoundingClientRect().height + "px"; }
    box.appendChild(target);
    figure.layout.autosize = true;
    delete figure.layout.width;
    window.Plotly.newPlot(target, figure.data, figure.layout, config).then(function () {
      if (image) { image.remove(); }
      target.style.height = "";
    });
  });
})();
