// Words and times on the ops page: Hebrew first, English in small print; times in the city's zone.

const STATUS_TEXT = {
  new: 'חדש · new', acknowledged: 'התקבל · acknowledged', assigned: 'שובץ · assigned',
  en_route: 'בדרך · en route', on_site: 'במקום · on site', resolved: 'טופל · resolved',
  closed: 'נסגר · closed', duplicate: 'כפול · duplicate'
};
/** The statuses of a report still being handled (docs/api.md, the workflow). */
export const OPEN_STATUSES = ['new', 'acknowledged', 'assigned', 'en_route', 'on_site'];
// Colours by priority, 5 = life safety.
const PRIORITY_COLOR = { 5: '#e74c3c', 4: '#e67e22', 3: '#f1c40f', 2: '#3498db', 1: '#95a5a6' };

let timeZone = 'Asia/Jerusalem'; // the city's (`timeZone` in /config.json), not the screen's
const names = new Map();         // district id -> {he, en}
const categories = new Map();    // category id -> {id, priority, name_he, name_en} from /config.json

// Formatters made once per zone: building one per call (toLocaleTimeString with options) was most
// of the page's time in a barrage.
let clock = null;
let calendar = null;

export function setTimeZone(zone) {
  if (zone) timeZone = zone;
  clock = null;
  calendar = null;
}

export function setCategories(list) {
  categories.clear();
  for (const c of list || []) categories.set(c.id, c);
}

/** The category's triage priority (its floor: words in a report can raise it). */
export function categoryPriority(id) {
  const c = categories.get(id);
  return c ? c.priority : 0;
}

export function setDistrictNames(features) {
  names.clear();
  for (const f of features) names.set(f.properties.id, { he: f.properties.name_he || f.properties.id, en: f.properties.name_en || '' });
}

export function districtIds() {
  return [...names.keys()];
}

export function districtName(id) {
  const n = names.get(id);
  return n ? n.he : id;
}

export function categoryName(id) {
  const c = categories.get(id);
  return (c && c.name_he) || id;
}

export function statusName(status) {
  return STATUS_TEXT[status] || status;
}

export function priorityColor(priority) {
  return PRIORITY_COLOR[Math.max(1, Math.min(5, priority || 1))];
}

export function time(iso) {
  const d = new Date(iso);
  if (isNaN(d)) return '';
  clock = clock || new Intl.DateTimeFormat('he-IL', { timeZone, hour: '2-digit', minute: '2-digit' });
  return clock.format(d);
}

export function dateTime(iso) {
  const d = new Date(iso);
  if (isNaN(d)) return '';
  calendar = calendar || new Intl.DateTimeFormat('he-IL', { timeZone, day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' });
  return calendar.format(d);
}

export function minutesAgo(date) {
  const minutes = Math.max(0, Math.floor((Date.now() - date.getTime()) / 60000));
  if (minutes < 1) return 'עכשיו · just now';
  if (minutes < 120) return `לפני ${minutes} דק׳ · ${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  return `לפני ${hours} שע׳ · ${hours} h ago`;
}

/** A Hebrew name in bold with its English beside it; both as text. */
export function label(he, en) {
  const span = document.createElement('span');
  const b = document.createElement('b');
  b.textContent = he;
  span.appendChild(b);
  if (en) {
    const e = document.createElement('span');
    e.className = 'en';
    e.textContent = en;
    span.appendChild(e);
  }
  return span;
}

/** An element with text that may mix Hebrew, English and numbers: its own direction. */
export function el(tag, className, text) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined && text !== null) {
    element.textContent = text;
    element.dir = 'auto';
  }
  return element;
}
