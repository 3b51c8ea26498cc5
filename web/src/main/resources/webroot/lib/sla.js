// Response targets (docs/api.md, /config.json `sla`): minutes by priority, in the city's mode.

/**
 * Minutes past the report's response target (negative: minutes left), or null when its priority
 * has none. Targets come from /config.json `sla`, in the city's current mode.
 */
export function minutesOver(report, sla, mode, now = Date.now()) {
  const due = dueAt(report, sla, mode);
  return due === null ? null : (now - due) / 60000;
}

/**
 * The rocket alerts a report can have arrived under (docs/alerts.md), by id: null while the alert
 * holds, its all-clear or end (epoch ms) after. A page keeps it from the live `alerts`/`alert`
 * messages with {@link noteAlert}.
 */
const alertEnds = new Map();

/** Remembers an alert's state from a live message, for the response times of its reports. */
export function noteAlert(alert) {
  alertEnds.set(alert.id, alert.status === 'active' ? null : Date.parse(alert.clearedAt));
}

/**
 * When the report's response target falls (epoch ms), or null when its priority has none, or
 * while the alert it arrived under holds: its clock starts at the all-clear, as on the server.
 */
export function dueAt(report, sla, mode) {
  const table = (sla && (mode === 'emergency' ? sla.emergencyMinutes : sla.routineMinutes)) || {};
  const limit = table[String(report.priority)];
  if (limit === undefined || limit === null) return null;
  let from = new Date(report.receivedAt).getTime();
  if (report.alert && alertEnds.has(report.alert.id)) {
    const end = alertEnds.get(report.alert.id);
    if (end === null) return null;
    from = end;
  }
  return from + limit * 60000;
}
