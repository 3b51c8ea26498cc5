// Sending a call's report once. Every submission carries an Idempotency-Key; the key stays the
// same while the content does, so a double Enter, a timeout or a retry after a 429 names the same
// report and the server stores it once (docs/api.md, "Retries"). Changed content gets a new key
// (the server would refuse the old key with other content).

import { Unauthorized } from '../lib/api.js';

// A request that has not answered by then is treated as "outcome unknown": sent again, same key.
const TIMEOUT_MS = 15000;
const KEY_BYTES = 12;

function newKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(KEY_BYTES));
  return 'intake-' + Date.now().toString(36) + '-' + [...bytes].map(b => b.toString(16).padStart(2, '0')).join('');
}

export class ReportSender {
  constructor(api) {
    this.api = api;
    this.draft = null; // {content, key} of the report not yet stored
    // After an attempt with no answer the report may be stored: its key holds whatever is edited
    // after, so the next send names that report and cannot store a second one.
    this.pinned = false;
  }

  /**
   * The key for this content: the draft's while the content is the same, else a new one. The
   * incident hint is not content (the server replays a stored report whatever hint a retry has).
   */
  keyFor(body) {
    const { incident, ...rest } = body;
    const content = JSON.stringify(rest);
    if (!this.draft || (this.draft.content !== content && !this.pinned)) this.draft = { content, key: newKey() };
    return this.draft.key;
  }

  /** A new call: the next report is another report, with its own key. */
  reset() {
    this.draft = null;
    this.pinned = false;
  }

  /**
   * {kind: 'stored', report, replayed} | {kind: 'overloaded', retryAfter} | {kind: 'unknown'}
   * (no answer: send again) | {kind: 'storedBefore'} (an attempt with no answer was stored, with
   * what the form held then) | {kind: 'refused', status, code, message, field} | {kind: 'signin'}.
   */
  async send(body) {
    const key = this.keyFor(body);
    const timeout = AbortSignal.timeout ? AbortSignal.timeout(TIMEOUT_MS) : undefined;
    let response;
    try {
      response = await this.api.request('POST', '/api/v1/reports', { body, headers: { 'Idempotency-Key': key }, signal: timeout });
    } catch (e) {
      if (e instanceof Unauthorized) return { kind: 'signin' };
      this.pinned = true;
      return { kind: 'unknown' };
    }
    const data = await response.json().catch(() => null);
    if (response.status === 201) {
      this.reset();
      return { kind: 'stored', report: data, replayed: response.headers.get('Idempotent-Replayed') === 'true' };
    }
    const error = data?.error || {};
    if (response.status === 429 && error.code === 'overloaded') {
      return { kind: 'overloaded', retryAfter: Number(response.headers.get('Retry-After')) || 0 };
    }
    if (response.status >= 500 || response.status === 408) {
      this.pinned = true;
      return { kind: 'unknown' };
    }
    // The attempt that got no answer was stored after all, with the content it had then.
    if (error.code === 'idempotency_key_reused') return { kind: 'storedBefore' };
    return { kind: 'refused', status: response.status, code: error.code || 'http_' + response.status, message: error.message || '', field: error.field || null };
  }
}
