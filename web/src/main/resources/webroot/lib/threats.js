// The threats an alert names (docs/alerts.md), in Hebrew as the national system words them and in
// English. Shared by the pages that show alerts.

const THREATS = {
  'rockets': { he: 'ירי רקטות וטילים', en: 'Rockets and missiles' },
  'hostile-aircraft': { he: 'חדירת כלי טיס עוין', en: 'Hostile aircraft' },
  'earthquake': { he: 'רעידת אדמה', en: 'Earthquake' },
  'tsunami': { he: 'צונאמי', en: 'Tsunami' },
  'hazardous-materials': { he: 'אירוע חומרים מסוכנים', en: 'Hazardous materials' },
  'terrorist-infiltration': { he: 'חדירת מחבלים', en: 'Terrorist infiltration' },
  'unconventional': { he: 'אירוע בלתי קונבנציונלי', en: 'Unconventional threat' },
  'other': { he: 'התרעה', en: 'Alert' }
};

/** {he, en} for a threat; an unknown one (a newer server) by its id. */
export function threatName(threat) {
  return THREATS[threat] || { he: threat || THREATS.other.he, en: threat || THREATS.other.en };
}

/** The whole seconds left until {@code endsAt} (ISO), 0 once over. */
export function secondsLeft(endsAt, now = Date.now()) {
  return Math.max(0, Math.ceil((Date.parse(endsAt) - now) / 1000));
}

/** The time left until {@code endsAt} (ISO) as mm:ss, h:mm:ss from an hour up; 00:00 once over. */
export function countdown(endsAt, now = Date.now()) {
  const left = secondsLeft(endsAt, now);
  const s = String(left % 60).padStart(2, '0');
  const m = Math.floor(left / 60) % 60;
  const h = Math.floor(left / 3600);
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${String(m).padStart(2, '0')}:${s}`;
}
