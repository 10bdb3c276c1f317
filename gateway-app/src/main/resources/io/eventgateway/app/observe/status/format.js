// How the status page writes numbers, sizes, durations and times. Pure: no DOM, no state; every
// function that takes a value which may be missing writes '–' for it.

const number = new Intl.NumberFormat('en-US');

/** A rate per second: more decimals for small values, none from 1,000 on. */
export function rate(v) {
  if (v == null || !isFinite(v)) return '–';
  if (v === 0) return '0';
  if (v < 10) return v.toFixed(2);
  if (v < 1000) return v.toFixed(1);
  return number.format(Math.round(v));
}

/** A count, rounded, with thousands separators. */
export function count(v) {
  return v == null ? '–' : number.format(Math.round(v));
}

/** A size in bytes, in binary units (KiB, MiB, ... PiB). */
export function bytes(v) {
  if (v == null || !isFinite(v)) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return (i === 0 ? Math.round(v) : v.toFixed(v < 10 ? 2 : 1)) + ' ' + units[i];
}

/** A duration given in seconds, written in milliseconds. */
export function millis(seconds) {
  if (seconds == null || !isFinite(seconds)) return '–';
  const ms = seconds * 1000;
  return (ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : Math.round(ms)) + ' ms';
}

/** A duration given in seconds, in its two largest units ("42 s", "3m 5s", "2h 0m", "1d 4h 2m"). */
export function duration(seconds) {
  if (seconds == null || !isFinite(seconds)) return '–';
  const s = Math.floor(seconds);
  if (s < 60) return s + ' s';
  const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return d + 'd ' + h + 'h ' + m + 'm';
  if (h > 0) return h + 'h ' + m + 'm';
  return m + 'm ' + (s % 60) + 's';
}

/**
 * The local time of day, 24-hour ("14:05:09"), of an ISO-8601 text, a Date or milliseconds since
 * the epoch; a text that is no time comes back as it is.
 */
export function clock(iso) {
  const t = new Date(iso);
  return isNaN(t) ? String(iso) : t.toLocaleTimeString('en-GB', { hour12: false });
}

/** A rate on a chart's axis: at most two decimals, none from 1,000 on. */
export function axisRate(v) {
  return v >= 1000 ? number.format(Math.round(v)) : +v.toFixed(2) + '';
}

/** A value on a chart's axis with at most two decimals (milliseconds). */
export function axisDecimal(v) {
  return +v.toFixed(2) + '';
}

/** A count on a chart's axis (records of lag). */
export function axisCount(v) {
  return number.format(Math.round(v));
}
