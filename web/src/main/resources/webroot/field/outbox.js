// The outbox: every action taken on the tablet (a status change, a new report, a photo) is
// written to IndexedDB first and sent from there, in order, when the network allows. An item
// leaves the outbox only once the server answered it, so nothing is lost when the tablet
// reloads or restarts; and every request can be repeated without a second effect, so nothing is
// done twice when an answer is lost on the way back (docs/field-app.md, "The outbox"):
// - a new report carries the id the tablet chose: a repeat is answered with the stored report;
// - a photo carries its own Idempotency-Key;
// - a status change is conditional on the version it was made on (If-Match): a repeat finds
//   the report one version further, made by this patroller with that status — its own change.

const DB_NAME = 'hamal-field';
const STORE = 'outbox';
const RETRY_MAX_MS = 60000;

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'seq', autoIncrement: true });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function done(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** A random UUID, also where crypto.randomUUID is missing (a page not served over HTTPS). */
export function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map(x => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export class Outbox {
  /**
   * @param send async (item) => outcome: 'sent' | 'retry' | {failed: reason} | 'signin'
   * @param changed called with the items after every change
   */
  constructor(send, changed) {
    this.send = send;
    this.changed = changed;
    this.db = open();
    this.running = false;
    this.retries = 0;
    this.timer = null;
  }

  async items() {
    const db = await this.db;
    return done(db.transaction(STORE).objectStore(STORE).getAll());
  }

  /** Adds items in one transaction (a report and its photos go in together), then sends. */
  async add(...items) {
    const db = await this.db;
    const tx = db.transaction(STORE, 'readwrite');
    for (const item of items) tx.objectStore(STORE).add({ ...item, state: 'waiting', queuedAt: Date.now() });
    await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); });
    await this.notify();
    this.flush();
  }

  async remove(seq) {
    const db = await this.db;
    await done(db.transaction(STORE, 'readwrite').objectStore(STORE).delete(seq));
    await this.notify();
  }

  async put(item) {
    const db = await this.db;
    await done(db.transaction(STORE, 'readwrite').objectStore(STORE).put(item));
    await this.notify();
  }

  async clear() {
    const db = await this.db;
    await done(db.transaction(STORE, 'readwrite').objectStore(STORE).clear());
    await this.notify();
  }

  async notify() {
    this.changed(await this.items());
  }

  /**
   * Sends what waits, oldest first, one at a time; stops at the first that cannot go now and
   * tries again later. Only one tab of the app sends at a time (a Web Lock where available).
   */
  flush() {
    if (this.running) return;
    this.running = true;
    const run = () => this.drain().finally(() => { this.running = false; });
    (navigator.locks ? navigator.locks.request('hamal-field-outbox', run) : run()).catch(() => {});
  }

  async drain() {
    clearTimeout(this.timer);
    for (;;) {
      const waiting = (await this.items()).filter(i => i.state === 'waiting');
      if (!waiting.length) {
        this.retries = 0;
        return;
      }
      const item = waiting[0];
      let outcome;
      try {
        outcome = await this.send(item);
      } catch (e) {
        outcome = 'retry'; // the network: the request may or may not have arrived
      }
      if (outcome === 'sent') {
        this.retries = 0;
        await this.remove(item.seq);
      } else if (outcome === 'retry' || outcome === 'signin') {
        if (outcome === 'retry') this.later();
        return;
      } else {
        // Refused for good (a conflict, an invalid item): kept and shown, never resent; what
        // depended on it (a photo of a report never created) fails with it.
        await this.put({ ...item, state: 'failed', reason: outcome.failed, detail: outcome.detail || null });
        for (const other of waiting.slice(1)) {
          if (item.kind === 'report' && other.reportId === item.report.id) {
            await this.put({ ...other, state: 'failed', reason: 'report_not_created' });
          }
        }
      }
    }
  }

  later() {
    const backoff = Math.min(RETRY_MAX_MS, 2000 * 2 ** this.retries) * (0.5 + Math.random() / 2);
    this.retries++;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), backoff);
  }
}
