// The page's changing calls (mode, merge, split): the answer's JSON, or the server's error in words
// a person in the room can act on. The server decides every call; the page only shows what it said.

import { Unauthorized } from '../lib/api.js';

/** {ok: true, data} or {ok: false, code, text}; never throws. */
export async function call(api, method, path, body) {
  let response;
  try {
    response = await api.request(method, path, { body });
  } catch (e) {
    if (e instanceof Unauthorized) return { ok: false, code: 'unauthorized', text: '401: האסימון נדחה · The token was refused' };
    return { ok: false, code: 'network', text: 'אין חיבור לשרת · The server could not be reached' };
  }
  const data = await response.json().catch(() => null);
  if (response.ok) return { ok: true, data };
  return { ok: false, code: errorCode(response, data), text: describe(response, data) };
}

/** The text of a refused response ({"error":{code, message, field}}, or a bare HTTP status). */
export async function errorText(response) {
  return (await refusal(response)).text;
}

/** A refused response's {code, message, text}: the code decides, the text is shown. */
export async function refusal(response) {
  const data = await response.json().catch(() => null);
  const message = (data && data.error && data.error.message) || '';
  return { code: errorCode(response, data), message, text: describe(response, data) };
}

function errorCode(response, data) {
  return (data && data.error && data.error.code) || 'http_' + response.status;
}

function describe(response, data) {
  const error = (data && data.error) || {};
  return `${response.status} ${errorCode(response, data)}` + (error.message ? ': ' + error.message : '')
    + (error.field ? ` (${error.field})` : '');
}
