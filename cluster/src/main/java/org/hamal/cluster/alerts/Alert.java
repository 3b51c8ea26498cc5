package org.hamal.cluster.alerts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A rocket alert (docs/alerts.md). Times are epoch milliseconds, as the store keeps them; the
 * cluster's map holds {@link #toJson()} (fields are only ever added, like every map value).
 *
 * @param version grows by one at every change: the map never takes an older state over a newer one
 */
public record Alert(
    String id,
    String sourceId,
    String threat,
    String status,
    int staySeconds,
    List<Area> areas,
    List<String> districts,
    long startedAt,
    long endsAt,
    Long clearedAt,
    String clearedBy,
    String createdBy,
    List<Patroller> patrollers,
    long version) {

  public static final String ACTIVE = "active";
  public static final String CLEARED = "cleared";
  public static final String ENDED = "ended";
  /** Who ends an alert whose stay time ran out. */
  public static final String SYSTEM = "system";

  /** An alert area as it was named when the alert came. */
  public record Area(String id, String nameHe, String nameEn, int shelterSeconds) {
    JsonObject toJson() {
      return new JsonObject().put("id", id).put("name_he", nameHe).put("name_en", nameEn).put("shelterSeconds", shelterSeconds);
    }

    static Area fromJson(JsonObject j) {
      return new Area(j.getString("id"), j.getString("name_he"), j.getString("name_en"), j.getInteger("shelterSeconds"));
    }
  }

  /** A patroller concerned: on duty in the alert's districts or areas when it came, or who answered. */
  public record Patroller(String id, List<String> districts, Long safeAt) {
    public Patroller {
      districts = List.copyOf(districts);
    }

    JsonObject toJson() {
      return new JsonObject().put("id", id).put("districts", new JsonArray(districts)).put("safeAt", safeAt);
    }

    static Patroller fromJson(JsonObject j) {
      return new Patroller(j.getString("id"), strings(j.getJsonArray("districts")), j.getLong("safeAt"));
    }
  }

  public Alert {
    areas = List.copyOf(areas);
    districts = List.copyOf(districts);
    patrollers = List.copyOf(patrollers);
  }

  public boolean isActive() {
    return ACTIVE.equals(status);
  }

  public Set<String> areaIds() {
    Set<String> ids = new LinkedHashSet<>();
    areas.forEach(a -> ids.add(a.id()));
    return ids;
  }

  /** This alert with {@code more} areas, districts and patrollers added to its own (none repeated). */
  public Alert joinedWith(List<Area> moreAreas, List<String> moreDistricts, List<Patroller> morePatrollers) {
    Map<String, Area> a = new LinkedHashMap<>();
    areas.forEach(x -> a.put(x.id(), x));
    moreAreas.forEach(x -> a.putIfAbsent(x.id(), x));
    Set<String> d = new LinkedHashSet<>(districts);
    d.addAll(moreDistricts);
    Map<String, Patroller> p = new LinkedHashMap<>();
    patrollers.forEach(x -> p.put(x.id(), x));
    morePatrollers.forEach(x -> p.putIfAbsent(x.id(), x));
    return new Alert(id, sourceId, threat, status, staySeconds, new ArrayList<>(a.values()), new ArrayList<>(d),
        startedAt, endsAt, clearedAt, clearedBy, createdBy, new ArrayList<>(p.values()), version);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("sourceId", sourceId)
        .put("threat", threat)
        .put("status", status)
        .put("staySeconds", staySeconds)
        .put("areas", areasJson(areas))
        .put("districts", new JsonArray(districts))
        .put("startedAt", startedAt)
        .put("endsAt", endsAt)
        .put("clearedAt", clearedAt)
        .put("clearedBy", clearedBy)
        .put("createdBy", createdBy)
        .put("patrollers", patrollersJson(patrollers))
        .put("version", version);
  }

  public static Alert fromJson(JsonObject j) {
    return new Alert(
        j.getString("id"),
        j.getString("sourceId"),
        j.getString("threat"),
        j.getString("status"),
        j.getInteger("staySeconds"),
        areasFrom(j.getJsonArray("areas")),
        strings(j.getJsonArray("districts")),
        j.getLong("startedAt"),
        j.getLong("endsAt"),
        j.getLong("clearedAt"),
        j.getString("clearedBy"),
        j.getString("createdBy"),
        patrollersFrom(j.getJsonArray("patrollers")),
        j.getLong("version"));
  }

  static JsonArray areasJson(List<Area> areas) {
    JsonArray out = new JsonArray();
    areas.forEach(a -> out.add(a.toJson()));
    return out;
  }

  static List<Area> areasFrom(JsonArray a) {
    List<Area> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      out.add(Area.fromJson(a.getJsonObject(i)));
    }
    return out;
  }

  static JsonArray patrollersJson(List<Patroller> patrollers) {
    JsonArray out = new JsonArray();
    patrollers.forEach(p -> out.add(p.toJson()));
    return out;
  }

  static List<Patroller> patrollersFrom(JsonArray a) {
    List<Patroller> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      out.add(Patroller.fromJson(a.getJsonObject(i)));
    }
    return out;
  }

  static List<String> strings(JsonArray a) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      out.add(a.getString(i));
    }
    return out;
  }
}
