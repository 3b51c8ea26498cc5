// Ops room (docs/ops-page.md): the city's mode, district map, live report pins, incidents, the
// emergency heat layer, overdue reports, open-report counts per district, patrollers on duty,
// rocket alerts over the map and in the banner.
// Plain ES modules, no build step. Resident text is only ever inserted as text.

import { Api, Unauthorized, claims, TokenStore } from '../lib/api.js';
import { setCategories, setTimeZone } from './text.js';
import { OpsMap, setLifeSafetyPriority } from './map.js';
import { Board } from './board.js';
import { Panel } from './panel.js';
import { LiveStream } from './live.js';
import { ModeBanner } from './mode.js';
import { Patrollers } from './patrollers.js';
import { Filters } from './filters.js';
import { ReportPanel } from './detail.js';
import { ModeControl } from './modecontrol.js';
import { IncidentPanel } from './incident.js';
import { Wall } from './wall.js';
import { Alerts } from './alerts.js';

const $ = id => document.getElementById(id);
const tokens = new TokenStore('hamal.token');
// The roles that act from this page (the server decides each call; this only shows controls).
const ACTING_ROLES = ['admin', 'supervisor', 'operator'];
const OVERDUE_CHECK_MS = 10000;

const ops = {
  api: null,
  caller: { subject: null, roles: [] },
  config: {},
  map: null,
  board: null,
  live: null
};

// ---- sign-in -----------------------------------------------------------------------------

function askForToken(message) {
  const dialog = $('signin');
  $('signin-error').hidden = !message;
  $('signin-error').textContent = message || '';
  // Escape would close the dialog and leave the page with no way to sign in.
  dialog.oncancel = e => e.preventDefault();
  if (!dialog.open) dialog.showModal();
  return new Promise(resolve => {
    $('signin-form').addEventListener('submit', () => {
      const token = $('token-input').value.trim();
      tokens.keep(token);
      resolve(token);
    }, { once: true });
  });
}

/** True when the server takes the token, false when it refuses it, null when it cannot tell. */
async function tokenHolds() {
  try {
    const response = await ops.api.request('GET', '/api/v1/reports?limit=1');
    return response.status !== 403;
  } catch (e) {
    return e instanceof Unauthorized ? false : null;
  }
}

async function signIn() {
  let token = tokens.take();
  for (;;) {
    ops.api = new Api(token);
    if (token && await tokenHolds() !== false) break;
    token = await askForToken(token ? 'האסימון נדחה · The token was refused' : '');
  }
  $('signin').close();
  const claim = claims(token) || {};
  ops.caller = { subject: claim.sub || null, roles: claim.roles || [] };
  const acts = ops.caller.roles.some(r => ACTING_ROLES.includes(r));
  document.body.dataset.acts = String(acts);
  $('signout').hidden = false;
  return token;
}

// ---- opening a report or an incident -----------------------------------------------------

// One drawer at a time, over the side panel.
function openReport(id) {
  ops.incidentPanel?.close();
  ops.reportPanel.open(id);
}

function openIncident(id) {
  ops.reportPanel.close();
  ops.incidentPanel?.open(id);
}

// ---- mode control and the incident drawer (modecontrol.js, incident.js) -------------------

/** After sign-in: each shows controls only to the roles the server lets act. */
function startControls() {
  ops.modeControl = new ModeControl(ops.api, ops.caller.roles);
  ops.incidentPanel = new IncidentPanel({
    api: ops.api, board: ops.board, map: ops.map, acts: () => document.body.dataset.acts === 'true', openReport
  });
}

// ---- the stream --------------------------------------------------------------------------

function onMessage(m) {
  const board = ops.board;
  ops.wall.handle(m); // the wall: a tone on a life-safety arrival
  ops.patrollers.handle(m);
  ops.alerts.handle(m);
  ops.reportPanel.handle(m);
  ops.incidentPanel?.handle(m);
  switch (m.type) {
    case 'mode': {
      const mode = ops.banner.show(m);
      // The emergency's batches left out the reports below the pin priority: a fresh snapshot
      // brings the whole routine picture back.
      if (board.setMode(mode, m.markerMinPriority)) ops.live.resubscribe();
      break;
    }
    case 'subscribed':
      if (m.mode === 'snapshot') board.clear();
      break;
    case 'snapshot':
      m.reports.forEach(r => board.upsert(r));
      (m.incidents || []).forEach(i => board.upsertIncident(i));
      if (m.counts) board.serverCounts = new Map(Object.entries(m.counts));
      if (m.last) board.overdueFromTargets(ops.config.sla);
      board.recount(false);
      board.renderLists();
      break;
    case 'report.created':
    case 'report.updated':
      board.upsert(m.report);
      board.recount(true);
      board.renderLists();
      break;
    case 'report.closed':
      board.upsert(m.report);
      board.recount(false);
      board.renderLists();
      break;
    case 'report.removed':
      board.remove(m.id, m.version);
      board.latest.delete(m.id);
      board.recount(false);
      board.renderLists();
      break;
    case 'report.escalated':
      board.escalated(m.report, m.escalation);
      board.recount(true);
      break;
    case 'incident.updated':
      board.upsertIncident(m.incident);
      board.renderLists();
      break;
    case 'incident.closed':
      board.upsertIncident({ ...m.incident, status: 'closed' });
      board.renderLists();
      break;
    case 'batch':
      m.reports.forEach(r => board.upsert(r));
      m.removed.forEach(id => board.remove(id));
      (m.incidents || []).forEach(i => board.upsertIncident(i));
      (m.incidentsClosed || []).forEach(id => board.removeIncident(id));
      if (m.counts) board.serverCounts = new Map(Object.entries(m.counts));
      board.recount(true);
      board.renderLists();
      break;
    case 'heat':
      if (board.mode === 'emergency') ops.map.drawHeat(m.cells);
      break;
    case 'layer':
      ops.map.drawDistricts(false).then(districts => {
        board.setDistricts(districts);
        ops.filters.setDistricts();
        board.recount(false);
      });
      break;
  }
}

function onStreamState(live) {
  document.body.dataset.live = String(live);
  ops.wall.streamState(live); // the wall: the whole screen says when the data is stale
  const status = $('status');
  status.dataset.state = live ? 'live' : 'offline';
  $('status-text').textContent = live ? 'מחובר · Live' : 'מנותק, מתחבר מחדש… · Reconnecting…';
}

// ---- start -------------------------------------------------------------------------------

async function start() {
  ops.config = await fetch('/config.json').then(r => r.json()).catch(() => ({}));
  setTimeZone(ops.config.timeZone);
  setCategories(ops.config.categories);
  setLifeSafetyPriority(ops.config.lifeSafetyPriority);
  const openDistrict = id => ops.map.zoomToDistrict(id);
  ops.map = new OpsMap('map', ops.config, { openReport, openIncident, openDistrict });
  ops.panel = new Panel({ openReport, openIncident, openDistrict,
    overdueActions: report => ops.reportPanel.overdueActions(report) });
  ops.board = new Board(ops.map, ops.panel);
  ops.banner = new ModeBanner();
  ops.patrollers = new Patrollers(ops.map, ops.config.patrollers);
  ops.wall = new Wall(ops.map, ops.board);
  ops.board.setDistricts(await ops.map.drawDistricts(true));
  ops.filters = new Filters($('filters'), (ops.config.categories || []).map(c => c.id), {
    changed: predicate => ops.board.setFilter(predicate),
    district: openDistrict,
    openReport
  });
  ops.filters.setDistricts();
  const token = await signIn();
  // Rocket alerts (ops/alerts.js): the all-clear only for the roles the server lets give it.
  ops.alerts = new Alerts(ops.map, { api: ops.api, roles: ops.caller.roles, patrollers: ops.patrollers });
  // Without the areas' shapes the alerts still show in the banner; a later message reads them again.
  ops.alerts.reload();
  // The report drawer (ops/detail.js): its controls only for the acting roles.
  ops.reportPanel = new ReportPanel(ops.api, {
    acts: () => document.body.dataset.acts === 'true',
    caller: () => ops.caller,
    patrollers: ops.patrollers,
    held: id => ops.board.reports.get(id),
    applied: report => {
      ops.board.upsert(report);
      ops.board.recount(false);
      ops.board.renderLists();
    },
    openIncident,
    alerts: ops.alerts
  });
  startControls();
  ops.live = new LiveStream(token, {
    message: onMessage,
    state: onStreamState,
    refused: () => { tokens.forget(); location.reload(); }
  }, tokenHolds);
  ops.live.connect();
  // Reports still new past their response target are overdue even when their escalation was
  // announced before this screen was listening (a reload, a shared snapshot's catch-up).
  setInterval(() => ops.board.overdueFromTargets(ops.config.sla), OVERDUE_CHECK_MS);
}

$('signout').addEventListener('click', () => {
  tokens.forget();
  location.reload();
});

start().catch(e => {
  $('status').dataset.state = 'offline';
  $('status-text').textContent = 'שגיאה · Error: ' + e.message;
});
