// Ops room: the city's mode, district map, live report markers, incidents, the emergency heat
// layer, overdue reports and open-report counts per district (docs/ops-page.md).
// Plain browser JavaScript, no build step. Resident text is only ever inserted as text.
(() => {
  'use strict';

  const TOKEN_KEY = 'hamal.token';
  const LATEST_MAX = 30;
  const INCIDENTS_MAX = 12;
  const RETRY_MAX_MS = 30000;
  const SINCE_REFRESH_MS = 15000;
  // Until the first `mode` message: the server's default `emergency.markerMinPriority`.
  const DEFAULT_PIN_MIN_PRIORITY = 4;
  const LIFE_SAFETY = new Set(['injury', 'fire', 'gas-leak', 'building-hit', 'trapped', 'power-line-down', 'shelter']);
  const CATEGORY_HE = {
    'injury': 'פצועים', 'fire': 'שריפה', 'gas-leak': 'דליפת גז', 'building-hit': 'פגיעה במבנה',
    'trapped': 'לכודים', 'power-line-down': 'קו חשמל קרוע', 'shelter': 'מקלט', 'hazard': 'מפגע',
    'electricity': 'חשמל', 'water': 'מים', 'sewage': 'ביוב', 'roads': 'כבישים', 'pothole': 'בור בכביש',
    'trees': 'עצים', 'sanitation': 'תברואה', 'garbage': 'אשפה', 'noise': 'רעש', 'animals': 'בעלי חיים',
    'welfare': 'רווחה', 'education': 'חינוך', 'other': 'אחר'
  };
  const MODE_TEXT = {
    routine: { he: 'שגרה', en: 'Routine' },
    emergency: { he: 'חירום', en: 'Emergency' }
  };
  const TRIGGER_TEXT = {
    'manual': 'הוכרז ידנית · set by a supervisor',
    'release': 'שוחרר ידנית, חוזר לשגרה כשיירגע · released, returns to routine when calm',
    'intake-rate': 'קצב דיווחים חריג · report intake rate',
    'call-center': 'עומס במוקד 106 · call center load',
    'calm': 'רגיעה · calm',
    'start': 'הפעלת המערכת · system start'
  };
  // Colours by priority, 5 = life safety.
  const PRIORITY_COLOR = { 5: '#e74c3c', 4: '#e67e22', 3: '#f1c40f', 2: '#3498db', 1: '#95a5a6' };
  const OPEN = new Set(['new', 'acknowledged', 'assigned', 'en_route', 'on_site']);

  const state = {
    token: null,
    timeZone: 'Asia/Jerusalem', // the city's (`timeZone` in /config.json), not the screen's
    map: null,
    mode: null,            // 'routine' | 'emergency' once the server said
    modeSince: null,       // Date the current mode began
    names: new Map(),      // district id -> {he, en}
    counts: new Map(),     // district id -> open reports shown
    serverCounts: null,    // district id -> open reports, from the last snapshot or batch
    markers: new Map(),    // report id -> Leaflet marker (on the map or hidden)
    incidents: new Map(),  // incident id -> {incident, marker}
    overdue: new Map(),    // report id -> {report, escalation}
    heat: null,            // Leaflet layer group of heat cells
    socket: null,
    retries: 0
  };

  // ---- token -------------------------------------------------------------------------------

  function takeTokenFromUrl() {
    const match = location.hash.match(/(?:^#|&)token=([^&]+)/);
    if (match) {
      localStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
      // Keep the token out of the address bar, history and screenshots.
      history.replaceState(null, '', location.pathname + location.search);
    }
    state.token = localStorage.getItem(TOKEN_KEY);
  }

  function askForToken(message) {
    const dialog = document.getElementById('signin');
    const error = document.getElementById('signin-error');
    error.hidden = !message;
    error.textContent = message || '';
    if (!dialog.open) dialog.showModal();
    return new Promise(resolve => {
      document.getElementById('signin-form').addEventListener('submit', () => {
        const token = document.getElementById('token-input').value.trim();
        localStorage.setItem(TOKEN_KEY, token);
        state.token = token;
        resolve(token);
      }, { once: true });
    });
  }

  async function api(path) {
    const response = await fetch(path, { headers: { Authorization: 'Bearer ' + state.token } });
    if (response.status === 401 || response.status === 403) {
      const err = new Error('unauthorized');
      err.status = response.status;
      throw err;
    }
    if (!response.ok) throw new Error(path + ': HTTP ' + response.status);
    return response.json();
  }

  // ---- map ---------------------------------------------------------------------------------

  async function drawMap() {
    const map = L.map('map', { zoomSnap: 0.25 });
    state.map = map;
    // Heat below incidents, incidents below single reports, so pins stay clickable.
    map.createPane('heat').style.zIndex = 390;
    map.createPane('incidents').style.zIndex = 420;
    map.createPane('pins').style.zIndex = 440;
    state.heat = L.layerGroup().addTo(map);
    const config = await fetch('/config.json').then(r => r.json()).catch(() => ({}));
    if (config.timeZone) state.timeZone = config.timeZone;
    if (config.patrollers) state.patrollerConfig = config.patrollers;
    if (config.tileUrl) {
      // Tiles are decoration: when they cannot load the polygons below still make the map.
      L.tileLayer(config.tileUrl, { attribution: config.tileAttribution || '', maxZoom: 19 }).addTo(map);
    }
    state.districtLayer = L.layerGroup().addTo(map);
    await drawDistricts(true);
  }

  /**
   * The district polygons and their names; drawn again when the cluster starts routing with
   * another layer (a `layer` message), keeping the view.
   */
  async function drawDistricts(fit) {
    const districts = await fetch('/api/v1/districts').then(r => r.json());
    state.districtLayer.clearLayers();
    state.names.clear();
    const layer = L.geoJSON(districts, {
      style: f => f.properties.kind === 'service-district'
        ? { color: '#4aa3df', weight: 2, fillColor: '#4aa3df', fillOpacity: 0.12 }
        : { color: '#b8b8b8', weight: 2, dashArray: '6 4', fillColor: '#b8b8b8', fillOpacity: 0.08 },
      onEachFeature: feature => {
        const p = feature.properties;
        state.names.set(p.id, { he: p.name_he || p.id, en: p.name_en || '' });
      }
    });
    state.districtLayer.addLayer(layer);
    for (const feature of districts.features) {
      const p = feature.properties;
      // The server gives a point well inside the district's largest part.
      const at = p.label ? L.latLng(p.label[1], p.label[0]) : null;
      if (at) {
        state.districtLayer.addLayer(
          L.tooltip({ permanent: true, direction: 'center', className: 'district-label', interactive: false })
            .setLatLng(at).setContent(label(p.name_he || p.id, p.name_en)));
      }
    }
    if (fit) state.map.fitBounds(layer.getBounds(), { padding: [10, 10] });
    document.getElementById('map').dataset.layerVersion = districts.version || '';
    buildCountTable(districts.features.map(f => f.properties));
  }

  function label(he, en) {
    const span = document.createElement('span');
    const b = document.createElement('b');
    b.textContent = he;
    span.appendChild(b);
    if (en) {
      const e = document.createElement('span');
      e.className = 'en';
      e.textContent = en;
      span.appendChild(e);
    }
    return span;
  }

  function buildCountTable(districts) {
    const body = document.querySelector('#counts tbody');
    body.replaceChildren();
    const ordered = districts.slice().sort((a, b) =>
      (a.kind === 'service-district' ? 0 : 1) - (b.kind === 'service-district' ? 0 : 1));
    for (const d of ordered) {
      state.counts.set(d.id, 0);
      const row = document.createElement('tr');
      row.dataset.district = d.id;
      const name = document.createElement('td');
      name.appendChild(label(d.name_he || d.id, d.name_en));
      const n = document.createElement('td');
      n.className = 'n';
      n.textContent = '0';
      row.append(name, n);
      body.appendChild(row);
    }
  }

  /**
   * Puts a vector layer on the map or takes it off. Leaflet creates a new SVG element each time
   * a layer is added, so the data- attributes (the page's test hooks) are written again.
   */
  function place(layer, visible, data) {
    if (!visible) {
      layer.remove();
      return;
    }
    if (!state.map.hasLayer(layer)) layer.addTo(state.map);
    const element = layer.getElement && layer.getElement();
    if (element) Object.assign(element.dataset, data);
  }

  function flash(element) {
    if (!element) return;
    element.classList.remove('flash');
    void element.getBoundingClientRect(); // restart the animation
    element.classList.add('flash');
  }

  function categoryName(category) {
    return CATEGORY_HE[category] || category;
  }

  function priorityColor(priority) {
    return PRIORITY_COLOR[Math.max(1, Math.min(5, priority || 1))];
  }

  // ---- reports -----------------------------------------------------------------------------

  // The open reports this screen knows, by id: the snapshot, then every change applied in order.
  const reports = new Map();

  /** In an emergency a map shows single pins only for the urgent; the rest are counts and heat. */
  function pinVisible(report) {
    return state.mode !== 'emergency' || (report.priority || 0) >= (state.pinMinPriority || DEFAULT_PIN_MIN_PRIORITY);
  }

  function upsert(report) {
    const known = reports.get(report.id);
    if (known && known.version >= report.version) return; // an older or repeated version
    if (!OPEN.has(report.status)) { remove(report.id); return; }
    reports.set(report.id, report);
    if (report.status !== 'new' && state.overdue.delete(report.id)) renderOverdue();
    let marker = state.markers.get(report.id);
    if (marker) {
      marker.setStyle(markerStyle(report));
      marker.setLatLng([report.location.lat, report.location.lon]);
      marker.setPopupContent(() => popup(report));
    } else {
      marker = L.circleMarker([report.location.lat, report.location.lon], markerStyle(report));
      marker.bindPopup(() => popup(report));
      state.markers.set(report.id, marker);
      if (!known) addLatest(report);
    }
    placePin(report, marker);
  }

  function placePin(report, marker) {
    place(marker, pinVisible(report), { reportId: report.id, district: report.district, priority: String(report.priority) });
  }

  function remove(id) {
    reports.delete(id);
    const marker = state.markers.get(id);
    if (marker) { marker.remove(); state.markers.delete(id); }
    if (state.overdue.delete(id)) renderOverdue();
  }

  function clearReports() {
    reports.clear();
    state.markers.forEach(m => m.remove());
    state.markers.clear();
  }

  function markerStyle(report) {
    const urgent = (report.priority || 0) >= 5 || LIFE_SAFETY.has(report.category);
    return {
      radius: urgent ? 10 : 7, color: '#000', weight: 1, pane: 'pins',
      fillColor: urgent ? '#e74c3c' : '#f5a623', fillOpacity: 0.9, className: 'report-marker'
    };
  }

  function popup(report) {
    const div = document.createElement('div');
    const title = document.createElement('b');
    title.textContent = categoryName(report.category) + ' · ' + report.category;
    const text = document.createElement('p');
    text.textContent = report.description || '';
    const meta = document.createElement('small');
    meta.textContent = districtName(report.district) + ' · ' + time(report.receivedAt) + ' · ' +
      report.channel + ' · ' + report.status + (report.assignee ? ' · ' + report.assignee : '');
    div.append(title, text, meta, reportPhotos(report.id));
    return div;
  }

  // ---- report photos -----------------------------------------------------------------------
  // Thumbnails of a report's photos in its popup. An <img src> cannot send the bearer token, so
  // each photo is fetched with it and shown from an object URL; the URLs are revoked when the
  // popup closes (or its content is replaced), so the images do not pile up in a screen that
  // runs for weeks.

  const photoStrips = new Set(); // strips whose object URLs are still held
  let photosWatched = false;

  function releasePhotos(closedPopup) {
    const closed = closedPopup && closedPopup.getElement();
    photoStrips.forEach(s => {
      if (!s.isConnected || (closed && closed.contains(s))) { s.release(); photoStrips.delete(s); }
    });
  }

  function reportPhotos(reportId) {
    const strip = document.createElement('div');
    strip.className = 'report-photos';
    const urls = [];
    let released = false;
    strip.release = () => { released = true; urls.forEach(u => URL.revokeObjectURL(u)); urls.length = 0; };
    if (!photosWatched && state.map) {
      photosWatched = true;
      state.map.on('popupclose', e => releasePhotos(e.popup));
    }
    photoStrips.add(strip);
    const base = '/api/v1/reports/' + encodeURIComponent(reportId) + '/media';
    (async () => {
      const list = await api(base);
      for (const media of list.media) {
        if (released) return;
        const response = await fetch(media.url, { headers: { Authorization: 'Bearer ' + state.token } });
        if (!response.ok) continue;
        const blob = await response.blob();
        if (released) return;
        const url = URL.createObjectURL(blob);
        urls.push(url);
        const img = document.createElement('img');
        img.className = 'report-photo';
        img.dataset.mediaId = media.id;
        img.alt = 'תמונה · Photo';
        img.src = url;
        strip.append(img);
      }
    })().catch(() => { /* the report's text is shown all the same */ });
    return strip;
  }

  /**
   * Shows the open reports per district and flashes the rows that grew. Single deltas carry every
   * report, so the counts are those held; in an emergency most reports come only as the server's
   * counts (batches carry markers for the urgent alone), so those are shown.
   */
  function recount(live) {
    const next = new Map();
    state.counts.forEach((n, d) => next.set(d, 0));
    if (state.mode === 'emergency' && state.serverCounts) {
      state.serverCounts.forEach((n, d) => next.set(d, n));
    } else {
      reports.forEach(r => next.set(r.district, (next.get(r.district) || 0) + 1));
    }
    let total = 0;
    next.forEach((n, district) => {
      total += n;
      const row = document.querySelector(`#counts tr[data-district="${CSS.escape(district)}"]`);
      if (!row) return;
      row.querySelector('.n').textContent = String(n);
      if (live && n > (state.counts.get(district) || 0)) flash(row);
    });
    state.counts = next;
    document.getElementById('total').textContent = String(total);
  }

  function addLatest(report) {
    const list = document.getElementById('latest');
    const item = document.createElement('li');
    item.dataset.reportId = report.id;
    const what = document.createElement('div');
    what.textContent = categoryName(report.category) + (report.description ? ' — ' + report.description : '');
    const meta = document.createElement('div');
    meta.className = 'meta';
    meta.textContent = districtName(report.district) + ' · ' + time(report.receivedAt);
    item.append(what, meta);
    list.prepend(item);
    while (list.children.length > LATEST_MAX) list.lastElementChild.remove();
  }

  function districtName(id) {
    const n = state.names.get(id);
    return n ? n.he : id;
  }

  function time(iso) {
    const d = new Date(iso);
    return isNaN(d) ? '' : d.toLocaleTimeString('he-IL', { timeZone: state.timeZone, hour: '2-digit', minute: '2-digit' });
  }

  function minutesAgo(date) {
    const minutes = Math.max(0, Math.floor((Date.now() - date.getTime()) / 60000));
    if (minutes < 1) return 'עכשיו · just now';
    if (minutes < 120) return `לפני ${minutes} דק׳ · ${minutes} min ago`;
    const hours = Math.floor(minutes / 60);
    return `לפני ${hours} שע׳ · ${hours} h ago`;
  }

  // ---- mode --------------------------------------------------------------------------------

  /** A `mode` message: on connect and on every change. Returns whether an emergency just ended. */
  function applyMode(m) {
    const previous = state.mode;
    state.mode = m.mode === 'emergency' ? 'emergency' : 'routine';
    state.modeSince = new Date(m.since);
    state.pinMinPriority = m.markerMinPriority || DEFAULT_PIN_MIN_PRIORITY;
    document.body.dataset.mode = state.mode;
    const banner = document.getElementById('mode-banner');
    banner.dataset.mode = state.mode;
    banner.dataset.trigger = m.trigger || '';
    banner.dataset.manual = String(!!m.manual);
    const text = MODE_TEXT[state.mode];
    document.getElementById('mode-title').textContent = text.he;
    document.getElementById('mode-title-en').textContent = text.en;
    const why = [TRIGGER_TEXT[m.trigger] || m.trigger];
    if (m.actor && m.actor !== 'system') why.push(m.actor);
    if (m.reason) why.push(m.reason);
    document.getElementById('mode-reason').textContent = why.filter(Boolean).join(' — ');
    renderSince();
    if (state.mode !== 'emergency') state.heat.clearLayers();
    // Pins, incidents and counts follow the mode at once, not at the next message.
    reports.forEach(r => placePin(r, state.markers.get(r.id)));
    state.incidents.forEach(held => placeIncident(held));
    recount(false);
    renderIncidents();
    return previous === 'emergency' && state.mode !== 'emergency';
  }

  function renderSince() {
    const since = state.modeSince;
    document.getElementById('mode-since').textContent = since && !isNaN(since)
      ? `מאז ${time(since)} · ${minutesAgo(since)}`
      : '';
  }

  // ---- incidents ---------------------------------------------------------------------------

  /** In routine a lone report is its own pin; in an emergency every incident stands for its pins. */
  function incidentVisible(incident) {
    return state.mode === 'emergency' || incident.count >= 2;
  }

  function upsertIncident(incident) {
    const held = state.incidents.get(incident.id);
    if (held && held.incident.version > incident.version) return;
    if (incident.status === 'closed') { removeIncident(incident.id); return; }
    const at = [incident.centroid.lat, incident.centroid.lon];
    const style = incidentStyle(incident);
    if (held) {
      held.incident = incident;
      held.marker.setLatLng(at).setStyle(style).setRadius(style.radius);
      held.marker.setTooltipContent(incidentLabel(incident));
      placeIncident(held);
    } else {
      const marker = L.circleMarker(at, style);
      marker.bindTooltip(incidentLabel(incident),
        { permanent: true, direction: 'center', className: 'incident-label', interactive: false });
      marker.bindPopup(() => incidentPopup(state.incidents.get(incident.id).incident));
      const created = { incident, marker };
      state.incidents.set(incident.id, created);
      placeIncident(created);
    }
  }

  function placeIncident(held) {
    const i = held.incident;
    place(held.marker, incidentVisible(i),
      { incidentId: i.id, count: String(i.count), category: i.category, priority: String(i.priority) });
  }

  function removeIncident(id) {
    const held = state.incidents.get(id);
    if (!held) return;
    held.marker.remove();
    state.incidents.delete(id);
  }

  function clearIncidents() {
    state.incidents.forEach(held => held.marker.remove());
    state.incidents.clear();
  }

  function incidentStyle(incident) {
    const color = priorityColor(incident.priority);
    return {
      radius: Math.min(60, 12 + 6 * Math.sqrt(incident.count)), pane: 'incidents',
      color, weight: 3, fillColor: color, fillOpacity: 0.35, className: 'incident-marker'
    };
  }

  function incidentLabel(incident) {
    const span = document.createElement('span');
    span.dataset.incidentId = incident.id;
    const n = document.createElement('b');
    n.className = 'count';
    n.textContent = String(incident.count);
    const what = document.createElement('span');
    what.textContent = ' ' + categoryName(incident.category);
    span.append(n, what);
    return span;
  }

  function incidentPopup(incident) {
    const div = document.createElement('div');
    const title = document.createElement('b');
    title.textContent = `${categoryName(incident.category)} · ${incident.count} דיווחים · reports`;
    const meta = document.createElement('small');
    meta.textContent = `עדיפות ${incident.priority} · ` + incident.districts.map(districtName).join(', ') +
      ' · ' + time(incident.firstAt) + '–' + time(incident.lastAt);
    div.append(title, document.createElement('br'), meta);
    return div;
  }

  /** The side list: the most urgent incidents first, then the largest. */
  function renderIncidents() {
    const list = document.getElementById('incidents');
    const top = [...state.incidents.values()].map(h => h.incident)
      .sort((a, b) => (b.priority - a.priority) || (b.count - a.count) || (b.lastAt - a.lastAt))
      .slice(0, INCIDENTS_MAX);
    list.replaceChildren(...top.map(incident => {
      const item = document.createElement('li');
      item.dataset.incidentId = incident.id;
      item.dataset.count = String(incident.count);
      item.dataset.priority = String(incident.priority);
      item.style.borderInlineStartColor = priorityColor(incident.priority);
      const n = document.createElement('span');
      n.className = 'count';
      n.textContent = String(incident.count);
      const what = document.createElement('span');
      what.className = 'what';
      what.textContent = categoryName(incident.category);
      const meta = document.createElement('div');
      meta.className = 'meta';
      meta.textContent = incident.districts.map(districtName).join(', ') + ' · ' + time(incident.lastAt);
      item.append(n, what, meta);
      item.addEventListener('click', () => state.map.panTo([incident.centroid.lat, incident.centroid.lon]));
      return item;
    }));
    document.getElementById('incidents-empty').hidden = top.length > 0;
  }

  // ---- heat --------------------------------------------------------------------------------

  /** A `heat` message: open reports per grid cell with its bounds; replaces the layer. */
  function drawHeat(m) {
    state.heat.clearLayers();
    if (state.mode !== 'emergency') return;
    const max = Math.max(1, ...m.cells.map(c => c.count));
    for (const cell of m.cells) {
      const [west, south, east, north] = cell.bounds;
      const rect = L.rectangle(
        [[south, west], [north, east]],
        { pane: 'heat', interactive: false, stroke: false, fillColor: '#ff3b1f',
          fillOpacity: 0.15 + 0.5 * cell.count / max, className: 'heat-cell' });
      state.heat.addLayer(rect);
      rect.getElement().dataset.heatCount = String(cell.count);
    }
  }

  // ---- overdue -----------------------------------------------------------------------------

  /** A `report.escalated` message: still new past its response time. Listed until handled. */
  function escalated(m) {
    upsert(m.report);
    if (!reports.has(m.report.id) || m.report.status !== 'new') return;
    state.overdue.set(m.report.id, { report: m.report, escalation: m.escalation || {} });
    renderOverdue();
    const marker = state.markers.get(m.report.id);
    flash(marker && marker.getElement());
    const incident = m.report.incident && state.incidents.get(m.report.incident);
    flash(incident && incident.marker.getElement());
    flash(document.querySelector(`#overdue li[data-report-id="${CSS.escape(m.report.id)}"]`));
  }

  function renderOverdue() {
    const entries = [...state.overdue.values()]
      .sort((a, b) => (b.report.priority - a.report.priority) || dueAt(a) - dueAt(b));
    document.getElementById('overdue').replaceChildren(...entries.map(({ report, escalation }) => {
      const item = document.createElement('li');
      item.dataset.reportId = report.id;
      item.dataset.priority = String(report.priority);
      const what = document.createElement('div');
      what.textContent = categoryName(report.category) + (report.description ? ' — ' + report.description : '');
      const meta = document.createElement('div');
      meta.className = 'meta';
      const due = new Date(escalation.dueAt);
      meta.textContent = districtName(report.district) + ' · עדיפות ' + report.priority +
        (isNaN(due) ? '' : ' · באיחור מ־' + time(escalation.dueAt) + ' · overdue since ' + time(escalation.dueAt));
      item.append(what, meta);
      item.addEventListener('click', () => state.map.panTo([report.location.lat, report.location.lon]));
      return item;
    }));
    document.getElementById('overdue-count').textContent = String(entries.length);
    document.getElementById('overdue-panel').hidden = entries.length === 0;
  }

  function dueAt(entry) {
    const t = Date.parse(entry.escalation.dueAt);
    return isNaN(t) ? 0 : t;
  }

  // ---- live stream (docs/live-protocol.md) ---------------------------------------------------

  // seq and tag: the position in the change log and the entry there (a resume names both).
  // subscribing: a subscription was sent and not answered; what comes before the answer is the
  // hello's stream, which the subscription restates (docs/live-protocol.md, "Connecting").
  const stream = { epoch: null, seq: null, tag: null, subscribing: false, lastMessage: 0, heartbeatSeconds: 15, watchdog: null };

  function setStatus(kind, text) {
    const status = document.getElementById('status');
    status.dataset.state = kind;
    document.getElementById('status-text').textContent = text;
  }

  function connect() {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const url = `${scheme}//${location.host}/api/v1/live?access_token=${encodeURIComponent(state.token)}`;
    const socket = new WebSocket(url);
    state.socket = socket;
    socket.onopen = () => { state.retries = 0; };
    socket.onmessage = event => {
      stream.lastMessage = Date.now();
      handle(socket, JSON.parse(event.data));
    };
    socket.onclose = () => {
      document.body.dataset.live = 'false';
      setStatus('offline', 'מנותק, מתחבר מחדש… · Reconnecting…');
      reconnectLater(0);
    };
  }

  function subscribe(socket, resume) {
    const message = { type: 'subscribe', filter: {} };
    if (resume && stream.epoch && stream.seq !== null) {
      message.resume = { epoch: stream.epoch, seq: stream.seq };
      if (stream.tag) message.resume.tag = stream.tag;
    }
    stream.subscribing = true;
    socket.send(JSON.stringify(message));
  }

  function handle(socket, m) {
    if (stream.subscribing && m.type !== 'subscribed' && m.type !== 'error' && typeof m.seq === 'number'
        && m.type !== 'hello' && m.type !== 'heat') {
      return; // the hello's stream: the subscription restates it
    }
    if (m.type === 'subscribed' || m.type === 'error') stream.subscribing = false;
    patrollers.handle(m);
    if (typeof m.seq === 'number' && m.type !== 'hello' && m.type !== 'subscribed' && m.type !== 'heat') {
      stream.seq = m.seq;
      stream.tag = m.tag || null;
    }
    switch (m.type) {
      case 'hello':
        stream.heartbeatSeconds = m.heartbeatSeconds || 15;
        // Back after a drop: ask for exactly what was missed, on whichever node answers.
        subscribe(socket, true);
        watch(socket);
        break;
      case 'mode':
        // The emergency's batches left out the reports below the pin priority: a fresh snapshot
        // brings the whole routine picture back.
        if (applyMode(m)) subscribe(socket, false);
        break;
      case 'subscribed':
        stream.epoch = m.epoch;
        stream.seq = m.seq;
        stream.tag = m.tag || null;
        if (m.mode === 'snapshot') {
          clearReports();
          clearIncidents();
          state.serverCounts = null;
        }
        setStatus('live', 'מחובר · Live');
        document.body.dataset.live = 'true';
        break;
      case 'snapshot':
        m.reports.forEach(upsert);
        (m.incidents || []).forEach(upsertIncident);
        if (m.counts) state.serverCounts = new Map(Object.entries(m.counts));
        recount(false);
        renderIncidents();
        break;
      case 'report.created':
      case 'report.updated':
        upsert(m.report);
        recount(true);
        break;
      case 'report.closed':
        remove(m.report.id);
        recount(false);
        break;
      case 'report.removed':
        remove(m.id);
        recount(false);
        break;
      case 'report.escalated':
        escalated(m);
        recount(true);
        break;
      case 'incident.updated':
        upsertIncident(m.incident);
        renderIncidents();
        break;
      case 'incident.closed':
        removeIncident(m.incident.id);
        renderIncidents();
        break;
      case 'batch':
        m.reports.forEach(upsert);
        m.removed.forEach(remove);
        (m.incidents || []).forEach(upsertIncident);
        (m.incidentsClosed || []).forEach(removeIncident);
        if (m.counts) state.serverCounts = new Map(Object.entries(m.counts));
        recount(true);
        renderIncidents();
        break;
      case 'heat':
        drawHeat(m);
        break;
      case 'layer':
        drawDistricts(false).then(() => recount(false));
        break;
      case 'heartbeat':
        stream.epoch = m.epoch;
        break;
      case 'backoff':
        socket.onclose = null;
        socket.close();
        reconnectLater(m.retryAfterMs || 5000);
        break;
    }
  }

  /** No message for three heartbeats: the server or the network is gone; reconnect. */
  function watch(socket) {
    clearInterval(stream.watchdog);
    stream.watchdog = setInterval(() => {
      if (Date.now() - stream.lastMessage > 3 * stream.heartbeatSeconds * 1000) {
        clearInterval(stream.watchdog);
        socket.close();
      }
    }, stream.heartbeatSeconds * 1000);
  }

  async function reconnectLater(atLeast) {
    // Exponential back-off with jitter, so a restarted node is not stampeded by every screen.
    const backoff = Math.min(RETRY_MAX_MS, 1000 * 2 ** state.retries) * (0.5 + Math.random() / 2);
    state.retries++;
    await new Promise(r => setTimeout(r, Math.max(atLeast, backoff)));
    try {
      await api('/api/v1/reports?limit=1');
    } catch (e) {
      if (e.status) {
        await askForToken('האסימון נדחה · The token was refused');
        return start();
      }
    }
    connect();
  }

  // ---- patrollers on duty ------------------------------------------------------------------
  // Self-contained: each patroller sharing its position is a marker with its short trail, and a
  // row in the side panel; kept by `subscribed` (the list), `patroller.position` and
  // `patroller.off_duty`. Only the ops room's roles receive them (docs/live-protocol.md).
  const patrollers = (() => {
    // The server's patrollers.* settings (/config.json); its defaults until that is read.
    const setting = (name, fallback) => (state.patrollerConfig && state.patrollerConfig[name]) || fallback;
    const staleAfterMs = () => setting('staleMinutes', 5) * 60 * 1000;   // not heard from: shown greyed
    const trailPoints = () => setting('trailPoints', 20);
    const trailMs = () => setting('trailMinutes', 15) * 60 * 1000;
    const known = new Map();                // subject -> {data, trail: [[lat, lon, ms]], marker, line, row}

    function stale(entry) {
      return Date.now() - Date.parse(entry.data.at) > staleAfterMs();
    }

    function label(entry) {
      // Subjects are typed by people: always inserted as text.
      const element = document.createElement('span');
      const who = document.createElement('bdi');
      who.textContent = entry.data.subject;
      element.append(who, ' · ' + time(entry.data.at));
      return element;
    }

    function icon(entry) {
      const element = document.createElement('div');
      element.className = 'patroller-icon';
      element.dataset.patroller = entry.data.subject;
      element.dataset.stale = String(stale(entry));
      return L.divIcon({ html: element, className: 'patroller-marker', iconSize: [22, 22], iconAnchor: [11, 11] });
    }

    function trim(trail) {
      const since = Date.now() - trailMs();
      return trail.filter(p => p[2] >= since).slice(-trailPoints());
    }

    function draw(entry) {
      const isStale = stale(entry);
      const at = [entry.data.lat, entry.data.lon];
      entry.trail = trim(entry.trail);
      const line = entry.trail.map(p => [p[0], p[1]]);
      if (!entry.marker) {
        entry.marker = L.marker(at, { icon: icon(entry), pane: 'pins', keyboard: false }).addTo(state.map);
        entry.line = L.polyline(line, { weight: 2, opacity: 0.8, interactive: false, className: 'patroller-trail' }).addTo(state.map);
      } else {
        entry.marker.setLatLng(at).setIcon(icon(entry));
        entry.line.setLatLngs(line);
      }
      entry.marker.unbindTooltip().bindTooltip(label(entry), { permanent: true, direction: 'top', offset: [0, -10], className: 'patroller-label' });
      entry.line.setStyle({ color: isStale ? '#7f8c8d' : '#3fa9f5' });
      if (!entry.row) {
        entry.row = document.createElement('li');
        entry.row.addEventListener('click', () => state.map.panTo([entry.data.lat, entry.data.lon]));
        document.getElementById('patrollers').append(entry.row);
      }
      entry.row.dataset.patroller = entry.data.subject;
      entry.row.dataset.stale = String(isStale);
      entry.row.replaceChildren(label(entry));
      const districts = document.createElement('div');
      districts.className = 'meta';
      districts.textContent = (entry.data.districts || []).map(districtName).join(', ');
      entry.row.append(districts);
      document.getElementById('patrollers-empty').hidden = known.size > 0;
    }

    function upsert(data, trail) {
      const entry = known.get(data.subject) || { trail: [] };
      if (entry.data && Date.parse(entry.data.at) > Date.parse(data.at)) return; // an older position
      entry.data = data;
      if (trail) {
        entry.trail = trail.map(p => [p.lat, p.lon, Date.parse(p.at)]);
      } else {
        entry.trail.push([data.lat, data.lon, Date.parse(data.at)]);
      }
      known.set(data.subject, entry);
      draw(entry);
    }

    function remove(subject) {
      const entry = known.get(subject);
      if (!entry) return;
      entry.marker.remove();
      entry.line.remove();
      entry.row.remove();
      known.delete(subject);
      document.getElementById('patrollers-empty').hidden = known.size > 0;
    }

    /** Takes the messages about patrollers; ignores the rest. */
    function handle(m) {
      if (m.type === 'subscribed' && Array.isArray(m.patrollers)) {
        const listed = new Set(m.patrollers.map(p => p.subject));
        [...known.keys()].filter(s => !listed.has(s)).forEach(remove);
        m.patrollers.forEach(p => upsert(p, p.trail || []));
      } else if (m.type === 'patroller.position') {
        upsert(m.patroller, null);
      } else if (m.type === 'patroller.off_duty') {
        remove(m.subject);
      }
    }

    // Grey out the silent, and let trails age, without waiting for a message.
    setInterval(() => known.forEach(draw), 15000);
    return { handle };
  })();

  // ---- start -------------------------------------------------------------------------------

  async function start() {
    try {
      await api('/api/v1/reports?limit=1'); // checks the token before opening the stream
    } catch (e) {
      if (e.status) {
        await askForToken(state.token ? 'האסימון נדחה · The token was refused' : '');
        document.getElementById('signin').close();
        return start();
      }
      setStatus('offline', 'שגיאה · Error: ' + e.message);
    }
    document.getElementById('signout').hidden = false;
    connect();
  }

  document.getElementById('signout').addEventListener('click', () => {
    localStorage.removeItem(TOKEN_KEY);
    location.reload();
  });

  setInterval(renderSince, SINCE_REFRESH_MS);
  takeTokenFromUrl();
  drawMap().then(start).catch(e => setStatus('offline', 'שגיאה · Error: ' + e.message));
})();
