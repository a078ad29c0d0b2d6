/* The interactive layer of the charts, on request. Every chart is a static
   image first (its numbers in a table beside it); a chart of the author's
   has an "Interactive chart" button, shown here, that loads plotly.js (1.2
   MB, once per page) and replaces the image by the interactive figure in
   the same space. Without JavaScript, or if plotly.js fails to load, the
   image stays. */
(function () {
  "use strict";
  var script = document.currentScript;
  var bundle = script && script.getAttribute("data-plotly");
  var loading = null;
  var config = { responsive: true, displaylogo: false, displayModeBar: false, scrollZoom: false };

  function loadPlotly() {
    if (window.Plotly) { return Promise.resolve(window.Plotly); }
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = bundle;
        tag.onload = function () { return window.Plotly ? resolve(window.Plotly) : reject(new Error("no Plotly")); };
        tag.onerror = function () { loading = null; reject(new Error("plotly.js did not load")); };
        document.head.appendChild(tag);
      });
    }
    return loading;
  }

  function show(button) {
    var tools = button.parentNode;
    var figureBox = tools.parentNode;
    var box = figureBox.querySelector('.chart__plot[data-chart="' + button.getAttribute("data-for") + '"]');
    var status = tools.querySelector(".chart__status");
    var data = box && box.querySelector("script.chart__figure");
    if (!data) { return; }
    button.disabled = true;
    status.textContent = button.getAttribute("data-loading");
    loadPlotly().then(function (Plotly) {
      var picture = box.querySelector("picture");
      var figure = JSON.parse(data.textContent);
      var target = document.createElement("div");
      target.className = "chart__interactive";
      target.setAttribute("role", "img");
      target.setAttribute("aria-label", box.getAttribute("data-label") || "");
      target.tabIndex = -1;
      // the image's space is kept while plotly draws: nothing below moves
      target.style.height = (picture ? picture.getBoundingClientRect().height : 400) + "px";
      box.appendChild(target);
      figure.layout.autosize = true;
      delete figure.layout.width;
      delete figure.layout.height;
      return Plotly.newPlot(target, figure.data, figure.layout, config).then(function () {
        if (picture) { picture.remove(); }
        tools.remove();
        target.focus();
      });
    }).catch(function () {
      button.disabled = false;
      status.textContent = button.getAttribute("data-failed");
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll(".chart__show-interactive"), function (button) {
    button.addEventListener("click", function () { show(button); });
  });
})();
