package org.hamal.geo.places;

import java.text.Normalizer;

/**
 * Folds a place name or a query to the form the index compares: lower case, no niqqud or
 * cantillation marks (U+0591–U+05C7) nor Latin accents, final letters as their ordinary forms
 * (ך→כ ם→מ ן→נ ף→פ ץ→צ), no geresh, gershayim or apostrophes (צה"ל, ז'בוטינסקי, O'Hara), any
 * other punctuation a space, spaces collapsed. A call-taker types without niqqud, and a
 * half-typed word ends in a letter that is final only because the typing stopped there ("שלומ"
 * while typing "שלומציון" is typed "שלום"): folded, it is still a prefix.
 */
public final class NameFolding {

  private NameFolding() {}

  /** The folded text; empty when nothing searchable remains. */
  public static String fold(String text) {
    if (text == null) {
      return "";
    }
    // NFD splits accented Latin letters into letter + mark; Hebrew points are marks already.
    String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
    StringBuilder out = new StringBuilder(decomposed.length());
    boolean space = true; // no leading space
    for (int i = 0; i < decomposed.length(); i++) {
      char c = decomposed.charAt(i);
      if (dropped(c)) {
        continue;
      }
      char folded = letter(c);
      if (folded == ' ') {
        if (!space) {
          out.append(' ');
          space = true;
        }
      } else {
        out.append(folded);
        space = false;
      }
    }
    int end = out.length();
    if (end > 0 && out.charAt(end - 1) == ' ') {
      out.setLength(end - 1);
    }
    return out.toString();
  }

  /** A name as a file gives it, stripped; null when nothing searchable is in it (" ׳ "). */
  public static String name(Object value) {
    String name = value == null ? null : value.toString();
    return name == null || fold(name).isEmpty() ? null : name.strip();
  }

  /** The folded text split into its words; none for a blank text. */
  public static String[] tokens(String text) {
    String folded = fold(text);
    return folded.isEmpty() ? new String[0] : folded.split(" ");
  }

  /** Niqqud and cantillation (but the maqaf, a hyphen), combining marks, and quote marks. */
  private static boolean dropped(char c) {
    if (c >= '\u0591' && c <= '\u05C7') {
      return c != '\u05BE' && c != '\u05C0' && c != '\u05C3' && c != '\u05C6';
    }
    return Character.getType(c) == Character.NON_SPACING_MARK
        || c == '\u05F3' // geresh
        || c == '\u05F4' // gershayim
        || c == '\''
        || c == '"'
        || c == '`'
        || c == '\u2018'
        || c == '\u2019'
        || c == '\u201C'
        || c == '\u201D';
  }

  /** A letter or digit in its folded form; anything else is a space. */
  private static char letter(char c) {
    switch (c) {
      case 'ך':
        return 'כ';
      case 'ם':
        return 'מ';
      case 'ן':
        return 'נ';
      case 'ף':
        return 'פ';
      case 'ץ':
        return 'צ';
      default:
        if (Character.isLetterOrDigit(c)) {
          return Character.toLowerCase(c);
        }
        return ' ';
    }
  }
}
