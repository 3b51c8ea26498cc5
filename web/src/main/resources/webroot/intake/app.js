// The call-taker's page (docs/intake-page.md): one call at a time, from the keyboard. Category by
// a few letters, where by a place, a map click or pasted coordinates (its district shown at once),
// who called, and the open incidents it may be part of; Enter sends it once (an idempotency key),
// and the form is clear and focused again for the next call. Plain ES modules, no build step;
// what a caller said is only ever inserted as text.

import { Api, Unauthorized, TokenStore } from '../lib/api.js';
import { t, applyLang, setLang, lang, setZone, setCategories, setDistricts, categoryName, districtName, cityDay, clock } from './i18n.js';
import { CategoryField } from './categories.js';
import { PlaceField } from './places.js';
import { IntakeMap } from './map.js';
import { DuplicateHint } from './duplicates.js';
import { ReportSender } from './send.js';
import { checkPhone } from './phone.js';
import { locateQuery } from './coords.js';

const $ = id => document.getElementById(id);
const tokens = new TokenStore('hamal.intake.token');
// The roles the server lets file reports (docs/api.md); others see why they cannot.
const TAKING_ROLES = ['intake', 'operator', 'supervisor', 'admin'];
const TOAST_MS = 8000;
const RECENT_SHOWN = 20;
const SHORT_ID = 8;

const page = {
  config: {},
  subject: null,
  point: null,    // {lon, lat, district, snapped, distanceM, label} once located
  locating: 0,    // the latest locate asked: an older answer is dropped
  sending: false,
  recent: [],     // this page's reports, newest first (in memory only: they hold personal data)
  counted: new Set() // the reports counted: an answer seen again after a lost one counts once
};

// ---- sign-in ------------------------------------------------------------------------------

function showSignin(reason) {
  document.body.dataset.screen = 'signin';
  $('app').hidden = true;
  $('signin').hidden = false;
  $('signin-reason').textContent = reason || '';
  $('signin-reason').hidden = !reason;
  $('signin-token').focus();
}

tokens.acceptFrom($('signin-form'), $('signin-token'));

// ---- the shift's count: per call-taker and per day in the city -------------------------------

function shiftKey() {
  return `hamal.intake.shift.${page.subject}.${cityDay()}`;
}

function shiftCount() {
  return Number(localStorage.getItem(shiftKey())) || 0;
}

function renderShift() {
  const n = shiftCount();
  $('shift-count').textContent = n;
  $('shift-count').dataset.shiftCount = n;
}

// ---- where --------------------------------------------------------------------------------

/** A place, pasted coordinates or a map click: located (district, snapping) before it counts. */
async function choosePoint(at, label, via) {
  const asked = ++page.locating;
  page.point = null;
  renderPoint('locating');
  let found;
  try {
    const response = await fetch(`/api/v1/districts/locate?${locateQuery(at)}`);
    found = await response.json();
    if (!response.ok) throw new Error(found?.error?.message || response.status);
  } catch (e) {
    if (asked !== page.locating) return;
    renderPoint('none');
    return problem('refused', t('refusedReport', { m: String(e.message || e) }));
  }
  if (asked !== page.locating) return;
  page.point = { lon: found.lon ?? at.lon, lat: found.lat ?? at.lat, district: found.district,
    snapped: !!found.snapped, distanceM: found.distanceM, label };
  renderPoint();
  page.map.show(page.point);
  page.hint.update(page.category.value()?.id, page.point);
  // Taken with Enter, a click or on the map: the call goes on in the description (Tab moves itself).
  if (via && via !== 'Tab') $('description').focus();
}

function renderPoint(state) {
  const p = page.point;
  const el = $('point');
  el.dataset.point = state || (!p ? 'none' : !p.district ? 'outside' : p.snapped ? 'snapped' : 'inside');
  el.dataset.lon = p ? p.lon : '';
  el.dataset.lat = p ? p.lat : '';
  el.dataset.district = p?.district || '';
  if (state === 'locating') return void (el.textContent = t('locating'));
  if (!p) return void (el.textContent = '');
  const where = document.createElement('bdi');
  where.dir = 'ltr';
  where.textContent = `${p.lat.toFixed(5)}, ${p.lon.toFixed(5)}`;
  const what = document.createElement('strong');
  what.textContent = p.district ? t('district', { d: districtName(p.district) }) : t('outside');
  el.replaceChildren(what, ' · ', where);
  if (p.snapped) el.append(' · ', t('snapped', { m: Math.round(p.distanceM) }));
}

// ---- the form -----------------------------------------------------------------------------

function problem(kind, ...lines) {
  const el = $('problem');
  el.dataset.refusal = kind || '';
  el.replaceChildren(...lines.map(line => {
    const p = document.createElement('span');
    p.textContent = line;
    return p;
  }));
  el.hidden = !kind;
}

function phoneChecked() {
  const check = checkPhone($('caller-phone').value);
  $('phone-error').textContent = check.valid ? '' : t('badPhone');
  $('phone-error').hidden = check.valid;
  $('caller-phone').setAttribute('aria-invalid', String(!check.valid));
  return check;
}

/** The report the form describes, or null (and the reason shown, the field focused). */
function reportFromForm() {
  const category = page.category.value();
  if (!category) return invalid('category', t('needCategory'));
  if (!page.point) return invalid('where', t('needWhere'));
  if (!page.point.district) return invalid('where', t('outside'));
  const phone = phoneChecked();
  if (!phone.valid) return invalid('caller-phone', t('badPhone'));
  const name = $('caller-name').value.trim();
  const callback = $('callback').checked;
  if (callback && !phone.normalized) return invalid('caller-phone', t('callbackNeedsPhone'));
  const body = { category: category.id, location: { lon: page.point.lon, lat: page.point.lat }, channel: 'call-taker' };
  const description = $('description').value.trim();
  if (description) body.description = description;
  if (name || phone.normalized) {
    body.reporter = { callback };
    if (name) body.reporter.name = name;
    if (phone.normalized) body.reporter.phone = phone.normalized;
  }
  if (page.hint.joined) body.incident = page.hint.joined;
  return body;
}

function invalid(field, text) {
  problem('invalid', text);
  $(field).focus();
  return null;
}

async function submit() {
  if (page.sending) return; // a second Enter while the first is on its way (the key covers the rest)
  const body = reportFromForm();
  if (!body) return;
  page.sending = true;
  document.body.dataset.sending = 'true';
  problem('sending', t('sending'));
  try {
    const outcome = await page.sender.send(body);
    if (outcome.kind === 'stored') return stored(outcome.report, outcome.replayed, body);
    if (outcome.kind === 'signin') return showSignin(t('refused'));
    if (outcome.kind === 'overloaded') {
      return problem('overloaded', t('overloaded'), t('overloadedSay'), t('retryIn', { s: outcome.retryAfter || 1 }));
    }
    if (outcome.kind === 'unknown') return problem('unknown', t('unknownOutcome'));
    if (outcome.kind === 'storedBefore') return problem('refused', t('storedBefore'));
    problem('refused', t('refusedReport', { m: `${outcome.status} ${outcome.code}${outcome.message ? ': ' + outcome.message : ''}` }));
  } finally {
    page.sending = false;
    document.body.dataset.sending = 'false';
  }
}

/** Stored: counted, listed, announced; the form is cleared for the next call. */
function stored(report, replayed, body) {
  const fresh = !page.counted.has(report.id);
  const joined = !!body.incident && report.incident === body.incident;
  if (fresh) {
    page.counted.add(report.id);
    localStorage.setItem(shiftKey(), String(shiftCount() + 1));
    page.recent.unshift({ report, name: body.reporter?.name || '', joined, at: new Date() });
    page.recent.length = Math.min(page.recent.length, RECENT_SHOWN);
    renderRecent();
  }
  renderShift();
  const toast = $('toast');
  toast.dataset.reportId = report.id;
  toast.dataset.district = report.district;
  toast.dataset.priority = report.priority;
  toast.dataset.incident = report.incident || '';
  toast.dataset.replayed = String(replayed);
  toast.textContent = [t('stored', { id: report.id.slice(0, SHORT_ID), d: districtName(report.district), p: report.priority }),
    joined ? t('joinedIncident') : '', report.deferred ? t('deferred') : '', replayed ? t('replayed') : ''].filter(Boolean).join(' · ');
  toast.hidden = false;
  clearTimeout(page.toastTimer);
  page.toastTimer = setTimeout(() => { toast.hidden = true; }, TOAST_MS);
  newCall();
}

function newCall() {
  page.category.clear();
  page.places.clear();
  page.point = null;
  page.locating++;
  renderPoint();
  page.map.show(null);
  page.hint.clear();
  page.sender.reset();
  for (const id of ['description', 'caller-name', 'caller-phone']) $(id).value = '';
  $('callback').checked = false;
  phoneChecked();
  problem(null);
  $('category').focus();
}

function renderSendLabel() {
  $('send').textContent = t(page.hint?.joined ? 'submitJoin' : 'submit');
  $('send').dataset.joining = String(!!page.hint?.joined);
}

function renderRecent() {
  $('recent').replaceChildren(...page.recent.map(({ report, name, joined, at }) => {
    const li = document.createElement('li');
    li.dataset.reportId = report.id;
    li.dataset.priority = report.priority;
    const cells = [clock(at), report.id.slice(0, SHORT_ID), categoryName(report.category), districtName(report.district),
      t('priority', { p: report.priority })];
    for (const text of cells) {
      const span = document.createElement('span');
      span.textContent = text;
      li.append(span);
    }
    // A caller's name and words: text only, in their own direction.
    for (const [cls, text] of [['name', name], ['text', report.description || '']]) {
      const bdi = document.createElement('bdi');
      bdi.className = cls;
      bdi.textContent = text;
      li.append(bdi);
    }
    if (joined) li.dataset.joined = 'true';
    return li;
  }));
}

// ---- start ----------------------------------------------------------------------------------

async function start() {
  applyLang();
  page.config = await fetch('/config.json').then(r => r.json()).catch(() => ({}));
  setZone(page.config.timeZone);
  setCategories(page.config.categories);
  const { token, claim, problem } = tokens.signedIn();
  if (problem) return showSignin(problem === 'expired' ? t('expired') : '');
  if (!(claim.roles || []).some(r => TAKING_ROLES.includes(r))) return showSignin(t('notAllowed'));
  page.api = new Api(token);
  page.subject = claim.sub;
  try {
    await page.api.request('GET', '/api/v1/reports?limit=1');
  } catch (e) {
    if (e instanceof Unauthorized) return showSignin(t('refused'));
  }

  document.body.dataset.screen = 'app';
  $('signin').hidden = true;
  $('app').hidden = false;
  $('who').textContent = page.subject;
  renderShift();
  page.map = new IntakeMap($('map'), page.config, at => {
    $('where').value = `${at.lat.toFixed(5)}, ${at.lon.toFixed(5)}`;
    page.places.combo.close();
    choosePoint(at, $('where').value, 'map');
  });
  const districts = await fetch('/api/v1/districts').then(r => r.json()).catch(() => null);
  if (districts) {
    setDistricts(districts.features);
    page.map.drawDistricts(districts);
  }
  page.sender = new ReportSender(page.api);
  page.hint = new DuplicateHint($('duplicates'), page.api, page.config, renderSendLabel);
  page.category = new CategoryField($('category'), $('category-list'), page.config, (c, via) => {
    page.hint.update(c?.id, page.point);
    if (c && (via === 'Enter' || via === 'click')) $('where').focus();
  });
  page.places = new PlaceField($('where'), $('where-list'), page.api, (at, label, source, via) => {
    $('where').value = label;
    choosePoint(at, label, via);
  });
  // Typing another place forgets the chosen point until a new one is taken.
  $('where').addEventListener('input', () => {
    if (!page.point && $('point').dataset.point === 'none') return;
    page.locating++;
    page.point = null;
    renderPoint();
    page.hint.update(page.category.value()?.id, null);
  });
  renderSendLabel();
  document.body.dataset.ready = 'true';
  $('category').focus();
}

// ---- keys -----------------------------------------------------------------------------------

// Enter in any field sends (a list's Enter takes its option first; Shift+Enter is a new line in
// the description).
$('call').addEventListener('keydown', e => {
  if (e.key !== 'Enter' || e.shiftKey || e.altKey || e.ctrlKey || e.defaultPrevented || e.isComposing) return;
  if (!['INPUT', 'TEXTAREA'].includes(e.target.tagName)) return;
  e.preventDefault();
  submit();
});
$('call').addEventListener('submit', e => {
  e.preventDefault();
  submit();
});
$('caller-phone').addEventListener('blur', phoneChecked);
$('caller-phone').addEventListener('input', () => { if (!$('phone-error').hidden) phoneChecked(); });
// A new call while one is being sent would lose it (no answer yet) or be cleared by its answer.
const newCallUnlessSending = () => { if (!page.sending) newCall(); };
$('new-call').addEventListener('click', newCallUnlessSending);
// Alt+1…9 takes the n-th "already reported" incident; Alt+N starts a new call. By key position
// (e.code), so a Hebrew keyboard layout works the same.
document.addEventListener('keydown', e => {
  if (!e.altKey || e.ctrlKey || e.metaKey || document.body.dataset.screen !== 'app') return;
  const digit = /^Digit([1-9])$/.exec(e.code);
  if (digit && page.hint.take(Number(digit[1]) - 1)) e.preventDefault();
  else if (e.code === 'KeyN') {
    e.preventDefault();
    newCallUnlessSending();
  }
});
for (const b of document.querySelectorAll('.lang-switch')) {
  b.addEventListener('click', () => {
    setLang(lang() === 'he' ? 'en' : 'he');
    if (document.body.dataset.screen !== 'app') return;
    page.category.relabel();
    page.hint.render();
    renderPoint($('point').dataset.point === 'locating' ? 'locating' : undefined);
    renderRecent();
    renderSendLabel();
    if (!$('phone-error').hidden) phoneChecked();
    page.map.resized();
  });
}
// A sign-in link opened while the page is open (another call-taker at this desk).
window.addEventListener('hashchange', () => {
  if (/(?:^#|&)token=/.test(location.hash)) {
    tokens.take();
    location.reload();
  }
});
$('signout').addEventListener('click', () => {
  tokens.forget();
  location.reload();
});

start().catch(e => {
  document.body.dataset.screen = 'error';
  document.body.textContent = String(e.message || e);
});
