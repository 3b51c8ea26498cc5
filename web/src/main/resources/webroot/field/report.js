// One report, opened from the queue or a pin: its text, place, time, channel, history, photos
// and the resident's contact, and one-tap buttons for the next steps of the workflow. A change
// goes to the outbox (made on the version shown: If-Match), so it is never lost and never
// overwrites what someone else did meanwhile — that comes back as a conflict, shown here.

import { t, categoryName, statusName, dateTime } from './i18n.js';
import { priorityColor } from './map.js';

// The steps a patroller takes, and from which statuses each is a step forward.
const NEXT = {
  acknowledged: ['new'],
  en_route: ['new', 'acknowledged', 'assigned'],
  on_site: ['new', 'acknowledged', 'assigned', 'en_route'],
  resolved: ['new', 'acknowledged', 'assigned', 'en_route', 'on_site']
};

const $ = id => document.getElementById(id);

export class ReportSheet {
  /** @param app {api, subject, outbox, reports(): Map, pending(id): items, show(pane), hide(pane)} */
  constructor(app) {
    this.app = app;
    this.id = null;
    this.urls = [];
    for (const button of document.querySelectorAll('#report-actions [data-action]')) {
      button.addEventListener('click', () => this.act(button.dataset.action));
    }
    $('report-conflict-dismiss').addEventListener('click', () => this.dismissConflict());
  }

  open(id) {
    this.id = id;
    $('report-note').value = '';
    this.render();
    this.app.show('report');
    this.loadDetails(id);
  }

  close() {
    this.id = null;
    this.releasePhotos();
  }

  report() {
    return this.app.reports().get(this.id) || this.last;
  }

  /** Draws what is known now; called again whenever the report or the outbox changes. */
  render() {
    const r = this.report();
    if (!r) return;
    this.last = r;
    const sheet = $('report');
    sheet.dataset.reportId = r.id;
    sheet.dataset.status = r.status;
    sheet.dataset.version = r.version;
    $('report-priority').textContent = r.priority;
    $('report-priority').style.setProperty('--p', priorityColor(r.priority));
    $('report-category').textContent = categoryName(r.category);
    $('report-status').textContent = statusName(r.status);
    $('report-description').textContent = r.description || '';
    $('report-received').textContent = dateTime(r.receivedAt);
    $('report-channel').textContent = r.channel || '';
    $('report-location').textContent = `${r.location.lat.toFixed(5)}, ${r.location.lon.toFixed(5)}`;
    this.renderReporter(r.reporter);
    const items = this.app.pending(r.id);
    const waiting = items.filter(i => i.state === 'waiting');
    const conflict = items.find(i => i.state === 'failed');
    $('report-pending').hidden = !waiting.length;
    $('report-pending').textContent = waiting.map(i => statusName(i.status) + ': ' + t('queued')).join(' · ');
    $('report-conflict').hidden = !conflict;
    if (conflict) {
      const d = conflict.detail || {};
      $('report-conflict-text').textContent = conflict.reason === 'version_conflict'
        ? t('conflict', { actor: d.actor, status: statusName(d.status), wanted: statusName(conflict.status) })
        : `${statusName(conflict.status)}: ${conflict.reason}`;
      $('report-conflict').dataset.conflict = conflict.reason;
    }
    // What the report will be once the outbox is sent: the buttons step on from there.
    const status = waiting.length ? waiting[waiting.length - 1].status : r.status;
    for (const button of document.querySelectorAll('#report-actions [data-action]')) {
      button.hidden = !NEXT[button.dataset.action].includes(status);
    }
  }

  renderReporter(reporter) {
    const dd = $('report-reporter');
    dd.replaceChildren();
    if (!reporter) return;
    if (reporter.name) {
      const name = document.createElement('bdi');
      name.textContent = reporter.name + ' ';
      dd.append(name);
    }
    if (reporter.phone) {
      const call = document.createElement('a');
      call.href = 'tel:' + reporter.phone.replace(/[^0-9+]/g, '');
      call.dataset.call = 'true';
      call.dir = 'ltr';
      call.textContent = `${t('call')} ${reporter.phone}`;
      dd.append(call);
    }
  }

  /** History and photos need the network; without it the sheet shows what the queue holds. */
  async loadDetails(id) {
    try {
      const [{ history }, media] = await Promise.all([
        this.app.api.json(`/api/v1/reports/${id}/history`),
        this.app.api.json(`/api/v1/reports/${id}/media`).catch(() => ({ media: [] }))
      ]);
      if (this.id !== id) return;
      const list = $('report-history');
      list.replaceChildren(...history.map(h => {
        const li = document.createElement('li');
        li.dataset.version = h.version;
        li.dataset.actor = h.actor;
        li.dataset.status = h.status;
        const who = document.createElement('bdi');
        who.textContent = h.actor;
        li.append(`${dateTime(h.at)} · ${statusName(h.status)} · `, who);
        if (h.note) {
          const note = document.createElement('bdi');
          note.textContent = ' — ' + h.note;
          li.append(note);
        }
        return li;
      }));
      await this.showPhotos(id, media.media || []);
    } catch (e) {
      // offline, or the report is gone: the sheet keeps what it has
    }
  }

  /** Photos need the token, which an <img src> cannot send: fetched, then shown from a blob. */
  async showPhotos(id, media) {
    this.releasePhotos();
    const box = $('report-photos');
    box.replaceChildren();
    for (const m of media) {
      const response = await this.app.api.request('GET', m.url);
      if (!response.ok || this.id !== id) continue;
      const url = URL.createObjectURL(await response.blob());
      this.urls.push(url);
      const img = document.createElement('img');
      img.src = url;
      img.alt = '';
      img.dataset.mediaId = m.id;
      box.append(img);
    }
  }

  releasePhotos() {
    this.urls.forEach(u => URL.revokeObjectURL(u));
    this.urls = [];
  }

  /** One tap: the change waits in the outbox, made on the version this sheet shows. */
  act(status) {
    const r = this.report();
    const waiting = this.app.pending(r.id).filter(i => i.state === 'waiting');
    // A second step before the first is sent is made on the version the first will create.
    const baseVersion = r.version + waiting.length;
    const item = { kind: 'status', reportId: r.id, baseVersion, status, note: $('report-note').value.trim() || null };
    if (status !== 'resolved') item.assignee = this.app.subject;
    $('report-note').value = '';
    this.app.outbox.add(item);
  }

  async dismissConflict() {
    for (const item of this.app.pending(this.id).filter(i => i.state === 'failed')) {
      await this.app.outbox.remove(item.seq);
    }
    try {
      const fresh = await this.app.api.json(`/api/v1/reports/${this.id}`);
      this.last = fresh;
      this.app.reports().set(fresh.id, fresh);
    } catch (e) {
      // offline: the stream brings it
    }
    this.render();
    this.loadDetails(this.id);
  }
}
