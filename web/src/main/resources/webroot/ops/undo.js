// A short-lived "undo" after a merge or a split: one toast at a time, gone after UNDO_SECONDS.
// Undoing is a compensating call (the server keeps no undo), so it can fail; the toast then says why.

import { el } from './text.js';

export const UNDO_SECONDS = 10;
// How long the toast stays to show the outcome of an undo.
const OUTCOME_SECONDS = 6;

let current = null; // {toast, timer}

/** Shows `text` with an undo button; `undo()` resolves to {ok, text} (see calls.js). */
export function offerUndo(text, undo) {
  dismiss();
  const toast = el('div', 'undo-toast');
  toast.id = 'undo-toast';
  toast.setAttribute('role', 'status');
  const message = el('span', 'message', text);
  const button = el('button', null, `ביטול · Undo (${UNDO_SECONDS})`);
  button.type = 'button';
  button.dataset.undo = '';
  toast.append(message, button);
  document.body.append(toast);
  const entry = { toast, timer: null };
  current = entry;
  let left = UNDO_SECONDS;
  entry.timer = setInterval(() => {
    left -= 1;
    if (left <= 0) dismiss(entry);
    else button.textContent = `ביטול · Undo (${left})`;
  }, 1000);
  button.addEventListener('click', async () => {
    clearInterval(entry.timer);
    button.disabled = true;
    const result = await undo();
    toast.dataset.outcome = result.ok ? 'undone' : 'failed';
    message.textContent = result.ok ? 'בוטל · Undone' : 'הביטול נכשל · Undo failed — ' + result.text;
    button.remove();
    entry.timer = setTimeout(() => dismiss(entry), OUTCOME_SECONDS * 1000);
  });
}

/** Removes the toast (only `entry`'s, when given: a newer toast stays). */
function dismiss(entry = current) {
  if (!entry || entry !== current) return;
  clearInterval(entry.timer);
  clearTimeout(entry.timer);
  entry.toast.remove();
  current = null;
}
