package org.hamal.gateway.open311;

import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * The language of names in an answer: Hebrew, the city's, unless the client asks for English
 * with {@code locale} (the specification's parameter, e.g. {@code en_US}) or, failing that, with
 * {@code Accept-Language} (its first language).
 */
enum Language {
  HE,
  EN;

  static Language of(RoutingContext ctx) {
    String asked = ctx.request().getParam("locale");
    if (asked == null) {
      asked = ctx.request().getHeader("Accept-Language");
    }
    if (asked == null) {
      return HE;
    }
    return asked.strip().toLowerCase(Locale.ROOT).startsWith("en") ? EN : HE;
  }

  /** {@code he} or {@code en} in this language; the other one when it is missing. */
  String pick(String he, String en) {
    String first = this == EN ? en : he;
    return first != null && !first.isBlank() ? first : this == EN ? he : en;
  }
}
