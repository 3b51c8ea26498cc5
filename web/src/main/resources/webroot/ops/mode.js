// The mode banner: the city's mode, readable across the room, with what brought it, who and why,
// and since when.

import { minutesAgo, time } from './text.js';

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
  'alerts': 'התרעות פיקוד העורף · Home Front Command alerts',
  'start': 'הפעלת המערכת · system start'
};
const SINCE_REFRESH_MS = 15000;
const $ = id => document.getElementById(id);

export class ModeBanner {
  constructor() {
    this.since = null;
    this.current = null;
    setInterval(() => this.renderSince(), SINCE_REFRESH_MS);
  }

  /** A `mode` message (or a mode API answer): shows it; returns 'routine' or 'emergency'. */
  show(m) {
    const mode = m.mode === 'emergency' ? 'emergency' : 'routine';
    this.current = m;
    this.since = new Date(m.since);
    document.body.dataset.mode = mode;
    const banner = $('mode-banner');
    banner.dataset.mode = mode;
    banner.dataset.trigger = m.trigger || '';
    banner.dataset.manual = String(!!m.manual);
    $('mode-title').textContent = MODE_TEXT[mode].he;
    $('mode-title-en').textContent = MODE_TEXT[mode].en;
    const why = [TRIGGER_TEXT[m.trigger] || m.trigger];
    if (m.actor && m.actor !== 'system') why.push(m.actor);
    if (m.reason) why.push(m.reason);
    $('mode-reason').textContent = why.filter(Boolean).join(' — ');
    this.renderSince();
    return mode;
  }

  renderSince() {
    const since = this.since;
    $('mode-since').textContent = since && !isNaN(since) ? `מאז ${time(since)} · ${minutesAgo(since)}` : '';
  }
}
