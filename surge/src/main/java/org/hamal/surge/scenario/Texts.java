package org.hamal.surge.scenario;

import java.util.Map;
import java.util.Random;

/** What residents say, per category: a few plausible Hebrew sentences and made-up reporters. */
final class Texts {

  private static final Map<String, String[]> SAID =
      Map.ofEntries(
          Map.entry("injury", new String[] {"פצוע ברחוב, צריך עזרה", "אדם נפגע מרסיסים", "נפילה של קשישה במדרגות"}),
          Map.entry("fire", new String[] {"שריפה בחצר", "עשן כבד מבניין", "רכב בוער בחניה"}),
          Map.entry("gas-leak", new String[] {"ריח חזק של גז בחדר המדרגות", "צינור גז פגוע"}),
          Map.entry("building-hit", new String[] {"פגיעה ישירה בבניין", "נזק לקירות וחלונות", "רסיסים בחזית הבית"}),
          Map.entry("trapped", new String[] {"אנשים לכודים במעלית", "משפחה לכודה בדירה, הדלת תקועה"}),
          Map.entry("power-line-down", new String[] {"קו חשמל קרוע על הכביש", "עמוד חשמל נפל"}),
          Map.entry("shelter", new String[] {"המקלט הציבורי נעול", "אין חשמל במקלט"}),
          Map.entry("hazard", new String[] {"עמוד חשמל נוטה מעל המדרכה", "בור פתוח בלי גידור", "חפץ חשוד"}),
          Map.entry("electricity", new String[] {"הפסקת חשמל ברחוב", "תאורת רחוב לא עובדת"}),
          Map.entry("water", new String[] {"פיצוץ צנרת מים", "אין מים בבניין"}),
          Map.entry("sewage", new String[] {"הצפת ביוב", "ריח ביוב ברחוב"}),
          Map.entry("roads", new String[] {"הכביש מוצף", "רמזור לא עובד"}),
          Map.entry("pothole", new String[] {"בור גדול בכביש", "מדרכה שבורה"}),
          Map.entry("trees", new String[] {"עץ נפל על רכב", "ענף גדול חוסם את המדרכה"}),
          Map.entry("sanitation", new String[] {"פסולת בניין ברחוב", "מפגע תברואתי"}),
          Map.entry("garbage", new String[] {"הפח לא פונה", "ערימת זבל ליד הגן"}),
          Map.entry("noise", new String[] {"רעש חזק בלילה", "מסיבה בקומה העליונה"}),
          Map.entry("animals", new String[] {"כלב משוטט", "חתול פצוע"}),
          Map.entry("welfare", new String[] {"קשיש בודד צריך סיוע", "משפחה צריכה מזון"}),
          Map.entry("education", new String[] {"בעיה בהסעה לבית הספר", "מזגן מקולקל בגן"}),
          Map.entry("other", new String[] {"פנייה כללית", "שאלה למוקד"}));

  private static final String[] NAMES = {
    "דנה לוי", "יוסי כהן", "מרים אזולאי", "אבי פרץ", "רות ביטון", "משה דהן", "נועה מזרחי", "איגור פטרוב"
  };

  private Texts() {}

  static String said(String category, Random random) {
    String[] options = SAID.getOrDefault(category, SAID.get("other"));
    return options[random.nextInt(options.length)];
  }

  static String name(Random random) {
    return NAMES[random.nextInt(NAMES.length)];
  }

  static String phone(Random random) {
    return String.format("05%d-%07d", random.nextInt(10), random.nextInt(10_000_000));
  }
}
