// What comes first in a patroller's queue (docs/field-app.md): the highest priority, then the
// report furthest past its response target, then the nearest (when the tablet shares its
// location), then the oldest.

import { minutesOver } from '../lib/sla.js';


const OPEN = new Set(['new', 'acknowledged', 'assigned', 'en_route', 'on_site']);

/** Whether a report belongs in the queue: open, and not deferred by an emergency. */
export function needsSomeone(report) {
  return OPEN.has(report.status) && !report.deferred;
}

/** Metres between two WGS84 points (haversine: exact enough within a city). */
export function metersBetween(a, b) {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
}

/** The queue in order; `here` is the patroller's position or null. */
export function ordered(reports, { sla, mode, here, now = Date.now() }) {
  const rows = reports.filter(needsSomeone).map(report => ({
    report,
    over: minutesOver(report, sla, mode, now),
    meters: here ? metersBetween(here, report.location) : null
  }));
  rows.sort((a, b) =>
    (b.report.priority - a.report.priority)
    || ((b.over ?? -Infinity) - (a.over ?? -Infinity))
    || ((a.meters ?? 0) - (b.meters ?? 0))
    || (new Date(a.report.receivedAt) - new Date(b.report.receivedAt)));
  return rows;
}
