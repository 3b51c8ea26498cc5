// A page's token and its calls to the API (the ops room and the field app share this).

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
 * A token kept in this browser under {@code key}. One given in the address (`#token=…`, or
 * `#signin=…` from a device link) replaces it and is taken out of the address bar, its history
 * and any screenshot.
 */
export class TokenStore {
  constructor(key) {
    this.key = key;
  }

  take() {
    const match = location.hash.match(/(?:^#|&)(?:signin|token)=([^&]+)/);
    if (match) {
      localStorage.setItem(this.key, decodeURIComponent(match[1]));
      history.replaceState(null, '', location.pathname + location.search);
    }
    return localStorage.getItem(this.key);
  }

  keep(token) {
    localStorage.setItem(this.key, token);
  }

  forget() {
    localStorage.removeItem(this.key);
  }
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
