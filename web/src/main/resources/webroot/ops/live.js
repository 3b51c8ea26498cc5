// The ops page's live stream (docs/live-protocol.md): connects, subscribes, resumes after a drop
// from the last position it applied, and hands each message on.

const RETRY_MAX_MS = 30000;

export class LiveStream {
  /**
   * @param token the page's token
   * @param handlers {message(m), state(live: boolean), refused()} — refused when the token no
   *   longer holds at a reconnect
   * @param checkToken async () => true when the server still takes the token
   */
  constructor(token, handlers, checkToken) {
    this.token = token;
    this.handlers = handlers;
    this.checkToken = checkToken;
    // seq and tag: the position in the change log and the entry there (a resume names both).
    // subscribing: a subscription was sent and not answered; what comes before the answer is the
    // hello's stream, which the subscription restates (docs/live-protocol.md, "Connecting").
    this.epoch = null;
    this.seq = null;
    this.tag = null;
    this.subscribing = false;
    this.snapshotPending = false; // a snapshot's pages are still coming
    this.lastMessage = 0;
    this.heartbeatSeconds = 15;
    this.retries = 0;
  }

  connect() {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(`${scheme}//${location.host}/api/v1/live?access_token=${encodeURIComponent(this.token)}`);
    this.socket = socket;
    socket.onopen = () => { this.retries = 0; };
    socket.onmessage = event => {
      this.lastMessage = Date.now();
      this.receive(JSON.parse(event.data));
    };
    socket.onclose = () => {
      this.handlers.state(false);
      this.reconnectLater(0);
    };
  }

  /** Subscribes again from scratch: a snapshot of the whole picture. */
  resubscribe() {
    this.subscribe(false);
  }

  subscribe(resume) {
    const message = { type: 'subscribe', filter: {} };
    // A snapshot cut short by a drop holds only its first pages: resuming after it would never
    // bring the rest (the incidents come last), so the picture is asked for again.
    if (resume && !this.snapshotPending && this.epoch && this.seq !== null) {
      message.resume = { epoch: this.epoch, seq: this.seq };
      if (this.tag) message.resume.tag = this.tag;
    }
    this.subscribing = true;
    this.socket.send(JSON.stringify(message));
  }

  receive(m) {
    const positioned = typeof m.seq === 'number' && m.type !== 'hello' && m.type !== 'subscribed' && m.type !== 'heat';
    if (this.subscribing && positioned) return; // the hello's stream: the subscription restates it
    if (m.type === 'error' && this.subscribing) {
      // The subscription failed (e.g. the snapshot could not be read during a database
      // failover): reconnect with the usual back-off rather than stay unsubscribed.
      this.subscribing = false;
      this.socket.close();
      return;
    }
    if (m.type === 'subscribed') this.subscribing = false;
    if (positioned) {
      this.seq = m.seq;
      this.tag = m.tag || null;
    }
    switch (m.type) {
      case 'hello':
        this.heartbeatSeconds = m.heartbeatSeconds || 15;
        // Back after a drop: ask for exactly what was missed, on whichever node answers.
        this.subscribe(true);
        this.watch();
        break;
      case 'subscribed':
        this.epoch = m.epoch;
        this.seq = m.seq;
        this.tag = m.tag || null;
        this.snapshotPending = m.mode === 'snapshot';
        this.handlers.state(true);
        break;
      case 'snapshot':
        if (m.last) this.snapshotPending = false;
        break;
      case 'heartbeat':
        this.epoch = m.epoch;
        break;
      case 'backoff':
        this.socket.onclose = null;
        this.socket.close();
        this.handlers.state(false);
        this.reconnectLater(m.retryAfterMs ?? 5000); // 0: a node stopping says "now"
        return;
    }
    this.handlers.message(m);
  }

  /** No message for three heartbeats: the server or the network is gone; reconnect. */
  watch() {
    clearInterval(this.watchdog);
    const socket = this.socket;
    this.watchdog = setInterval(() => {
      if (Date.now() - this.lastMessage > 3 * this.heartbeatSeconds * 1000) {
        clearInterval(this.watchdog);
        socket.close();
      }
    }, this.heartbeatSeconds * 1000);
  }

  async reconnectLater(atLeast) {
    // Exponential back-off with jitter, so a restarted node is not stampeded by every screen.
    const backoff = Math.min(RETRY_MAX_MS, 1000 * 2 ** this.retries) * (0.5 + Math.random() / 2);
    this.retries++;
    await new Promise(r => setTimeout(r, Math.max(atLeast, backoff)));
    if (await this.checkToken() === false) {
      this.handlers.refused();
      return;
    }
    this.connect();
  }
}
