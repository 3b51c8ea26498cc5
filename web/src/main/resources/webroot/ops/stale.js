// When the stream is down the screen is not the city's picture any more: after a short grace (a
// reconnect usually takes a second) the whole screen says so, with since when, until it is live.
// Hook: body[data-stale="true"], the notice #stale.

import { time } from './text.js';

// Shorter drops are reconnects, not news for the room.
const STALE_AFTER_MS = 3000;

export class StaleNotice {
  constructor() {
    this.since = null; // when the stream went down
    this.timer = null;
    this.notice = document.createElement('div');
    this.notice.id = 'stale';
    this.notice.className = 'stale-notice';
    this.notice.setAttribute('role', 'alert');
    const title = document.createElement('div');
    title.className = 'stale-title';
    title.append(words('הנתונים אינם עדכניים'), ' · ', words('DATA IS STALE', 'en'));
    this.sinceText = document.createElement('div');
    this.sinceText.className = 'stale-since';
    this.notice.append(title, this.sinceText);
    document.body.append(this.notice);
    document.body.dataset.stale = 'false';
  }

  /** The stream's state, as the page is told it. */
  state(live) {
    if (live) {
      clearTimeout(this.timer);
      this.timer = null;
      this.since = null;
      document.body.dataset.stale = 'false';
      return;
    }
    if (this.since) return;
    this.since = new Date();
    this.timer = setTimeout(() => this.show(), STALE_AFTER_MS);
  }

  show() {
    const at = time(this.since.toISOString());
    this.sinceText.replaceChildren(words('מאז ' + at), ' · ', words('since ' + at, 'en'));
    document.body.dataset.stale = 'true';
  }
}

function words(text, lang) {
  const bdi = document.createElement('bdi');
  bdi.textContent = text;
  if (lang) bdi.lang = lang;
  return bdi;
}
