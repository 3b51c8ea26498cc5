// Find: narrow the map and the lists to a district, a category, a minimum priority and a status,
// and search text and ids. Reports match on all of them; incidents (which mix statuses and carry
// no text) on district, category, priority and their category's name. The per-district counts
// stay whole: they are the city's numbers, not the filter's.

import { OPEN_STATUSES, categoryName, districtIds, districtName, statusName } from './text.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SEARCH_DEBOUNCE_MS = 200;

export class Filters {
  /**
   * @param form the `#filters` form
   * @param handlers {changed(predicate), district(id), openReport(id)}
   */
  constructor(form, categories, handlers) {
    this.form = form;
    this.handlers = handlers;
    this.fill('category', categories.map(id => [id, categoryName(id) + ' · ' + id]));
    this.fill('status', OPEN_STATUSES.map(s => [s, statusName(s)]));
    form.addEventListener('change', e => {
      if (e.target.name === 'district' && e.target.value) handlers.district(e.target.value);
      this.apply();
    });
    let typing = null;
    form.elements.q.addEventListener('input', () => {
      clearTimeout(typing);
      typing = setTimeout(() => this.apply(), SEARCH_DEBOUNCE_MS);
    });
    form.addEventListener('submit', e => {
      e.preventDefault();
      this.search();
    });
    form.addEventListener('reset', () => setTimeout(() => this.apply()));
  }

  /** The district choices, again whenever the layer changes. */
  setDistricts() {
    const chosen = this.form.elements.district.value;
    this.fill('district', districtIds().map(id => [id, districtName(id)]));
    if (districtIds().includes(chosen)) this.form.elements.district.value = chosen;
  }

  fill(name, options) {
    const select = this.form.elements[name];
    const any = select.options[0];
    select.replaceChildren(any, ...options.map(([value, text]) => {
      const option = document.createElement('option');
      option.value = value;
      option.textContent = text;
      return option;
    }));
  }

  /** What the form says now, as a predicate over reports and incidents. */
  predicate() {
    const f = this.form.elements;
    const district = f.district.value;
    const category = f.category.value;
    const minPriority = Number(f.priority.value) || 0;
    const status = f.status.value;
    const q = f.q.value.trim().toLowerCase();
    const any = !district && !category && !minPriority && !status && !q;
    if (any) return null;
    return (item, kind) => {
      if (category && item.category !== category) return false;
      if ((item.priority || 0) < minPriority) return false;
      if (kind === 'incident') {
        if (district && !item.districts.includes(district)) return false;
        return !q || item.id.startsWith(q) || matches(q, item.category, categoryName(item.category));
      }
      if (district && item.district !== district) return false;
      if (status && item.status !== status) return false;
      return !q || item.id.startsWith(q) || matches(q, item.description, item.category, categoryName(item.category),
        item.assignee, item.address);
    };
  }

  apply() {
    const predicate = this.predicate();
    document.body.dataset.filtered = String(predicate !== null);
    this.handlers.changed(predicate || (() => true));
  }

  /** Enter in the search box: a whole report id opens that report, held or not. */
  search() {
    const q = this.form.elements.q.value.trim().toLowerCase();
    this.apply();
    if (UUID.test(q)) this.handlers.openReport(q);
  }
}

function matches(q, ...texts) {
  return texts.some(t => typeof t === 'string' && t.toLowerCase().includes(q));
}
