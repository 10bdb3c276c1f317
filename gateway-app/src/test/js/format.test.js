// The status page's formatting (format.js): run by `node --test` (StatusPageScriptsTest in mvn verify).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  axisCount, axisDecimal, axisRate, bytes, clock, count, duration, millis, rate,
} from '../../main/resources/io/eventgateway/app/observe/status/format.js';

const MISSING = [null, undefined, NaN, Infinity, -Infinity];

describe('rate', () => {
  test('a missing or infinite rate is a dash', () => {
    for (const v of MISSING) assert.equal(rate(v), '–', String(v));
  });
  test('zero is a plain 0', () => {
    assert.equal(rate(0), '0');
    assert.equal(rate(-0), '0');
  });
  test('two decimals below 10, one below 1,000, none from 1,000 on with separators', () => {
    assert.equal(rate(0.004), '0.00');
    assert.equal(rate(0.5), '0.50');
    assert.equal(rate(9.994), '9.99');
    assert.equal(rate(10), '10.0');
    assert.equal(rate(999.94), '999.9');
    assert.equal(rate(1000), '1,000');
    assert.equal(rate(1234567.5), '1,234,568');
  });
  test('a value that rounds up to the next band keeps its band', () => {
    assert.equal(rate(9.999), '10.00');
    assert.equal(rate(999.96), '1000.0');
  });
  test('huge rates are written in full', () => {
    assert.equal(rate(1e15), '1,000,000,000,000,000');
  });
  test('a negative rate (never computed: a counter that went back gives none) has two decimals', () => {
    assert.equal(rate(-1.5), '-1.50');
    assert.equal(rate(-5000), '-5000.00');
  });
});

describe('count', () => {
  test('null and undefined are a dash', () => {
    assert.equal(count(null), '–');
    assert.equal(count(undefined), '–');
  });
  test('rounded, with thousands separators', () => {
    assert.equal(count(0), '0');
    assert.equal(count(7), '7');
    assert.equal(count(1234.4), '1,234');
    assert.equal(count(1234.5), '1,235');
    assert.equal(count(-3), '-3');
    assert.equal(count(-12345), '-12,345');
  });
  test('huge counts are written in full, up to 2^53 and beyond', () => {
    assert.equal(count(Number.MAX_SAFE_INTEGER), '9,007,199,254,740,991');
    assert.equal(count(1e21), '1,000,000,000,000,000,000,000');
  });
});

describe('bytes', () => {
  test('a missing or infinite size is a dash', () => {
    for (const v of MISSING) assert.equal(bytes(v), '–', String(v));
  });
  test('whole bytes below 1 KiB', () => {
    assert.equal(bytes(0), '0 B');
    assert.equal(bytes(1), '1 B');
    assert.equal(bytes(1023), '1023 B');
    assert.equal(bytes(100.4), '100 B');
  });
  test('binary units with two decimals below 10, one from 10 on', () => {
    assert.equal(bytes(1024), '1.00 KiB');
    assert.equal(bytes(1536), '1.50 KiB');
    assert.equal(bytes(10 * 1024), '10.0 KiB');
    assert.equal(bytes(1023 * 1024), '1023.0 KiB');
    assert.equal(bytes(5.5 * 1024 ** 2), '5.50 MiB');
    assert.equal(bytes(3 * 1024 ** 3), '3.00 GiB');
    assert.equal(bytes(2 * 1024 ** 4), '2.00 TiB');
    assert.equal(bytes(1024 ** 5), '1.00 PiB');
  });
  test('PiB is the largest unit', () => {
    assert.equal(bytes(1024 ** 6), '1024.0 PiB');
    assert.equal(bytes(Number.MAX_VALUE), (Number.MAX_VALUE / 1024 ** 5).toFixed(1) + ' PiB');
  });
  test('a negative size takes the unit of its magnitude', () => {
    assert.equal(bytes(-512), '-512 B');
    assert.equal(bytes(-2048), '-2.00 KiB');
    assert.equal(bytes(-50 * 1024 ** 2), '-50.00 MiB');
  });
});

describe('millis', () => {
  test('a missing or infinite duration is a dash', () => {
    for (const v of MISSING) assert.equal(millis(v), '–', String(v));
  });
  test('seconds as milliseconds: two decimals below 10 ms, one below 100 ms, none above', () => {
    assert.equal(millis(0), '0.00 ms');
    assert.equal(millis(0.0000004), '0.00 ms');
    assert.equal(millis(0.0012), '1.20 ms');
    assert.equal(millis(0.0125), '12.5 ms');
    assert.equal(millis(0.1), '100 ms');
    assert.equal(millis(2.5), '2500 ms');
    assert.equal(millis(3600), '3600000 ms');
  });
  test('negative', () => {
    assert.equal(millis(-0.001), '-1.00 ms');
  });
});

describe('duration', () => {
  test('a missing or infinite duration is a dash', () => {
    for (const v of MISSING) assert.equal(duration(v), '–', String(v));
  });
  test('whole seconds below a minute', () => {
    assert.equal(duration(0), '0 s');
    assert.equal(duration(0.999), '0 s');
    assert.equal(duration(59.9), '59 s');
  });
  test('minutes and seconds below an hour', () => {
    assert.equal(duration(60), '1m 0s');
    assert.equal(duration(61), '1m 1s');
    assert.equal(duration(3599), '59m 59s');
  });
  test('hours and minutes below a day', () => {
    assert.equal(duration(3600), '1h 0m');
    assert.equal(duration(3661), '1h 1m');
    assert.equal(duration(86399), '23h 59m');
  });
  test('days, hours and minutes from a day on', () => {
    assert.equal(duration(86400), '1d 0h 0m');
    assert.equal(duration(90061), '1d 1h 1m');
    assert.equal(duration(1e9), '11574d 1h 46m');
  });
  test('a negative duration is seconds, rounded down', () => {
    assert.equal(duration(-5), '-5 s');
    assert.equal(duration(-0.5), '-1 s');
  });
});

describe('clock', () => {
  test('the local time of day, 24-hour, of an ISO text without a zone', () => {
    assert.equal(clock('2026-12-01T00:00:00'), '00:00:00');
    assert.equal(clock('2026-12-01T14:05:09'), '14:05:09');
    assert.equal(clock('2026-12-01T23:59:59.999'), '23:59:59');
  });
  test('of a Date and of milliseconds since the epoch (the charts\' axes)', () => {
    const t = new Date(2026, 11, 1, 23, 5, 9);
    assert.equal(clock(t), '23:05:09');
    assert.equal(clock(t.getTime()), '23:05:09');
  });
  test('an ISO text with its zone is shown in local time', () => {
    const iso = '2026-12-01T10:20:30Z';
    const local = new Date(iso);
    const two = (n) => String(n).padStart(2, '0');
    assert.equal(clock(iso),
      two(local.getHours()) + ':' + two(local.getMinutes()) + ':' + two(local.getSeconds()));
  });
  test('a text that is no time comes back as it is', () => {
    assert.equal(clock('not a time'), 'not a time');
    assert.equal(clock(''), '');
    assert.equal(clock(undefined), 'undefined');
  });
});

describe('the charts\' axes', () => {
  test('rates: at most two decimals, trailing zeros dropped; none from 1,000 on', () => {
    assert.equal(axisRate(0), '0');
    assert.equal(axisRate(0.5), '0.5');
    assert.equal(axisRate(1.256), '1.26');
    assert.equal(axisRate(250), '250');
    assert.equal(axisRate(999.999), '1000');
    assert.equal(axisRate(1000), '1,000');
    assert.equal(axisRate(2500000.4), '2,500,000');
  });
  test('milliseconds: at most two decimals', () => {
    assert.equal(axisDecimal(0), '0');
    assert.equal(axisDecimal(12.3456), '12.35');
    assert.equal(axisDecimal(2000), '2000');
  });
  test('records of lag: rounded, with separators', () => {
    assert.equal(axisCount(0), '0');
    assert.equal(axisCount(1234.4), '1,234');
    assert.equal(axisCount(1e9), '1,000,000,000');
  });
});
