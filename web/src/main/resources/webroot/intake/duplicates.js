// "Already reported": the open incidents of the chosen category whose centre is within the
// grouping distance (incidents.radiusMeters) of the chosen point and whose latest report is within
// the grouping time (incidents.windowMinutes), nearest first. The call-taker takes one with
// Alt+1…9 (or a click): the report then asks to join it (`incident` in POST /api/v1/reports), so a
// second call about one event is one more report of it, not a new incident.

import { t, ago, distance } from './i18n.js';
import { metres } from './coords.js';

// At most this many are offered (Alt+1 … Alt+9).
const SHOWN = 9;
// While a call goes on, incidents change: the hint is asked again this often.
const REFRESH_MS = 15000;

export class DuplicateHint {
  constructor(element, api, config, onChange) {
    this.element = element;
    this.api = api;
    this.radius = config.incidents?.radiusMeters ?? 150;
    this.windowMs = (config.incidents?.windowMinutes ?? 15) * 60000;
    this.onChange = onChange;
    this.found = [];
    this.joined = null;
    this.asked = 0;
    setInterval(() => { if (this.category && this.point) this.update(this.category, this.point); }, REFRESH_MS);
  }

  /** The category or the point changed: ask again (and forget a join that may no longer fit). */
  async update(category, point) {
    this.category = category;
    this.point = point;
    const asked = ++this.asked;
    if (!category || !point || !point.district) return this.show([]);
    let incidents = [];
    try {
      ({ incidents } = await this.api.json(`/api/v1/incidents?category=${encodeURIComponent(category)}`));
    } catch (e) {
      // the hint is a help, not a condition: without it the call is taken as a new report
    }
    if (asked !== this.asked) return;
    const now = Date.now();
    const near = (incidents || [])
      .map(i => ({ incident: i, meters: metres(point, i.centroid) }))
      .filter(n => n.meters <= this.radius && now - n.incident.lastAt <= this.windowMs)
      .sort((a, b) => a.meters - b.meters)
      .slice(0, SHOWN);
    this.show(near);
  }

  show(near) {
    this.found = near;
    if (this.joined && !near.some(n => n.incident.id === this.joined)) this.joined = null;
    this.render();
    this.onChange();
  }

  render() {
    const list = this.element.querySelector('ol');
    this.element.dataset.count = this.found.length;
    this.element.querySelector('.none').hidden = this.found.length > 0 || !this.point?.district || !this.category;
    list.replaceChildren(...this.found.map((n, i) => {
      const li = document.createElement('li');
      const i1 = n.incident;
      li.dataset.incidentId = i1.id;
      li.dataset.count = i1.count;
      li.dataset.distanceM = Math.round(n.meters);
      li.dataset.joined = String(this.joined === i1.id);
      const button = document.createElement('button');
      button.type = 'button';
      button.setAttribute('aria-pressed', String(this.joined === i1.id));
      button.tabIndex = -1; // Alt+number from any field; a click works too
      const key = document.createElement('kbd');
      key.textContent = t('joinKey', { n: i + 1 });
      const text = document.createElement('span');
      const words = i1.count === 1 ? 'alreadyOne' : 'already';
      text.textContent = t(words, { n: i1.count, d: distance(n.meters), t: ago(Date.now() - i1.lastAt) });
      button.append(key, text);
      if (this.joined === i1.id) {
        const mark = document.createElement('span');
        mark.className = 'joined';
        mark.textContent = t('joined');
        button.append(mark);
      }
      button.addEventListener('click', () => this.take(i));
      li.append(button);
      return li;
    }));
  }

  /** Alt+n: join the n-th incident (1-based), or leave it when it was already taken. */
  take(index) {
    const n = this.found[index];
    if (!n) return false;
    this.joined = this.joined === n.incident.id ? null : n.incident.id;
    this.render();
    this.onChange();
    return true;
  }

  clear() {
    this.joined = null;
    this.category = null;
    this.point = null;
    this.asked++;
    this.show([]);
  }
}
