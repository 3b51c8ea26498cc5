package org.hamal.gateway.exports;

import java.util.Map;
import java.util.Set;

/**
 * Exports of reports (GeoJSON, CSV) and of alerting incidents (CAP 1.2).
 *
 * @param pageSize reports read from the store at a time while an export streams: each read is
 *     one short query, and the next waits until the client has taken the last
 * @param cap the CAP alerts
 */
public record ExportsConfig(int pageSize, Cap cap) {

  public ExportsConfig {
    if (pageSize < 1 || cap == null) {
      throw new IllegalArgumentException("exports.pageSize must be positive and exports.cap given");
    }
  }

  /** CAP 1.2's {@code category} values (its data dictionary). */
  static final Set<String> CAP_CATEGORIES = Set.of(
      "Geo", "Met", "Safety", "Security", "Rescue", "Fire", "Health", "Env", "Transport", "Infra", "CBRNE", "Other");

  /**
   * @param sender the alerts' {@code sender}: the city's address for them
   * @param senderName who the alerts name as their author, in Hebrew and in English
   * @param minPriority incidents of this priority and up are alerted
   * @param expiresMinutes an alert expires this long after it was sent, unless a newer one replaces it
   * @param categories Hamal's categories as CAP's; a category not named is {@code Other}
   */
  public record Cap(String sender, Names senderName, int minPriority, int expiresMinutes, Map<String, String> categories) {

    public Cap {
      categories = categories == null ? Map.of() : Map.copyOf(categories);
      if (sender == null || sender.isBlank() || sender.matches(".*[\\s,<&].*")) {
        // CAP: "must not include spaces, commas or restricted characters (< and &)".
        throw new IllegalArgumentException("exports.cap.sender must be given, without spaces, commas, < or &");
      }
      if (senderName == null || minPriority < 1 || expiresMinutes < 1) {
        throw new IllegalArgumentException(
            "exports.cap.senderName must be given, exports.cap.minPriority and expiresMinutes positive");
      }
      categories.forEach((hamal, cap) -> {
        if (!CAP_CATEGORIES.contains(cap)) {
          throw new IllegalArgumentException("exports.cap.categories." + hamal + ": " + cap + " is not a CAP category "
              + CAP_CATEGORIES);
        }
      });
    }

    /** The CAP category of a Hamal category. */
    public String categoryOf(String category) {
      return categories.getOrDefault(category, "Other");
    }
  }

  /** A name in Hebrew and in English. */
  public record Names(String he, String en) {}
}
