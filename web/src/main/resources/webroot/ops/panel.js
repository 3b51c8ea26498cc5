// The side panel's lists: overdue reports, the top incidents, open reports per district, and the
// latest reports. Each is drawn whole from what the board gives it.

import { categoryName, districtName, el, label, priorityColor, time } from './text.js';
import { flash } from './map.js';

const INCIDENTS_MAX = 12;
const $ = id => document.getElementById(id);

export class Panel {
  constructor(handlers) {
    this.handlers = handlers; // {openReport(id), openIncident(id), overdueActions(report) -> [elements]}
    this.onPress('incidents', li => handlers.openIncident(li.dataset.incidentId));
    this.onPress('overdue', li => handlers.openReport(li.dataset.reportId));
    this.onPress('latest', li => handlers.openReport(li.dataset.reportId));
  }

  /**
   * A row opens on the press of the button, not on a click: the lists are drawn anew as messages
   * arrive, and a press and release on two drawings of one row make no click at all.
   */
  onPress(listId, open) {
    $(listId).addEventListener('mousedown', e => {
      const row = e.target.closest('li');
      if (e.button === 0 && row && !e.target.closest('button')) open(row);
    });
  }

  /** The most urgent incidents first, then the largest. */
  renderIncidents(incidents) {
    const top = incidents
      .sort((a, b) => (b.priority - a.priority) || (b.count - a.count) || (b.lastAt - a.lastAt))
      .slice(0, INCIDENTS_MAX);
    $('incidents').replaceChildren(...top.map(incident => {
      const item = document.createElement('li');
      item.dataset.incidentId = incident.id;
      item.dataset.count = String(incident.count);
      item.dataset.priority = String(incident.priority);
      item.style.borderInlineStartColor = priorityColor(incident.priority);
      const meta = el('div', 'meta', incident.districts.map(districtName).join(', ') + ' · ' + time(incident.lastAt));
      item.append(el('span', 'count', String(incident.count)), el('span', 'what', categoryName(incident.category)), meta);
      return item;
    }));
    $('incidents-empty').hidden = top.length > 0;
  }

  /** Reports still new past their response time, most urgent first. */
  renderOverdue(entries) {
    entries.sort((a, b) => (b.report.priority - a.report.priority) || dueAt(a) - dueAt(b));
    $('overdue').replaceChildren(...entries.map(({ report, escalation }) => {
      const item = document.createElement('li');
      item.dataset.reportId = report.id;
      item.dataset.priority = String(report.priority);
      const what = el('div', 'what', categoryName(report.category) + (report.description ? ' — ' + report.description : ''));
      const due = new Date(escalation.dueAt);
      const meta = el('div', 'meta', districtName(report.district) + ' · עדיפות ' + report.priority +
        (isNaN(due) ? '' : ' · באיחור מ־' + time(escalation.dueAt) + ' · overdue since ' + time(escalation.dueAt)));
      item.append(what, meta, ...this.handlers.overdueActions(report));
      return item;
    }));
    $('overdue-count').textContent = String(entries.length);
    $('overdue-panel').hidden = entries.length === 0;
  }

  flashOverdue(id) {
    flash(document.querySelector(`#overdue li[data-report-id="${CSS.escape(id)}"]`));
  }

  /** The newest reports first, each once. */
  renderLatest(reports) {
    reports.sort((a, b) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt));
    $('latest').replaceChildren(...reports.map(report => {
      const item = document.createElement('li');
      item.dataset.reportId = report.id;
      const what = el('div', 'what', categoryName(report.category) + (report.description ? ' — ' + report.description : ''));
      const meta = el('div', 'meta', districtName(report.district) + ' · ' + time(report.receivedAt));
      item.append(what, meta);
      return item;
    }));
  }

  /** The counts table: service districts first; a click on a district zooms the map to it. */
  buildCounts(districts) {
    const body = document.querySelector('#counts tbody');
    const ordered = districts.slice().sort((a, b) =>
      (a.kind === 'service-district' ? 0 : 1) - (b.kind === 'service-district' ? 0 : 1));
    body.replaceChildren(...ordered.map(d => {
      const row = document.createElement('tr');
      row.dataset.district = d.id;
      const name = document.createElement('td');
      name.appendChild(label(d.name_he || d.id, d.name_en));
      const n = el('td', 'n', '0');
      row.append(name, n);
      row.addEventListener('click', () => this.handlers.openDistrict(d.id));
      return row;
    }));
  }

  renderCounts(counts, grew) {
    let total = 0;
    counts.forEach((n, district) => {
      total += n;
      const row = document.querySelector(`#counts tr[data-district="${CSS.escape(district)}"]`);
      if (row) row.querySelector('.n').textContent = String(n);
    });
    grew.forEach(d => flash(document.querySelector(`#counts tr[data-district="${CSS.escape(d)}"]`)));
    $('total').textContent = String(total);
  }
}

function dueAt(entry) {
  const t = Date.parse(entry.escalation.dueAt);
  return isNaN(t) ? 0 : t;
}
