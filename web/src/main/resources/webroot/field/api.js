// The patroller's token and calls to the API with it.

const TOKEN_KEY = 'hamal.field.token';

export class Unauthorized extends Error {}

/** The token's claims (not verified here: the server does that on every call). */
export function claims(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent([...atob(part)].map(c => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
    return JSON.parse(json);
  } catch (e) {
    return null;
  }
}

/**
 * The token from a device sign-in link (`/field/#signin=<token>`), kept on the tablet and taken
 * out of the address bar, its history and any screenshot; else the one kept before.
 */
export function takeToken() {
  const match = location.hash.match(/(?:^#|&)(?:signin|token)=([^&]+)/);
  if (match) {
    localStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
    history.replaceState(null, '', location.pathname + location.search);
  }
  return localStorage.getItem(TOKEN_KEY);
}

export function keepToken(token) {
  localStorage.setItem(TOKEN_KEY, token);
}

export function forgetToken() {
  localStorage.removeItem(TOKEN_KEY);
}

export class Api {
  constructor(token) {
    this.token = token;
  }

  /** A request; throws Unauthorized on 401, a TypeError when the network is gone. */
  async request(method, path, { body, headers = {} } = {}) {
    const init = { method, headers: { Authorization: 'Bearer ' + this.token, ...headers } };
    if (body instanceof Blob) {
      init.body = body;
    } else if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(path, init);
    if (response.status === 401) throw new Unauthorized();
    return response;
  }

  async json(path) {
    const response = await this.request('GET', path);
    if (!response.ok) throw new Error(path + ': HTTP ' + response.status);
    return response.json();
  }
}
