package org.hamal.surge.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScenariosTest {

  private static final DistrictMap CITY = Layers.ashkelon();

  private static ScenarioOptions options(String name, double seconds, Double rate) {
    return new ScenarioOptions(name, seconds, rate, null, null, null, null, null, null, null, null,
        null, null, null, null, null, 0.3);
  }

  private static List<Arrival> all(Scenario s, long seed) {
    List<Arrival> out = new ArrayList<>();
    ArrivalStream stream = s.arrivals(seed);
    for (Arrival a; (a = stream.next()) != null; ) {
      out.add(a);
    }
    return out;
  }

  @Test
  void routineDaySpreadsReportsOverEveryDistrictInsideTheCity() {
    Scenario s = Scenarios.build(options("routine-day", 300, 20.0), CITY);
    List<Arrival> arrivals = all(s, 11);
    assertThat(arrivals.size()).isBetween(6_000 - 400, 6_000 + 400);
    Map<String, Integer> perDistrict = new HashMap<>();
    long previous = -1;
    for (Arrival a : arrivals) {
      assertThat(a.offsetNanos()).isGreaterThanOrEqualTo(previous).isLessThan(300_000_000_000L);
      previous = a.offsetNanos();
      ReportSpec r = a.report();
      String district = CITY.locate(r.lon(), r.lat()).orElseThrow().id();
      perDistrict.merge(district, 1, Integer::sum);
      assertThat(r.toJson().getString("category")).isNotBlank();
    }
    // Each of the 11 districts is equally likely: about 545 each.
    assertThat(perDistrict).hasSize(11);
    perDistrict.values().forEach(n -> assertThat(n).isBetween(400, 700));
    long withReporter = arrivals.stream().filter(a -> a.report().reporterName() != null).count();
    assertThat((double) withReporter / arrivals.size()).isCloseTo(0.3, within(0.03));
  }

  @Test
  void theSameSeedGivesTheSameSchedule() {
    Scenario s = Scenarios.build(options("rocket-barrage", 120, 5.0), CITY);
    List<Arrival> a = all(s, 99), b = all(s, 99), c = all(s, 100);
    assertThat(a).isEqualTo(b);
    assertThat(a).isNotEqualTo(c);
  }

  @Test
  void barrageImpactsYieldHundredsOfReportsWithin150MetresThroughSeveralChannels() {
    ScenarioOptions o = new ScenarioOptions("rocket-barrage", 600, 2.0, null, null, null, 6, 2,
        300, null, 120.0, null, null, null, null, null, 0.0);
    Scenario s = Scenarios.build(o, CITY);
    Map<String, double[]> centres = new HashMap<>();
    Set<String> impactDistricts = new HashSet<>();
    for (Object i : s.parameters().getJsonArray("impacts")) {
      JsonObject impact = (JsonObject) i;
      centres.put(impact.getString("event"), new double[] {impact.getDouble("lon"), impact.getDouble("lat")});
      impactDistricts.add(impact.getString("district"));
    }
    assertThat(centres).hasSize(6);
    assertThat(impactDistricts).hasSize(6); // several districts, one impact each

    Map<String, Integer> counts = new HashMap<>();
    Map<String, Set<String>> channels = new HashMap<>();
    Map<String, Double> firstAt = new HashMap<>(), lastAt = new HashMap<>();
    int background = 0;
    for (Arrival a : all(s, 5)) {
      ReportSpec r = a.report();
      assertThat(CITY.locate(r.lon(), r.lat())).isPresent();
      if (r.event() == null) {
        background++;
        continue;
      }
      double[] centre = centres.get(r.event());
      assertThat(DistrictMap.distanceMetres(centre, new double[] {r.lon(), r.lat()})).isLessThanOrEqualTo(150.5);
      assertThat(r.description()).contains(r.event());
      counts.merge(r.event(), 1, Integer::sum);
      channels.computeIfAbsent(r.event(), k -> new HashSet<>()).add(r.channel());
      double t = a.offsetNanos() / 1e9;
      firstAt.merge(r.event(), t, Math::min);
      lastAt.merge(r.event(), t, Math::max);
    }
    assertThat(counts).hasSize(6);
    // Poisson(300): within 5 standard deviations (about 87).
    counts.values().forEach(n -> assertThat(n).isBetween(213, 387));
    channels.values().forEach(c -> assertThat(c.size()).isGreaterThanOrEqualTo(4));
    // Each impact's reports come within its 2-minute window, starting at once.
    for (String e : counts.keySet()) {
      assertThat(lastAt.get(e) - firstAt.get(e)).isLessThanOrEqualTo(120);
    }
    // Two salvos: impacts 1, 3, 5 at 5% of the run, 2, 4, 6 at 50%.
    assertThat(firstAt.get("impact-1")).isBetween(30.0, 32.0);
    assertThat(firstAt.get("impact-2")).isBetween(300.0, 302.0);
    assertThat(background).isBetween(1_200 - 180, 1_200 + 180);
  }

  @Test
  void rampRisesPastTheThresholdToThePeakAndFallsBack() {
    ScenarioOptions o = new ScenarioOptions("ramp", 100, 10.0, 100.0, "trapezoid", 60.0, null, null,
        null, null, null, null, null, null, null, null, 0);
    Scenario s = Scenarios.build(o, CITY);
    assertThat(s.targetRateAt(0)).isCloseTo(10, within(0.01));
    assertThat(s.targetRateAt(50)).isCloseTo(100, within(0.01));
    assertThat(s.targetRateAt(99.99)).isCloseTo(10, within(0.1));
    // Above 60/s from 19.4 s to 80.6 s.
    assertThat(s.parameters().getDouble("secondsAboveThreshold")).isCloseTo(61.1, within(0.3));
    int[] perTenSeconds = new int[10];
    for (Arrival a : all(s, 3)) {
      perTenSeconds[(int) (a.offsetNanos() / 10_000_000_000L)]++;
    }
    // Expected: 229 in the first ten seconds, 1,000 on the plateau (40-50 s), 229 in the last.
    assertThat(perTenSeconds[0]).isBetween(150, 310);
    assertThat(perTenSeconds[4]).isBetween(880, 1_120);
    assertThat(perTenSeconds[9]).isBetween(150, 310);
    assertThat(s.expectedReports()).isCloseTo(10 * 100 + 90 * 65, within(5.0));
  }

  @Test
  void stormFrontCrossesTheCityFromTheSea() {
    ScenarioOptions o = options("storm", 600, 30.0);
    Scenario s = Scenarios.build(o, CITY);
    assertThat(s.expectedReports()).isCloseTo(18_000, within(50.0));
    assertThat(s.parameters().getDouble("compression")).isCloseTo(36, within(0.01));
    double earlyLon = 0, lateLon = 0;
    int early = 0, late = 0;
    for (Arrival a : all(s, 8)) {
      double t = a.offsetNanos() / 1e9;
      ReportSpec r = a.report();
      assertThat(CITY.locate(r.lon(), r.lat())).isPresent();
      if (t < 120) {
        earlyLon += r.lon();
        early++;
      } else if (t >= 480) {
        lateLon += r.lon();
        late++;
      }
    }
    assertThat(earlyLon / early).isLessThan(lateLon / late - 0.005);
  }

  @Test
  void customFollowsARateProfileAndMixes() {
    ScenarioOptions o = new ScenarioOptions("custom", 60, null, null, null, null, null, null, null,
        null, null, null, "0:0,30:100,60:0", "fire=1", "sms=1", List.of("barnea"), 0);
    Scenario s = Scenarios.build(o, CITY);
    assertThat(s.expectedReports()).isCloseTo(3_000, within(5.0));
    for (Arrival a : all(s, 4)) {
      assertThat(a.report().category()).isEqualTo("fire");
      assertThat(a.report().channel()).isEqualTo("sms");
      assertThat(CITY.locate(a.report().lon(), a.report().lat()).orElseThrow().id()).isEqualTo("barnea");
    }
  }

  @Test
  void refusesUnknownNamesWithTheChoices() {
    assertThatThrownBy(() -> Scenarios.build(options("earthquake", 10, 1.0), CITY))
        .hasMessageContaining("routine-day, rocket-barrage, storm, ramp, custom");
    ScenarioOptions badDistrict = new ScenarioOptions("routine-day", 10, 1.0, null, null, null, null,
        null, null, null, null, null, null, null, null, List.of("atlantis"), 0);
    assertThatThrownBy(() -> Scenarios.build(badDistrict, CITY)).hasMessageContaining("unknown district atlantis");
    assertThatThrownBy(() -> Weighted.parse("fire=x")).hasMessageContaining("not a weight");
    assertThatThrownBy(() -> RateProfile.parse("10")).hasMessageContaining("seconds:rate");
  }
}
