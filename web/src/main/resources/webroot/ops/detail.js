// One report in full, in a drawer over the side panel (the map stays in view): its text, history,
// photos and, for the roles the server gives it to, the reporter. For the acting roles also the
// workflow: the next statuses, assigning a patroller, a note. Every change is conditional on the
// version shown (If-Match); a 412 is never resent: the newer state is fetched and shown instead.
// A report inside an alerted area (alerts.js) says so, and assigning it asks for a confirmation
// first: the patroller sent would leave the shelter (docs/alerts.md, "Dispatch while an area is
// alerted").

import { OPEN_STATUSES, categoryName, dateTime, districtName, el, label, statusName, time } from './text.js';
import { photoStrip } from './photos.js';
import { errorText, refusal } from './calls.js';
import { countdownElement } from './alerts.js';
import { threatName } from '../lib/threats.js';

// docs/api.md, PATCH: forward along these (steps may be skipped), or out to a final status.
const FORWARD = OPEN_STATUSES;
const OUT = ['resolved', 'closed', 'duplicate'];
// Reopening (resolved or closed → acknowledged) is for these roles only.
const REOPENING_ROLES = ['admin', 'supervisor'];
// Assigning moves these on to `assigned`; later statuses keep theirs (the patroller is under way).
const ASSIGN_MOVES = ['new', 'acknowledged'];
const ACTION_TEXT = {
  acknowledged: ['אישור', 'Acknowledge'], en_route: ['בדרך', 'En route'], on_site: ['במקום', 'On site'],
  resolved: ['טופל', 'Resolved'], closed: ['סגירה', 'Close'], duplicate: ['כפול', 'Duplicate']
};
const REOPEN_TEXT = ['פתיחה מחדש', 'Reopen'];
const CHANNEL_TEXT = {
  'call-taker': 'מוקד', web: 'אתר', app: 'אפליקציה', sms: 'SMS', chat: "צ'אט", open311: 'Open311', patroller: 'סייר'
};

/** The statuses a report may move to next, in the order the buttons show them. */
export function nextStatuses(status, mayReopen) {
  if (FORWARD.includes(status)) return [...FORWARD.slice(FORWARD.indexOf(status) + 1), ...OUT];
  if (status === 'resolved') return mayReopen ? ['closed', 'acknowledged'] : ['closed'];
  if (status === 'closed') return mayReopen ? ['acknowledged'] : [];
  return []; // duplicate is final
}

function button(action, [he, en]) {
  const b = document.createElement('button');
  b.type = 'button';
  b.dataset.action = action;
  b.append(label(he, en));
  return b;
}

export class ReportPanel {
  /**
   * @param api the page's Api
   * @param options {acts: () => bool, caller: () => {subject, roles}, patrollers: Patrollers,
   *                 held: id -> the board's report or undefined, openIncident(id),
   *                 applied(report): a change's answer, for the board, alerts: Alerts}
   */
  constructor(api, options) {
    this.api = api;
    this.options = options;
    this.section = document.createElement('section');
    this.section.id = 'report-detail';
    this.section.hidden = true;
    this.section.setAttribute('aria-label', 'פרטי דיווח · Report');
    document.querySelector('main.layout').append(this.section);
    this.id = null;
    this.report = null;
    this.etag = null;
    this.photos = null;
    this.loads = 0; // the latest load: an older answer arriving late is dropped
    this.busy = false;
    this.acknowledging = new Set(); // report ids whose overdue-row PATCH is in flight
    document.addEventListener('keydown', e => {
      if (e.key === 'Escape' && !this.section.hidden) this.close();
    });
    options.alerts.onChange(() => this.renderAlert());
  }

  // ---- opening and closing -------------------------------------------------------------------

  /** Shows report {@code id}, read afresh from the server; {@code conflict} says it changed under the user. */
  async open(id, { conflict = false, error = null } = {}) {
    if (id !== this.id) this.build(id);
    this.section.hidden = false;
    // Drawn by the load that completes (render): a newer load started meanwhile by the stream
    // supersedes this one, and the conflict must name what is there now.
    if (conflict) this.conflictPending = true;
    await this.load();
    if (error) this.showError(error);
  }

  close() {
    this.section.hidden = true;
    this.section.replaceChildren();
    if (this.photos) this.photos.release();
    this.photos = null;
    this.id = this.report = this.etag = null;
    this.statusButtons = this.picker = this.assignee = this.note = null;
    this.alertWarning = this.alertConfirm = this.pendingAssign = null;
    ['reportId', 'version', 'status', 'busy', 'alerted'].forEach(k => delete this.section.dataset[k]);
  }

  /** The drawer's fixed parts for one report: what is typed in them survives each refresh. */
  build(id) {
    this.close();
    this.busy = false; // a change still in flight for the report before is not this one's
    this.conflictPending = false;
    this.id = id;
    this.section.dataset.reportId = id;
    const s = this.section;
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'close';
    close.dataset.close = '';
    close.setAttribute('aria-label', 'סגירה · Close');
    close.textContent = '×';
    close.addEventListener('click', () => this.close());
    this.title = el('h2', 'title');
    const header = el('header');
    header.append(this.title, close);
    this.conflict = el('p', 'conflict');
    this.conflict.dataset.conflict = '';
    this.conflict.setAttribute('role', 'alert');
    this.error = el('p', 'error');
    this.error.dataset.error = '';
    this.error.setAttribute('role', 'alert');
    this.alertWarning = el('div', 'alert-warning');
    this.alertWarning.dataset.alertWarning = '';
    this.facts = el('dl', 'facts');
    this.description = el('p', 'description');
    this.description.dir = 'auto';
    this.photos = photoStrip(this.api, id);
    this.history = el('ol', 'history');
    s.replaceChildren(header, this.conflict, this.error, this.alertWarning, this.facts, this.description, this.photos);
    if (this.options.acts()) s.append(this.buildActions());
    const historyTitle = el('h3');
    historyTitle.append(label('היסטוריה', 'History (newest first)'));
    s.append(historyTitle, this.history);
    this.conflict.hidden = this.error.hidden = this.alertWarning.hidden = true;
  }

  buildActions() {
    const actions = el('div', 'actions');
    this.statusButtons = el('div', 'status-buttons');
    this.picker = document.createElement('select');
    this.picker.dataset.assign = '';
    this.picker.setAttribute('aria-label', 'סייר · Patroller');
    this.assignee = document.createElement('input');
    this.assignee.type = 'text';
    this.assignee.dir = 'auto';
    this.assignee.dataset.assignee = '';
    this.assignee.placeholder = 'משובץ · Assignee';
    this.picker.addEventListener('change', () => { if (this.picker.value) this.assignee.value = this.picker.value; });
    const assign = button('assign', ['שיבוץ', 'Assign']);
    assign.addEventListener('click', () => this.assign());
    const assignRow = el('div', 'assign');
    assignRow.append(this.picker, this.assignee, assign);
    this.note = document.createElement('textarea');
    this.note.dir = 'auto';
    this.note.rows = 2;
    this.note.dataset.note = '';
    this.note.placeholder = 'הערה · Note';
    const addNote = button('note', ['הוספת הערה', 'Add note']);
    addNote.addEventListener('click', () => { if (this.note.value.trim()) this.change({}); });
    const noteRow = el('div', 'note');
    noteRow.append(this.note, addNote);
    actions.append(this.statusButtons, assignRow, this.buildAlertConfirm(), noteRow);
    return actions;
  }

  /** Asked before assigning into an alerted area: why, then assign anyway or not. */
  buildAlertConfirm() {
    this.alertConfirm = el('div', 'alert-confirm');
    this.alertConfirm.dataset.alertConfirm = '';
    this.alertConfirm.setAttribute('role', 'alert');
    this.alertConfirm.hidden = true;
    this.alertReason = el('p', 'reason');
    this.alertReason.dataset.alertReason = '';
    const anyway = button('assign-during-alert', ['לשבץ בכל זאת', 'Assign anyway']);
    anyway.addEventListener('click', () => {
      const change = this.pendingAssign;
      this.cancelAssign();
      if (change) this.change({ ...change, duringAlert: true });
    });
    const cancel = button('cancel-assign', ['ביטול', 'Cancel']);
    cancel.addEventListener('click', () => this.cancelAssign());
    this.alertConfirm.append(this.alertReason, anyway, cancel);
    return this.alertConfirm;
  }

  // ---- reading -------------------------------------------------------------------------------

  /** The report (with its ETag) and its history, read again and shown. */
  async load() {
    const id = this.id;
    const load = ++this.loads;
    const path = '/api/v1/reports/' + encodeURIComponent(id);
    try {
      const response = await this.api.request('GET', path);
      if (!response.ok) throw new Error(await errorText(response));
      const report = await response.json();
      const history = await this.api.json(path + '/history');
      if (load !== this.loads || id !== this.id) return;
      this.report = report;
      this.etag = response.headers.get('ETag') || '"' + report.version + '"';
      this.entries = history.history || [];
      this.render();
    } catch (e) {
      if (load === this.loads && id === this.id) this.showError(e.message);
    }
  }

  /** The stream's messages: a newer version of the report shown is read again, with its history. */
  handle(m) {
    if (this.section.hidden || !this.id) return;
    if (m.type === 'subscribed' || m.type.startsWith('patroller.')) { this.renderPicker(); return; }
    if (m.type === 'report.removed' && m.id === this.id) { this.showError('הדיווח הוסר · The report was removed'); return; }
    const reports = m.report ? [m.report] : (m.reports || []);
    const newer = reports.find(r => r.id === this.id && this.report && r.version > this.report.version);
    if (newer) this.load();
  }

  // ---- drawing -------------------------------------------------------------------------------

  render() {
    const r = this.report;
    const s = this.section;
    if (this.conflictPending) {
      this.conflictPending = false;
      this.showConflict();
    }
    s.dataset.version = String(r.version);
    s.dataset.status = r.status;
    this.title.replaceChildren(label(categoryName(r.category), r.category));
    const facts = [
      ['עדיפות', 'Priority', String(r.priority)],
      ['סטטוס', 'Status', statusName(r.status)],
      ['מחוז', 'District', districtName(r.district)],
      ['התקבל', 'Received', dateTime(r.receivedAt)],
      ['ערוץ', 'Channel', (CHANNEL_TEXT[r.channel] || r.channel) + ' · ' + r.channel],
      // Not every intake has one (Open311 may send an address); shown when there is.
      ['כתובת', 'Address', r.address || r.place || null],
      ['משובץ', 'Assignee', r.assignee || '—']
    ];
    this.facts.replaceChildren();
    for (const [he, en, value] of facts) {
      if (value !== null) this.fact(he, en, el('span', null, value));
    }
    if (r.reporter) this.fact('מדווח', 'Reporter', this.reporter(r.reporter));
    if (r.incident) this.fact('אירוע', 'Incident', this.incidentLink(r.incident));
    if (r.alert) {
      const threat = threatName(r.alert.threat);
      this.fact('התרעה', 'Alert', el('span', null, `התקבל בזמן התרעה: ${threat.he} · arrived during an alert: ${threat.en}`));
    }
    this.description.textContent = r.description || '';
    this.description.hidden = !r.description;
    this.renderAlert();
    this.renderHistory();
    if (this.statusButtons) {
      this.renderStatusButtons();
      this.renderPicker();
    }
  }

  fact(he, en, value) {
    const dt = document.createElement('dt');
    dt.append(label(he, en));
    const dd = document.createElement('dd');
    dd.append(value);
    this.facts.append(dt, dd);
  }

  reporter({ name, phone }) {
    const span = document.createElement('span');
    span.dataset.reporter = '';
    if (name) span.append(el('bdi', null, name));
    if (phone) {
      const a = document.createElement('a');
      a.href = 'tel:' + phone.replace(/[^\d+]/g, '');
      a.dir = 'ltr';
      a.textContent = phone;
      span.append(name ? ' · ' : '', a);
    }
    return span;
  }

  incidentLink(incident) {
    const a = document.createElement('a');
    a.href = '#';
    a.dataset.incidentId = incident;
    a.dir = 'ltr';
    a.textContent = incident.slice(0, 8);
    a.title = incident;
    a.addEventListener('click', e => { e.preventDefault(); this.options.openIncident(incident); });
    return a;
  }

  /** Newest first: what happened last is what the room asks about. */
  renderHistory() {
    this.history.replaceChildren(...this.entries.slice().reverse().map(h => {
      const item = document.createElement('li');
      item.dataset.version = String(h.version);
      const head = el('div', 'meta');
      head.append(el('bdi', null, h.actor), ' · ' + dateTime(h.at) + ' · v' + h.version);
      item.append(head, el('div', 'what', statusName(h.status) + (h.assignee ? ' · ' + h.assignee : '')));
      if (h.note) item.append(el('div', 'history-note', h.note));
      return item;
    }));
  }

  renderStatusButtons() {
    const caller = this.options.caller();
    const mayReopen = caller.roles.some(role => REOPENING_ROLES.includes(role));
    const reopening = !FORWARD.includes(this.report.status);
    // `assigned` comes with an assignee: the assign control below makes that step.
    const next = nextStatuses(this.report.status, mayReopen).filter(s => s !== 'assigned');
    this.statusButtons.replaceChildren(...next.map(status => {
      const text = status === 'acknowledged' && reopening ? REOPEN_TEXT : ACTION_TEXT[status];
      const b = button(status, text);
      b.addEventListener('click', () => this.change({ status }));
      return b;
    }));
    this.setBusy(this.busy);
  }

  /** The district's patrollers on duty, latest heard first; the silent ones marked. */
  renderPicker() {
    if (!this.picker || !this.report) return;
    const chosen = this.picker.value;
    const district = this.report.district;
    const options = this.options.patrollers.onDuty()
      .filter(p => (p.districts || []).includes(district))
      .map(p => {
        const option = document.createElement('option');
        option.value = p.subject;
        option.dataset.patroller = p.subject;
        option.dataset.stale = String(p.stale);
        option.textContent = p.subject + ' · ' + time(p.at) + (p.stale ? ' · לא נשמע · silent' : '');
        return option;
      });
    const none = document.createElement('option');
    none.value = '';
    none.textContent = options.length ? 'בחרו סייר · Pick a patroller' : 'אין סייר במחוז · No patroller here';
    this.picker.replaceChildren(none, ...options);
    this.picker.value = options.some(o => o.value === chosen) ? chosen : '';
  }

  /** The active alerts whose areas hold the report: a warning, with the time left. */
  renderAlert() {
    if (!this.report || !this.alertWarning) return;
    const over = this.alertOver();
    this.section.dataset.alerted = String(!!over);
    this.alertWarning.hidden = !over;
    if (!over) {
      this.alertWarning.replaceChildren();
      return;
    }
    const { alert, area } = over;
    const threat = threatName(alert.threat);
    this.alertWarning.dataset.alertId = alert.id;
    this.alertWarning.replaceChildren(
      el('div', null, `⚠ באזור התרעה: ${threat.he} — ${area.name_he || area.id}`),
      el('div', 'en', `In an alerted area: ${threat.en} — ${area.name_en || area.id}`),
      countdownElement(alert, 'alert-countdown'));
  }

  /** The active alert whose area holds the report, {alert, area} (the newest), or null. */
  alertOver() {
    const location = this.report && this.report.location;
    return (location && this.options.alerts.covering(location.lat, location.lon)[0]) || null;
  }

  /** Why assigning waits for a confirmation (lines: the server's refusal, or the alert the page knows of). */
  askDuringAlert(change, reasons) {
    this.pendingAssign = change;
    this.alertReason.replaceChildren(...reasons.map(line => el('div', null, line)),
      el('div', null, 'סייר שישובץ ייצא מהמרחב המוגן. לשבץ בכל זאת?'),
      el('div', 'en', 'The patroller would leave the shelter. Assign anyway?'));
    this.alertConfirm.hidden = false;
    this.alertConfirm.scrollIntoView({ block: 'nearest' });
  }

  cancelAssign() {
    this.pendingAssign = null;
    if (this.alertConfirm) this.alertConfirm.hidden = true;
  }

  showConflict() {
    const last = this.entries && this.entries[this.entries.length - 1];
    if (!last) return;
    this.conflict.replaceChildren('שונה בינתיים על ידי ', el('bdi', null, last.actor), ' — כעת ' + statusName(last.status) +
      ' · changed meanwhile by ', el('bdi', null, last.actor), ' — now ' + last.status);
    this.conflict.hidden = false;
  }

  showError(text) {
    this.error.textContent = text;
    this.error.hidden = false;
  }

  /** While a change is in flight nothing else can be sent (buttons drawn meanwhile included). */
  setBusy(busy) {
    this.busy = busy;
    this.section.dataset.busy = String(busy);
    this.section.querySelectorAll('.actions button, .actions select, .actions input, .actions textarea')
      .forEach(c => { c.disabled = busy; });
  }

  // ---- acting --------------------------------------------------------------------------------

  assign() {
    const who = this.assignee.value.trim() || this.picker.value;
    if (!who) return;
    const change = { assignee: who };
    if (ASSIGN_MOVES.includes(this.report.status)) change.status = 'assigned';
    const over = this.alertOver();
    if (!over) {
      this.change(change);
      return;
    }
    const { alert, area } = over;
    const threat = threatName(alert.threat);
    this.askDuringAlert(change, [`הדיווח באזור בהתרעה: ${threat.he} — ${area.name_he || area.id}`,
      `The report lies in an alerted area: ${threat.en} — ${area.name_en || area.id}`]);
  }

  /** One PATCH, conditional on the version shown; the note typed goes with it. */
  async change(change) {
    if (!this.report || this.busy) return;
    const id = this.id;
    const body = { ...change };
    const note = this.note.value.trim();
    if (note) body.note = note;
    this.conflict.hidden = this.error.hidden = true;
    this.setBusy(true);
    try {
      const response = await this.api.request('PATCH', '/api/v1/reports/' + encodeURIComponent(id),
        { body, headers: { 'If-Match': this.etag } });
      if (id !== this.id) return;
      if (response.ok) {
        this.options.applied(await response.json());
        this.note.value = '';
        this.assignee.value = '';
        await this.load();
      } else if (response.status === 412) {
        // Not resent: the user decides again on what is there now.
        this.conflictPending = true;
        await this.load();
      } else {
        const refused = await refusal(response);
        // Dispatch into an alerted area the page did not know of: the server says why; the user decides.
        if (refused.code === 'area_alerted' && change.assignee && !change.duringAlert) {
          this.askDuringAlert(change, [refused.message || refused.text]);
        } else {
          this.showError(refused.text);
        }
      }
    } catch (e) {
      if (id === this.id) this.showError('שגיאה · Error: ' + e.message);
    } finally {
      if (id === this.id) this.setBusy(false);
    }
  }

  /** The overdue row's button: acknowledge at the version the board holds; a 412 opens the newer state. */
  overdueActions(report) {
    if (!this.options.acts()) return [];
    const b = button('acknowledge', ['אישור', 'Acknowledge']);
    // The list is drawn anew with every message: the new row's button stays off while its PATCH is out.
    b.disabled = this.acknowledging.has(report.id);
    b.addEventListener('click', async e => {
      e.stopPropagation(); // the row's own click opens the drawer
      if (this.acknowledging.has(report.id)) return;
      this.acknowledging.add(report.id);
      b.disabled = true;
      const held = this.options.held(report.id) || report;
      try {
        const response = await this.api.request('PATCH', '/api/v1/reports/' + encodeURIComponent(report.id),
          { body: { status: 'acknowledged' }, headers: { 'If-Match': '"' + held.version + '"' } });
        if (response.ok) {
          // The answer takes the row away at once: in an emergency the stream does not carry the
          // new state of a report below the pin priority.
          this.options.applied(await response.json());
        } else if (response.status === 412) {
          this.open(report.id, { conflict: true });
        } else {
          this.open(report.id, { error: await errorText(response) });
        }
      } catch (err) {
        this.open(report.id, { error: 'שגיאה · Error: ' + err.message });
      } finally {
        this.acknowledging.delete(report.id);
        b.disabled = false;
      }
    });
    return [b];
  }
}
