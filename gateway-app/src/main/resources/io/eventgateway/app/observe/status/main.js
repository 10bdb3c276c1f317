// The gateway's status page: polls /api/status every 2 s (not while the tab is hidden), keeps the
// rates of the answers (history.js), shows them (render.js) and draws them (chart.js). Loaded by
// index.html as a module; the other modules have no effect until called from here.
import { createCharts, drawCharts } from './chart.js';
import { createHistory, record } from './history.js';
import { render, showPaused, showPolling, showUnreachable, showUpdated } from './render.js';

const POLL_MS = 2000;
const TIMEOUT_MS = 5000;

// Errors the page hit, for people and for the end-to-end test (StatusPageIT).
window.__statusErrors = [];
window.addEventListener('error', (e) => window.__statusErrors.push(String(e.message || e)));
window.addEventListener('unhandledrejection', (e) => window.__statusErrors.push(String(e.reason)));
document.addEventListener('securitypolicyviolation', (e) =>
  window.__statusErrors.push('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));

const history = createHistory();
const charts = createCharts();
window.__statusCharts = charts;

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
    const current = record(history, status);
    render(status, current);
    drawCharts(charts, history, status);
    polls++;
    lastSuccess = new Date();
    showUpdated(lastSuccess);
  } catch (e) {
    const why = e && e.name === 'AbortError' ? 'no answer within ' + TIMEOUT_MS / 1000 + ' s'
      : (e && e.message) || String(e);
    showUnreachable(why, lastSuccess, POLL_MS);
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
    showPaused();
    return;
  }
  showPolling(POLL_MS);
  timer = setTimeout(poll, POLL_MS);
}

document.addEventListener('visibilitychange', () => {
  if (timer != null) clearTimeout(timer);
  timer = null;
  if (document.hidden) schedule(); else poll();
});

poll();
