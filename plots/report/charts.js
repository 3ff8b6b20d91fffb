// stampede's report: the time series of the page's data, drawn by uPlot
// (vendored in uplot/, embedded above). This is configuration only: uPlot
// draws, zooms (drag across a chart; double-click to zoom out), shows the
// values under the cursor in its legend and toggles a series when its
// legend entry is clicked. Without JavaScript, and in print, the static
// SVG plot of each figure shows instead.
(function () {
  "use strict";
  var source = document.getElementById("stampede-series");
  if (!source || typeof uPlot === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  document.documentElement.classList.add("js"); // shows the chart hosts
  // Three significant digits, as the tables show them.
  function fmt(v) {
    if (v == null || isNaN(v)) {
      return "–";
    }
    var a = Math.abs(v);
    return a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : a >= 1 ? v.toFixed(2) : v.toPrecision(3);
  }
  function width(host) {
    return Math.max(280, Math.floor(host.getBoundingClientRect().width));
  }
  var charts = [];
  data.charts.forEach(function (c) {
    var host = document.querySelector('[data-chart="' + c.id + '"]');
    if (!host) {
      return;
    }
    var series = [{ label: "minutes", value: function (u, v) { return v == null ? "–" : fmt(v); } }];
    var values = [c.x];
    var bands = [];
    c.series.forEach(function (s) {
      var stroke = s.colour; // the static plot's
      series.push({
        label: s.label,
        stroke: stroke,
        width: s.limit ? 1 : 1.5,
        dash: s.limit ? [6, 4] : undefined,
        points: { show: false },
        value: function (u, v) { return fmt(v); }
      });
      values.push(s.values);
      if (s.max) {
        // The bucket maxima (and minima): thin lines, and a band between
        // them, or down to the mean.
        var floor = series.length - 1;
        if (s.min) {
          series.push({ label: s.label + " (least at once)", stroke: stroke + "99", width: 0.75, points: { show: false },
            value: function (u, v) { return fmt(v); } });
          values.push(s.min);
          floor = series.length - 1;
        }
        series.push({ label: s.label + " (most at once)", stroke: stroke + "99", width: 0.75, points: { show: false },
          value: function (u, v) { return fmt(v); } });
        values.push(s.max);
        bands.push({ series: [series.length - 1, floor], fill: stroke + "33" });
      }
    });
    var opts = {
      width: width(host),
      height: 300,
      series: series,
      scales: { x: { time: false } },
      axes: [{ label: "time (minutes)" }, { label: c.y, size: 60 }],
      cursor: { drag: { x: true, y: false } },
      legend: { live: true },
      bands: bands
    };
    var u = new uPlot(opts, values, host);
    host.closest("figure").classList.add("live");
    charts.push({ id: c.id, plot: u, host: host });
  });
  window.addEventListener("resize", function () {
    charts.forEach(function (c) {
      c.plot.setSize({ width: width(c.host), height: 300 });
    });
  });
  // For the report's browser test: the charts by id.
  window.stampedeCharts = charts;
})();
