// The gateway's status page: polls /api/status every 2 s (not while the tab is hidden), computes
// rates from the differences of the totals between two answers, keeps 5 minutes of them in memory
// and draws them with uPlot.
//
// Safety: every text from the JSON (stream names, group ids, error messages: chosen by clients) is
// put in the page with textContent or other DOM APIs, never parsed as HTML. The server's
// Content-Security-Policy (default-src 'self') forbids inline scripts and style attributes in the
// HTML, so styles are set through classes or the CSSOM only.
'use strict';

// Errors the page hit, for people and for the end-to-end test (StatusPageIT).
window.__statusErrors = [];
window.addEventListener('error', (e) => window.__statusErrors.push(String(e.message || e)));
window.addEventListener('unhandledrejection', (e) => window.__statusErrors.push(String(e.reason)));
document.addEventListener('securitypolicyviolation', (e) =>
  window.__statusErrors.push('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));

(function () {
  const POLL_MS = 2000;
  const TIMEOUT_MS = 5000;
  const WINDOW_SECONDS = 300;
  const TOP_GROUPS = 5;
  // no red among them: red says "failed" on this page
  const COLOURS = ['#2563eb', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777',
    '#4b5563', '#65a30d', '#7c2d12'];

  const $ = (id) => document.getElementById(id);

  // ---- formatting -------------------------------------------------------------------------------

  const number = new Intl.NumberFormat('en-US');
  function rate(v) {
    if (v == null || !isFinite(v)) return '–';
    if (v === 0) return '0';
    if (v < 10) return v.toFixed(2);
    if (v < 1000) return v.toFixed(1);
    return number.format(Math.round(v));
  }
  function count(v) {
    return v == null ? '–' : number.format(Math.round(v));
  }
  function bytes(v) {
    if (v == null || !isFinite(v)) return '–';
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
    let i = 0;
    while (Math.abs(v) >= 1024 && i < units.length - 1) { v /= 1024; i++; }
    return (i === 0 ? Math.round(v) : v.toFixed(v < 10 ? 2 : 1)) + ' ' + units[i];
  }
  function millis(seconds) {
    if (seconds == null || !isFinite(seconds)) return '–';
    const ms = seconds * 1000;
    return (ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : Math.round(ms)) + ' ms';
  }
  function duration(seconds) {
    if (seconds == null || !isFinite(seconds)) return '–';
    const s = Math.floor(seconds);
    if (s < 60) return s + ' s';
    const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600);
    const m = Math.floor((s % 3600) / 60);
    if (d > 0) return d + 'd ' + h + 'h ' + m + 'm';
    if (h > 0) return h + 'h ' + m + 'm';
    return m + 'm ' + (s % 60) + 's';
  }
  function clock(iso) {
    const t = new Date(iso);
    return isNaN(t) ? String(iso) : t.toLocaleTimeString('en-GB', { hour12: false });
  }

  // ---- DOM helpers: text only, never HTML -----------------------------------------------------

  function el(tag, props, ...children) {
    const e = document.createElement(tag);
    if (props) {
      for (const [k, v] of Object.entries(props)) {
        if (v == null) continue;
        if (k === 'class') e.className = v;
        else if (k === 'text') e.textContent = v;
        else if (k.startsWith('data-') || k === 'title' || k.startsWith('aria-')) e.setAttribute(k, String(v));
        else e[k] = v;
      }
    }
    for (const c of children) if (c != null) e.append(c);
    return e;
  }
  function td(text, cls, field, raw) {
    return el('td', { class: cls, text: text, 'data-field': field, 'data-value': raw });
  }
  function setText(id, text) { $(id).textContent = text; }
  function badge(id, state, text, title) {
    const b = $(id);
    b.className = 'badge ' + state;
    b.textContent = text;
    b.title = title || '';
  }

  // ---- history and rates ------------------------------------------------------------------------

  const history = { t: [], streams: new Map(), groups: new Map() };
  let previous = null; // the last answer, with its time in seconds
  // the latest rates per stream, and of all streams together (null: not known yet)
  const current = { streams: new Map(), events: null, errors: null, latency: null };

  function series(map, key) {
    let s = map.get(key);
    if (!s) {
      // called after this answer's time was added: earlier times have no value
      s = { written: [], failed: [], bytes: [], latency: [], lag: [] };
      for (let i = 0; i < history.t.length - 1; i++) {
        s.written.push(null); s.failed.push(null); s.bytes.push(null); s.latency.push(null);
        s.lag.push(null);
      }
      map.set(key, s);
    }
    return s;
  }

  function delta(now, before) {
    const d = now - before;
    return d >= 0 ? d : null; // a counter that went back: the gateway restarted
  }

  function record(status) {
    const t = Date.parse(status.time) / 1000;
    if (previous && status.uptimeSeconds < previous.status.uptimeSeconds) {
      previous = null; // restarted: its totals start again from zero
    }
    const dt = previous ? t - previous.t : 0;
    const before = new Map(previous ? previous.status.streams.map((s) => [s.name, s]) : []);
    current.streams.clear();
    current.events = current.errors = current.latency = null;
    if (previous && dt > 0) {
      let count = 0, seconds = 0;
      history.t.push(t);
      for (const s of status.streams) {
        const b = before.get(s.name);
        const h = series(history.streams, s.name);
        let r = { written: null, failed: null, bytes: null, latency: null };
        if (b) {
          const dw = delta(s.written, b.written), df = delta(s.failed, b.failed);
          const db = delta(s.bytes, b.bytes), dc = delta(s.publishCount, b.publishCount);
          const ds = delta(s.publishSeconds, b.publishSeconds);
          r = {
            written: dw == null ? null : dw / dt,
            failed: df == null ? null : df / dt,
            bytes: db == null ? null : db / dt,
            latency: dc && ds != null ? ds / dc : null,
          };
          if (r.written != null) current.events = (current.events || 0) + r.written;
          if (r.failed != null) current.errors = (current.errors || 0) + r.failed;
          if (dc && ds != null) { count += dc; seconds += ds; }
        }
        current.streams.set(s.name, r);
        h.written.push(r.written); h.failed.push(r.failed); h.bytes.push(r.bytes);
        h.latency.push(r.latency);
      }
      current.latency = count > 0 ? seconds / count : null;
      const lags = new Map(status.groups.map((g) => [g.group, g.lag]));
      for (const g of status.groups) series(history.groups, g.group);
      for (const [name, h] of history.groups) h.lag.push(lags.has(name) ? lags.get(name) : null);
      for (const [name, h] of history.streams) {
        if (h.written.length < history.t.length) {
          h.written.push(null); h.failed.push(null); h.bytes.push(null); h.latency.push(null);
        }
        if (!status.streams.some((s) => s.name === name) && h.written.every((v) => v == null)) {
          history.streams.delete(name);
        }
      }
      trim(t - WINDOW_SECONDS);
    }
    previous = { t: t, status: status };
  }

  function trim(oldest) {
    let n = 0;
    while (n < history.t.length && history.t[n] < oldest) n++;
    if (n === 0) return;
    history.t.splice(0, n);
    for (const h of history.streams.values()) {
      for (const k of ['written', 'failed', 'bytes', 'latency']) h[k].splice(0, n);
    }
    for (const [name, h] of history.groups) {
      h.lag.splice(0, n);
      if (h.lag.every((v) => v == null)) history.groups.delete(name);
    }
  }

  // ---- charts -----------------------------------------------------------------------------------

  const colourOf = new Map();
  function colour(name) {
    if (!colourOf.has(name)) colourOf.set(name, COLOURS[colourOf.size % COLOURS.length]);
    return colourOf.get(name);
  }

  function Chart(id, unit, format) {
    this.box = $(id);
    this.unit = unit;
    this.format = format;
    this.plot = null;
    this.key = null;
  }
  Chart.prototype.width = function () {
    return Math.max(240, this.box.clientWidth);
  };
  Chart.prototype.update = function (names, columns) {
    const key = names.join('\u0000');
    const data = [history.t.slice()].concat(columns);
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
      height: 220,
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
  };
  // the legend shows the latest values while the pointer is not over the chart
  Chart.prototype.showLatest = function () {
    const n = this.plot.data[0].length;
    if (n > 0 && !(this.plot.cursor.left >= 0)) this.plot.setLegend({ idx: n - 1 });
  };
  Chart.prototype.resize = function () {
    if (this.plot && this.plot.width !== this.width()) {
      this.plot.setSize({ width: this.width(), height: 220 });
    }
  };

  const axisRate = (v) => (v >= 1000 ? number.format(Math.round(v)) : +v.toFixed(2) + '');
  const charts = {
    events: new Chart('chart-events', 'events/s', axisRate),
    errors: new Chart('chart-errors', 'errors/s', axisRate),
    latency: new Chart('chart-latency', 'ms', (v) => +(v).toFixed(2) + ''),
    lag: new Chart('chart-lag', 'records', (v) => number.format(Math.round(v))),
  };
  window.__statusCharts = charts;
  // resized in the next frame, not in the observer's callback, so no resize loop is reported
  new ResizeObserver(() => requestAnimationFrame(() => Object.values(charts).forEach((c) => c.resize())))
    .observe(document.querySelector('.charts'));

  function drawCharts(status) {
    const streams = status.streams.map((s) => s.name).filter((n) => history.streams.has(n));
    const cols = (k) => streams.map((n) => history.streams.get(n)[k].slice());
    charts.events.update(streams, cols('written'));
    charts.errors.update(streams, cols('failed'));
    charts.latency.update(streams, cols('latency').map((c) => c.map((v) => (v == null ? null : v * 1000))));
    const top = status.groups.slice(0, TOP_GROUPS).map((g) => g.group)
      .filter((g) => history.groups.has(g));
    charts.lag.update(top, top.map((g) => history.groups.get(g).lag.slice()));
  }

  // ---- rendering ---------------------------------------------------------------------------------

  function renderHeader(status) {
    setText('version', status.version);
    setText('uptime', duration(status.uptimeSeconds));
    setText('in-flight', count(status.inFlight));
    const h = status.health;
    badge('ready-badge', h.ready ? 'ok' : 'bad', h.ready ? 'Ready' : 'Not ready',
      h.problems.join('\n'));
    badge('kafka-badge', h.kafkaReachable ? 'ok' : 'bad',
      h.kafkaReachable ? 'Kafka reachable' : 'Kafka unreachable');
    badge('reconciled-badge', h.streamsReconciled ? 'ok' : 'warn',
      h.streamsReconciled ? 'Streams reconciled' : 'Streams not reconciled');
    $('problems').hidden = h.problems.length === 0;
    $('problems-list').replaceChildren(...h.problems.map((p) => el('li', { text: p })));

    setText('kpi-events', rate(current.events));
    setText('kpi-errors', rate(current.errors));
    $('kpi-errors').classList.toggle('bad-text', current.errors > 0);
    setText('kpi-latency', millis(current.latency));
    setText('kpi-groups', count(status.groupCount));
    const c = status.cluster;
    setText('kpi-brokers', c ? c.brokersOnline.length + ' / ' + c.brokersExpected.length : '–');
    $('kpi-brokers').classList.toggle('bad-text',
      !!c && c.brokersOnline.length < c.brokersExpected.length);
  }

  function renderStreams(status) {
    const rows = status.streams.map((s) => {
      const r = current.streams.get(s.name) || {};
      return el('tr', { 'data-testid': 'stream-row', 'data-stream': s.name },
        el('td', { class: 'name' }, el('span', { class: 'swatch', 'data-colour': colour(s.name) }),
          el('span', { text: s.name, 'data-field': 'name' })),
        td(s.streamClass, null, 'class'),
        el('td', null, el('span', { class: 'tag' + (s.durability === 'critical' ? ' critical' : ''),
          text: s.durability, 'data-field': 'durability' })),
        td(count(s.partitions), 'num', 'partitions', s.partitions),
        td(rate(r.written), 'num strong', 'events-rate', r.written),
        td(rate(r.failed), 'num' + (r.failed > 0 ? ' bad-text' : ''), 'errors-rate', r.failed),
        td(r.bytes == null ? '–' : bytes(r.bytes) + '/s', 'num', 'bytes-rate', r.bytes),
        td(millis(r.latency), 'num', 'latency', r.latency),
        td(count(s.written), 'num', 'written', s.written),
        td(count(s.failed), 'num' + (s.failed > 0 ? ' bad-text' : ''), 'failed', s.failed),
        td(bytes(s.bytes), 'num', 'bytes', s.bytes));
    });
    $('streams-body').replaceChildren(...rows);
    $('streams-empty').hidden = rows.length > 0;
    // the swatches' colours, through the CSSOM (the CSP forbids style attributes)
    for (const sw of document.querySelectorAll('.swatch[data-colour]')) {
      sw.style.backgroundColor = sw.getAttribute('data-colour');
    }
  }

  const expanded = new Set();
  function renderGroups(status) {
    const rows = [];
    for (const g of status.groups) {
      const open = expanded.has(g.group);
      const toggle = el('button', {
        class: 'toggle', type: 'button', 'aria-expanded': open,
        title: open ? 'hide partitions' : 'show partitions', text: open ? '▾' : '▸',
      });
      toggle.addEventListener('click', () => {
        if (expanded.has(g.group)) expanded.delete(g.group); else expanded.add(g.group);
        if (previous) renderGroups(previous.status);
      });
      const stateClass = g.state === 'STABLE' ? 'tag ok' : g.state === 'EMPTY' ? 'tag' : 'tag warn';
      rows.push(el('tr', { 'data-testid': 'group-row', 'data-group': g.group },
        el('td', { class: 'name' }, toggle, el('span', { text: g.group, 'data-field': 'group' })),
        el('td', null, el('span', { class: stateClass, text: g.state, 'data-field': 'state' })),
        td(g.members == null ? '–' : count(g.members), 'num', 'members', g.members),
        td(count(g.lag), 'num strong' + (g.lag > 0 ? ' warn-text' : ''), 'lag', g.lag),
        td(g.maxTimeLagSeconds == null ? '–' : duration(g.maxTimeLagSeconds), 'num',
          'max-time-lag', g.maxTimeLagSeconds),
        td(count(g.partitions.length), 'num', 'partitions', g.partitions.length)));
      if (open) {
        const inner = el('table', { class: 'inner' },
          el('thead', null, el('tr', null, ...['Topic', 'Partition', 'Committed', 'End', 'Lag',
            'Time lag'].map((h, i) => el('th', { class: i ? 'num' : null, text: h })))),
          el('tbody', null, ...g.partitions.map((p) => el('tr', { 'data-testid': 'group-partition' },
            td(p.topic), td(String(p.partition), 'num'), td(count(p.committed), 'num'),
            td(count(p.end), 'num'), td(count(p.lag), 'num' + (p.lag > 0 ? ' warn-text' : '')),
            td(p.timeLagSeconds == null ? '–' : duration(p.timeLagSeconds), 'num')))));
        rows.push(el('tr', { class: 'detail' }, el('td', { colSpan: 6 }, inner)));
      }
    }
    $('groups-body').replaceChildren(...rows);
    $('groups-empty').hidden = status.groups.length > 0;
    setText('groups-count', status.groupCount > status.groups.length
      ? '(the ' + status.groups.length + ' with most lag of ' + status.groupCount + ')'
      : '(' + status.groupCount + ')');
  }

  function renderCluster(status) {
    const c = status.cluster;
    $('cluster-not-observed').hidden = !!c;
    $('cluster-body').hidden = !c;
    if (!c) {
      setText('cluster-observed', '');
      return;
    }
    setText('cluster-observed', '· observed ' + clock(c.observedAt) + ' in ' +
      millis(c.refreshSeconds));
    const brokers = $('brokers');
    brokers.textContent = c.brokersOnline.length + ' / ' + c.brokersExpected.length;
    brokers.className = 'fact-value ' + (c.brokersOnline.length < c.brokersExpected.length ? 'bad-text' : 'ok-text');
    const missing = c.brokersExpected.filter((b) => !c.brokersOnline.includes(b));
    setText('brokers-missing', missing.length ? 'offline: ' + missing.join(', ')
      : 'ids ' + c.brokersOnline.join(', '));
    const leader = $('quorum-leader');
    leader.textContent = c.quorumLeader == null ? 'none' : 'node ' + c.quorumLeader;
    leader.className = 'fact-value ' + (c.quorumLeader == null ? 'bad-text' : 'ok-text');
    setText('voters', c.voters.length ? 'voters: ' + c.voters.map((v) =>
      v.id + ' (lag ' + (v.lag == null ? '?' : count(v.lag)) + ')').join(', ') : 'voters unknown');
    for (const [id, v] of [['partitions', c.partitions], ['under-replicated', c.underReplicated],
      ['offline', c.offline], ['under-min-isr', c.underMinIsr]]) {
      $(id).textContent = count(v);
      $(id).className = 'fact-value' + (id === 'partitions' ? '' : v > 0 ? ' bad-text' : ' ok-text');
    }
    $('unhealthy').hidden = c.unhealthyTopics.length === 0;
    $('unhealthy-body').replaceChildren(...c.unhealthyTopics.map((t) => el('tr', { 'data-testid': 'unhealthy-row' },
      td(t.topic), td(count(t.partitions), 'num'), td(count(t.underReplicated), 'num'),
      td(count(t.offline), 'num'), td(count(t.underMinIsr), 'num'))));
    $('logdirs-body').replaceChildren(...c.logDirs.map(logDirRow));
    for (const bar of document.querySelectorAll('.usage-fill[data-percent]')) {
      bar.style.width = bar.getAttribute('data-percent') + '%';
    }
    const failed = c.failedParts.length > 0 || c.lastError != null;
    $('cluster-failures').hidden = !failed;
    setText('failed-parts', c.failedParts.length ? 'Not observed: ' + c.failedParts.join(', ') : '');
    setText('last-error', c.lastError == null ? '' : 'Last error: ' + c.lastError);
  }

  function logDirRow(d) {
    let usage;
    if (d.error) {
      usage = el('span', { class: 'bad-text', text: d.error });
    } else if (d.totalBytes && d.usableBytes != null) {
      const used = d.totalBytes - d.usableBytes;
      const pct = Math.min(100, Math.max(0, (100 * used) / d.totalBytes));
      const level = pct >= 90 ? 'bad' : pct >= 75 ? 'warn' : 'ok';
      usage = el('div', { class: 'usage', title: bytes(used) + ' of ' + bytes(d.totalBytes) + ' used' },
        el('div', { class: 'usage-bar' },
          el('div', { class: 'usage-fill ' + level, 'data-percent': pct.toFixed(1) })),
        el('span', { class: 'usage-text', text: pct.toFixed(0) + '% of ' + bytes(d.totalBytes) }));
    } else {
      usage = el('span', { class: 'muted', text: 'volume size unknown' });
    }
    return el('tr', { 'data-testid': 'logdir-row' },
      td(String(d.broker), 'num'), td(d.path, 'mono'), td(bytes(d.sizeBytes), 'num'),
      el('td', { class: 'usage-col' }, usage),
      td(d.usableBytes == null ? '–' : bytes(d.usableBytes), 'num'));
  }

  function renderErrors(status) {
    const rows = status.recentErrors.map((e) => el('tr', { 'data-testid': 'error-row' },
      el('td', { class: 'nowrap', text: clock(e.time), title: e.time }),
      td(e.stream, 'name', 'stream'),
      el('td', null, el('span', { class: 'tag bad', text: e.status, 'data-field': 'status' })),
      td(e.message, 'message', 'message'),
      td(e.requestId || '–', 'mono', 'request-id')));
    $('errors-body').replaceChildren(...rows);
    $('errors-empty').hidden = rows.length > 0;
  }

  // ---- polling -----------------------------------------------------------------------------------

  let timer = null;
  let polling = false;
  let polls = 0; // answers shown
  let failures = 0; // polls that got none
  let lastSuccess = null;

  async function poll() {
    timer = null;
    if (polling) return; // the running poll schedules the next
    polling = true;
    const abort = new AbortController();
    const timeout = setTimeout(() => abort.abort(), TIMEOUT_MS);
    try {
      const response = await fetch('/api/status', { cache: 'no-store', signal: abort.signal });
      if (!response.ok) throw new Error('HTTP ' + response.status);
      const status = await response.json();
      record(status);
      renderHeader(status);
      renderStreams(status);
      renderGroups(status);
      renderCluster(status);
      renderErrors(status);
      drawCharts(status);
      polls++;
      lastSuccess = new Date();
      setText('last-updated', lastSuccess.toLocaleTimeString('en-GB', { hour12: false }));
      $('last-updated').dateTime = lastSuccess.toISOString();
      $('error-banner').hidden = true;
      $('poll-state').className = 'dot live';
      document.body.classList.remove('stale');
    } catch (e) {
      const why = e && e.name === 'AbortError' ? 'no answer within ' + TIMEOUT_MS / 1000 + ' s'
        : (e && e.message) || String(e);
      setText('error-banner-text', '/api/status failed (' + why + '). ' +
        (lastSuccess ? 'Showing the data of ' + lastSuccess.toLocaleTimeString('en-GB', { hour12: false }) + '. '
          : '') + 'Retrying every ' + POLL_MS / 1000 + ' s.');
      $('error-banner').hidden = false;
      // what the header said is not known any more
      badge('ready-badge', 'bad', 'Unreachable', why);
      badge('kafka-badge', 'unknown', 'Kafka ?');
      badge('reconciled-badge', 'unknown', 'Streams ?');
      $('poll-state').className = 'dot down';
      document.body.classList.add('stale');
      failures++;
    } finally {
      clearTimeout(timeout);
      polling = false;
      window.__statusPolls = polls;
      window.__statusFailures = failures;
      schedule();
    }
  }

  function schedule() {
    if (timer != null) clearTimeout(timer);
    timer = null;
    if (document.hidden) {
      $('poll-state').className = 'dot paused';
      $('poll-state').title = 'paused while the tab is hidden';
      return;
    }
    $('poll-state').title = 'polling every ' + POLL_MS / 1000 + ' s';
    timer = setTimeout(poll, POLL_MS);
  }

  document.addEventListener('visibilitychange', () => {
    if (timer != null) clearTimeout(timer);
    timer = null;
    if (document.hidden) schedule(); else poll();
  });

  poll();
})();
