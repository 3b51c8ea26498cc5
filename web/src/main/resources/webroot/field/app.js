// The patroller's field app (docs/field-app.md): sign-in from a device link, the queue of the
// patroller's districts, the map, one report and its next steps, reports from the field with
// photos, an outbox that survives a dead network and a reload, and the position shared while on
// duty, and the shelter screen in a rocket alert. Plain ES modules, no build step; resident text is only ever inserted as text.

import { Api, Unauthorized, claims, TokenStore } from '../lib/api.js';
import { t, applyLang, setLang, lang, setTimeZone, setCategories, categoryName, statusName, duration, distance } from './i18n.js';
import { ordered } from './queue.js';
import { Outbox } from './outbox.js';
import { sender } from './send.js';
import { LiveQueue } from './live.js';
import { FieldMap, priorityColor } from './map.js';
import { ReportSheet } from './report.js';
import { NewReportForm } from './compose.js';
import { Duty } from './duty.js';
import { Shelter } from './shelter.js';

const $ = id => document.getElementById(id);
const tokens = new TokenStore('hamal.field.token');
// A finger on the list holds its order this long; changes wait behind a "show" button meanwhile.
const HOLD_MS = 4000;
const CLOCK_MS = 30000;

const app = {
  config: {},
  items: [],            // the outbox
  here: null,           // {lon, lat, accuracyM} when the tablet shares its position
  holdUntil: 0,
  renderWaiting: false,
  mode: 'routine'
};

// ---- sign-in ------------------------------------------------------------------------------

function showSignin(reason) {
  app.live?.close();
  document.body.dataset.screen = 'signin';
  $('app').hidden = true;
  $('signin').hidden = false;
  $('signin-reason').textContent = reason || '';
  $('signin-reason').hidden = !reason;
  $('signin-title').textContent = reason ? t('signInAgain') : t('signInTitle');
}

$('signin-form').addEventListener('submit', e => {
  e.preventDefault();
  const token = $('signin-token').value.trim();
  if (token) {
    tokens.keep(token);
    location.reload();
  }
});

/** Whether the token still holds: false (and the sign-in screen) when the server refuses it. */
async function authorized() {
  try {
    await app.api.request('GET', '/api/v1/reports?limit=1');
    return true;
  } catch (e) {
    if (e instanceof Unauthorized) {
      showSignin(t('revoked'));
      return false;
    }
    return true; // no network: the token may well be good
  }
}

// ---- panes ----------------------------------------------------------------------------------

const SHEETS = ['report', 'new', 'outbox'];

function show(pane) {
  if (pane === 'queue' || pane === 'map') {
    $('app').querySelector('.panes').dataset.tab = pane;
    for (const b of document.querySelectorAll('[data-tab]')) {
      if (b.tagName !== 'BUTTON') continue;
      if (b.dataset.tab === pane) b.setAttribute('aria-current', 'page');
      else b.removeAttribute('aria-current');
    }
    if (pane === 'map') requestAnimationFrame(() => app.map.resized());
    if (document.body.dataset.picking !== 'true') SHEETS.forEach(s => { if (!$(s).hidden) hide(s); });
    return;
  }
  SHEETS.forEach(s => { if (s !== pane && !$(s).hidden) hide(s); });
  $(pane).hidden = false;
}

function hide(pane) {
  $(pane).hidden = true;
  if (pane === 'report') app.sheet.close();
}

function toast(text) {
  const el = $('toast');
  el.textContent = text;
  el.hidden = false;
  clearTimeout(app.toastTimer);
  app.toastTimer = setTimeout(() => { el.hidden = true; }, 3000);
}

// ---- the queue --------------------------------------------------------------------------------

/**
 * Redraws the queue. While a finger is on it, rows change in place but none moves, comes or
 * goes: such changes wait behind a "show" button until the list is let go.
 */
function renderQueue(force) {
  const rows = ordered([...app.live.reports.values()], { sla: app.config.sla, mode: app.mode, here: app.here });
  const shown = [...$('queue').children].map(li => li.dataset.reportId);
  const ids = rows.map(r => r.report.id);
  const moves = ids.length !== shown.length || ids.some((id, i) => id !== shown[i]);
  if (moves && !force && Date.now() < app.holdUntil) {
    const waiting = ids.filter(id => !shown.includes(id)).length + shown.filter(id => !ids.includes(id)).length;
    $('new-items').textContent = t('newItems', { n: Math.max(1, waiting) });
    $('new-items').hidden = false;
    app.renderWaiting = true;
    return;
  }
  app.renderWaiting = false;
  $('new-items').hidden = true;
  const pendingIds = new Set(app.items.filter(i => i.state === 'waiting').map(i => i.reportId));
  $('queue').replaceChildren(...rows.map(row => queueRow(row, pendingIds.has(row.report.id))));
  $('queue-empty').hidden = rows.length > 0;
  app.map.showQueue(rows.map(r => r.report));
}

/** A span of text (never markup) with its class. */
function span(className, text) {
  const el = document.createElement('span');
  if (className) el.className = className;
  el.textContent = text;
  return el;
}

function queueRow({ report, over, meters }, pending) {
  const li = document.createElement('li');
  li.dataset.reportId = report.id;
  li.dataset.priority = report.priority;
  li.dataset.status = report.status;
  li.dataset.overdue = String(over !== null && over > 0);
  li.style.setProperty('--p', priorityColor(report.priority));
  const text = span('text', report.description || '');
  text.dir = 'auto';
  const meta = span('meta', '');
  meta.append(span('', t('ago', { d: duration((Date.now() - new Date(report.receivedAt)) / 60000) })));
  if (over !== null) {
    meta.append(over > 0 ? span('late', t('overdue', { d: duration(over) })) : span('', t('left', { d: duration(-over) })));
  }
  if (meters !== null) meta.append(span('', t('away', { d: distance(meters) })));
  if (pending) meta.append(span('pending-mark', t('queued')));
  li.append(span('priority', report.priority), span('cat', categoryName(report.category)),
    span('status-chip', statusName(report.status)), text, meta);
  li.addEventListener('click', () => app.sheet.open(report.id));
  return li;
}

function holdTheList() {
  app.holdUntil = Date.now() + HOLD_MS;
  clearTimeout(app.holdTimer);
  app.holdTimer = setTimeout(() => { if (app.renderWaiting) renderQueue(true); }, HOLD_MS + 50);
}

/** A life-safety report just arrived: a sound and a vibration, where the tablet allows them. */
function alarm() {
  navigator.vibrate?.([300, 150, 300]);
  try {
    const audio = app.audio || (app.audio = new AudioContext());
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = 880;
    gain.gain.setValueAtTime(0.3, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.01, audio.currentTime + 0.8);
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.8);
  } catch (e) {
    // no sound before the first touch (the browser's rule); the vibration and the list remain
  }
}

// ---- the outbox -------------------------------------------------------------------------------

function outboxChanged(items) {
  app.items = items;
  const waiting = items.filter(i => i.state === 'waiting').length;
  const failed = items.filter(i => i.state === 'failed').length;
  const badge = $('outbox-badge');
  badge.dataset.outboxCount = waiting;
  badge.dataset.outboxFailed = failed;
  badge.hidden = !waiting && !failed;
  badge.textContent = [waiting ? t('waiting', { n: waiting }) : '', failed ? t('failed', { n: failed }) : '']
    .filter(Boolean).join(' · ');
  $('outbox-items').replaceChildren(...items.map(item => {
    const li = document.createElement('li');
    li.dataset.state = item.state;
    li.dataset.kind = item.kind;
    const what = item.kind === 'status' ? statusName(item.status)
      : item.kind === 'report' ? `${t('newReport')}: ${categoryName(item.report.category)}`
        : item.kind === 'safe' ? t('iAmSafe') : t('photos');
    li.textContent = `${what} — ${item.state === 'waiting' ? t('queued') : item.reason}`;
    return li;
  }));
  if (app.live) renderQueue(false);
  if (app.sheet?.id) app.sheet.render();
}

// ---- start --------------------------------------------------------------------------------

async function start() {
  applyLang();
  app.config = await fetch('/config.json').then(r => r.json()).catch(() => ({}));
  setTimeZone(app.config.timeZone);
  setCategories(app.config.categories);
  const token = tokens.take();
  const claim = token && claims(token);
  if (!claim) return showSignin('');
  if (claim.exp && claim.exp * 1000 <= Date.now()) return showSignin(t('expired'));
  app.api = new Api(token);
  app.subject = claim.sub;
  app.districts = claim.districts || [];
  if (!(await authorized())) return;
  if (claim.exp) {
    // A stream lives no longer than its token (the server closes it); the screen says why.
    setTimeout(() => showSignin(t('expired')), Math.min(claim.exp * 1000 - Date.now(), 2 ** 31 - 1));
  }

  document.body.dataset.screen = 'app';
  $('signin').hidden = true;
  $('app').hidden = false;
  $('who').textContent = app.subject;
  app.map = new FieldMap($('map'), app.config, id => app.sheet.open(id), at => app.form.setLocation(at));
  const districts = await fetch('/api/v1/districts').then(r => r.json()).catch(() => null);
  if (districts) app.map.drawDistricts(districts, app.districts);

  const context = {
    api: app.api, subject: app.subject, config: app.config, map: app.map, show, hide, toast,
    reports: () => app.live.reports,
    pending: id => app.items.filter(i => i.reportId === id && i.kind === 'status'),
    here: () => app.here
  };
  const send = sender(app.api, app.subject, report => { if (report) app.live.upsert(report); });
  app.outbox = new Outbox(async item => {
    const outcome = await send(item);
    if (outcome === 'signin') showSignin(t('revoked'));
    return outcome;
  }, outboxChanged);
  context.outbox = app.outbox;
  app.sheet = new ReportSheet(context);
  app.form = new NewReportForm(context);
  app.duty = new Duty(app.api, $('duty'));
  // The queue stays in view behind the shelter screen, greyed, but takes no touch.
  app.shelter = new Shelter({
    subject: app.subject, districts: app.districts, outbox: app.outbox, sheltering: on => { $('app').inert = on; }
  });
  app.shelter.render();
  app.shelter.loadAreas();

  app.live = new LiveQueue(token, app.subject, {
    changed: (kind, report, fresh) => {
      if (fresh && report.priority >= (app.config.lifeSafetyPriority || 5)) alarm();
      renderQueue(false);
      if (app.sheet.id === report.id) {
        app.sheet.render();
        if (kind === 'updated') app.sheet.loadDetails(report.id); // its history has a new step
      }
    },
    status: state => {
      $('status').dataset.state = state;
      $('status-text').textContent = t(state);
      if (state === 'live') app.outbox.flush();
    },
    mode: m => { app.mode = m.mode; renderQueue(false); },
    alerting: m => app.shelter.message(m),
    // 4001: the token expired, or was revoked (the reason says which).
    refused: reason => showSignin(/revoked/.test(reason || '') ? t('revoked') : t('expired')),
    authorized
  });
  app.mode = app.live.mode || 'routine';
  renderQueue(true);
  await app.outbox.notify();
  app.outbox.flush();
  app.live.connect();
  watchPosition();
  setInterval(() => renderQueue(false), CLOCK_MS);
}

function watchPosition() {
  if (!navigator.geolocation) return;
  navigator.geolocation.watchPosition(p => {
    app.here = { lon: p.coords.longitude, lat: p.coords.latitude, accuracyM: Math.round(p.coords.accuracy) };
    app.map.showHere(app.here);
    app.duty.position(app.here);
    app.shelter.position(app.here);
  }, () => {}, { enableHighAccuracy: true, maximumAge: 10000 });
}

// ---- wiring ---------------------------------------------------------------------------------

for (const b of document.querySelectorAll('button[data-tab]')) {
  b.addEventListener('click', () => (b.dataset.tab === 'new' ? app.form.open() : show(b.dataset.tab)));
}
$('new-report-button').addEventListener('click', () => app.form.open());
for (const b of document.querySelectorAll('[data-close]')) {
  b.addEventListener('click', () => hide(b.closest('.sheet').id));
}
$('outbox-badge').addEventListener('click', () => show('outbox'));
$('new-items').addEventListener('click', () => renderQueue(true));
for (const event of ['pointerdown', 'touchstart', 'wheel', 'scroll']) {
  $('queue').parentElement.addEventListener(event, holdTheList, { passive: true, capture: true });
}
for (const b of document.querySelectorAll('.lang-switch')) {
  b.addEventListener('click', () => {
    setLang(lang() === 'he' ? 'en' : 'he');
    app.form?.fillCategories();
    app.duty?.render();
    app.shelter?.render();
    if (app.live) {
      outboxChanged(app.items);
      renderQueue(true);
      $('status-text').textContent = t($('status').dataset.state);
    }
  });
}
$('signout').addEventListener('click', async () => {
  const waiting = app.items.filter(i => i.state === 'waiting').length;
  if (waiting && !confirm(t('signOutPending', { n: waiting }))) return;
  await app.duty.off();
  await app.outbox.clear();
  LiveQueue.forget();
  Shelter.forget();
  tokens.forget();
  location.reload();
});
// A new sign-in link opened while the app is open (another patroller takes the tablet).
window.addEventListener('hashchange', () => {
  if (/(?:signin|token)=/.test(location.hash)) {
    tokens.take();
    location.reload();
  }
});
window.addEventListener('offline', () => app.live?.pause());
// A tablet turned round: the map measures its box again.
window.addEventListener('resize', () => app.map?.resized());
window.addEventListener('online', () => {
  app.live?.nudge();
  app.outbox?.flush();
});

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/field/sw.js', { scope: '/field/' }).catch(() => {});
}
start().catch(e => {
  $('status-text').textContent = String(e.message || e);
});
