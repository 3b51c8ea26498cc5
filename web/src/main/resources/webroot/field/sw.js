// The field app's service worker: the app shell, the map library, the page configuration, the
// district layer and the alert areas come from the network when it answers and from this cache
// when it does not, so a reload in a dead zone still opens the app (docs/field-app.md,
// "Offline"). The API and the live stream are not cached here: the app keeps its last known queue
// (and shelter screen) itself, and its actions wait in the outbox.
const CACHE = 'hamal-field-v5';
const SHELL = [
  '/field/',
  '/field/field.css',
  '/field/app.js',
  '/field/i18n.js',
  '/field/queue.js',
  '/field/outbox.js',
  '/field/live.js',
  '/lib/api.js',
  '/lib/geo.js',
  '/lib/sla.js',
  '/lib/words.js',
  '/field/send.js',
  '/field/map.js',
  '/field/report.js',
  '/field/compose.js',
  '/field/duty.js',
  '/field/shelter.js',
  '/vendor/leaflet/dist/leaflet.css',
  '/vendor/leaflet/dist/leaflet.js',
  '/config.json',
  '/api/v1/districts',
  '/api/v1/alert-areas'
];
// How long a request may take before the cached copy is used: a flaky network hangs, not fails.
const NETWORK_PATIENCE_MS = 4000;

self.addEventListener('install', event => {
  event.waitUntil(caches.open(CACHE).then(cache => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', event => {
  event.waitUntil(
    caches.keys()
      .then(keys => Promise.all(keys.filter(k => k !== CACHE).map(k => caches.delete(k))))
      .then(() => self.clients.claim()));
});

self.addEventListener('fetch', event => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== location.origin) return;
  const key = event.request.mode === 'navigate' && url.pathname.startsWith('/field/') ? '/field/' : url.pathname;
  if (!SHELL.includes(key)) return;
  event.respondWith(networkThenCache(key));
});

async function networkThenCache(key) {
  const cache = await caches.open(CACHE);
  try {
    // Revalidated with the server every time (it answers 304 when nothing changed): the HTTP
    // cache alone would keep an upgraded app's old modules for a day.
    const response = await withPatience(fetch(new Request(key, { cache: 'no-cache', credentials: 'same-origin' })));
    if (response.ok) await cache.put(key, response.clone());
    return response;
  } catch (e) {
    const cached = await cache.match(key);
    if (cached) return cached;
    throw e;
  }
}

function withPatience(promise) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer in time')), NETWORK_PATIENCE_MS);
    promise.then(r => { clearTimeout(timer); resolve(r); }, e => { clearTimeout(timer); reject(e); });
  });
}
