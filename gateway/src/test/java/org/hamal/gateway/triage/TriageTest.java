package org.hamal.gateway.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.hamal.gateway.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Triage with the shipped rules, on Hebrew and English texts. */
class TriageTest {

  private final Triage triage;

  TriageTest() throws Exception {
    triage = new Triage(new ConfigLoader().load(null, Map.of()).triage());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "hazard|יש פצועים ליד הבניין|5|injured",
        "hazard|שני פְּצוּעִים בחצר|5|injured",
        "other|There are two injured people on the stairs|5|injured",
        "noise|רעש חזק ואחר כך עשן מהחלון|5|fire",
        "other|בשריפה בקומה השלישית|5|fire",
        "hazard|ריח גז חזק בחדר המדרגות|5|gas",
        "other|Strong smell of gas in the lobby|5|gas",
        "hazard|נפילה ליד בית הספר, רסיסים על הכביש|5|building-hit",
        "other|אנשים לכודים במעלית|5|trapped",
        "roads|חוט חשמל קרוע על המדרכה|5|power-line-down",
        "welfare|קשישה לבד בדירה ללא חשמל|4|vulnerable",
      })
  void lifeSafetyWordsRaiseAnyReportToTheTop(String category, String text, int priority, String rule) {
    Triage.Decision d = triage.decide(category, text);
    assertThat(d.priority()).isEqualTo(priority);
    assertThat(d.matched()).contains(rule);
  }

  @Test
  void wordsInsideOtherWordsDoNotMatch() {
    // "אש" (fire) inside "אשפה" (garbage) and "אשקלון"; "gas" inside "Vegas".
    assertThat(triage.decide("garbage", "פח אשפה מלא ברחוב אשקלון").matched()).isEmpty();
    assertThat(triage.decide("noise", "music from the Las Vegas party").matched()).isEmpty();
    assertThat(triage.priority("garbage", "פח אשפה מלא")).isEqualTo(1);
  }

  @Test
  void theCategoryGivesThePriorityWhenTheTextSaysNothingMore() {
    assertThat(triage.priority("injury", null)).isEqualTo(5);
    assertThat(triage.priority("hazard", "מכסה ביוב פתוח")).isEqualTo(3);
    assertThat(triage.priority("unlisted-category", "")).isEqualTo(2);
  }

  @Test
  void lowPriorityCategoriesAreDeferrableUnlessTheTextRaisesThem() {
    assertThat(triage.decide("noise", "מסיבה רועשת בשכנים").deferrable()).isTrue();
    assertThat(triage.decide("pothole", "Pothole on Herzl street").deferrable()).isTrue();
    assertThat(triage.decide("noise", "צעקות ואחר כך עשן").deferrable()).isFalse();
    assertThat(triage.decide("hazard", "עמוד נוטה").deferrable()).isFalse();
  }

  /**
   * The word lookup finds exactly what the plain definition finds: a regular expression per
   * keyword over the normalized text, whole words, up to three Hebrew prefix letters in front.
   * Random texts of keywords (cut, glued, prefixed, with other words between) and noise.
   */
  @Test
  void findsExactlyWhatTheRegularExpressionDefinitionFinds() throws Exception {
    TriageConfig config = new ConfigLoader().load(null, Map.of()).triage();
    java.util.List<String> vocabulary = new java.util.ArrayList<>(java.util.List.of("אשפה", "רחוב", "the", "of", "לא", "ו", "ש"));
    config.rules().forEach(r -> vocabulary.addAll(r.keywords()));
    java.util.Random random = new java.util.Random(20261126);
    String prefixes = "והבכלמשדא";
    for (int n = 0; n < 20_000; n++) {
      StringBuilder text = new StringBuilder();
      int words = 1 + random.nextInt(8);
      for (int w = 0; w < words; w++) {
        String word = vocabulary.get(random.nextInt(vocabulary.size()));
        switch (random.nextInt(6)) {
          case 0 -> word = prefixes.charAt(random.nextInt(prefixes.length())) + word;
          case 1 -> word = "" + prefixes.charAt(random.nextInt(prefixes.length())) + prefixes.charAt(random.nextInt(prefixes.length())) + word;
          case 2 -> word = word.substring(0, Math.max(1, word.length() - 1));
          case 3 -> word = word + (random.nextBoolean() ? "ים" : "s");
          default -> { }
        }
        text.append(word).append(random.nextInt(4) == 0 ? ", " : " ");
      }
      String t = text.toString();
      assertThat(triage.decide("other", t).matched()).as(t).isEqualTo(reference(config, t));
    }
  }

  private static java.util.List<String> reference(TriageConfig config, String description) {
    String text = String.join(" ", wordsOf(Triage.normalize(description)));
    java.util.List<String> matched = new java.util.ArrayList<>();
    for (TriageConfig.Rule rule : config.rules()) {
      for (String k : rule.keywords()) {
        String words = String.join(" ", wordsOf(Triage.normalize(k)));
        if (java.util.regex.Pattern.compile("(?:^| )[והבכלמשד]{0,3}" + java.util.regex.Pattern.quote(words) + "(?= |$)")
            .matcher(text)
            .find()) {
          matched.add(rule.name());
          break;
        }
      }
    }
    return matched;
  }

  private static java.util.List<String> wordsOf(String normalized) {
    return java.util.Arrays.stream(normalized.split("[^\\p{L}\\p{N}]+")).filter(w -> !w.isEmpty()).toList();
  }
}
