package org.hamal.cluster.report;

import java.time.Instant;
import java.util.Objects;

/**
 * A resident's report as stored and streamed.
 *
 * @param id time-ordered unique id ({@link ReportIds}), or one the client chose
 * @param district id of the district it was routed to
 * @param routing how the district was found: layer version, and whether the point was snapped
 * @param category one of the configured categories, e.g. {@code hazard}
 * @param priority 1 (lowest) to 5 (life safety), from triage
 * @param status where it stands
 * @param assignee who handles it (a patroller, a team), or null
 * @param description free text as the resident gave it
 * @param lon WGS84 longitude
 * @param lat WGS84 latitude
 * @param reporter name and phone, or {@code null}; personal data, never shown to displays
 * @param channel how it arrived: {@code call-taker}, {@code web}, {@code sms}...
 * @param receivedAt when the first node received it
 * @param updatedAt when it last changed (its creation, at first)
 * @param version optimistic-concurrency version, 1 on creation, +1 on every change
 * @param deferred stored during an emergency but left for after it: off the field queues, its
 *     response time not counted
 * @param incident the incident it was grouped into, or null
 * @param alert the rocket alert whose area it arrived in while people sheltered, or null: its
 *     priority was raised, and its response time counts from that alert's end
 */
public record Report(
    String id,
    String district,
    Routing routing,
    String category,
    int priority,
    ReportStatus status,
    String assignee,
    String description,
    double lon,
    double lat,
    Reporter reporter,
    String channel,
    Instant receivedAt,
    Instant updatedAt,
    int version,
    boolean deferred,
    String incident,
    AlertMark alert) {

  public static final int MIN_PRIORITY = 1;
  public static final int MAX_PRIORITY = 5;

  public Report {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(district, "district");
    Objects.requireNonNull(routing, "routing");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
      throw new IllegalArgumentException("priority " + priority);
    }
  }

  /** The next version of this report: a new status and assignee, changed at {@code at}. */
  public Report changed(ReportStatus newStatus, String newAssignee, Instant at) {
    return new Report(
        id, district, routing, category, priority, newStatus, newAssignee, description, lon, lat,
        reporter, channel, receivedAt, at, version + 1, deferred, incident, alert);
  }

  /** The next version, no longer deferred (the emergency is over). */
  public Report undeferred(Instant at) {
    return new Report(
        id, district, routing, category, priority, status, assignee, description, lon, lat,
        reporter, channel, receivedAt, at, version + 1, false, incident, alert);
  }

  /** A new report placed in its incident before it is first stored (same version). */
  public Report grouped(String newIncident) {
    return new Report(
        id, district, routing, category, priority, status, assignee, description, lon, lat,
        reporter, channel, receivedAt, updatedAt, version, deferred, newIncident, alert);
  }

  /** The same report in another incident (operators merge and split incidents). */
  public Report inIncident(String newIncident, Instant at) {
    return new Report(
        id, district, routing, category, priority, status, assignee, description, lon, lat,
        reporter, channel, receivedAt, at, version + 1, deferred, newIncident, alert);
  }

  /**
   * Name and contact of the person reporting; any may be null.
   *
   * @param callback whether the caller agreed to be called back; null when nobody asked
   * @param email an e-mail address, when the channel has one (Open311), else null
   */
  public record Reporter(String name, String phone, Boolean callback, String email) {

    public Reporter(String name, String phone) {
      this(name, phone, null, null);
    }

    public Reporter(String name, String phone, Boolean callback) {
      this(name, phone, callback, null);
    }
  }

  /**
   * The alert a report arrived under.
   *
   * @param id the alert's id
   * @param threat what the alert warned of: {@code rockets}, {@code hostile-aircraft}...
   */
  public record AlertMark(String id, String threat) {

    public AlertMark {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(threat, "threat");
    }
  }

  /**
   * @param layerVersion version of the district layer the report was routed with
   * @param snapped the point lay outside every district and was assigned to the nearest
   * @param distanceMeters distance to that district when snapped, else 0
   */
  public record Routing(String layerVersion, boolean snapped, double distanceMeters) {}
}
