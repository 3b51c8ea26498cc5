// Ops room: district map, live report markers and open-report counts per district.
// Plain browser JavaScript, no build step. Resident text is only ever inserted as text.
(() => {
  'use strict';

  const TOKEN_KEY = 'hamal.token';
  const LATEST_MAX = 30;
  const RETRY_MAX_MS = 30000;
  const LIFE_SAFETY = new Set(['injury', 'fire', 'gas-leak', 'building-hit', 'trapped', 'power-line-down', 'shelter']);
  const CATEGORY_HE = {
    'injury': 'פצועים', 'fire': 'שריפה', 'gas-leak': 'דליפת גז', 'building-hit': 'פגיעה במבנה',
    'trapped': 'לכודים', 'power-line-down': 'קו חשמל קרוע', 'shelter': 'מקלט', 'hazard': 'מפגע',
    'electricity': 'חשמל', 'water': 'מים', 'sewage': 'ביוב', 'roads': 'כבישים', 'pothole': 'בור בכביש',
    'trees': 'עצים', 'sanitation': 'תברואה', 'garbage': 'אשפה', 'noise': 'רעש', 'animals': 'בעלי חיים',
    'welfare': 'רווחה', 'education': 'חינוך', 'other': 'אחר'
  };
  const OPEN = new Set(['new', 'acknowledged', 'assigned', 'en_route', 'on_site']);

  const state = {
    token: null,
    map: null,
    names: new Map(),      // district id -> {he, en}
    counts: new Map(),     // district id -> open reports shown
    markers: new Map(),    // report id -> Leaflet marker
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
    const config = await fetch('/config.json').then(r => r.json()).catch(() => ({}));
    if (config.tileUrl) {
      // Tiles are decoration: when they cannot load the polygons below still make the map.
      L.tileLayer(config.tileUrl, { attribution: config.tileAttribution || '', maxZoom: 19 }).addTo(map);
    }
    const districts = await fetch('/api/v1/districts').then(r => r.json());
    const layer = L.geoJSON(districts, {
      style: f => f.properties.kind === 'service-district'
        ? { color: '#4aa3df', weight: 2, fillColor: '#4aa3df', fillOpacity: 0.12 }
        : { color: '#b8b8b8', weight: 2, dashArray: '6 4', fillColor: '#b8b8b8', fillOpacity: 0.08 },
      onEachFeature: feature => {
        const p = feature.properties;
        state.names.set(p.id, { he: p.name_he || p.id, en: p.name_en || '' });
      }
    }).addTo(map);
    for (const feature of districts.features) {
      const p = feature.properties;
      // The server gives a point well inside the district's largest part.
      const at = p.label ? L.latLng(p.label[1], p.label[0]) : null;
      if (at) {
        L.tooltip({ permanent: true, direction: 'center', className: 'district-label', interactive: false })
          .setLatLng(at).setContent(label(p.name_he || p.id, p.name_en)).addTo(map);
      }
    }
    map.fitBounds(layer.getBounds(), { padding: [10, 10] });
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

  // ---- reports -----------------------------------------------------------------------------

  // The open reports this screen shows, by id: the snapshot, then every change applied in order.
  const reports = new Map();

  function upsert(report, live) {
    const known = reports.get(report.id);
    if (known && known.version >= report.version) return; // an older or repeated version
    if (!OPEN.has(report.status)) { remove(report.id); return; }
    reports.set(report.id, report);
    const marker = state.markers.get(report.id);
    if (marker) {
      marker.setStyle(markerStyle(report));
      marker.setPopupContent(() => popup(report));
    } else {
      const created = L.circleMarker([report.location.lat, report.location.lon], markerStyle(report)).addTo(state.map);
      created.bindPopup(() => popup(report));
      const element = created.getElement();
      if (element) {
        element.dataset.reportId = report.id;
        element.dataset.district = report.district;
      }
      state.markers.set(report.id, created);
      if (!known) addLatest(report);
    }
    recount(live ? report.district : null);
  }

  function remove(id) {
    const known = reports.get(id);
    reports.delete(id);
    const marker = state.markers.get(id);
    if (marker) { marker.remove(); state.markers.delete(id); }
    if (known) recount(null);
  }

  function clearAll() {
    reports.clear();
    state.markers.forEach(m => m.remove());
    state.markers.clear();
    recount(null);
  }

  function markerStyle(report) {
    const urgent = (report.priority || 0) >= 5 || LIFE_SAFETY.has(report.category);
    return {
      radius: urgent ? 10 : 7, color: '#000', weight: 1,
      fillColor: urgent ? '#e74c3c' : '#f5a623', fillOpacity: 0.9, className: 'report-marker'
    };
  }

  function popup(report) {
    const div = document.createElement('div');
    const title = document.createElement('b');
    title.textContent = (CATEGORY_HE[report.category] || report.category) + ' · ' + report.category;
    const text = document.createElement('p');
    text.textContent = report.description || '';
    const meta = document.createElement('small');
    meta.textContent = districtName(report.district) + ' · ' + time(report.receivedAt) + ' · ' +
      report.channel + ' · ' + report.status + (report.assignee ? ' · ' + report.assignee : '');
    div.append(title, text, meta);
    return div;
  }

  function recount(flashDistrict) {
    state.counts.forEach((n, d) => state.counts.set(d, 0));
    reports.forEach(r => state.counts.set(r.district, (state.counts.get(r.district) || 0) + 1));
    let total = 0;
    state.counts.forEach((n, district) => {
      total += n;
      const row = document.querySelector(`#counts tr[data-district="${CSS.escape(district)}"]`);
      if (row) row.querySelector('.n').textContent = String(n);
    });
    document.getElementById('total').textContent = String(total);
    if (flashDistrict) {
      const row = document.querySelector(`#counts tr[data-district="${CSS.escape(flashDistrict)}"]`);
      if (row) {
        row.classList.remove('flash');
        void row.offsetWidth; // restart the animation
        row.classList.add('flash');
      }
    }
  }

  function addLatest(report) {
    const list = document.getElementById('latest');
    const item = document.createElement('li');
    item.dataset.reportId = report.id;
    const what = document.createElement('div');
    what.textContent = (CATEGORY_HE[report.category] || report.category) +
      (report.description ? ' — ' + report.description : '');
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
    return isNaN(d) ? '' : d.toLocaleTimeString('he-IL', { hour: '2-digit', minute: '2-digit' });
  }

  // ---- live stream (docs/live-protocol.md) ---------------------------------------------------

  const stream = { epoch: null, seq: null, lastMessage: 0, heartbeatSeconds: 15, watchdog: null };

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

  function handle(socket, m) {
    if (typeof m.seq === 'number' && m.type !== 'hello' && m.type !== 'subscribed') stream.seq = m.seq;
    switch (m.type) {
      case 'hello': {
        stream.heartbeatSeconds = m.heartbeatSeconds || 15;
        const subscribe = { type: 'subscribe', filter: {} };
        // Back after a drop: ask for exactly what was missed, on whichever node answers.
        if (stream.epoch && stream.seq !== null) subscribe.resume = { epoch: stream.epoch, seq: stream.seq };
        socket.send(JSON.stringify(subscribe));
        watch(socket);
        break;
      }
      case 'subscribed':
        stream.epoch = m.epoch;
        stream.seq = m.seq;
        if (m.mode === 'snapshot') clearAll();
        setStatus('live', 'מחובר · Live');
        document.body.dataset.live = 'true';
        break;
      case 'snapshot':
        m.reports.forEach(r => upsert(r, false));
        break;
      case 'report.created':
      case 'report.updated':
        upsert(m.report, true);
        break;
      case 'report.closed':
        remove(m.report.id);
        break;
      case 'report.removed':
        remove(m.id);
        break;
      case 'batch':
        m.reports.forEach(r => upsert(r, true));
        m.removed.forEach(remove);
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

  takeTokenFromUrl();
  drawMap().then(start).catch(e => setStatus('offline', 'שגיאה · Error: ' + e.message));
})();
