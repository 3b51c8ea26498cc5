// What the page's confirmation dialogs share (the mode, the all-clear): buttons with a hook for
// tests, and the server's refusal shown in the dialog.

import { el } from './text.js';

/** A button carrying the empty attribute data-{hook}. */
export function dialogButton(text, hook, onClick) {
  const b = el('button', null, text);
  b.type = 'button';
  b.dataset[hook] = '';
  b.addEventListener('click', onClick);
  return b;
}

/** Shows {@code text} in the dialog's [data-error], or hides it when there is none. */
export function showDialogError(dialog, text) {
  const error = dialog.querySelector('[data-error]');
  error.hidden = !text;
  error.textContent = text || '';
}
