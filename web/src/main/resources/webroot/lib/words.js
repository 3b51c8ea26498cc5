// A page's words in Hebrew (the default, right to left) and English: the chosen language is kept
// in this browser under the page's own key; switching sets the document's language and direction
// and rewrites every [data-text] and [data-placeholder]. The field app and the intake page use it.

export class Words {
  /** @param texts {he: {key: text}, en: {key: text}}, with {slots} */
  constructor(storageKey, texts) {
    this.storageKey = storageKey;
    this.texts = texts;
    this.current = localStorage.getItem(storageKey) === 'en' ? 'en' : 'he';
  }

  /** Switches the language and the page's direction; the caller redraws the rest. */
  set(next) {
    this.current = next === 'en' ? 'en' : 'he';
    localStorage.setItem(this.storageKey, this.current);
    this.apply();
  }

  apply() {
    document.documentElement.lang = this.current;
    document.documentElement.dir = this.current === 'he' ? 'rtl' : 'ltr';
    for (const el of document.querySelectorAll('[data-text]')) el.textContent = this.t(el.dataset.text);
    for (const el of document.querySelectorAll('[data-placeholder]')) el.placeholder = this.t(el.dataset.placeholder);
  }

  /** A text by key, with {name} slots filled. */
  t(key, values = {}) {
    const text = this.texts[this.current][key] ?? this.texts.en[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''));
  }
}
