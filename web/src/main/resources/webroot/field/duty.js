// On duty: while the patroller says so and the tablet shares its position, the position goes to
// the ops room (PUT /api/v1/patrollers/me/position) at most once per interval; going off duty
// removes it there at once. Positions never wait in the outbox: a stale one is worth nothing.

import { t } from './i18n.js';

const DUTY_KEY = 'hamal.field.duty';
const INTERVAL_MS = 15000;

export class Duty {
  constructor(api, button) {
    this.api = api;
    this.button = button;
    this.on = localStorage.getItem(DUTY_KEY) === 'on';
    this.nextAt = 0;
    this.last = null;
    button.addEventListener('click', () => (this.on ? this.off() : this.start()));
    this.render();
  }

  render() {
    this.button.dataset.duty = this.on ? 'on' : 'off';
    this.button.setAttribute('aria-pressed', String(this.on));
    this.button.textContent = this.on ? t('onDuty') : t('offDuty');
  }

  start() {
    this.on = true;
    this.nextAt = 0;
    localStorage.setItem(DUTY_KEY, 'on');
    this.render();
    if (this.last) this.position(this.last);
  }

  async off() {
    const wasOn = this.on;
    this.on = false;
    localStorage.setItem(DUTY_KEY, 'off');
    this.render();
    if (wasOn) {
      await this.api.request('DELETE', '/api/v1/patrollers/me/position').catch(() => {});
    }
  }

  /** A new position from the tablet: sent if on duty and the interval has passed. */
  async position(here) {
    this.last = here;
    if (!this.on || Date.now() < this.nextAt || !navigator.onLine) return;
    this.nextAt = Date.now() + INTERVAL_MS;
    try {
      const response = await this.api.request('PUT', '/api/v1/patrollers/me/position',
        { body: { lon: here.lon, lat: here.lat, accuracyM: here.accuracyM } });
      if (response.status === 429) {
        const after = Number(response.headers.get('Retry-After')) || INTERVAL_MS / 1000;
        this.nextAt = Date.now() + after * 1000;
      }
    } catch (e) {
      // the network: the next position tries again
    }
  }
}
