// A tone when a life-safety report arrives live, for a room that is not looking at the wall.
// Off by default; the choice is remembered by the browser. A snapshot (a (re)subscription)
// brings no tone: only what arrives while the page is live.
// Hooks: button [data-sound-toggle]; body[data-sound="on|off"]; body[data-alerts] counts tones.

import { urgent } from './map.js';

const STORE_KEY = 'hamal.sound';
// At most one tone in this long, so a barrage is a steady alarm, not noise.
const MIN_GAP_MS = 1500;
const TONE_HZ = [880, 660];
const BEEP_S = 0.18;
const VOLUME = 0.3;

export class Sound {
  /** @param held (id) -> true when the page already holds that report */
  constructor(held) {
    this.held = held;
    this.on = localStorage.getItem(STORE_KEY) === 'on';
    this.last = 0;
    this.context = null;
    this.button = document.createElement('button');
    this.button.type = 'button';
    this.button.className = 'sound-toggle';
    this.button.dataset.soundToggle = '';
    this.button.addEventListener('click', () => this.set(!this.on));
    const bar = document.querySelector('header.bar');
    bar.insertBefore(this.button, document.getElementById('signout'));
    document.body.dataset.alerts = '0';
    this.show();
  }

  set(on) {
    this.on = on;
    localStorage.setItem(STORE_KEY, on ? 'on' : 'off');
    // A click is the gesture a browser wants before it lets a page make sound.
    if (on) this.audio();
    this.show();
  }

  show() {
    document.body.dataset.sound = this.on ? 'on' : 'off';
    this.button.setAttribute('aria-pressed', String(this.on));
    this.button.textContent = this.on ? 'צליל פעיל · Sound on' : 'צליל כבוי · Sound off';
  }

  /** Called with each live message before the board applies it. */
  handle(m) {
    if (!this.on) return;
    let reports = [];
    if (m.type === 'report.created') reports = [m.report];
    else if (m.type === 'batch') reports = m.reports.filter(r => r.status === 'new' && !this.held(r.id));
    if (reports.some(urgent)) this.alert();
  }

  alert() {
    const now = Date.now();
    if (now - this.last < MIN_GAP_MS) return;
    this.last = now;
    document.body.dataset.alerts = String(Number(document.body.dataset.alerts) + 1);
    this.tone();
  }

  audio() {
    if (!this.context && window.AudioContext) this.context = new AudioContext();
    if (this.context && this.context.state === 'suspended') this.context.resume();
    return this.context;
  }

  tone() {
    const context = this.audio();
    if (!context) return;
    const start = context.currentTime;
    TONE_HZ.forEach((hz, i) => {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.frequency.value = hz;
      gain.gain.value = VOLUME;
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start + i * BEEP_S);
      oscillator.stop(start + (i + 1) * BEEP_S);
    });
  }
}
