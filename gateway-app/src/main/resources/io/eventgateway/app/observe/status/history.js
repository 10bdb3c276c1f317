// The polled /api/status answers as time series: rates from the differences of the totals between
// two answers, kept for a window of time. Pure: no DOM, no clock, no globals; a history is a plain
// object that record() updates, and every series is aligned with its times (null: no value then).

/** How long rates are kept, in seconds. */
export const WINDOW_SECONDS = 300;

/** An empty history: no times, no series, no previous answer, no rates known. */
export function createHistory() {
  return {
    t: [], // the times of the rates, in seconds since the epoch, oldest first
    streams: new Map(), // stream name -> its series (written, failed, bytes, latency)
    groups: new Map(), // group id -> its series (lag)
    previous: null, // the last answer, with its time in seconds: { t, status }
    // the latest rates per stream, and of all streams together (null: not known yet)
    current: { streams: new Map(), events: null, errors: null, latency: null },
  };
}

/**
 * The series of `key` in `map`; a new one, with `earlier` nulls for the times
 * before it was first seen, when there is none.
 */
export function series(map, key, earlier) {
  let s = map.get(key);
  if (!s) {
    s = { written: [], failed: [], bytes: [], latency: [], lag: [] };
    for (let i = 0; i < earlier; i++) {
      s.written.push(null); s.failed.push(null); s.bytes.push(null); s.latency.push(null);
      s.lag.push(null);
    }
    map.set(key, s);
  }
  return s;
}

/** How much a total grew; null when it went back (the gateway restarted, its totals from zero). */
export function delta(now, before) {
  const d = now - before;
  return d >= 0 ? d : null;
}

/**
 * Adds one answer of /api/status: the rates since the previous answer at the answer's time, and
 * the groups' lag. The first answer, one no later than the previous, and the first after a restart
 * (a smaller uptime) give no rates. Times older than `windowSeconds` before this answer's are
 * dropped. Returns `history.current`, the rates of this answer.
 */
export function record(history, status, windowSeconds = WINDOW_SECONDS) {
  const t = Date.parse(status.time) / 1000;
  const current = history.current;
  let previous = history.previous;
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
      const h = series(history.streams, s.name, history.t.length - 1);
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
    for (const g of status.groups) series(history.groups, g.group, history.t.length - 1);
    for (const [name, h] of history.groups) h.lag.push(lags.has(name) ? lags.get(name) : null);
    for (const [name, h] of history.streams) {
      if (h.written.length < history.t.length) {
        h.written.push(null); h.failed.push(null); h.bytes.push(null); h.latency.push(null);
      }
      if (!status.streams.some((s) => s.name === name) && h.written.every((v) => v == null)) {
        history.streams.delete(name);
      }
    }
    trim(history, t - windowSeconds);
  }
  history.previous = { t: t, status: status };
  return current;
}

/**
 * Drops the times before `oldest` (seconds) and their values, and the groups left with no
 * value at all.
 */
export function trim(history, oldest) {
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
