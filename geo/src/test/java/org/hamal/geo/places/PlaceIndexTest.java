package org.hamal.geo.places;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlaceIndexTest {

  private final PlaceIndex index = PlaceIndex.of(StreetFiles.smallWithDistricts());

  private List<String> ids(String query) {
    return index.search(query, 10).stream().map(m -> m.place().id()).toList();
  }

  @Test
  void hebrewAndEnglishNamesByPrefix() {
    assertThat(ids("הרצ")).first().isEqualTo("herzl");
    assertThat(ids("herz")).first().isEqualTo("herzl");
    assertThat(ids("HUTZOT")).containsExactly("mall");
    assertThat(ids("קניון")).containsExactly("mall");
  }

  @Test
  void wordsMatchInAnyOrderButInOrderRanksHigher() {
    assertThat(ids("גוריון בן")).containsExactly("ben-gurion");
    assertThat(ids("boulevard gur")).containsExactly("ben-gurion");
    PlaceMatch inOrder = index.search("בן גור", 1).get(0);
    PlaceMatch anyOrder = index.search("גור בן", 1).get(0);
    assertThat(inOrder.score()).isEqualTo(PlaceIndex.IN_ORDER);
    assertThat(anyOrder.score()).isEqualTo(PlaceIndex.ANY_ORDER);
    assertThat(index.search("שדרות בן גוריון", 1).get(0).score()).isEqualTo(PlaceIndex.EXACT);
    // Every word must match: one that starts no word of the name rules it out.
    assertThat(ids("בן גוריון תל")).isEmpty();
  }

  @Test
  void niqqudFinalLettersAndGereshAreFolded() {
    assertThat(ids("השלום")).containsExactly("shalom-street"); // the file has niqqud
    assertThat(ids("רחוב השלומ")).containsExactly("shalom-street");
    assertThat(ids("זבוטינסקי")).containsExactly("jabotinsky");
    assertThat(ids("ז׳בוט")).containsExactly("jabotinsky");
    assertThat(ids("בּרנע")).containsExactly("barnea"); // a district, niqqud in the query
  }

  @Test
  void theBundledDefaultHoldsTheDistrictsAndZones() {
    PlaceMatch barnea = index.search("barnea", 1).get(0);
    assertThat(barnea.place().kind()).isEqualTo(Place.Kind.DISTRICT);
    assertThat(barnea.position().lon()).isBetween(34.55, 34.60);
    assertThat(barnea.position().lat()).isBetween(31.66, 31.71);
    assertThat(ids("שמשון")).containsExactly("shimshon");
    assertThat(index.search("אזור תעשייה", 10)).extracting(m -> m.place().kind())
        .isNotEmpty().containsOnly(Place.Kind.DISTRICT);
  }

  @Test
  void exactBeforePrefixShorterBeforeLongerStreetsBeforePoints() {
    // "הרצל" the street is the whole name; "הרצל 12 בית הכנסת" only starts with it.
    assertThat(ids("הרצל")).containsExactly("herzl", "herzl-12");
    // Both only start with "הר": the shorter name first.
    assertThat(ids("הר")).startsWith("herzl", "herzl-12");
  }

  @Test
  void aNumberIsAHouseNumberInterpolatedAlongItsStreet() {
    PlaceMatch m = index.search("הרצל 51", 5).get(0);
    assertThat(m.place().id()).isEqualTo("herzl");
    assertThat(m.score()).isEqualTo(PlaceIndex.EXACT);
    assertThat(m.houseNumber()).isEqualTo(51);
    assertThat(m.position().interpolated()).isTrue();
    // 51 is halfway from 1 to 101.
    assertThat(m.position().lon()).isCloseTo(34.57525, within(1e-9));
    assertThat(m.position().lat()).isCloseTo(31.668, within(1e-9));
    assertThat(index.search("51 herzl", 1).get(0).position().lon()).isCloseTo(34.57525, within(1e-9));
    // The number a point's name holds is a word of it, not a house number.
    PlaceMatch synagogue = index.search("הרצל 12", 5).get(1);
    assertThat(synagogue.place().id()).isEqualTo("herzl-12");
    assertThat(synagogue.houseNumber()).isNull();
  }

  @Test
  void interpolationMeasuresInMetresAroundCorners() {
    // Ben Gurion: 1,112 m north, then 949 m east (a degree of longitude is shorter at 31.67°).
    // House 22 is half the range: 1,030 m along, so still on the northward leg, near its end.
    PlaceMatch m = index.search("בן גוריון 22", 1).get(0);
    assertThat(m.position().interpolated()).isTrue();
    assertThat(m.position().lon()).isCloseTo(34.560, within(1e-9));
    assertThat(m.position().lat()).isBetween(31.669, 31.6695);
  }

  @Test
  void withoutARangeOrOutsideItTheStreetsMiddle() {
    PlaceMatch jabotinsky = index.search("jabotinsky 7", 1).get(0);
    assertThat(jabotinsky.houseNumber()).isEqualTo(7);
    assertThat(jabotinsky.position().interpolated()).isFalse();
    assertThat(jabotinsky.position().lat()).isCloseTo(31.675, within(1e-9));
    PlaceMatch beyond = index.search("herzl 400", 1).get(0);
    assertThat(beyond.position().interpolated()).isFalse();
    assertThat(beyond.position().lon()).isCloseTo(34.57525, within(1e-9));
    PlaceMatch plain = index.search("herzl", 1).get(0);
    assertThat(plain.houseNumber()).isNull();
    assertThat(plain.position().interpolated()).isFalse();
  }

  @Test
  void aNumberAloneOrOnAPointNamesNothing() {
    assertThat(ids("51")).isEmpty();
    assertThat(ids("קניון 5")).isEmpty();
    assertThat(ids("")).isEmpty();
    assertThat(ids(" ׳ ")).isEmpty();
  }

  @Test
  void theLimitKeepsTheBest() {
    List<PlaceMatch> all = index.search("ה", 50);
    List<PlaceMatch> two = index.search("ה", 2);
    assertThat(all.size()).isGreaterThan(2);
    assertThat(two).containsExactlyElementsOf(all.subList(0, 2));
  }
}
