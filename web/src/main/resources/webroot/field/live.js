// The live stream (docs/live-protocol.md) for one patroller's districts, and the picture it
// builds: the open reports, kept in localStorage with the stream's position, so that a reload
// without network shows the last known queue and a reconnect resumes where the tablet left off.

const PICTURE_KEY = 'hamal.field.picture';
const RETRY_MAX_MS = 30000;
const SAVE_AFTER_MS = 500;

export class LiveQueue {
  /**
   * @param token the bearer token
   * @param subject whose picture this is (a picture saved by another patroller is not used)
   * @param events {changed(kind, report, fresh), status(state), mode(message), alerting(message),
   *   refused(reason), authorized(): Promise<boolean>}
   */
  constructor(token, subject, events) {
    this.token = token;
    this.subject = subject;
    this.events = events;
    this.reports = new Map();
    this.position = null; // {epoch, seq, tag}
    this.mode = null;
    this.savedAt = null;
    this.retries = 0;
    this.subscribing = false;
    this.socket = null;
    this.saveTimer = null;
    this.restore();
  }

  restore() {
    try {
      const saved = JSON.parse(localStorage.getItem(PICTURE_KEY) || 'null');
      if (saved && saved.subject === this.subject) {
        for (const r of saved.reports) this.reports.set(r.id, r);
        this.position = saved.position;
        this.mode = saved.mode;
        this.savedAt = saved.savedAt;
      }
    } catch (e) {
      localStorage.removeItem(PICTURE_KEY);
    }
  }

  save() {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      this.savedAt = Date.now();
      localStorage.setItem(PICTURE_KEY, JSON.stringify({
        subject: this.subject, position: this.position, mode: this.mode, savedAt: this.savedAt,
        reports: [...this.reports.values()]
      }));
    }, SAVE_AFTER_MS);
  }

  static forget() {
    localStorage.removeItem(PICTURE_KEY);
  }

  connect() {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(`${scheme}//${location.host}/api/v1/live?access_token=${encodeURIComponent(this.token)}`);
    this.socket = socket;
    this.events.status('connecting');
    socket.onmessage = event => {
      this.lastMessage = Date.now();
      this.handle(socket, JSON.parse(event.data));
    };
    socket.onclose = event => {
      clearInterval(this.watchdog);
      this.events.status('offline');
      if (event.code === 4001) {
        this.events.refused(event.reason);
        return;
      }
      this.reconnectLater();
    };
  }

  reconnectLater() {
    const backoff = Math.min(RETRY_MAX_MS, 1000 * 2 ** this.retries) * (0.5 + Math.random() / 2);
    this.retries++;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.reconnect(), backoff);
  }

  /** A refused handshake looks like any lost connection: ask the API whether the token still holds. */
  async reconnect() {
    if (await this.events.authorized()) this.connect();
  }

  /**
   * The tablet says its network is gone: stop the stream (and its retries) until it is back, and
   * say so, rather than wait three heartbeats to find out.
   */
  pause() {
    this.close();
    this.events.status('offline');
  }

  /** The network is back: try now rather than at the end of the back-off. */
  nudge() {
    if (this.socket && this.socket.readyState <= WebSocket.OPEN) return;
    this.retries = 0;
    clearTimeout(this.retryTimer);
    this.reconnect();
  }

  subscribe(resume) {
    const message = { type: 'subscribe', filter: {} };
    if (resume && this.position) message.resume = this.position;
    this.subscribing = true;
    this.socket.send(JSON.stringify(message));
  }

  /** @param fresh whether the report is new to the city, not only to this picture (an alarm) */
  upsert(report, fresh = false) {
    const held = this.reports.get(report.id);
    if (held && held.version >= report.version) return;
    this.reports.set(report.id, report);
    this.events.changed(held ? 'updated' : 'created', report, fresh && !held);
  }

  drop(id) {
    const held = this.reports.get(id);
    if (held) {
      this.reports.delete(id);
      this.events.changed('removed', held);
    }
  }

  handle(socket, m) {
    if (this.subscribing && !['subscribed', 'error', 'hello', 'heat'].includes(m.type) && typeof m.seq === 'number') {
      return; // the hello's stream: the subscription restates it (docs/live-protocol.md)
    }
    if (m.type === 'subscribed' || m.type === 'error') this.subscribing = false;
    if (typeof m.seq === 'number' && !['hello', 'subscribed', 'heat'].includes(m.type) && this.position) {
      this.position = { epoch: this.position.epoch, seq: m.seq, tag: m.tag || null };
    }
    switch (m.type) {
      case 'hello':
        this.retries = 0;
        this.heartbeatSeconds = m.heartbeatSeconds || 15;
        this.subscribe(true);
        this.watch(socket);
        break;
      case 'mode': {
        const ended = this.mode === 'emergency' && m.mode === 'routine';
        this.mode = m.mode;
        this.events.mode(m);
        // The emergency's batches left out the low-priority reports: start from a snapshot.
        if (ended) this.subscribe(false);
        break;
      }
      case 'subscribed':
        this.position = { epoch: m.epoch, seq: m.seq, tag: m.tag || null };
        if (m.mode === 'snapshot') {
          for (const id of [...this.reports.keys()]) this.drop(id);
        }
        this.events.status('live');
        break;
      case 'snapshot':
        m.reports.forEach(r => this.upsert(r));
        break;
      case 'report.created':
        this.upsert(m.report, true);
        break;
      case 'report.updated':
      case 'report.escalated':
        this.upsert(m.report);
        break;
      case 'report.closed':
        this.drop(m.report.id);
        break;
      case 'report.removed':
        this.drop(m.id);
        break;
      case 'batch':
        m.reports.forEach(r => this.upsert(r, r.version === 1));
        m.removed.forEach(id => this.drop(id));
        break;
      case 'alerts':
      case 'alert':
      case 'alert-areas':
        this.events.alerting(m);
        return; // the shelter screen keeps these, not this picture
      case 'heartbeat':
        if (this.position) this.position.epoch = m.epoch;
        break;
      case 'backoff':
        socket.onclose = null;
        socket.close();
        this.events.status('offline');
        this.retryTimer = setTimeout(() => this.reconnect(), m.retryAfterMs || 5000);
        break;
      default:
        return; // types this app does not use (incidents, heat, layer, …)
    }
    this.save();
  }

  /** No message for three heartbeats: the network is gone; reconnect. */
  watch(socket) {
    clearInterval(this.watchdog);
    this.watchdog = setInterval(() => {
      if (Date.now() - this.lastMessage > 3 * this.heartbeatSeconds * 1000) {
        clearInterval(this.watchdog);
        socket.close();
      }
    }, this.heartbeatSeconds * 1000);
  }

  close() {
    clearInterval(this.watchdog);
    clearTimeout(this.retryTimer);
    if (this.socket) {
      this.socket.onclose = null;
      this.socket.close();
    }
  }
}
