package org.hamal.geo.places;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NameFoldingTest {

  @Test
  void niqqudAndCantillationAreDropped() {
    assertThat(NameFolding.fold("רְחוֹב הַשָּׁלוֹם")).isEqualTo("רחוב השלומ");
    assertThat(NameFolding.fold("בְּרֵאשִׁ֖ית")).isEqualTo("בראשית");
  }

  @Test
  void finalLettersFoldToTheirOrdinaryForms() {
    assertThat(NameFolding.fold("ךםןףץ")).isEqualTo("כמנפצ");
    assertThat(NameFolding.fold("שלום")).isEqualTo(NameFolding.fold("שלומ"));
  }

  @Test
  void gereshGershayimAndApostrophesAreDroppedOtherPunctuationSeparates() {
    assertThat(NameFolding.fold("ז׳בוטינסקי")).isEqualTo("זבוטינסקי");
    assertThat(NameFolding.fold("ז'בוטינסקי")).isEqualTo("זבוטינסקי");
    assertThat(NameFolding.fold("צה״ל")).isEqualTo("צהל");
    assertThat(NameFolding.fold("צה\"ל")).isEqualTo("צהל");
    assertThat(NameFolding.fold("O'Hara St.")).isEqualTo("ohara st");
    assertThat(NameFolding.fold("בן־גוריון")).isEqualTo("בנ גוריונ"); // maqaf
    assertThat(NameFolding.fold("  Ben-Gurion,   Blvd  ")).isEqualTo("ben gurion blvd");
  }

  @Test
  void caseAndLatinAccentsFold() {
    assertThat(NameFolding.fold("CAFÉ Ätna")).isEqualTo("cafe atna");
  }

  @Test
  void nothingSearchableFoldsToEmpty() {
    assertThat(NameFolding.fold("  ,.-  ")).isEmpty();
    assertThat(NameFolding.fold(null)).isEmpty();
    assertThat(NameFolding.tokens("׳ ״")).isEmpty();
    assertThat(NameFolding.tokens("הרצל 12")).containsExactly("הרצל", "12");
  }
}
