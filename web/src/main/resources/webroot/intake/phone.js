// Israeli phone numbers as a call-taker writes them down: mobile 05X-XXXXXXX, landline
// 0[2-4,8-9]-XXXXXXX, the 07X numbers (VoIP and newer landlines), each also as +972 / 972 without
// the leading 0; dashes, spaces, dots and parentheses anywhere. The server accepts any
// phone-like string; the page is stricter so that a call-back number is one that can be dialled.
// Pure functions: the browser test calls them directly.

// After the trunk 0 (or +972): the area or operator prefix, then the subscriber's digits.
const MOBILE = /^5\d{8}$/;          // 05X + 7 digits
const LANDLINE = /^[23489]\d{7}$/;  // 02, 03, 04, 08, 09 + 7 digits
const SEVENTY = /^7\d{8}$/;         // 07X + 7 digits
const SEPARATORS = /[\s\-.()]/g;

/**
 * {valid, kind: 'mobile'|'landline'|null, normalized: '050-1234567'|null} for what was typed.
 * An empty value is valid (a caller may give no number) with kind null.
 */
export function checkPhone(text) {
  const raw = String(text ?? '').replace(SEPARATORS, '');
  if (!raw) return { valid: true, kind: null, normalized: null };
  let national;
  if (/^\+972\d+$/.test(raw)) national = raw.slice(4);
  else if (/^972\d+$/.test(raw)) national = raw.slice(3);
  else if (/^0\d+$/.test(raw)) national = raw.slice(1);
  else return { valid: false, kind: null, normalized: null };
  if (national.startsWith('0')) return { valid: false, kind: null, normalized: null };
  const kind = MOBILE.test(national) ? 'mobile'
    : LANDLINE.test(national) || SEVENTY.test(national) ? 'landline' : null;
  if (!kind) return { valid: false, kind: null, normalized: null };
  const prefix = national.length === 9 ? 3 : 2; // 05X / 07X, else 0X
  const local = '0' + national;
  return { valid: true, kind, normalized: local.slice(0, prefix) + '-' + local.slice(prefix) };
}
