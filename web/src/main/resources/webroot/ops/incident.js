// An incident's drawer over the side panel: what it is, its reports, and for the acting roles
// merging it into another incident of its category or splitting reports off it, each one call
// with an undo for a few seconds (undo.js). The server checks every move (category, membership,
// a report moved meanwhile); the drawer shows what it answered.

import { OPEN_STATUSES, categoryName, dateTime, districtName, el, priorityColor, statusName, time } from './text.js';
import { call } from './calls.js';
import { offerUndo } from './undo.js';

const OPEN = new Set(OPEN_STATUSES);
// Close enough to read the incident's streets.
const INCIDENT_ZOOM = 16;
// The nearest open incidents offered to merge into.
const MERGE_CANDIDATES_MAX = 10;
// Live report changes come in bursts (a merge moves many): read the incident again once.
const RELOAD_DELAY_MS = 400;
const EARTH_RADIUS_M = 6371000;

export class IncidentPanel {
  /** {api, board, map (OpsMap), acts: () => boolean, openReport(id)} */
  constructor({ api, board, map, acts, openReport }) {
    this.api = api;
    this.openReport = openReport;
    this.board = board;
    this.map = map;
    this.acts = acts;
    this.id = null;
    this.members = new Set(); // ids of the reports shown
    this.mergeChoice = null;  // the incident chosen to merge into, kept across a reload
    this.reloadTimer = null;
    this.section = buildSection(() => this.close());
    document.querySelector('main.layout').append(this.section);
    board.listeners.push(report => {
      if (this.id && (report.incident === this.id || this.members.has(report.id))) this.reloadSoon();
    });
  }

  open(id) {
    if (id !== this.id) this.mergeChoice = null;
    this.id = id;
    this.section.dataset.incidentId = id;
    this.section.hidden = false;
    const incident = this.board.incidents.get(id);
    if (incident) this.map.map.setView([incident.centroid.lat, incident.centroid.lon],
      Math.max(this.map.map.getZoom(), INCIDENT_ZOOM));
    this.showError(null);
    return this.load();
  }

  close() {
    clearTimeout(this.reloadTimer);
    this.id = null;
    this.section.hidden = true;
    delete this.section.dataset.incidentId;
  }

  /** The stream's word on the incident shown (a recount, a close, a batch): read it again. */
  handle(m) {
    if (!this.id) return;
    const named = (m.type === 'incident.updated' || m.type === 'incident.closed') && m.incident.id === this.id;
    const inBatch = m.type === 'batch'
      && ((m.incidents || []).some(i => i.id === this.id) || (m.incidentsClosed || []).includes(this.id));
    if (named || inBatch) this.reloadSoon();
  }

  reloadSoon() {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => this.load(), RELOAD_DELAY_MS);
  }

  async load() {
    const id = this.id;
    const result = await call(this.api, 'GET', '/api/v1/incidents/' + encodeURIComponent(id));
    if (id !== this.id) return; // another incident was opened meanwhile
    if (!result.ok) {
      this.showError(result.text);
      return;
    }
    const incident = result.data.incident;
    const reports = result.data.reports.filter(r => r.incident === id);
    this.render(incident, reports);
  }

  render(incident, reports) {
    const body = this.section.querySelector('.detail-body');
    // Keep what the person had checked across a reload.
    const checked = new Set([...this.section.querySelectorAll('[data-report-id] input:checked')]
      .map(box => box.closest('[data-report-id]').dataset.reportId));
    this.members = new Set(reports.map(r => r.id));
    this.section.dataset.open = String(!!incident);
    if (!incident) {
      body.replaceChildren(el('p', 'muted', 'האירוע אינו פתוח עוד · This incident is no longer open'));
      this.section.querySelector('h2').textContent = '';
      return;
    }
    this.section.dataset.category = incident.category;
    this.section.querySelector('h2').replaceChildren(
      el('span', null, categoryName(incident.category)), ' ', el('span', 'en', incident.category));
    this.section.style.borderInlineStartColor = priorityColor(incident.priority);
    const acts = this.acts();
    const list = el('ol', 'incident-reports');
    // Only open reports can be split off; "not all" counts those.
    const open = reports.filter(r => OPEN.has(r.status)).length;
    list.replaceChildren(...reports.map(r =>
      reportRow(r, acts && OPEN.has(r.status), checked.has(r.id), id => this.openReport(id))));
    const parts = [facts(incident), el('h3', null, `דיווחים · Reports (${reports.length})`), list];
    if (acts) parts.push(this.splitControl(list, open), this.mergeControl(incident));
    body.replaceChildren(...parts);
  }

  // ---- split -------------------------------------------------------------------------------

  splitControl(list, total) {
    const button = el('button', 'detail-action', 'פיצול · Split off');
    button.type = 'button';
    button.dataset.action = 'split';
    const hint = el('span', 'muted', 'סמנו חלק מהדיווחים · Check some, not all, of the reports');
    const update = () => {
      const n = list.querySelectorAll('input:checked').length;
      button.disabled = n === 0 || n === total;
    };
    list.addEventListener('change', update);
    update();
    button.addEventListener('click', () => this.split(
      [...list.querySelectorAll('input:checked')].map(box => box.closest('[data-report-id]').dataset.reportId)));
    const control = el('div', 'detail-control');
    control.append(button, hint);
    return control;
  }

  async split(ids) {
    const from = this.id;
    const result = await this.change('/api/v1/incidents/' + encodeURIComponent(from) + '/split', { reports: ids });
    if (!result) return;
    const created = result.incident;
    this.load();
    offerUndo(`פוצלו ${ids.length} דיווחים לאירוע חדש · ${ids.length} report(s) split off into a new incident`,
      async () => {
        // Undoing a split: the new incident merges back into the one it came from.
        const undone = await call(this.api, 'POST', '/api/v1/incidents/' + encodeURIComponent(created) + '/merge',
          { into: from });
        if (undone.ok && this.id === from) this.load();
        return explain(undone);
      });
  }

  // ---- merge -------------------------------------------------------------------------------

  /** The other open incidents, nearest first; another category's shown but disabled, with why. */
  mergeControl(incident) {
    const candidates = [...this.board.incidents.values()]
      .filter(i => i.id !== incident.id)
      .map(i => ({ incident: i, metres: distance(incident.centroid, i.centroid) }))
      .sort((a, b) => a.metres - b.metres)
      .slice(0, MERGE_CANDIDATES_MAX);
    const control = el('div', 'detail-control merge');
    control.append(el('h3', null, 'מיזוג לאירוע אחר · Merge into another incident'));
    if (candidates.length === 0) {
      control.append(el('p', 'muted', 'אין אירועים פתוחים אחרים · No other open incident'));
      return control;
    }
    const button = el('button', 'detail-action', 'מיזוג לאירוע שנבחר · Merge into the chosen incident');
    button.type = 'button';
    button.dataset.action = 'merge';
    button.disabled = true;
    const list = el('ul', 'merge-candidates');
    list.replaceChildren(...candidates.map(({ incident: other, metres }) => {
      const item = document.createElement('li');
      const choice = document.createElement('input');
      choice.type = 'radio';
      choice.name = 'merge-into';
      choice.dataset.mergeInto = other.id;
      const row = document.createElement('label');
      row.append(choice, el('span', null, `${other.count} · ${categoryName(other.category)} · ` +
        other.districts.map(districtName).join(', ') + ` · ${Math.round(metres)} מ׳ · m`));
      if (other.category !== incident.category) {
        choice.disabled = true;
        item.dataset.disabled = 'true';
        row.append(el('span', 'why', `קטגוריה אחרת · different category: ${categoryName(other.category)} (${other.category})`));
      } else if (other.id === this.mergeChoice) {
        choice.checked = true;
        button.disabled = false;
      }
      choice.addEventListener('change', () => {
        this.mergeChoice = other.id;
        button.disabled = false;
      });
      item.append(row);
      return item;
    }));
    button.addEventListener('click', () => {
      const chosen = list.querySelector('input:checked');
      if (chosen) this.merge(chosen.dataset.mergeInto);
    });
    control.append(list, button);
    return control;
  }

  async merge(into) {
    const from = this.id;
    const result = await this.change('/api/v1/incidents/' + encodeURIComponent(from) + '/merge', { into });
    if (!result) return;
    const moved = result.reports || [];
    this.open(into);
    offerUndo(`${moved.length} דיווחים אוחדו לאירוע שנבחר · ${moved.length} report(s) merged into the chosen incident`,
      async () => {
        // Undoing a merge: the moved reports split off the target again, as a new incident.
        const undone = await call(this.api, 'POST', '/api/v1/incidents/' + encodeURIComponent(into) + '/split',
          { reports: moved });
        if (undone.ok && this.id === into) this.open(undone.data.incident);
        return explain(undone);
      });
  }

  // ---- both --------------------------------------------------------------------------------

  /** A merge or split: its answer, or null with the server's refusal shown in the drawer. */
  async change(path, body) {
    this.section.querySelectorAll('[data-action]').forEach(b => { b.disabled = true; });
    const result = await call(this.api, 'POST', path, body);
    if (!result.ok) {
      this.showError(result.text);
      this.load();
      return null;
    }
    this.showError(null);
    return result.data;
  }

  showError(text) {
    const error = this.section.querySelector('[data-error]');
    error.hidden = !text;
    error.textContent = text || '';
  }
}

/** An undo's outcome in words; a closed or vanished incident is the likely cause of a refusal. */
function explain(result) {
  if (result.ok || result.code !== 'unknown_incident') return result;
  return { ...result, text: 'האירוע המקורי נסגר בינתיים · the original incident closed meanwhile (' + result.text + ')' };
}

function buildSection(onClose) {
  const section = document.createElement('section');
  section.id = 'incident-detail';
  section.className = 'detail-drawer';
  section.hidden = true;
  section.setAttribute('aria-label', 'אירוע · Incident');
  const close = el('button', 'detail-close', '✕');
  close.type = 'button';
  close.dataset.close = '';
  close.setAttribute('aria-label', 'סגירה · Close');
  close.addEventListener('click', onClose);
  const head = el('header', 'detail-head');
  head.append(el('h2'), close);
  const error = el('p', 'error');
  error.dataset.error = '';
  error.hidden = true;
  section.append(head, error, el('div', 'detail-body'));
  return section;
}

function facts(incident) {
  const list = el('dl', 'detail-facts');
  const add = (name, value) => list.append(el('dt', null, name), el('dd', null, value));
  add('עדיפות · Priority', String(incident.priority));
  add('דיווחים פתוחים · Open reports', String(incident.count));
  add('מחוזות · Districts', incident.districts.map(districtName).join(', '));
  add('ראשון · First', dateTime(incident.firstAt));
  add('אחרון · Last', dateTime(incident.lastAt));
  return list;
}

/**
 * A report of the incident, with a button opening it in the report drawer; with a checkbox (to
 * split it off) for the acting roles.
 */
function reportRow(report, acts, checked, openReport) {
  const item = document.createElement('li');
  item.dataset.reportId = report.id;
  item.dataset.priority = String(report.priority);
  const text = el('span', 'what', report.description || categoryName(report.category));
  const meta = el('span', 'meta', districtName(report.district) + ' · ' + time(report.receivedAt) + ' · ' +
    statusName(report.status) + ' · עדיפות ' + report.priority);
  const row = document.createElement('label');
  if (acts) {
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = checked;
    row.append(box);
  }
  row.append(text, meta);
  const open = el('button', 'open', 'פתיחה · Open');
  open.type = 'button';
  open.dataset.openReport = report.id;
  open.addEventListener('click', () => openReport(report.id));
  item.append(row, open);
  return item;
}

/** Metres between two {lat, lon}, on a sphere: enough to order nearby incidents. */
function distance(a, b) {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(h));
}
