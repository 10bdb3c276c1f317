// Placeholder: the status page reads /api/status.
fetch('/api/status').then(r => r.json()).then(s => {
  document.getElementById('health').textContent = s.health.ready ? 'ready' : 'not ready';
});
