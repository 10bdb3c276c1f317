// The status page's history of polled answers (history.js): run by `node --test`
// (StatusPageScriptsTest in mvn verify).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  WINDOW_SECONDS, createHistory, delta, record, series, trim,
} from '../../main/resources/io/eventgateway/app/observe/status/history.js';

const START = Date.parse('2026-12-01T10:00:00Z') / 1000;

/** A stream's totals in an answer; unnamed totals are 0. */
function stream(name, totals = {}) {
  return {
    name, written: 0, failed: 0, bytes: 0, publishCount: 0, publishSeconds: 0, ...totals,
  };
}

/** An answer of /api/status at START + `at` seconds, the gateway up for `uptime` seconds. */
function answer(at, { uptime = 1000 + at, streams = [], groups = [] } = {}) {
  return {
    time: new Date((START + at) * 1000).toISOString(), uptimeSeconds: uptime, streams, groups,
  };
}

/** A history fed `answers` in order; the rates of the last. */
function fed(...answers) {
  const history = createHistory();
  let current = null;
  for (const a of answers) current = record(history, a);
  return { history, current };
}

const times = (history) => history.t.map((t) => t - START);

describe('delta', () => {
  test('how much a total grew', () => {
    assert.equal(delta(15, 10), 5);
    assert.equal(delta(0.75, 0.25), 0.5);
  });
  test('a total that did not move grew by 0, not by nothing', () => {
    assert.equal(delta(0, 0), 0);
    assert.equal(delta(42, 42), 0);
  });
  test('a total that went back (a counter reset: the gateway restarted) gives nothing', () => {
    assert.equal(delta(3, 10), null);
    assert.equal(delta(0, 1), null);
  });
  test('huge totals', () => {
    assert.equal(delta(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER - 7), 7);
    assert.equal(delta(1e18, 0), 1e18);
    assert.equal(delta(0, 1e18), null);
  });
  test('a total that is missing or no number gives nothing', () => {
    assert.equal(delta(undefined, 3), null);
    assert.equal(delta(3, undefined), null);
    assert.equal(delta(NaN, 0), null);
  });
});

describe('series', () => {
  test('a new series has a null for every earlier time', () => {
    const map = new Map();
    const s = series(map, 'orders', 3);
    assert.deepEqual(s.written, [null, null, null]);
    assert.deepEqual(s.failed, [null, null, null]);
    assert.deepEqual(s.bytes, [null, null, null]);
    assert.deepEqual(s.latency, [null, null, null]);
    assert.deepEqual(s.lag, [null, null, null]);
    assert.equal(map.get('orders'), s);
  });
  test('one seen before is returned as it is', () => {
    const map = new Map();
    const s = series(map, 'orders', 0);
    s.written.push(5);
    assert.equal(series(map, 'orders', 7), s);
    assert.deepEqual(s.written, [5]);
    assert.equal(map.size, 1);
  });
});

describe('record', () => {
  test('the first answer gives no rates and no times', () => {
    const { history, current } = fed(answer(0, { streams: [stream('orders', { written: 100 })] }));
    assert.deepEqual(history.t, []);
    assert.equal(history.streams.size, 0);
    assert.equal(current.events, null);
    assert.equal(current.errors, null);
    assert.equal(current.latency, null);
    assert.equal(current.streams.size, 0);
    assert.equal(history.previous.t, START);
  });

  test('rates are the growth of the totals over the seconds between two answers', () => {
    const { history, current } = fed(
      answer(0, { streams: [stream('orders', { written: 100, failed: 1, bytes: 1000 })] }),
      answer(2, {
        streams: [stream('orders', {
          written: 300, failed: 5, bytes: 21000, publishCount: 50, publishSeconds: 0.1,
        })],
      }));
    assert.deepEqual(times(history), [2]);
    assert.deepEqual(current.streams.get('orders'),
      { written: 100, failed: 2, bytes: 10000, latency: 0.1 / 50 });
    const s = history.streams.get('orders');
    assert.deepEqual(s.written, [100]);
    assert.deepEqual(s.failed, [2]);
    assert.deepEqual(s.bytes, [10000]);
    assert.deepEqual(s.latency, [0.1 / 50]);
    assert.equal(current.events, 100);
    assert.equal(current.errors, 2);
  });

  test('the totals of all streams: summed rates, latency weighted by each stream\'s calls', () => {
    const { current } = fed(
      answer(0, { streams: [stream('a'), stream('b')] }),
      answer(4, {
        streams: [
          stream('a', { written: 40, failed: 4, publishCount: 10, publishSeconds: 1 }),
          stream('b', { written: 8, publishCount: 30, publishSeconds: 1 }),
        ],
      }));
    assert.equal(current.events, 12);
    assert.equal(current.errors, 1);
    assert.equal(current.latency, 2 / 40);
    assert.equal(current.streams.get('a').latency, 0.1);
    assert.equal(current.streams.get('b').latency, 1 / 30);
  });

  test('no calls in the interval: zero rates, but no latency', () => {
    const { current } = fed(
      answer(0, { streams: [stream('orders', { written: 7, publishCount: 7, publishSeconds: 1 })] }),
      answer(2, { streams: [stream('orders', { written: 7, publishCount: 7, publishSeconds: 1 })] }));
    assert.deepEqual(current.streams.get('orders'), { written: 0, failed: 0, bytes: 0, latency: null });
    assert.equal(current.events, 0);
    assert.equal(current.errors, 0);
    assert.equal(current.latency, null);
  });

  test('huge totals give exact rates', () => {
    const big = Number.MAX_SAFE_INTEGER - 1000;
    const { current } = fed(
      answer(0, { streams: [stream('orders', { written: big, bytes: 1e15 })] }),
      answer(10, { streams: [stream('orders', { written: big + 1000, bytes: 1e15 + 1e13 })] }));
    assert.equal(current.streams.get('orders').written, 100);
    assert.equal(current.streams.get('orders').bytes, 1e12);
  });

  test('an answer no later than the previous gives no rates and no time', () => {
    const { history, current } = fed(
      answer(0, { streams: [stream('orders')] }),
      answer(2, { streams: [stream('orders', { written: 10 })] }),
      answer(2, { streams: [stream('orders', { written: 20 })] }));
    assert.deepEqual(times(history), [2]);
    assert.deepEqual(history.streams.get('orders').written, [5]);
    assert.equal(current.events, null);
    assert.equal(current.streams.size, 0);
  });

  test('after a restart (a smaller uptime) the first answer gives no rates, the next do', () => {
    const history = createHistory();
    record(history, answer(0, { streams: [stream('orders', { written: 1000 })] }));
    record(history, answer(2, { streams: [stream('orders', { written: 1200 })] }));
    const restarted = record(history,
      answer(4, { uptime: 1, streams: [stream('orders', { written: 30 })] }));
    assert.equal(restarted.events, null);
    assert.deepEqual(times(history), [2]);
    const next = record(history, answer(6, { uptime: 3, streams: [stream('orders', { written: 50 })] }));
    assert.equal(next.events, 10);
    assert.deepEqual(times(history), [2, 6]);
    assert.deepEqual(history.streams.get('orders').written, [100, 10]);
  });

  test('a counter that went back without a restart leaves a gap for that counter only', () => {
    const { history, current } = fed(
      answer(0, { streams: [stream('orders', { written: 100, failed: 10 })] }),
      answer(2, { streams: [stream('orders', { written: 200, failed: 4 })] }),
      answer(4, { streams: [stream('orders', { written: 300, failed: 8 })] }));
    const s = history.streams.get('orders');
    assert.deepEqual(s.written, [50, 50]);
    assert.deepEqual(s.failed, [null, 2]);
    assert.equal(current.errors, 2);
  });

  test('a reset of the call counters leaves no latency', () => {
    const { current } = fed(
      answer(0, { streams: [stream('orders', { publishCount: 10, publishSeconds: 1 })] }),
      answer(2, { streams: [stream('orders', { publishCount: 4, publishSeconds: 1.5 })] }));
    assert.equal(current.streams.get('orders').latency, null);
    assert.equal(current.latency, null);
  });

  test('a stream that appears has nulls for the times before it and no rate in its first answer', () => {
    const { history, current } = fed(
      answer(0, { streams: [stream('orders')] }),
      answer(2, { streams: [stream('orders', { written: 2 })] }),
      answer(4, { streams: [stream('orders', { written: 4 }), stream('payments', { written: 6 })] }),
      answer(6, { streams: [stream('orders', { written: 6 }), stream('payments', { written: 10 })] }));
    assert.deepEqual(times(history), [2, 4, 6]);
    assert.deepEqual(history.streams.get('payments').written, [null, null, 2]);
    assert.deepEqual(history.streams.get('orders').written, [1, 1, 1]);
    assert.equal(current.events, 3);
  });

  test('a stream that disappears gets a gap, and is dropped once it has no value left', () => {
    const history = createHistory();
    record(history, answer(0, { streams: [stream('orders'), stream('gone')] }));
    record(history, answer(2, { streams: [stream('orders'), stream('gone', { written: 4 })] }));
    record(history, answer(4, { streams: [stream('orders')] }));
    assert.deepEqual(history.streams.get('gone').written, [2, null]);
    assert.deepEqual(history.streams.get('gone').latency, [null, null]);
    record(history, answer(WINDOW_SECONDS + 3, { streams: [stream('orders')] }));
    assert.deepEqual(times(history), [4, WINDOW_SECONDS + 3]);
    assert.deepEqual(history.streams.get('gone').written, [null, null]);
    record(history, answer(WINDOW_SECONDS + 5, { streams: [stream('orders')] }));
    assert.equal(history.streams.has('gone'), false);
    assert.equal(history.streams.has('orders'), true);
  });

  test('a stream that never had a rate and is gone is dropped at once', () => {
    const history = createHistory();
    record(history, answer(0, { streams: [stream('orders')] }));
    record(history, answer(2, { streams: [stream('orders'), stream('brief')] }));
    assert.deepEqual(history.streams.get('brief').written, [null]);
    record(history, answer(4, { streams: [stream('orders')] }));
    assert.equal(history.streams.has('brief'), false);
  });

  test('the groups\' lag, with nulls before a group was seen and after it is gone', () => {
    const { history } = fed(
      answer(0, { groups: [{ group: 'g1', lag: 5 }] }),
      answer(2, { groups: [{ group: 'g1', lag: 3 }] }),
      answer(4, { groups: [{ group: 'g1', lag: 0 }, { group: 'g2', lag: 9 }] }),
      answer(6, { groups: [{ group: 'g2', lag: 12 }] }));
    assert.deepEqual(history.groups.get('g1').lag, [3, 0, null]);
    assert.deepEqual(history.groups.get('g2').lag, [null, 9, 12]);
  });

  test('rates are kept for the window: older times are dropped, one at its edge is kept', () => {
    const history = createHistory();
    for (let at = 0; at <= WINDOW_SECONDS + 10; at += 2) {
      record(history, answer(at, { streams: [stream('orders', { written: at * 3 })] }));
    }
    const last = WINDOW_SECONDS + 10;
    assert.equal(times(history)[0], last - WINDOW_SECONDS);
    assert.equal(times(history).at(-1), last);
    assert.equal(history.t.length, WINDOW_SECONDS / 2 + 1);
    assert.equal(history.streams.get('orders').written.length, history.t.length);
    assert.ok(history.streams.get('orders').written.every((v) => v === 3));
  });

  test('a gap between polls longer than the window leaves only the latest time', () => {
    const { history, current } = fed(
      answer(0, { streams: [stream('orders')], groups: [{ group: 'g', lag: 1 }] }),
      answer(2, { streams: [stream('orders', { written: 2 })], groups: [{ group: 'g', lag: 1 }] }),
      answer(2 + 10 * WINDOW_SECONDS,
        { streams: [stream('orders', { written: 6002 })], groups: [{ group: 'g', lag: 4 }] }));
    assert.deepEqual(times(history), [2 + 10 * WINDOW_SECONDS]);
    assert.deepEqual(history.streams.get('orders').written, [2]);
    assert.deepEqual(history.groups.get('g').lag, [4]);
    assert.equal(current.events, 2);
  });

  test('a window of another length', () => {
    const history = createHistory();
    for (const at of [0, 10, 20, 30, 40]) {
      record(history, answer(at, { streams: [stream('orders', { written: at })] }), 15);
    }
    assert.deepEqual(times(history), [30, 40]);
  });

  test('no streams and no groups: a time with nothing at it', () => {
    const { history, current } = fed(answer(0), answer(2));
    assert.deepEqual(times(history), [2]);
    assert.equal(history.streams.size, 0);
    assert.equal(current.events, null);
    assert.equal(current.latency, null);
  });
});

describe('trim', () => {
  function filled() {
    const history = createHistory();
    history.t.push(10, 20, 30);
    const s = series(history.streams, 'orders', 0);
    s.written.push(1, 2, 3); s.failed.push(0, 0, 1); s.bytes.push(5, 6, 7); s.latency.push(null, 0.1, 0.2);
    series(history.groups, 'early', 0).lag.push(4, null, null);
    series(history.groups, 'late', 0).lag.push(null, null, 8);
    return history;
  }

  test('drops the times before the oldest and their values', () => {
    const history = filled();
    trim(history, 20);
    assert.deepEqual(history.t, [20, 30]);
    const s = history.streams.get('orders');
    assert.deepEqual(s.written, [2, 3]);
    assert.deepEqual(s.failed, [0, 1]);
    assert.deepEqual(s.bytes, [6, 7]);
    assert.deepEqual(s.latency, [0.1, 0.2]);
    assert.deepEqual(history.groups.get('late').lag, [null, 8]);
  });

  test('a group left with no value is dropped', () => {
    const history = filled();
    trim(history, 15);
    assert.equal(history.groups.has('early'), false);
    assert.equal(history.groups.has('late'), true);
  });

  test('a stream left with no value is kept (record drops it once it is gone from the answers)', () => {
    const history = filled();
    trim(history, 31);
    assert.deepEqual(history.t, []);
    assert.deepEqual(history.streams.get('orders').written, []);
    assert.equal(history.groups.size, 0);
  });

  test('nothing older: nothing changes', () => {
    const history = filled();
    trim(history, 10);
    assert.deepEqual(history.t, [10, 20, 30]);
    assert.deepEqual(history.groups.get('early').lag, [4, null, null]);
    trim(createHistory(), 1e12);
  });
});
