// Patrollers on duty: each one sharing its position is a marker with its short trail, and a row in
// the side panel; kept by `subscribed` (the list), `patroller.position` and `patroller.off_duty`.
// Only the ops room's roles receive them (docs/live-protocol.md).

import { districtName, time } from './text.js';

const REDRAW_MS = 15000;

export class Patrollers {
  constructor(map, config) {
    this.map = map;
    // The server's patrollers.* settings (/config.json); its defaults when it gives none.
    const setting = (name, fallback) => (config && config[name]) || fallback;
    this.staleAfterMs = setting('staleMinutes', 5) * 60 * 1000; // not heard from: shown greyed
    this.trailPoints = setting('trailPoints', 20);
    this.trailMs = setting('trailMinutes', 15) * 60 * 1000;
    this.known = new Map(); // subject -> {data, trail: [[lat, lon, ms]], marker, line, row}
    // Grey out the silent, and let trails age, without waiting for a message.
    setInterval(() => this.known.forEach(e => this.draw(e)), REDRAW_MS);
  }

  /** The patrollers on duty now, the latest heard first (for a picker). */
  onDuty() {
    return [...this.known.values()].map(e => ({ ...e.data, stale: this.stale(e) }))
      .sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  }

  /** Takes the messages about patrollers; ignores the rest. */
  handle(m) {
    if (m.type === 'subscribed' && Array.isArray(m.patrollers)) {
      const listed = new Set(m.patrollers.map(p => p.subject));
      [...this.known.keys()].filter(s => !listed.has(s)).forEach(s => this.remove(s));
      m.patrollers.forEach(p => this.upsert(p, p.trail || []));
    } else if (m.type === 'patroller.position') {
      this.upsert(m.patroller, null);
    } else if (m.type === 'patroller.off_duty') {
      this.remove(m.subject);
    }
  }

  stale(entry) {
    return Date.now() - Date.parse(entry.data.at) > this.staleAfterMs;
  }

  label(entry) {
    // Subjects are typed by people: always inserted as text.
    const element = document.createElement('span');
    const who = document.createElement('bdi');
    who.textContent = entry.data.subject;
    element.append(who, ' · ' + time(entry.data.at));
    return element;
  }

  icon(entry) {
    const element = document.createElement('div');
    element.className = 'patroller-icon';
    element.dataset.patroller = entry.data.subject;
    element.dataset.stale = String(this.stale(entry));
    return L.divIcon({ html: element, className: 'patroller-marker', iconSize: [22, 22], iconAnchor: [11, 11] });
  }

  draw(entry) {
    const isStale = this.stale(entry);
    const at = [entry.data.lat, entry.data.lon];
    const since = Date.now() - this.trailMs;
    entry.trail = entry.trail.filter(p => p[2] >= since).slice(-this.trailPoints);
    const line = entry.trail.map(p => [p[0], p[1]]);
    if (!entry.marker) {
      entry.marker = L.marker(at, { icon: this.icon(entry), pane: 'pins', keyboard: false }).addTo(this.map.map);
      entry.line = L.polyline(line, { weight: 2, opacity: 0.8, interactive: false, className: 'patroller-trail' }).addTo(this.map.map);
    } else {
      entry.marker.setLatLng(at).setIcon(this.icon(entry));
      entry.line.setLatLngs(line);
    }
    entry.marker.unbindTooltip().bindTooltip(this.label(entry), { permanent: true, direction: 'top', offset: [0, -10], className: 'patroller-label' });
    entry.line.setStyle({ color: isStale ? '#7f8c8d' : '#3fa9f5' });
    if (!entry.row) {
      entry.row = document.createElement('li');
      entry.row.addEventListener('click', () => this.map.panTo(entry.data.lat, entry.data.lon));
      document.getElementById('patrollers').append(entry.row);
    }
    entry.row.dataset.patroller = entry.data.subject;
    entry.row.dataset.stale = String(isStale);
    entry.row.replaceChildren(this.label(entry));
    const districts = document.createElement('div');
    districts.className = 'meta';
    districts.textContent = (entry.data.districts || []).map(districtName).join(', ');
    entry.row.append(districts);
    document.getElementById('patrollers-empty').hidden = this.known.size > 0;
  }

  upsert(data, trail) {
    const entry = this.known.get(data.subject) || { trail: [] };
    if (entry.data && Date.parse(entry.data.at) > Date.parse(data.at)) return; // an older position
    entry.data = data;
    if (trail) {
      entry.trail = trail.map(p => [p.lat, p.lon, Date.parse(p.at)]);
    } else {
      entry.trail.push([data.lat, data.lon, Date.parse(data.at)]);
    }
    this.known.set(data.subject, entry);
    this.draw(entry);
  }

  remove(subject) {
    const entry = this.known.get(subject);
    if (!entry) return;
    entry.marker.remove();
    entry.line.remove();
    entry.row.remove();
    this.known.delete(subject);
    document.getElementById('patrollers-empty').hidden = this.known.size > 0;
  }
}
