// Setting the city's mode from the banner (supervisors and admins only: the server refuses the rest,
// so nobody else sees the control). Every change asks a reason, then says exactly what will happen
// and waits for a confirmation: one click must never switch a whole city. The banner itself changes
// only from the live `mode` message, on every screen alike.

import { el } from './text.js';
import { call } from './calls.js';
import { dialogButton as button, showDialogError as showError } from './dialogs.js';

// The roles the server lets set or release the mode (docs/api.md, PUT /api/v1/mode).
const MODE_ROLES = ['admin', 'supervisor'];
// Server limit on a reason (422 too_long past it).
const REASON_MAX = 2000;

const ACTIONS = {
  'declare-emergency': {
    button: 'הכרזת חירום · Declare emergency',
    title: 'הכרזת מצב חירום · Declare an emergency',
    method: 'PUT', path: '/api/v1/mode', body: reason => ({ mode: 'emergency', reason }),
    effect: () => ['כל העיר עוברת למצב חירום: דיווחים שגרתיים נדחים עד החזרה לשגרה, המפות מציגות רק ' +
      'דיווחים דחופים, ספירות ומפת חום, וזמני התגובה הם של חירום. המצב מוחזק עד שחרור ההחזקה.',
      'The whole city switches to EMERGENCY: routine reports are deferred until the return to routine, ' +
      'maps show only urgent pins with counts and heat, emergency response times apply, and the mode ' +
      'is held until the hold is released.']
  },
  'return-routine': {
    button: 'חזרה לשגרה · Return to routine',
    title: 'חזרה לשגרה · Return to routine',
    method: 'PUT', path: '/api/v1/mode', body: reason => ({ mode: 'routine', reason }),
    effect: () => ['כל העיר חוזרת לשגרה: הדיווחים שנדחו משתחררים לטיפול ולתורים, המפות מציגות שוב כל ' +
      'דיווח, והמצב מוחזק בשגרה (גם מול עומס) עד שחרור ההחזקה.',
      'The whole city returns to ROUTINE: deferred reports are released to the queues, maps show every ' +
      'report again, and routine is held (whatever the load) until the hold is released.']
  },
  'release': {
    button: 'שחרור החזקה · Release hold',
    title: 'שחרור ההחזקה הידנית · Release the manual hold',
    method: 'POST', path: '/api/v1/mode/release', body: reason => ({ reason }),
    effect: mode => (mode === 'emergency'
      ? ['ההחזקה הידנית מסתיימת: העיר נשארת בחירום כרגע, ומעתה קצב הדיווחים ועומס המוקד מחליטים מתי לחזור לשגרה.',
        'The manual hold ends: the city stays in EMERGENCY for now, and from here the intake rate and the ' +
        'call center\'s load decide when it returns to routine.']
      : ['ההחזקה הידנית מסתיימת: העיר נשארת בשגרה כרגע, ומעתה קצב הדיווחים ועומס המוקד יכולים להכריז חירום.',
        'The manual hold ends: the city stays in ROUTINE for now, and from here the intake rate and the ' +
        'call center\'s load may declare an emergency.'])
  }
};

export class ModeControl {
  /** Builds the control when the caller may use it; follows the banner's data-mode and data-manual. */
  constructor(api, roles) {
    this.api = api;
    this.banner = document.getElementById('mode-banner');
    if (!roles.some(r => MODE_ROLES.includes(r))) return;
    this.actions = el('div', 'mode-actions');
    this.actions.id = 'mode-actions';
    this.banner.append(this.actions);
    this.dialog = buildDialog({ next: () => this.next(), confirm: () => this.confirm() });
    document.body.append(this.dialog);
    this.render();
    new MutationObserver(() => this.render())
      .observe(this.banner, { attributes: true, attributeFilter: ['data-mode', 'data-manual'] });
  }

  /** The buttons the banner's mode allows: none until the server has said which mode holds. */
  render() {
    const mode = this.banner.dataset.mode;
    const names = [];
    if (mode === 'routine') names.push('declare-emergency');
    if (mode === 'emergency') names.push('return-routine');
    if ((mode === 'routine' || mode === 'emergency') && this.banner.dataset.manual === 'true') names.push('release');
    this.actions.replaceChildren(...names.map(name => {
      const button = el('button', 'mode-action', ACTIONS[name].button);
      button.type = 'button';
      button.dataset.modeAction = name;
      button.addEventListener('click', () => this.open(name));
      return button;
    }));
  }

  /** Step one: the reason. Step two: what will happen, then Confirm or Cancel. */
  open(name) {
    const action = ACTIONS[name];
    const d = this.dialog;
    const part = selector => d.querySelector(selector);
    d.dataset.action = name;
    d.dataset.step = 'reason';
    part('h2').textContent = action.title;
    part('textarea').value = '';
    const [he, en] = action.effect(this.banner.dataset.mode);
    part('[data-effect]').replaceChildren(el('p', null, he), el('p', 'en', en));
    showError(d, null);
    d.showModal();
    part('textarea').focus();
  }

  next() {
    const d = this.dialog;
    const reason = d.querySelector('textarea').value.trim();
    if (!reason) {
      showError(d, 'נדרשת סיבה · A reason is required');
      return;
    }
    showError(d, null);
    d.querySelector('[data-reason-echo]').textContent = reason;
    d.dataset.step = 'confirm';
  }

  async confirm() {
    const d = this.dialog;
    const action = ACTIONS[d.dataset.action];
    const reason = d.querySelector('textarea').value.trim();
    const button = d.querySelector('[data-confirm]');
    button.disabled = true;
    const result = await call(this.api, action.method, action.path, action.body(reason));
    button.disabled = false;
    if (result.ok) {
      d.close();
    } else {
      showError(d, result.text);
    }
  }
}

function buildDialog(handlers) {
  const d = document.createElement('dialog');
  d.id = 'mode-dialog';
  d.className = 'mode-dialog';
  const reason = document.createElement('textarea');
  reason.rows = 3;
  reason.required = true;
  reason.maxLength = REASON_MAX;
  reason.dir = 'auto';
  reason.placeholder = 'סיבה (תוצג בכל המסכים) · Reason (shown on every screen)';
  const error = el('p', 'error');
  error.dataset.error = '';
  error.hidden = true;
  const echo = el('blockquote', 'reason-echo');
  echo.dataset.reasonEcho = '';
  const effect = el('div', 'effect');
  effect.dataset.effect = '';
  const step1 = el('div', 'step');
  step1.dataset.stepBody = 'reason';
  step1.append(el('label', null, 'סיבה · Reason'), reason,
    button('המשך · Continue', 'next', handlers.next),
    button('ביטול · Cancel', 'cancel', () => d.close()));
  const step2 = el('div', 'step');
  step2.dataset.stepBody = 'confirm';
  step2.append(effect, echo,
    button('אישור · Confirm', 'confirm', handlers.confirm),
    button('חזרה · Back', 'back', () => { d.dataset.step = 'reason'; }),
    button('ביטול · Cancel', 'cancel', () => d.close()));
  d.append(el('h2'), step1, step2, error);
  return d;
}
