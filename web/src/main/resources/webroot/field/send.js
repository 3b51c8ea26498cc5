// How each kind of outbox item is sent, and what its answer means for the outbox: 'sent' (it
// leaves), 'retry' (the network or a busy server: later, the same request again), 'signin' (the
// token was refused: it waits for the patroller to sign in again), or {failed} (refused for good:
// kept and shown, never resent).

import { Unauthorized } from '../lib/api.js';

/** Answers worth repeating: the server could not take it now (a repeat has no second effect). */
function transient(status) {
  return status >= 500 || status === 408 || status === 429;
}

async function refusal(response) {
  const body = await response.json().catch(() => ({}));
  return { failed: body.error?.code || 'http_' + response.status, detail: body.error?.message || null };
}

/** A status change made on version `baseVersion`, sent with If-Match so it never overwrites another's. */
async function sendStatus(api, subject, item, applied) {
  const body = { status: item.status };
  if (item.assignee) body.assignee = item.assignee;
  if (item.note) body.note = item.note;
  const response = await api.request('PATCH', `/api/v1/reports/${item.reportId}`,
    { body, headers: { 'If-Match': `"${item.baseVersion}"` } });
  if (response.ok) {
    // The report as changed, at once: the next step is made on this version, not on the one the
    // stream has not brought yet.
    applied(await response.json().catch(() => null));
    return 'sent';
  }
  if (response.status === 412) {
    // Either someone else changed it meanwhile, or this very change went through and its answer
    // was lost: then the next version is ours, with our status.
    const { history } = await api.json(`/api/v1/reports/${item.reportId}/history`);
    const next = history.find(h => h.version === item.baseVersion + 1);
    if (next && next.actor === subject && next.status === item.status) return 'sent';
    const latest = history[history.length - 1];
    return { failed: 'version_conflict', detail: { actor: latest.actor, status: latest.status, version: latest.version } };
  }
  return transient(response.status) ? 'retry' : refusal(response);
}

/** A new report under the id the tablet chose: a repeat is answered with the stored report. */
async function sendReport(api, item) {
  const response = await api.request('POST', '/api/v1/reports', { body: item.report });
  if (response.status === 201) return 'sent';
  return transient(response.status) ? 'retry' : refusal(response);
}

/** A photo of a report, under its own Idempotency-Key. */
async function sendMedia(api, item) {
  const response = await api.request('POST', `/api/v1/reports/${item.reportId}/media`,
    { body: item.blob, headers: { 'Content-Type': item.type, 'Idempotency-Key': item.key } });
  if (response.status === 201) return 'sent';
  return transient(response.status) ? 'retry' : refusal(response);
}

/**
 * "I am safe" in an alert: a repeat keeps the first time. After the all-clear (409) there is
 * nothing left to tell anyone, so it leaves the outbox rather than wait there as "not sent".
 */
async function sendSafe(api, item) {
  const response = await api.request('POST', `/api/v1/alerts/${encodeURIComponent(item.alertId)}/safe`, { body: {} });
  if (response.ok || response.status === 409) return 'sent';
  return transient(response.status) ? 'retry' : refusal(response);
}

/** @param applied called with a report as a change left it */
export function sender(api, subject, applied = () => {}) {
  return async item => {
    try {
      switch (item.kind) {
        case 'status': return await sendStatus(api, subject, item, applied);
        case 'report': return await sendReport(api, item);
        case 'media': return await sendMedia(api, item);
        case 'safe': return await sendSafe(api, item);
        default: return { failed: 'unknown_item' };
      }
    } catch (e) {
      if (e instanceof Unauthorized) return 'signin';
      throw e;
    }
  };
}
