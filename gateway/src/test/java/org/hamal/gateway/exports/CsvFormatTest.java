package org.hamal.gateway.exports;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** CSV cells: RFC 4180 quoting, and no cell a spreadsheet would run as a formula. */
class CsvFormatTest {

  @Test
  void cellsThatCouldStartAFormulaAreNeutralised() {
    for (String formula : new String[] {"=1+1", "+972501234567", "-2+3", "@SUM(A1)", "\tx", "\rx"}) {
      assertThat(CsvFormat.cell(formula)).as(formula).contains("'" + formula.charAt(0));
    }
    assertThat(CsvFormat.cell("עמוד =נוטה")).isEqualTo("עמוד =נוטה");
    assertThat(CsvFormat.cell("")).isEmpty();
  }

  @Test
  void separatorsQuotesAndLineBreaksAreQuoted() {
    assertThat(CsvFormat.cell("a,b")).isEqualTo("\"a,b\"");
    assertThat(CsvFormat.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(CsvFormat.cell("line\nbreak")).isEqualTo("\"line\nbreak\"");
    assertThat(CsvFormat.cell("=a,b")).isEqualTo("\"'=a,b\"");
    assertThat(CsvFormat.cell("plain")).isEqualTo("plain");
  }
}
