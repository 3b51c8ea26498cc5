// Rocket alerts in the ops room (docs/alerts.md): the Home Front Command's alerted areas over the
// map, pulsing, each labelled with its threat and the countdown to the end of the stay time; the
// active alerts in a strip under the mode banner with their patrollers, who answered "safe" and
// who not yet; the all-clear (supervisors and admins) behind a confirmation. Kept by the live
// `alerts` (on connecting: all of them) and `alert` (one, replaced by id) messages; an alert whose
// status is no longer `active` leaves the screen. The areas' shapes come from
// GET /api/v1/alert-areas, read again when the server announces another version.

import { el, label, time } from './text.js';
import { call } from './calls.js';
import { dialogButton, showDialogError } from './dialogs.js';
import { countdown, secondsLeft, threatName } from '../lib/threats.js';
import { containsPoint, labelPoint } from '../lib/geo.js';
import { noteAlert } from '../lib/sla.js';

// The roles the server lets give the all-clear from this page (docs/alerts.md, …/clear).
const CLEAR_ROLES = ['admin', 'supervisor'];
const TICK_MS = 1000;
// Several alerts over one area: their labels are stacked this far apart (root sizes).
const LABEL_STACK_REM = 3.2;
const AREA_STYLE = { color: '#ff2d2d', weight: 3, fillColor: '#ff2d2d', fillOpacity: 0.25, className: 'alert-area' };
const $ = id => document.getElementById(id);

export class Alerts {
  /**
   * @param map the page's OpsMap
   * @param options {api, roles: [..], patrollers: Patrollers (to show a patroller on the map)}
   */
  constructor(map, { api, roles, patrollers }) {
    this.map = map;
    this.api = api;
    this.patrollers = patrollers;
    this.mayClear = roles.some(r => CLEAR_ROLES.includes(r));
    this.areas = new Map();  // area id -> GeoJSON feature
    this.version = null;     // of the areas file shown, and of the layer its districts are of
    this.layerVersion = null;
    this.active = new Map(); // alert id -> alert
    this.left = new Set();   // ids that left (cleared, ended): a late `alert` never brings one back
    this.drawn = new Map();  // alert id -> {key, layer}: redrawn only when its areas change
    this.listeners = [];
    this.scheduled = false;
    this.list = $('alert-list');
    this.dialog = buildClearDialog(() => this.confirmClear());
    document.body.append(this.dialog);
    document.body.dataset.activeAlerts = '0';
    // A press, not a click: the list is drawn anew as answers arrive (as in panel.js).
    this.list.addEventListener('mousedown', e => this.pressed(e));
    setInterval(() => this.tick(), TICK_MS);
  }

  /** Calls {@code listener()} after every change of the active alerts or their areas. */
  onChange(listener) {
    this.listeners.push(listener);
  }

  /** The alert areas' shapes; again when the server announces another file or layer. */
  async loadAreas() {
    const response = await fetch('/api/v1/alert-areas', { cache: 'no-cache' });
    if (!response.ok) throw new Error('/api/v1/alert-areas: HTTP ' + response.status);
    const areas = await response.json();
    this.version = areas.version || null;
    this.layerVersion = areas.layerVersion || null;
    this.areas = new Map(areas.features.map(f => [f.properties.id, f]));
    this.map.map.getContainer().dataset.alertAreasVersion = this.version || '';
    this.drawn.forEach(d => d.layer.remove());
    this.drawn.clear();
    this.schedule();
  }

  /** The stream's messages about alerts and their areas; ignores the rest. */
  handle(m) {
    switch (m.type) {
      case 'alerts':
        // On connecting: the whole list, which replaces whatever the page held.
        this.active.clear();
        (m.alerts || []).forEach(noteAlert);
        (m.alerts || []).forEach(a => this.put(a, true));
        this.schedule();
        break;
      case 'alert':
        noteAlert(m.alert);
        this.put(m.alert, false);
        this.schedule();
        break;
      case 'alert-areas':
        // Another file, or another district layer (each area lists the districts it overlaps).
        if (m.version !== this.version || m.layerVersion !== this.layerVersion) this.reload();
        break;
    }
  }

  reload() {
    this.loadAreas().catch(e => console.warn('alert areas:', e.message));
  }

  put(alert, listed) {
    if (!alert || !alert.id) return;
    if (alert.status !== 'active') {
      this.active.delete(alert.id);
      this.left.add(alert.id);
    } else if (listed || !this.left.has(alert.id)) {
      this.active.set(alert.id, alert);
    }
  }

  /** The active alerts whose areas hold (lat, lon): [{alert, area}], newest first. */
  covering(lat, lon) {
    const found = [];
    for (const alert of this.sorted()) {
      for (const area of alert.areas || []) {
        if (containsPoint(this.areas.get(area.id), lat, lon)) found.push({ alert, area });
      }
    }
    return found;
  }

  /** Newest first, as the server lists them. */
  sorted() {
    return [...this.active.values()].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt));
  }

  // ---- drawing -------------------------------------------------------------------------------

  /** At most once a frame, however many answers arrive in it. */
  schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      this.render();
    });
  }

  render() {
    const alerts = this.sorted();
    document.body.dataset.activeAlerts = String(alerts.length);
    this.drawAreas(alerts);
    this.renderList(alerts);
    this.tick();
    this.listeners.forEach(listener => listener());
  }

  /** Each alert's areas in the map's alert panes; an alert whose areas are unchanged is left as drawn. */
  drawAreas(alerts) {
    const live = new Set(alerts.map(a => a.id));
    for (const [id, drawn] of this.drawn) {
      if (!live.has(id)) { drawn.layer.remove(); this.drawn.delete(id); }
    }
    // Labels of several alerts over one area are stacked, not piled.
    const perArea = new Map();
    let missing = false;
    for (const alert of alerts) {
      const key = (alert.areas || []).map(a => a.id).join(' ');
      const drawn = this.drawn.get(alert.id);
      const stack = (alert.areas || []).map(a => {
        const n = perArea.get(a.id) || 0;
        perArea.set(a.id, n + 1);
        return n;
      }).join(' ');
      if (drawn && drawn.key === key && drawn.stack === stack) continue;
      if (drawn) drawn.layer.remove();
      const layer = L.layerGroup().addTo(this.map.map);
      const levels = stack.split(' ').map(Number);
      (alert.areas || []).forEach((area, i) => {
        const feature = this.areas.get(area.id);
        if (!feature) { missing = true; return; }
        this.drawArea(layer, alert, area, feature, levels[i] || 0);
      });
      this.drawn.set(alert.id, { key, stack, layer });
    }
    // An area the page has no shape for: the server has a newer file than the one read.
    if (missing && !this.reloading) {
      this.reloading = true;
      this.loadAreas().catch(e => console.warn('alert areas:', e.message)).finally(() => { this.reloading = false; });
    }
  }

  drawArea(layer, alert, area, feature, level) {
    const shape = L.geoJSON(feature, { pane: 'alertAreas', interactive: false, style: () => AREA_STYLE });
    layer.addLayer(shape);
    shape.eachLayer(polygon => {
      const element = polygon.getElement();
      if (element) Object.assign(element.dataset, { alertId: alert.id, alertArea: area.id, threat: alert.threat });
    });
    const at = labelPoint(feature);
    if (!at) return;
    const rootPx = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    layer.addLayer(L.tooltip({
      permanent: true, direction: 'center', className: 'alert-label', interactive: false, pane: 'alertLabels',
      offset: [0, level * LABEL_STACK_REM * rootPx]
    }).setLatLng(at).setContent(areaLabel(alert, area)));
  }

  renderList(alerts) {
    $('alert-banner').hidden = alerts.length === 0;
    $('alert-count').textContent = String(alerts.length);
    this.list.replaceChildren(...alerts.map(alert => this.row(alert)));
  }

  row(alert) {
    const item = document.createElement('li');
    item.dataset.alertId = alert.id;
    item.dataset.threat = alert.threat;
    const threat = threatName(alert.threat);
    const head = el('div', 'alert-head');
    const what = label(threat.he, threat.en);
    what.className = 'alert-threat';
    const until = el('span', 'alert-until', `מ־${time(alert.startedAt)} עד ${time(alert.endsAt)} · until ${time(alert.endsAt)}`);
    head.append(what, countdownElement(alert, 'alert-countdown'), until);
    const areas = el('div', 'alert-areas');
    (alert.areas || []).forEach((area, i) => {
      const name = el('bdi', null, area.name_he || area.id);
      name.dataset.alertArea = area.id;
      areas.append(...(i ? [' · '] : []), name);
    });
    item.append(head, areas, this.patrollerList(alert));
    if (this.mayClear) {
      const clear = el('button', 'alert-clear', 'הכל ברור · All clear');
      clear.type = 'button';
      clear.dataset.alertClear = alert.id;
      item.append(clear);
    }
    return item;
  }

  /** Who has not answered first: they are the ones the room must reach. */
  patrollerList(alert) {
    const patrollers = (alert.patrollers || []).slice()
      .sort((a, b) => (a.safeAt ? 1 : 0) - (b.safeAt ? 1 : 0) || String(a.id).localeCompare(String(b.id)));
    const safe = patrollers.filter(p => p.safeAt).length;
    const box = el('div', 'alert-patrollers');
    const summary = el('div', 'alert-safe-count', patrollers.length
      ? `סיירים שדיווחו ״בטוח״: ${safe} מתוך ${patrollers.length} · safe ${safe} of ${patrollers.length}`
      : 'אין סיירים במשמרת באזורים · no patroller on duty in these areas');
    summary.dataset.safeCount = String(safe);
    summary.dataset.patrollerCount = String(patrollers.length);
    const list = el('ul');
    list.append(...patrollers.map(p => {
      const row = document.createElement('li');
      row.dataset.alertPatroller = p.id;
      row.dataset.safe = String(!!p.safeAt);
      const who = el('bdi', null, p.id);
      row.append(p.safeAt ? '✓ ' : '○ ', who, ' ',
        el('span', 'answer', p.safeAt ? `בטוח ${time(p.safeAt)} · safe` : 'טרם ענה · not answered'));
      return row;
    }));
    box.append(summary, list);
    return box;
  }

  /** Every countdown on the page, from its own end time. */
  tick() {
    const now = Date.now();
    document.querySelectorAll('[data-alert-countdown]').forEach(element => showLeft(element, now));
  }

  // ---- acting --------------------------------------------------------------------------------

  pressed(e) {
    if (e.button !== 0) return;
    const clear = e.target.closest('button[data-alert-clear]');
    if (clear) { this.askClear(clear.dataset.alertClear); return; }
    const patroller = e.target.closest('[data-alert-patroller]');
    const on = patroller && this.patrollers.onDuty().find(p => p.subject === patroller.dataset.alertPatroller);
    if (on) { this.map.panTo(on.lat, on.lon); return; }
    const row = e.target.closest('li[data-alert-id]');
    if (row) this.show(row.dataset.alertId);
  }

  /** Fits the map to the alert's areas. */
  show(id) {
    const drawn = this.drawn.get(id);
    const shapes = drawn && drawn.layer.getLayers().filter(l => l.getBounds);
    if (!shapes || !shapes.length) return;
    const bounds = shapes.reduce((b, l) => b.extend(l.getBounds()), L.latLngBounds([]));
    this.map.map.fitBounds(bounds, { padding: [20, 20] });
  }

  /** The all-clear tells every patroller in these areas they may leave the shelter: asked first. */
  askClear(id) {
    const alert = this.active.get(id);
    if (!alert) return;
    const d = this.dialog;
    const threat = threatName(alert.threat);
    d.dataset.alertId = id;
    const areas = (alert.areas || []).map(a => a.name_he || a.id).join(', ');
    const areasEn = (alert.areas || []).map(a => a.name_en || a.id).join(', ');
    d.querySelector('[data-effect]').replaceChildren(
      el('p', null, `״הכל ברור״ ל${threat.he} ב: ${areas}. הסיירים באזורים יקבלו הודעה שמותר לצאת מהמרחב המוגן, והתרעה תוסר מכל המסכים.`),
      el('p', 'en', `All clear for ${threat.en} in ${areasEn}: patrollers in these areas are told they may leave the shelter, and the alert leaves every screen.`));
    showDialogError(d, null);
    d.showModal();
  }

  async confirmClear() {
    const d = this.dialog;
    const id = d.dataset.alertId;
    const button = d.querySelector('[data-confirm]');
    button.disabled = true;
    const result = await call(this.api, 'POST', '/api/v1/alerts/' + encodeURIComponent(id) + '/clear', {});
    button.disabled = false;
    if (!result.ok) {
      showDialogError(d, result.text);
      return;
    }
    d.close();
    // The answer is the cleared alert; the live message that follows says the same.
    this.put(result.data, false);
    this.schedule();
  }
}

/** An area's label on the map: threat, area name and countdown. */
function areaLabel(alert, area) {
  const threat = threatName(alert.threat);
  const box = document.createElement('div');
  box.dataset.alertId = alert.id;
  box.dataset.alertArea = area.id;
  const what = label(threat.he, threat.en);
  what.className = 'alert-threat';
  const name = el('bdi', 'alert-area-name', area.name_he || area.id);
  box.append(what, name, countdownElement(alert, 'alert-countdown'));
  return box;
}

/** A countdown to the alert's end; every one on the page is kept current by Alerts. */
export function countdownElement(alert, className) {
  const span = document.createElement('span');
  span.className = className;
  span.dir = 'ltr'; // 09:41 reads left to right in the right-to-left page
  span.dataset.endsAt = alert.endsAt;
  showLeft(span, Date.now());
  return span;
}

/** The seconds left as the hook's value, mm:ss as the text. */
function showLeft(element, now) {
  element.dataset.alertCountdown = String(secondsLeft(element.dataset.endsAt, now));
  element.textContent = countdown(element.dataset.endsAt, now);
}

function buildClearDialog(confirm) {
  const d = document.createElement('dialog');
  d.id = 'alert-clear-dialog';
  d.className = 'alert-clear-dialog';
  const title = el('h2', null, 'הכל ברור · All clear');
  const effect = el('div', 'effect');
  effect.dataset.effect = '';
  const error = el('p', 'error');
  error.dataset.error = '';
  error.hidden = true;
  d.append(title, effect,
    dialogButton('אישור · Confirm', 'confirm', confirm),
    dialogButton('ביטול · Cancel', 'cancel', () => d.close()),
    error);
  return d;
}
