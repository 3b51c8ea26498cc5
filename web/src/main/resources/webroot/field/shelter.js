// The shelter screen (docs/alerts.md, "What the screens do"; docs/field-app.md, "Rocket alerts"):
// when an active alert concerns this tablet — its districts overlap the token's, or the tablet's
// last known position lies in one of its areas — the whole screen says to take shelter, counts
// down the time to reach it and then the stay, and vibrates; the queue behind it is greyed and
// inert. One tap answers "I am safe" through the outbox. When the alert is cleared or its stay
// ends, the screen says the patroller may leave. Kept in localStorage, so a reload without a
// network still shows it; the stream's `alerts` message on connecting brings the server's truth.

import { t, lang, clockTime } from './i18n.js';
import { noteAlert } from '../lib/sla.js';
import { containsPoint } from '../lib/geo.js';

const STATE_KEY = 'hamal.field.shelter';
const TICK_MS = 1000;
const VIBRATION = [700, 200, 700, 200, 700];
// Threats whose safe place is not a shelter (the Home Front Command's instructions).
const HEADLINE = { earthquake: 'openAreaNow', tsunami: 'awayFromShoreNow', 'terrorist-infiltration': 'lockInNow' };

/** m:ss */
function countdown(ms) {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export class Shelter {
  /**
   * @param subject the patroller (the token's subject)
   * @param districts the token's districts
   * @param outbox where "I am safe" waits until it is sent
   * @param sheltering called with true while the screen is up (the app makes its queue inert)
   */
  constructor({ subject, districts, outbox, sheltering }) {
    this.subject = subject;
    this.districts = districts;
    this.outbox = outbox;
    this.sheltering = sheltering;
    this.areas = new Map(); // alert-area id → GeoJSON feature
    this.areasVersion = null;
    this.alerts = new Map(); // the active alerts, as the server last said
    this.shown = new Map(); // the alerts this screen shows: once shown, until gone or over
    this.seen = {}; // alert id → when this tablet first showed it (its own clock)
    this.answered = {}; // alert id → when "I am safe" was tapped (ISO), until the server says so
    // Alerts whose stay ended here while the server still lists them (its sweep comes a little
    // later): never shown again, or they would start a fresh stay.
    this.over = new Set();
    this.leave = false;
    this.here = null;
    this.saved = null;
    this.timer = null;
    this.restore();
    this.el = document.getElementById('shelter');
    this.leaveEl = document.getElementById('leave-shelter');
    this.el.querySelector('[data-safe-button]').addEventListener('click', () => this.safe());
    this.leaveEl.querySelector('[data-leave-dismiss]').addEventListener('click', () => {
      this.leave = false;
      this.render();
    });
  }

  restore() {
    try {
      const saved = JSON.parse(localStorage.getItem(STATE_KEY) || 'null');
      if (saved && saved.subject === this.subject) {
        for (const a of saved.shown) {
          this.shown.set(a.id, a);
          this.alerts.set(a.id, a); // until the stream says otherwise
        }
        this.seen = saved.seen || {};
        this.answered = saved.answered || {};
        this.leave = !!saved.leave;
        this.over = new Set(saved.over || []);
        this.here = saved.here || null;
      }
    } catch (e) {
      localStorage.removeItem(STATE_KEY);
    }
  }

  save() {
    const state = JSON.stringify({
      subject: this.subject, shown: [...this.shown.values()], seen: this.seen, answered: this.answered,
      leave: this.leave, here: this.here, over: [...this.over]
    });
    if (state !== this.saved) localStorage.setItem(STATE_KEY, state);
    this.saved = state;
  }

  static forget() {
    localStorage.removeItem(STATE_KEY);
  }

  /** The alert areas (public GeoJSON): for the tablet's position, and each area's names. */
  async loadAreas() {
    try {
      const response = await fetch('/api/v1/alert-areas');
      if (!response.ok) return;
      const collection = await response.json();
      this.areas = new Map(collection.features.map(f => [f.properties.id, f]));
      this.areasVersion = collection.version;
      this.render();
    } catch (e) {
      // no network and nothing cached: the districts still tell which alerts concern this tablet
    }
  }

  /** A live message: `alerts` (on connecting: all the active ones), `alert` (one changed), `alert-areas`. */
  message(m) {
    if (m.type === 'alerts') {
      m.alerts.forEach(noteAlert);
      this.alerts = new Map(m.alerts.filter(a => a.status === 'active').map(a => [a.id, a]));
    } else if (m.type === 'alert') {
      noteAlert(m.alert);
      if (m.alert.status === 'active') this.alerts.set(m.alert.id, m.alert);
      else this.alerts.delete(m.alert.id);
    } else if (m.type === 'alert-areas') {
      if (m.version !== this.areasVersion) this.loadAreas();
      return;
    }
    for (const id of this.over) if (!this.alerts.has(id)) this.over.delete(id);
    this.render();
  }

  /** The tablet's position: an alert over where the patroller stands concerns them too. */
  position(here) {
    this.here = { lon: here.lon, lat: here.lat };
    this.render();
  }

  concerns(alert) {
    if ((alert.patrollers || []).some(p => p.id === this.subject)) return true; // the server counted this patroller
    if ((alert.districts || []).some(d => this.districts.includes(d))) return true;
    return !!this.here && (alert.areas || []).some(a => containsPoint(this.areas.get(a.id), this.here.lat, this.here.lon));
  }

  /**
   * When the stay is over. The later of the server's end and a full stay from when this tablet
   * first showed it: a tablet whose clock runs ahead must not send people out early (the server's
   * `ended` message ends it in any case).
   */
  endOf(alert) {
    const ends = Date.parse(alert.endsAt);
    const seen = this.seen[alert.id] ?? Date.now();
    return Math.max(ends, seen + (ends - Date.parse(alert.startedAt)));
  }

  /** When the shelter must be reached: the earlier of the server's clock and this tablet's (a clock behind must not give more time). */
  reachBy(alert) {
    const seconds = Math.min(...(alert.areas || []).map(a => a.shelterSeconds ?? 0), Infinity);
    const from = Math.min(Date.parse(alert.startedAt), this.seen[alert.id] ?? Date.now());
    return from + (Number.isFinite(seconds) ? seconds : 0) * 1000;
  }

  render() {
    const now = Date.now();
    const wasShown = this.shown.size > 0;
    let fresh = false;
    for (const alert of this.alerts.values()) {
      if (this.shown.has(alert.id)) {
        this.shown.set(alert.id, alert); // its newer copy (areas added, answers)
      } else if (!this.over.has(alert.id) && this.concerns(alert)) {
        this.seen[alert.id] = now;
        this.shown.set(alert.id, alert);
        fresh = true;
      }
    }
    for (const [id, alert] of this.shown) {
      const ended = this.endOf(alert) <= now;
      if (!this.alerts.has(id) || ended) {
        this.shown.delete(id);
        delete this.seen[id];
        delete this.answered[id];
        if (ended) this.over.add(id);
      }
    }
    if (this.shown.size) this.leave = false;
    else if (wasShown) this.leave = true;
    this.draw(now);
    if (fresh) {
      navigator.vibrate?.(VIBRATION);
      // An alert dialog takes the focus, so that a screen reader says it and a key answers it.
      this.el.querySelector('[data-safe-button]:not([hidden])')?.focus({ preventScroll: true });
    }
    this.save();
    if (this.shown.size && !this.timer) this.timer = setInterval(() => this.render(), TICK_MS);
    if (!this.shown.size && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  /** When this patroller answered the alert (the server's time once it has it), or null. */
  answeredAt(alert) {
    const mine = (alert.patrollers || []).find(p => p.id === this.subject);
    return mine?.safeAt || this.answered[alert.id] || null;
  }

  draw(now) {
    const alerts = [...this.shown.values()].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt));
    const state = alerts.length ? 'sheltering' : this.leave ? 'leave' : 'none';
    document.body.dataset.shelter = state;
    this.el.dataset.shelter = state;
    this.el.hidden = !alerts.length;
    this.leaveEl.hidden = state !== 'leave';
    this.sheltering(alerts.length > 0);
    if (!alerts.length) return;

    const $ = selector => this.el.querySelector(selector);
    this.el.dataset.alertIds = alerts.map(a => a.id).join(' ');
    $('[data-shelter-title]').textContent = t(HEADLINE[alerts[0].threat] || 'shelterNow');
    $('[data-shelter-threat]').textContent = [...new Set(alerts.map(a => t('threat.' + a.threat)))].join(' · ');
    $('[data-shelter-areas]').textContent = [...new Set(alerts.flatMap(a => (a.areas || []).map(area =>
      (lang() === 'he' ? area.name_he : area.name_en) || area.id)))].join(', ');

    const reaching = alerts.map(a => this.reachBy(a)).filter(at => at > now);
    const phase = reaching.length ? 'reach' : 'stay';
    const until = reaching.length ? Math.min(...reaching) : Math.max(...alerts.map(a => this.endOf(a)));
    const clock = $('[data-shelter-countdown]');
    clock.dataset.shelterCountdown = phase;
    clock.dataset.seconds = String(Math.max(0, Math.ceil((until - now) / 1000)));
    clock.textContent = countdown(until - now);
    $('[data-shelter-phase]').textContent = t(phase === 'reach' ? 'reachShelter' : 'stayInShelter');

    const open = alerts.filter(a => !this.answeredAt(a));
    const button = $('[data-safe-button]');
    button.hidden = open.length === 0;
    const answered = $('[data-safe-answered]');
    answered.hidden = open.length > 0;
    if (!open.length) {
      const times = alerts.map(a => this.answeredAt(a)).sort((x, y) => Date.parse(x) - Date.parse(y));
      const sent = alerts.every(a => (a.patrollers || []).some(p => p.id === this.subject && p.safeAt));
      answered.dataset.safeAnswered = sent ? 'sent' : 'waiting';
      answered.textContent = t('answeredAt', { time: clockTime(times[times.length - 1]) }) + (sent ? '' : ` — ${t('queued')}`);
    }
  }

  /** "I am safe", for every alert on the screen not yet answered: through the outbox, so it goes when it can. */
  async safe() {
    const at = new Date().toISOString();
    const open = [...this.shown.values()].filter(a => !this.answeredAt(a));
    if (!open.length) return;
    for (const a of open) this.answered[a.id] = at;
    this.render();
    await this.outbox.add(...open.map(a => ({ kind: 'safe', alertId: a.id })));
  }
}
