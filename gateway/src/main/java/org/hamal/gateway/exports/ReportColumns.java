package org.hamal.gateway.exports;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hamal.cluster.report.Report;
import org.hamal.cluster.report.ReportJson;
import org.hamal.gateway.config.ReportsConfig.CategoryName;

/**
 * The flat columns of an exported report, the same in GeoJSON properties and CSV: GIS tools and
 * spreadsheets want one level of named values, not the API's nested JSON. The reporter's name
 * and phone are columns only for callers who may see personal data.
 */
public final class ReportColumns {

  private static final List<String> PUBLIC = List.of(
      "id", "district", "category", "category_he", "priority", "status", "assignee", "received_at", "updated_at",
      "channel", "description", "incident", "deferred");
  private static final List<String> PERSONAL = List.of("reporter_name", "reporter_phone");

  private final ReportJson json;
  private final Map<String, CategoryName> categoryNames;
  private final boolean personal;
  private final List<String> names;

  /**
   * @param json formats times in the city's zone with their offset, as the API does
   * @param personal whether the reporter's columns are included
   */
  public ReportColumns(ReportJson json, Map<String, CategoryName> categoryNames, boolean personal) {
    this.json = json;
    this.categoryNames = categoryNames;
    this.personal = personal;
    List<String> all = new ArrayList<>(PUBLIC);
    if (personal) {
      all.addAll(PERSONAL);
    }
    this.names = List.copyOf(all);
  }

  /** Column names, in order (the location's lon and lat are not among them). */
  public List<String> names() {
    return names;
  }

  /** A report's values, in the order of {@link #names()}: strings, numbers, booleans or null. */
  public List<Object> values(Report r) {
    List<Object> values = new ArrayList<>(names.size());
    CategoryName name = categoryNames.get(r.category());
    values.add(r.id());
    values.add(r.district());
    values.add(r.category());
    values.add(name == null ? r.category() : name.he());
    values.add(r.priority());
    values.add(r.status().wire());
    values.add(r.assignee());
    values.add(json.format(r.receivedAt()));
    values.add(json.format(r.updatedAt()));
    values.add(r.channel());
    values.add(r.description());
    values.add(r.incident());
    values.add(r.deferred());
    if (personal) {
      values.add(r.reporter() == null ? null : r.reporter().name());
      values.add(r.reporter() == null ? null : r.reporter().phone());
    }
    return values;
  }
}
