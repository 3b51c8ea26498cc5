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

  /**
   * The kept token (one in the address taking its place) and its claims, {token, claim}; or
   * {problem}: 'none' (no token, or not a token) or 'expired'.
   */
  signedIn() {
    const token = this.take();
    const claim = token && claims(token);
    if (!claim) return { problem: 'none' };
    if (claim.exp && claim.exp * 1000 <= Date.now()) return { problem: 'expired' };
    return { token, claim };
  }

  /** A sign-in form: a pasted token is kept and the page starts again with it. */
  acceptFrom(form, field) {
    form.addEventListener('submit', e => {
      e.preventDefault();
      const token = field.value.trim();
      if (token) {
        this.keep(token);
        location.reload();
      }
    });
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

  /**
   * A request; throws Unauthorized on 401, a TypeError when the network is gone (and the
   * `signal`'s error when it aborts: a page's own time limit).
   */
  async request(method, path, { body, headers = {}, signal } = {}) {
    const init = { method, headers: { Authorization: 'Bearer ' + this.token, ...headers }, signal };
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
