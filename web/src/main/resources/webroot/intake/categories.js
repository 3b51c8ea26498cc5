// The category field: a combobox over the city's categories (/config.json, most urgent first, so
// life safety leads), found by a few letters of the Hebrew or English name or of the id; each
// option shows its priority.

import { Combobox } from './combobox.js';
import { t, categoryName } from './i18n.js';

/** Folds what is typed and the names alike: case, and Hebrew final letters (ם→מ …). */
function fold(text) {
  return String(text || '').toLowerCase().trim()
    .replace(/[ךםןףץ]/g, c => ({ 'ך': 'כ', 'ם': 'מ', 'ן': 'נ', 'ף': 'פ', 'ץ': 'צ' })[c]);
}

/** The categories matching `query`: a word of a name starting with it first, then containing it. */
export function matchCategories(categories, query) {
  const q = fold(query);
  if (!q) return categories.slice();
  const names = c => [c.name_he, c.name_en, c.id].map(fold);
  const starts = categories.filter(c => names(c).some(n => n.split(/[\s\-]+/).some(w => w.startsWith(q)) || n.startsWith(q)));
  const contains = categories.filter(c => !starts.includes(c) && names(c).some(n => n.includes(q)));
  return [...starts, ...contains];
}

export class CategoryField {
  /** @param onChange called with the chosen category (or null) and how it was chosen */
  constructor(input, list, config, onChange) {
    this.input = input;
    this.config = config;
    this.categories = config.categories || [];
    this.chosen = null;
    this.onChange = onChange;
    this.combo = new Combobox(input, list, {
      source: query => matchCategories(this.categories, query),
      render: (c, li) => this.option(c, li),
      choose: (c, via) => this.set(c, via),
      empty: () => '—'
    });
    // Typing again forgets the choice until a new one is taken.
    input.addEventListener('input', () => {
      if (this.chosen) this.set(null);
    });
    input.addEventListener('focus', () => {
      if (!this.chosen) this.combo.refresh();
    });
  }

  lifeSafety(c) {
    return c.priority >= (this.config.lifeSafetyPriority || 5);
  }

  option(c, li) {
    li.dataset.category = c.id;
    li.dataset.priority = c.priority;
    li.dataset.lifeSafety = String(this.lifeSafety(c));
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = categoryName(c.id);
    const other = document.createElement('span');
    other.className = 'other';
    other.textContent = c.name_en && c.name_he ? (name.textContent === c.name_he ? c.name_en : c.name_he) : '';
    const priority = document.createElement('span');
    priority.className = 'priority';
    priority.textContent = t('priority', { p: c.priority }) + (this.lifeSafety(c) ? ' · ' + t('lifeSafety') : '');
    li.append(name, other, priority);
  }

  set(c, via) {
    this.chosen = c;
    this.input.dataset.value = c ? c.id : '';
    this.input.dataset.priority = c ? c.priority : '';
    if (c) this.input.value = categoryName(c.id);
    this.onChange(c, via);
  }

  /** The chosen category, or the one whose name was typed out in full. */
  value() {
    if (this.chosen) return this.chosen;
    const typed = fold(this.input.value);
    return this.categories.find(c => [c.name_he, c.name_en, c.id].map(fold).includes(typed)) || null;
  }

  /** The language changed: the chosen name is shown in the new one. */
  relabel() {
    if (this.chosen) this.input.value = categoryName(this.chosen.id);
  }

  clear() {
    this.combo.close();
    this.input.value = '';
    this.set(null);
  }
}
