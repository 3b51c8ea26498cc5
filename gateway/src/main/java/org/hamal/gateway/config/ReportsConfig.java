package org.hamal.gateway.config;

import java.util.List;
import java.util.Map;

/**
 * What intake accepts and how much listings return.
 *
 * @param categories the report categories a city uses
 * @param categoryNames what the pages call each category; one without a name shows its id
 * @param channels the channels reports arrive through
 * @param defaultChannel channel recorded when a client names none
 * @param descriptionMaxLength longest description, in characters
 * @param listDefaultLimit reports per listing unless {@code limit} says otherwise
 * @param listMaxLimit the largest {@code limit} accepted
 * @param batchMaxItems most reports in one batch-intake request
 */
public record ReportsConfig(
    List<String> categories,
    Map<String, CategoryName> categoryNames,
    List<String> channels,
    String defaultChannel,
    int descriptionMaxLength,
    int listDefaultLimit,
    int listMaxLimit,
    int batchMaxItems) {

  public ReportsConfig {
    categories = List.copyOf(categories);
    categoryNames = categoryNames == null ? Map.of() : Map.copyOf(categoryNames);
    channels = List.copyOf(channels);
  }

  /** A category's names; its id in both languages when the configuration gives none. */
  public CategoryName nameOf(String category) {
    CategoryName name = categoryNames.get(category);
    return name != null ? name : new CategoryName(category, category);
  }

  /** A category's name in Hebrew and in English. */
  public record CategoryName(String he, String en) {}
}
