// The field app's words, in Hebrew (the default, right to left) and English, and the city's
// clock: every time is shown in the city's time zone (`timeZone` in /config.json), never the
// tablet's.

import { Words } from '../lib/words.js';

const LANG_KEY = 'hamal.field.lang';

const TEXT = {
  he: {
    title: 'חמ״ל שטח',
    queue: 'התור שלי',
    map: 'מפה',
    newReport: 'דיווח חדש',
    signOut: 'התנתקות',
    signOutPending: 'יש {n} פעולות שטרם נשלחו. לצאת בכל זאת? הן יימחקו.',
    signInTitle: 'כניסה',
    signInHelp: 'פתחו את קישור הכניסה שקיבלתם מהמפקח (או סרקו את הקוד), או הדביקו אסימון.',
    signInAgain: 'יש להתחבר מחדש',
    expired: 'תוקף הכניסה פג.',
    revoked: 'הכניסה בוטלה או אינה תקפה.',
    pasteToken: 'אסימון',
    signIn: 'כניסה',
    live: 'מחובר',
    offline: 'אין רשת — מוצג המצב האחרון',
    connecting: 'מתחבר…',
    waiting: 'ממתין לשליחה ({n})',
    failed: 'לא נשלח ({n})',
    empty: 'אין דיווחים פתוחים במחוז',
    newItems: '{n} עדכונים — הצגה',
    overdue: 'באיחור {d}',
    left: 'נותרו {d}',
    away: '{d} ממך',
    ago: 'לפני {d}',
    now: 'פחות מדקה',
    min: '{n} דק׳',
    hours: '{n} שע׳',
    meters: '{n} מ׳',
    km: '{n} ק״מ',
    back: 'חזרה',
    note: 'הערה (לא חובה)',
    history: 'היסטוריה',
    reporter: 'המדווח',
    call: 'חיוג',
    location: 'מיקום',
    received: 'התקבל',
    channel: 'ערוץ',
    photos: 'תמונות',
    acknowledge: 'קיבלתי',
    enRoute: 'בדרך',
    onSite: 'בשטח',
    resolve: 'טופל',
    conflict: 'הדיווח שונה בינתיים על ידי {actor}: כעת "{status}". הפעולה "{wanted}" לא בוצעה.',
    conflictDismiss: 'הבנתי',
    category: 'קטגוריה',
    description: 'תיאור קצר',
    where: 'מיקום',
    myLocation: 'המיקום שלי',
    pickOnMap: 'בחירה במפה',
    pickHint: 'הקישו על המפה במקום הדיווח',
    noLocation: 'בחרו מיקום',
    addPhotos: 'צילום / תמונות',
    send: 'שליחה',
    sent: 'הדיווח נשמר ויישלח',
    onDuty: 'במשמרת',
    offDuty: 'לא במשמרת',
    lifeSafety: 'מציל חיים',
    queued: 'ממתין לשליחה',
    shelterNow: 'היכנסו למרחב המוגן עכשיו',
    openAreaNow: 'צאו לשטח פתוח עכשיו',
    awayFromShoreNow: 'התרחקו מהחוף עכשיו',
    lockInNow: 'היכנסו למבנה ונעלו את הדלת',
    reachShelter: 'זמן להגעה למרחב המוגן',
    stayInShelter: 'הישארו במרחב המוגן עוד',
    iAmSafe: 'אני בטוח/ה',
    answeredAt: 'ענית ב־{time}',
    leaveShelter: 'ניתן לצאת מהמרחב המוגן',
    dismiss: 'הבנתי',
    'threat.rockets': 'ירי רקטות וטילים',
    'threat.hostile-aircraft': 'חדירת כלי טיס עוין',
    'threat.earthquake': 'רעידת אדמה',
    'threat.tsunami': 'צונאמי',
    'threat.hazardous-materials': 'אירוע חומרים מסוכנים',
    'threat.terrorist-infiltration': 'חדירת מחבלים',
    'threat.unconventional': 'אירוע לא קונבנציונלי',
    'threat.other': 'התרעה',
    language: 'English'
  },
  en: {
    title: 'Hamal field',
    queue: 'My queue',
    map: 'Map',
    newReport: 'New report',
    signOut: 'Sign out',
    signOutPending: '{n} actions have not been sent yet. Sign out anyway? They will be discarded.',
    signInTitle: 'Sign in',
    signInHelp: 'Open the sign-in link your supervisor gave you (or scan its code), or paste a token.',
    signInAgain: 'Please sign in again',
    expired: 'Your sign-in has expired.',
    revoked: 'Your sign-in was revoked or is not valid.',
    pasteToken: 'Token',
    signIn: 'Sign in',
    live: 'Live',
    offline: 'Offline — showing the last known state',
    connecting: 'Connecting…',
    waiting: 'Waiting to send ({n})',
    failed: 'Not sent ({n})',
    empty: 'No open reports in your district',
    newItems: '{n} updates — show',
    overdue: '{d} overdue',
    left: '{d} left',
    away: '{d} away',
    ago: '{d} ago',
    now: '<1 min',
    min: '{n} min',
    hours: '{n} h',
    meters: '{n} m',
    km: '{n} km',
    back: 'Back',
    note: 'Note (optional)',
    history: 'History',
    reporter: 'Reporter',
    call: 'Call',
    location: 'Location',
    received: 'Received',
    channel: 'Channel',
    photos: 'Photos',
    acknowledge: 'Acknowledge',
    enRoute: 'On my way',
    onSite: 'On scene',
    resolve: 'Resolved',
    conflict: 'Changed meanwhile by {actor}: now "{status}". Your "{wanted}" was not applied.',
    conflictDismiss: 'OK',
    category: 'Category',
    description: 'A few words',
    where: 'Location',
    myLocation: 'My location',
    pickOnMap: 'Pick on map',
    pickHint: 'Tap the map where it is',
    noLocation: 'Choose a location',
    addPhotos: 'Camera / photos',
    send: 'Send',
    sent: 'Saved; it will be sent',
    onDuty: 'On duty',
    offDuty: 'Off duty',
    lifeSafety: 'life safety',
    queued: 'waiting to send',
    shelterNow: 'Take shelter now',
    openAreaNow: 'Get out to an open area now',
    awayFromShoreNow: 'Move away from the shore now',
    lockInNow: 'Get inside and lock the door',
    reachShelter: 'Time to reach shelter',
    stayInShelter: 'Stay in the shelter for',
    iAmSafe: 'I am safe',
    answeredAt: 'Answered at {time}',
    leaveShelter: 'You may leave the shelter',
    dismiss: 'OK',
    'threat.rockets': 'Rockets and missiles',
    'threat.hostile-aircraft': 'Hostile aircraft intrusion',
    'threat.earthquake': 'Earthquake',
    'threat.tsunami': 'Tsunami',
    'threat.hazardous-materials': 'Hazardous materials',
    'threat.terrorist-infiltration': 'Terrorist infiltration',
    'threat.unconventional': 'Unconventional threat',
    'threat.other': 'Alert',
    language: 'עברית'
  }
};

// What each category is called, from /config.json (a city names its own categories).
const categories = new Map();

const STATUS = {
  'new': ['חדש', 'New'], 'acknowledged': ['התקבל', 'Acknowledged'], 'assigned': ['שובץ', 'Assigned'],
  'en_route': ['בדרך', 'On the way'], 'on_site': ['בשטח', 'On scene'], 'resolved': ['טופל', 'Resolved'],
  'closed': ['נסגר', 'Closed'], 'duplicate': ['כפול', 'Duplicate']
};

const words = new Words(LANG_KEY, TEXT);
let zone = 'Asia/Jerusalem';

export function lang() {
  return words.current;
}

/** Switches the language and the page's direction; the caller redraws. */
export function setLang(next) {
  words.set(next);
}

export function applyLang() {
  words.apply();
}

export function setTimeZone(timeZone) {
  if (timeZone) zone = timeZone;
}

/** A text by key, with {name} slots filled. */
export function t(key, values = {}) {
  return words.t(key, values);
}

export function setCategories(list) {
  categories.clear();
  for (const c of list || []) categories.set(c.id, c);
}

export function categoryName(id) {
  const c = categories.get(id);
  return (c && (words.current === 'he' ? c.name_he : c.name_en)) || id;
}

export function statusName(id) {
  const names = STATUS[id];
  return names ? names[words.current === 'he' ? 0 : 1] : id;
}

/** A date and time in the city's zone, e.g. "7.12, 14:05". */
export function dateTime(iso) {
  const d = new Date(iso);
  if (isNaN(d)) return '';
  return new Intl.DateTimeFormat(words.current === 'he' ? 'he-IL' : 'en-GB',
    { timeZone: zone, day: 'numeric', month: 'numeric', hour: '2-digit', minute: '2-digit' }).format(d);
}

/** A time of day in the city's zone, e.g. "14:05". */
export function clockTime(iso) {
  const d = new Date(iso);
  if (isNaN(d)) return '';
  return new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
}

/** A duration in minutes as words: "12 min", "3 h". */
export function duration(minutes) {
  const m = Math.max(0, Math.round(Math.abs(minutes)));
  if (m < 1) return t('now');
  if (m < 120) return t('min', { n: m });
  return t('hours', { n: Math.floor(m / 60) });
}

export function distance(meters) {
  if (meters < 1000) return t('meters', { n: Math.round(meters / 10) * 10 });
  return t('km', { n: (meters / 1000).toFixed(1) });
}
