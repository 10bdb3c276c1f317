// The status page's DOM, filled from one /api/status answer and the rates history.js computed.
//
// Safety: every text from the JSON (stream names, group ids, error messages: chosen by clients) is
// put in the page with textContent or other DOM APIs, never parsed as HTML. The server's
// Content-Security-Policy (default-src 'self') forbids style attributes in the HTML, so styles are
// set through classes or the CSSOM only.
import { colour } from './chart.js';
import { bytes, clock, count, duration, millis, rate } from './format.js';

const $ = (id) => document.getElementById(id);

// ---- DOM helpers: text only, never HTML -------------------------------------------------------

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

// ---- one answer ---------------------------------------------------------------------------------

/** Shows an answer of /api/status with `current`, its rates (history.js). */
export function render(status, current) {
  renderHeader(status, current);
  renderStreams(status, current);
  renderGroups(status);
  renderCluster(status);
  renderErrors(status);
}

function renderHeader(status, current) {
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

function renderStreams(status, current) {
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

// the groups whose partitions are shown, kept across answers
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
      renderGroups(status); // the answer shown: each answer replaces these buttons
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

// ---- the state of polling -----------------------------------------------------------------------

/** An answer was shown: at `time` (a Date). */
export function showUpdated(time) {
  setText('last-updated', clock(time));
  $('last-updated').dateTime = time.toISOString();
  $('error-banner').hidden = true;
  $('poll-state').className = 'dot live';
  document.body.classList.remove('stale');
}

/**
 * A poll got no answer (`why`): the error banner, and a header that no longer claims to know.
 * `lastSuccess` (a Date, or null) is when the data shown was fetched.
 */
export function showUnreachable(why, lastSuccess, pollMs) {
  setText('error-banner-text', '/api/status failed (' + why + '). ' +
    (lastSuccess ? 'Showing the data of ' + clock(lastSuccess) + '. ' : '') +
    'Retrying every ' + pollMs / 1000 + ' s.');
  $('error-banner').hidden = false;
  badge('ready-badge', 'bad', 'Unreachable', why);
  badge('kafka-badge', 'unknown', 'Kafka ?');
  badge('reconciled-badge', 'unknown', 'Streams ?');
  $('poll-state').className = 'dot down';
  document.body.classList.add('stale');
}

/** Polling stopped while the tab is hidden. */
export function showPaused() {
  $('poll-state').className = 'dot paused';
  $('poll-state').title = 'paused while the tab is hidden';
}

/** Polling every `pollMs`. */
export function showPolling(pollMs) {
  $('poll-state').title = 'polling every ' + pollMs / 1000 + ' s';
}
