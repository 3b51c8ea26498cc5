// Response targets (docs/api.md, /config.json `sla`): minutes by priority, in the city's mode.

/**
 * Minutes past the report's response target (negative: minutes left), or null when its priority
 * has none. Targets come from /config.json `sla`, in the city's current mode.
 */
export function minutesOver(report, sla, mode, now = Date.now()) {
  const due = dueAt(report, sla, mode);
  return due === null ? null : (now - due) / 60000;
}

/** When the report's response target falls (epoch ms), or null when its priority has none. */
export function dueAt(report, sla, mode) {
  const table = (sla && (mode === 'emergency' ? sla.emergencyMinutes : sla.routineMinutes)) || {};
  const limit = table[String(report.priority)];
  if (limit === undefined || limit === null) return null;
  return new Date(report.receivedAt).getTime() + limit * 60000;
}
