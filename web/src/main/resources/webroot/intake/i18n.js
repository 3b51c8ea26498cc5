// The call-taker's words in Hebrew (the default, right to left) and English, the city's names
// for categories and districts, and the city's clock (`timeZone` from /config.json): times and the
// shift's day are the city's, whatever the computer's zone is.

import { Words } from '../lib/words.js';

const LANG_KEY = 'hamal.intake.lang';

const WORDS = {
  he: {
    title: 'קבלת פניות', signInTitle: 'כניסה', signInHelp: 'הדביקו את האסימון שקיבלתם מהמנהל.',
    token: 'אסימון', signIn: 'כניסה', signOut: 'התנתקות', language: 'English',
    expired: 'תוקף הכניסה פג.', refused: 'האסימון נדחה או אינו תקף.',
    notAllowed: 'אסימון זה אינו מורשה לקבל פניות (נדרש תפקיד intake, operator, supervisor או admin).',
    shift: 'פניות במשמרת', category: 'קטגוריה', categoryHint: 'הקלידו כמה אותיות (עברית או אנגלית)',
    where: 'מיקום', whereHint: 'רחוב ומספר, מקום, שכונה — או קואורדינטות', description: 'מה קרה',
    callerName: 'שם המתקשר', phone: 'טלפון', callback: 'מסכים/ה שיחזרו אליו/ה',
    submit: 'שליחה', submitJoin: 'שליחה — צירוף לאירוע', newCall: 'פנייה חדשה',
    lifeSafety: 'מציל חיים', priority: 'עדיפות {p}',
    coordinates: 'קואורדינטות', grid: 'רשת ישראל', locating: 'מאתר…',
    district: 'מחוז: {d}', snapped: 'נקודה מחוץ לגבול, {m} מ׳ ממנו — שויכה למחוז הקרוב',
    outside: 'המיקום מחוץ לאזור השירות של העיר. בקשו מהמתקשר כתובת בעיר.',
    noPlaces: 'לא נמצא מקום. נסו שם אחר, לחצו על המפה או הדביקו קואורדינטות.',
    house: 'מס׳ {n}', approx: 'משוער', kind_district: 'שכונה', kind_street: 'רחוב', kind_point: 'מקום',
    mapHint: 'לחיצה על המפה קובעת את המיקום',
    duplicates: 'כבר דווח בקרבת מקום', joinKey: 'Alt+{n}',
    already: '{n} דיווחים, {d} מכאן, האחרון לפני {t}', alreadyOne: 'דיווח אחד, {d} מכאן, לפני {t}',
    joined: 'הפנייה תצורף לאירוע זה', noDuplicates: 'אין אירוע פתוח דומה בקרבת מקום',
    needCategory: 'בחרו קטגוריה', needWhere: 'בחרו מיקום', badPhone: 'מספר טלפון לא תקין: נייד 05X-XXXXXXX, נייח 0X-XXXXXXX או 07X-XXXXXXX',
    callbackNeedsPhone: 'לחזרה למתקשר נדרש מספר טלפון',
    sending: 'שולח…', stored: 'פנייה {id} נשמרה · {d} · עדיפות {p}', replayed: '(כבר נשמרה קודם — לא נשמרה פעמיים)',
    joinedIncident: 'צורפה לאירוע קיים', deferred: 'נדחתה עד סוף מצב החירום',
    overloaded: 'המערכת עמוסה ולא קיבלה כרגע פנייה שאינה מצילת חיים.',
    overloadedSay: 'אמרו למתקשר: „הפנייה שלך חשובה לנו. המערכת עמוסה כרגע; אני רושם/ת את הפרטים ואשלח אותם שוב בעוד רגע. אם יש סכנת חיים — אמור/אמרי לי עכשיו.”',
    retryIn: 'הטופס נשמר. Enter שולח שוב (אפשר בעוד {s} שנ׳).',
    unknownOutcome: 'לא התקבלה תשובה מהשרת. Enter שולח שוב — הפנייה לא תישמר פעמיים.',
    storedBefore: 'הפנייה כבר נשמרה בניסיון הקודם, בלי השינוי האחרון. "פנייה חדשה" לשיחה הבאה.',
    refusedReport: 'הפנייה נדחתה: {m}',
    recent: 'התקבלו במשמרת', keys: 'מקשים',
    keyMap: 'Tab / Shift+Tab — שדה הבא/קודם · ↑↓ ו-Enter — בחירה מהרשימה · Esc — סגירת הצעות · Alt+1…9 — צירוף לאירוע · Enter — שליחה · Shift+Enter — שורה חדשה בתיאור · Alt+N — פנייה חדשה',
    now: 'פחות מדקה', min: '{n} דק׳', hours: '{n} שע׳', meters: '{n} מ׳', km: '{n} ק״מ'
  },
  en: {
    title: 'Call intake', signInTitle: 'Sign in', signInHelp: 'Paste the token your administrator gave you.',
    token: 'Token', signIn: 'Sign in', signOut: 'Sign out', language: 'עברית',
    expired: 'Your sign-in has expired.', refused: 'The token was refused or is not valid.',
    notAllowed: 'This token may not take reports (it needs the intake, operator, supervisor or admin role).',
    shift: 'Calls this shift', category: 'Category', categoryHint: 'Type a few letters (Hebrew or English)',
    where: 'Where', whereHint: 'Street and number, a landmark, a neighborhood — or coordinates', description: 'What happened',
    callerName: "Caller's name", phone: 'Phone', callback: 'May be called back',
    submit: 'Send', submitJoin: 'Send — join the incident', newCall: 'New call',
    lifeSafety: 'life safety', priority: 'priority {p}',
    coordinates: 'Coordinates', grid: 'Israeli TM Grid', locating: 'Locating…',
    district: 'District: {d}', snapped: 'Outside the line by {m} m — given to the nearest district',
    outside: 'This point is outside the city\'s service area. Ask the caller for an address in the city.',
    noPlaces: 'No place found. Try another name, click the map or paste coordinates.',
    house: 'No. {n}', approx: 'approximate', kind_district: 'neighborhood', kind_street: 'street', kind_point: 'place',
    mapHint: 'Click the map to set the point',
    duplicates: 'Already reported nearby', joinKey: 'Alt+{n}',
    already: '{n} reports, {d} away, latest {t} ago', alreadyOne: '1 report, {d} away, {t} ago',
    joined: 'This call will join this incident', noDuplicates: 'No similar open incident nearby',
    needCategory: 'Choose a category', needWhere: 'Choose a location', badPhone: 'Not a valid phone number: mobile 05X-XXXXXXX, landline 0X-XXXXXXX or 07X-XXXXXXX',
    callbackNeedsPhone: 'A call back needs a phone number',
    sending: 'Sending…', stored: 'Report {id} stored · {d} · priority {p}', replayed: '(already stored — not stored twice)',
    joinedIncident: 'joined a known incident', deferred: 'deferred until the emergency ends',
    overloaded: 'The system is saturated and did not take this report now (it is not life safety).',
    overloadedSay: 'Tell the caller: "Your report matters to us. The system is very busy right now; I have your details and will send them again in a moment. If anyone\'s life is in danger, tell me now."',
    retryIn: 'The form is kept. Enter sends again (possible in {s} s).',
    unknownOutcome: 'The server did not answer. Enter sends again — the report will not be stored twice.',
    storedBefore: 'The report was stored by the attempt before, without the latest change. "New call" for the next call.',
    refusedReport: 'The report was refused: {m}',
    recent: 'Taken this shift', keys: 'Keys',
    keyMap: 'Tab / Shift+Tab — next/previous field · ↑↓ and Enter — choose from a list · Esc — close suggestions · Alt+1…9 — join an incident · Enter — send · Shift+Enter — new line in the description · Alt+N — new call',
    now: '<1 min', min: '{n} min', hours: '{n} h', meters: '{n} m', km: '{n} km'
  }
};

const categories = new Map();
const districts = new Map();
const words = new Words(LANG_KEY, WORDS);
let zone = 'Asia/Jerusalem';

export const lang = () => words.current;
export const setLang = next => words.set(next);
export const applyLang = () => words.apply();
export const t = (key, values) => words.t(key, values);

export function setZone(timeZone) {
  if (timeZone) zone = timeZone;
}

/** Today in the city, "2026-12-07": the shift count is kept per day. */
export function cityDay(date = new Date()) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

/** "14:05" in the city. */
export function clock(date) {
  return new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit' }).format(date);
}

export function setCategories(list) {
  categories.clear();
  for (const c of list || []) categories.set(c.id, c);
}

export function setDistricts(features) {
  districts.clear();
  for (const f of features || []) districts.set(f.properties.id, f.properties);
}

/** A category's or a district's name in the current language (its id when the city gave none). */
export function categoryName(id) {
  return localName(categories.get(id), id);
}

export function districtName(id) {
  return localName(districts.get(id), id);
}

export function localName(named, fallback) {
  return (named && (words.current === 'he' ? named.name_he : named.name_en)) || (named && (named.name_he || named.name_en)) || fallback;
}

export function ago(ms) {
  const m = Math.max(0, Math.round(ms / 60000));
  if (m < 1) return t('now');
  return m < 120 ? t('min', { n: m }) : t('hours', { n: Math.floor(m / 60) });
}

export function distance(meters) {
  return meters < 1000 ? t('meters', { n: Math.round(meters) }) : t('km', { n: (meters / 1000).toFixed(1) });
}
