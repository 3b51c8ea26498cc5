// Device sign-in links: a supervisor issues a link for a shared tablet (patroller, districts,
// hours), shows its QR code, and revokes links still active (docs/api.md, "Device sign-in links").
// A plain ES module, no build step. What people typed is only ever inserted as text.

const TOKEN_KEY = 'hamal.token';
const LINKS = '/api/v1/devices/links';
let token = null;

function takeTokenFromUrl() {
  const match = location.hash.match(/(?:^#|&)token=([^&]+)/);
  if (match) {
    localStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
    // Keep the token out of the address bar, history and screenshots.
    history.replaceState(null, '', location.pathname + location.search);
  }
  token = localStorage.getItem(TOKEN_KEY);
}

function askForToken(message) {
  const dialog = document.getElementById('signin');
  const error = document.getElementById('signin-error');
  error.textContent = message || '';
  error.hidden = !message;
  dialog.showModal();
  return new Promise(resolve => {
    document.getElementById('signin-form').addEventListener('submit', () => {
      token = document.getElementById('token-input').value.trim();
      localStorage.setItem(TOKEN_KEY, token);
      resolve(token);
    }, { once: true });
  });
}

async function api(method, path, body) {
  const headers = { Authorization: 'Bearer ' + token };
  if (body) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  if (response.status === 204) return null;
  const json = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error((json.error && json.error.message) || response.statusText);
    error.status = response.status;
    error.code = json.error && json.error.code;
    throw error;
  }
  return json;
}

// Times in the city's zone (`timeZone` in /config.json), not the supervisor's computer's.
let timeZone = 'Asia/Jerusalem';
fetch('/config.json').then(r => r.json()).then(c => { if (c.timeZone) timeZone = c.timeZone; }).catch(() => {});

function time(iso) {
  const d = new Date(iso);
  return isNaN(d) ? '' : d.toLocaleString('he-IL', { timeZone, dateStyle: 'short', timeStyle: 'short' });
}

async function drawDistricts() {
  const layer = await fetch('/api/v1/districts').then(r => r.json());
  const box = document.getElementById('districts');
  box.replaceChildren();
  for (const feature of layer.features) {
    const id = feature.properties.id;
    const label = document.createElement('label');
    const check = document.createElement('input');
    check.type = 'checkbox';
    check.value = id;
    check.dataset.district = id;
    const name = document.createElement('bdi');
    name.textContent = feature.properties.name_he || feature.properties.name || id;
    label.append(check, ' ', name);
    box.append(label);
  }
}

/** Our own server's SVG, shown as an image: never parsed into the page. */
function showQr(svg) {
  const image = document.createElement('img');
  image.alt = 'QR';
  image.dataset.qrImage = '';
  image.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg);
  document.getElementById('qr').replaceChildren(image);
}

async function issue(event) {
  event.preventDefault();
  const error = document.getElementById('issue-error');
  error.hidden = true;
  const districts = [...document.querySelectorAll('#districts input:checked')].map(c => c.value);
  const body = {
    subject: document.getElementById('subject').value.trim(),
    districts,
    ttl: document.getElementById('hours').value + 'h'
  };
  try {
    const link = await api('POST', LINKS, body);
    showQr(link.qrSvg);
    document.getElementById('issued-for').textContent = link.subject;
    document.getElementById('issued-until').textContent = 'בתוקף עד · until ' + time(link.expiresAt);
    document.getElementById('issued-url').value = link.url;
    document.getElementById('issued').hidden = false;
    await listLinks();
  } catch (e) {
    error.textContent = 'שגיאה · Error: ' + e.message;
    error.hidden = false;
  }
}

async function revoke(jti) {
  await api('DELETE', LINKS + '/' + encodeURIComponent(jti));
  await listLinks();
}

async function listLinks() {
  const { links } = await api('GET', LINKS);
  const rows = links.map(link => {
    const row = document.createElement('tr');
    row.dataset.jti = link.jti;
    row.dataset.revoked = String(link.revokedAt !== null);
    const cells = [link.subject, link.districts.join(', '), link.issuedBy, time(link.expiresAt)].map(text => {
      const cell = document.createElement('td');
      const bdi = document.createElement('bdi');
      bdi.textContent = text;
      cell.append(bdi);
      return cell;
    });
    const action = document.createElement('td');
    if (link.revokedAt === null) {
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.revoke = link.jti;
      button.textContent = 'ביטול · Revoke';
      button.addEventListener('click', () => revoke(link.jti));
      action.append(button);
    } else {
      action.textContent = 'בוטל · Revoked';
    }
    row.append(...cells, action);
    return row;
  });
  document.querySelector('#links tbody').replaceChildren(...rows);
  document.getElementById('links-empty').hidden = rows.length > 0;
}

async function start() {
  try {
    await listLinks(); // checks the token too
  } catch (e) {
    if (e.status === 401 || e.status === 403) {
      await askForToken(token ? 'האסימון נדחה · The token was refused' : '');
      document.getElementById('signin').close();
      return start();
    }
    throw e;
  }
  document.getElementById('signout').hidden = false;
  document.body.dataset.ready = 'true';
}

document.getElementById('signout').addEventListener('click', () => {
  localStorage.removeItem(TOKEN_KEY);
  location.reload();
});
document.getElementById('issue').addEventListener('submit', issue);
takeTokenFromUrl();
await drawDistricts();
await start();
