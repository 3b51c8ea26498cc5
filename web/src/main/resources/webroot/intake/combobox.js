// An ARIA combobox (an input and its listbox) for the keyboard: typing asks `source` for
// options, ↑/↓ move through them, Enter or Tab takes the highlighted one, Escape closes the list.
// The category and the place field are both one of these.

let serial = 0;

export class Combobox {
  /**
   * @param input the text input (role=combobox)
   * @param list the listbox (a <ul>)
   * @param options {source(query) → items or a promise of items, render(item, li), choose(item, via),
   *                 empty() → text shown when nothing matches (optional)}
   */
  constructor(input, list, options) {
    this.input = input;
    this.list = list;
    this.options = options;
    this.items = [];
    this.active = -1;
    this.asked = 0; // the latest query: an older answer arriving late is dropped
    this.id = list.id || `combo-${++serial}`;
    list.id = this.id;
    list.setAttribute('role', 'listbox');
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-controls', this.id);
    input.setAttribute('aria-expanded', 'false');
    input.addEventListener('input', () => this.refresh());
    input.addEventListener('keydown', e => this.key(e));
    input.addEventListener('blur', () => this.close());
  }

  get open() {
    return !this.list.hidden;
  }

  async refresh() {
    const asked = ++this.asked;
    // The list on screen answers what was typed before: nothing in it may be taken now.
    this.pending = true;
    this.active = -1;
    this.highlight();
    const items = await this.options.source(this.input.value);
    if (asked !== this.asked || items === null) return; // a newer query answers instead
    this.pending = false;
    this.show(items || []);
    // Enter pressed while this answer was on its way takes its first option.
    if (this.enterWaiting) {
      this.enterWaiting = false;
      if (this.active >= 0) this.take(this.active, 'Enter');
    }
  }

  show(items) {
    this.items = items;
    // Nothing typed (a list opened on focus): nothing highlighted, so Enter or Tab never takes
    // the first option by accident.
    this.active = items.length && this.input.value.trim() ? 0 : -1;
    const rows = items.map((item, i) => {
      const li = document.createElement('li');
      li.id = `${this.id}-${i}`;
      li.setAttribute('role', 'option');
      this.options.render(item, li);
      // mousedown, not click: the input keeps the focus.
      li.addEventListener('mousedown', e => {
        e.preventDefault();
        this.take(i, 'click');
      });
      return li;
    });
    const empty = !items.length && this.input.value.trim() && this.options.empty?.();
    if (empty) {
      const li = document.createElement('li');
      li.className = 'empty';
      li.textContent = empty;
      rows.push(li);
    }
    this.list.replaceChildren(...rows);
    this.list.hidden = rows.length === 0;
    this.input.setAttribute('aria-expanded', String(!this.list.hidden));
    this.highlight();
  }

  close() {
    this.asked++;
    this.pending = this.enterWaiting = false;
    this.items = [];
    this.active = -1;
    this.list.hidden = true;
    this.list.replaceChildren();
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
  }

  highlight() {
    [...this.list.children].forEach((li, i) => li.setAttribute('aria-selected', String(i === this.active)));
    if (this.active >= 0) {
      this.input.setAttribute('aria-activedescendant', `${this.id}-${this.active}`);
      this.list.children[this.active].scrollIntoView({ block: 'nearest' });
    } else {
      this.input.removeAttribute('aria-activedescendant');
    }
  }

  /** @param via 'Enter', 'Tab' or 'click': after Enter or a click the page moves the focus on itself */
  take(i, via) {
    const item = this.items[i];
    this.close();
    if (item !== undefined) this.options.choose(item, via);
  }

  key(e) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!this.open) return this.refresh();
      if (!this.items.length) return;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      this.active = (this.active + step + this.items.length) % this.items.length;
      this.highlight();
    } else if (e.key === 'Enter' && this.pending) {
      // Typed, then Enter before the suggestions caught up: take the first of the fresh ones.
      e.preventDefault();
      e.stopPropagation();
      this.enterWaiting = true;
    } else if (e.key === 'Enter' && this.open && this.active >= 0) {
      // Enter takes the option; it does not send the form.
      e.preventDefault();
      e.stopPropagation();
      this.take(this.active, 'Enter');
    } else if (e.key === 'Tab' && this.open && this.active >= 0 && !e.shiftKey) {
      this.take(this.active, 'Tab'); // and Tab moves on as usual
    } else if (e.key === 'Escape' && this.open) {
      e.preventDefault();
      e.stopPropagation();
      this.close();
    }
  }
}
