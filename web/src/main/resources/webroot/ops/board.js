// What the screen holds: the open reports and incidents from the snapshot and every change
// applied in order, the overdue reports, and the per-district counts. It decides what is shown
// (the mode, the filter) and has the map and the side panel draw it.

import { flash } from './map.js';
import { dueAt } from '../lib/sla.js';
import { OPEN_STATUSES } from './text.js';

const OPEN = new Set(OPEN_STATUSES);
// Ids recently closed or removed, with their version: a late older message must not bring one
// back (docs/live-protocol.md: changes may arrive twice or out of order). Bounded.
const GONE_MAX = 10000;
// Until the first `mode` message: the server's default `emergency.markerMinPriority`.
const DEFAULT_PIN_MIN_PRIORITY = 4;
const LATEST_MAX = 30;

export class Board {
  constructor(map, panel) {
    this.map = map;
    this.panel = panel;
    this.mode = null;              // 'routine' | 'emergency' once the server said
    this.pinMinPriority = DEFAULT_PIN_MIN_PRIORITY;
    this.reports = new Map();      // id -> open report
    this.incidents = new Map();    // id -> open incident
    this.overdue = new Map();      // report id -> {report, escalation}
    this.gone = new Map();         // report or incident id -> version it left at (GONE_MAX newest)
    this.latest = new Map();       // id -> report, the newest received
    this.serverCounts = null;      // district id -> open reports, from the last snapshot or batch
    this.counts = new Map();       // district id -> open reports shown
    this.filter = () => true;      // (report or incident, kind) -> shown
    this.listeners = [];           // (report, isNew) on each report applied
    this.listsPending = false;     // the side lists are to be drawn at the next frame
    this.overdueFlashes = new Set(); // overdue rows to flash when next drawn
  }

  // ---- what is shown -----------------------------------------------------------------------

  /** In an emergency a map shows single pins only for the urgent; the rest are counts and heat. */
  pinVisible(report) {
    return (this.mode !== 'emergency' || (report.priority || 0) >= this.pinMinPriority) && this.filter(report, 'report');
  }

  /** In routine a lone report is its own pin; in an emergency every incident stands for its pins. */
  incidentVisible(incident) {
    return (this.mode === 'emergency' || incident.count >= 2) && this.filter(incident, 'incident');
  }

  setFilter(filter) {
    this.filter = filter;
    this.redraw();
  }

  setMode(mode, pinMinPriority) {
    const previous = this.mode;
    this.mode = mode;
    this.pinMinPriority = pinMinPriority || DEFAULT_PIN_MIN_PRIORITY;
    if (mode !== 'emergency') this.map.clearHeat();
    this.redraw();
    return previous === 'emergency' && mode !== 'emergency';
  }

  /** Pins, incidents, lists and counts follow the mode and the filter at once. */
  redraw() {
    this.reports.forEach(r => this.map.showReport(r, this.pinVisible(r)));
    this.incidents.forEach(i => this.map.showIncident(i, this.incidentVisible(i)));
    this.recount(false);
    this.renderLists();
  }

  /**
   * Draws the side lists at the next frame: a burst of messages (a barrage's escalations, a batch
   * per tick) is one redraw, not one per message.
   */
  renderLists() {
    if (this.listsPending) return;
    this.listsPending = true;
    requestAnimationFrame(() => {
      this.listsPending = false;
      this.drawLists();
    });
  }

  drawLists() {
    this.panel.renderIncidents([...this.incidents.values()].filter(i => this.filter(i, 'incident')));
    this.panel.renderOverdue([...this.overdue.values()].filter(e => this.filter(e.report, 'report')));
    this.panel.renderLatest([...this.latest.values()].filter(r => this.filter(r, 'report')));
    this.overdueFlashes.forEach(id => this.panel.flashOverdue(id));
    this.overdueFlashes.clear();
  }

  // ---- reports -----------------------------------------------------------------------------

  upsert(report) {
    const known = this.reports.get(report.id);
    if (known && known.version >= report.version) return; // an older or repeated version
    if (this.gone.get(report.id) >= report.version) return; // a late copy of one that left
    if (OPEN.has(report.status) || this.latest.has(report.id)) this.noteLatest(report);
    if (!OPEN.has(report.status)) {
      this.remove(report.id, report.version);
    } else {
      this.reports.set(report.id, report);
      if (report.status !== 'new') this.overdue.delete(report.id);
      this.map.showReport(report, this.pinVisible(report));
    }
    this.listeners.forEach(l => l(report, !known));
  }

  /** Remembers that {@code id} left at {@code version}, so that nothing older brings it back. */
  noteGone(id, version) {
    if (typeof version !== 'number') return;
    this.gone.delete(id);
    this.gone.set(id, version);
    if (this.gone.size > GONE_MAX) this.gone.delete(this.gone.keys().next().value);
  }

  noteLatest(report) {
    const held = this.latest.get(report.id);
    if (held && held.version >= report.version) return;
    this.latest.set(report.id, report);
    if (this.latest.size > LATEST_MAX) {
      const oldest = [...this.latest.values()].sort((a, b) => Date.parse(a.receivedAt) - Date.parse(b.receivedAt))[0];
      this.latest.delete(oldest.id);
    }
  }

  remove(id, version) {
    this.noteGone(id, version);
    this.reports.delete(id);
    this.map.removeReport(id);
    this.overdue.delete(id);
  }

  /** A snapshot replaces the picture: what it holds is the truth as of its position. */
  clear() {
    this.reports.clear();
    this.map.clearReports();
    this.incidents.clear();
    this.map.clearIncidents();
    this.overdue.clear();
    this.gone.clear();
    this.serverCounts = null;
  }

  /**
   * The reports held that are still new past their response target are overdue (after a
   * snapshot, and every few seconds). The server announces each escalation once, so a screen
   * that (re)loads after it would otherwise never list them.
   */
  overdueFromTargets(sla) {
    const now = Date.now();
    const before = this.overdue.size;
    for (const report of this.reports.values()) {
      const due = report.status === 'new' && !report.deferred ? dueAt(report, sla, this.mode) : null;
      if (due !== null && due <= now && !this.overdue.has(report.id)) {
        this.overdue.set(report.id, { report, escalation: { dueAt: new Date(due).toISOString() } });
      }
    }
    if (this.overdue.size !== before) this.renderLists();
  }

  /** A `report.escalated` message: still new past its response time. Listed until handled. */
  escalated(report, escalation) {
    this.upsert(report);
    // The held version decides: an escalation read before an acknowledgement may arrive after it.
    const held = this.reports.get(report.id);
    if (!held || held.status !== 'new') return;
    report = held;
    this.overdue.set(report.id, { report, escalation: escalation || {} });
    this.overdueFlashes.add(report.id); // its row flashes once drawn
    this.renderLists();
    flash(this.map.pinElement(report.id));
    flash(report.incident && this.map.incidentElement(report.incident));
  }

  // ---- incidents ---------------------------------------------------------------------------

  upsertIncident(incident) {
    const held = this.incidents.get(incident.id);
    if (held && held.version > incident.version) return;
    if (this.gone.get('incident:' + incident.id) >= incident.version) return; // a late copy
    if (incident.status === 'closed') {
      this.noteGone('incident:' + incident.id, incident.version);
      this.removeIncident(incident.id);
      return;
    }
    this.incidents.set(incident.id, incident);
    this.map.showIncident(incident, this.incidentVisible(incident));
  }

  removeIncident(id) {
    this.incidents.delete(id);
    this.map.removeIncident(id);
  }

  // ---- counts ------------------------------------------------------------------------------

  setDistricts(districts) {
    this.counts = new Map(districts.map(d => [d.id, 0]));
    this.panel.buildCounts(districts);
  }

  /**
   * The open reports per district; the rows that grew flash. Single deltas carry every report,
   * so the counts are those held; in an emergency most reports come only as the server's counts
   * (batches carry markers for the urgent alone), so those are shown.
   */
  recount(live) {
    const next = new Map();
    this.counts.forEach((n, d) => next.set(d, 0));
    if (this.mode === 'emergency' && this.serverCounts) {
      this.serverCounts.forEach((n, d) => next.set(d, n));
    } else {
      this.reports.forEach(r => next.set(r.district, (next.get(r.district) || 0) + 1));
    }
    const grew = [...next].filter(([d, n]) => live && n > (this.counts.get(d) || 0)).map(([d]) => d);
    this.counts = next;
    this.panel.renderCounts(next, grew);
  }
}
