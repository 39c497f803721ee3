// Draws the statistics charts from the JSON block the page embeds (no inline script: CSP).
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  if (!source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var names = { screen_view: "浏览页面", guide_read: "阅读指南", search: "搜索", ask: "提问",
                rating: "评价", session_end: "结束会话" };
  var ratingNames = ["非常不满意", "不满意", "基本满意", "满意", "非常满意"];
  function chart(id, option) {
    var el = document.getElementById(id);
    if (!el) { return; }
    var instance = echarts.init(el, null, { renderer: "svg" });
    instance.setOption(option);
    window.addEventListener("resize", function () { instance.resize(); });
  }
  var series = Object.keys(data.byDay).map(function (key) {
    return { name: names[key] || key, type: "line", smooth: true, data: data.byDay[key] };
  });
  chart("chart-days", {
    tooltip: { trigger: "axis" }, legend: { top: 0 }, grid: { left: 40, right: 16, top: 36, bottom: 28 },
    xAxis: { type: "category", data: data.days }, yAxis: { type: "value", minInterval: 1 }, series: series
  });
  chart("chart-kiosks", {
    tooltip: {}, grid: { left: 120, right: 16, top: 16, bottom: 28 },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", inverse: true, data: data.byKiosk.map(function (r) { return r[0]; }) },
    series: [{ type: "bar", name: "事件数", data: data.byKiosk.map(function (r) { return r[1]; }) }]
  });
  chart("chart-topics", {
    tooltip: { trigger: "item" },
    series: [{ type: "pie", radius: ["35%", "70%"],
               data: data.byTopic.map(function (r) { return { name: r[0], value: r[1] }; }) }]
  });
  chart("chart-ratings", {
    tooltip: {}, grid: { left: 40, right: 16, top: 16, bottom: 28 },
    xAxis: { type: "category", data: ratingNames }, yAxis: { type: "value", minInterval: 1 },
    series: [{ type: "bar", name: "评价", data: data.ratings.map(function (r) { return r[1]; }) }]
  });
})();
