// The status page's four charts, drawn with uPlot (the global that /vendor/uPlot.iife.min.js,
// loaded before the modules, defines) from the series of history.js.
import { axisCount, axisDecimal, axisRate, clock } from './format.js';

const HEIGHT = 220;
const TOP_GROUPS = 5;
// no red among them: red says "failed" on this page
const COLOURS = ['#2563eb', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777',
  '#4b5563', '#65a30d', '#7c2d12'];

const colourOf = new Map();

/** The colour of a stream or group, the same on every chart and in the tables, for the page's life. */
export function colour(name) {
  if (!colourOf.has(name)) colourOf.set(name, COLOURS[colourOf.size % COLOURS.length]);
  return colourOf.get(name);
}

/** One chart: a line per name over the history's times, redrawn in place while the names stay. */
class Chart {
  constructor(id, unit, format) {
    this.box = document.getElementById(id);
    this.unit = unit;
    this.format = format;
    this.plot = null;
    this.key = null;
  }

  width() {
    return Math.max(240, this.box.clientWidth);
  }

  update(times, names, columns) {
    const key = names.join('\u0000');
    const data = [times.slice()].concat(columns);
    if (this.plot && key === this.key) {
      this.plot.setData(data);
      this.showLatest();
      return;
    }
    if (this.plot) this.plot.destroy();
    this.key = key;
    const format = this.format;
    const opts = {
      width: this.width(),
      height: HEIGHT,
      cursor: { drag: { x: false, y: false } },
      legend: { live: true },
      scales: {
        x: { time: true },
        y: { range: (u, min, max) => [0, max > 0 ? max * 1.15 : 1] },
      },
      axes: [
        {
          stroke: '#475569',
          grid: { stroke: '#eef2f7' },
          ticks: { stroke: '#e2e8f0' },
          space: 70,
          values: (u, splits) => splits.map((v) => clock(v * 1000)),
        },
        {
          label: this.unit,
          labelSize: 20,
          size: 64,
          stroke: '#475569',
          grid: { stroke: '#eef2f7' },
          ticks: { stroke: '#e2e8f0' },
          values: (u, splits) => splits.map((v) => format(v)),
        },
      ],
      series: [{ label: 'time', value: (u, v) => (v == null ? '–' : clock(v * 1000)) }].concat(
        names.map((name) => ({
          label: name,
          stroke: colour(name),
          width: 2,
          spanGaps: false,
          points: { show: false },
          value: (u, v) => (v == null ? '–' : format(v)),
        }))),
    };
    this.plot = new uPlot(opts, data, this.box);
    this.showLatest();
  }

  // the legend shows the latest values while the pointer is not over the chart
  showLatest() {
    const n = this.plot.data[0].length;
    if (n > 0 && !(this.plot.cursor.left >= 0)) this.plot.setLegend({ idx: n - 1 });
  }

  resize() {
    if (this.plot && this.plot.width !== this.width()) {
      this.plot.setSize({ width: this.width(), height: HEIGHT });
    }
  }
}

/** The page's charts, by name, resized with their container (`.charts`). */
export function createCharts() {
  const charts = {
    events: new Chart('chart-events', 'events/s', axisRate),
    errors: new Chart('chart-errors', 'errors/s', axisRate),
    latency: new Chart('chart-latency', 'ms', axisDecimal),
    lag: new Chart('chart-lag', 'records', axisCount),
  };
  // resized in the next frame, not in the observer's callback, so no resize loop is reported
  new ResizeObserver(() => requestAnimationFrame(() => Object.values(charts).forEach((c) => c.resize())))
    .observe(document.querySelector('.charts'));
  return charts;
}

/** Draws the history: the answer's streams, and its first groups (those with most lag). */
export function drawCharts(charts, history, status) {
  const streams = status.streams.map((s) => s.name).filter((n) => history.streams.has(n));
  const cols = (k) => streams.map((n) => history.streams.get(n)[k].slice());
  charts.events.update(history.t, streams, cols('written'));
  charts.errors.update(history.t, streams, cols('failed'));
  charts.latency.update(history.t, streams, cols('latency').map((c) => c.map((v) => (v == null ? null : v * 1000))));
  const top = status.groups.slice(0, TOP_GROUPS).map((g) => g.group)
    .filter((g) => history.groups.has(g));
  charts.lag.update(history.t, top, top.map((g) => history.groups.get(g).lag.slice()));
}
