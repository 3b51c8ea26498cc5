package org.hamal.cluster.events;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.ringbuffer.OverflowPolicy;
import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.hamal.cluster.ClusterMaps;
import org.hamal.cluster.StartupWrites;

/**
 * The cluster's change log of reports: every creation, update and closing, in one total order,
 * numbered by a cluster-wide sequence. It is a Hazelcast ringbuffer (synchronous backups) holding
 * the last {@code cluster.eventHistory} events: every node reads it in order to feed its live
 * streams, so a sequence number means the same event on every node, and a client can resume on
 * any node from the last sequence it saw.
 *
 * <p>The epoch names one life of the log: after a full cluster restart the log starts empty with
 * a new epoch, and clients holding sequences of the old epoch are sent a fresh snapshot.
 *
 * <p>Every entry begins with the {@code tag} of the append that wrote it, new for every attempt
 * (a retry gets another): a reader can see ahead of the backups, and when the owner of the log's
 * partition dies with appends its backup never got, the sequences it had handed out are given to
 * other entries. A sequence and its tag name one entry in every copy of the log, so a client (or
 * a node's feed) that read a lost entry finds out that its position no longer exists.
 */
public final class ReportEvents {

  private static final String EPOCH_KEY = "events.epoch";

  /** What happened to a report. */
  public enum Kind {
    CREATED,
    UPDATED,
    /** No longer open: resolved, closed or marked duplicate. */
    CLOSED,
    /** An incident's count, centre, priority or status changed; the entry holds the incident. */
    INCIDENT,
    /** A report is overdue for a response: the entry holds the report and the escalation. */
    ESCALATED;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The first field of every entry: the tag of the append that wrote it. */
  public static final String TAG = "tag";
  private static final String TAG_PREFIX = "{\"" + TAG + "\":\"";
  private static final int PUBLISH_ATTEMPTS = 5;
  private static final long RETRY_MILLIS = 200;
  /** Hazelcast's limit on the items of one ringbuffer append. */
  private static final int MAX_APPEND = 1000;

  private final Ringbuffer<String> ring;
  private final OpenReports open;
  private final String epoch;
  private final long timeoutMillis;

  private ReportEvents(Ringbuffer<String> ring, OpenReports open, String epoch, long timeoutMillis) {
    this.ring = ring;
    this.open = open;
    this.epoch = epoch;
    this.timeoutMillis = timeoutMillis;
  }

  /** Joins the cluster's log, creating its epoch if this is the cluster's first life. */
  public static Future<ReportEvents> open(
      Vertx vertx, HazelcastInstance hz, OpenReports open, long timeoutMillis) {
    return vertx
        .executeBlocking(
            () -> {
              String fresh = UUID.randomUUID().toString();
              String existing = StartupWrites.putIfAbsent(hz.<String, String>getMap(ClusterMaps.META), EPOCH_KEY, fresh);
              return existing != null ? existing : fresh;
            })
        .map(epoch -> new ReportEvents(hz.getRingbuffer(ClusterMaps.EVENTS), open, epoch, timeoutMillis));
  }

  public String epoch() {
    return epoch;
  }

  /**
   * Announces a change: first the open-reports map (so a snapshot taken after this event's
   * sequence includes it), then the log.
   *
   * @param previous the report's status and version before the change, or null for a creation
   * @return the event's sequence
   */
  public Future<Long> publish(Context context, Kind kind, JsonObject report, JsonObject previous) {
    String json = report.encode();
    String entry = entry(kind, json, previous);
    List<OpenReports.Entry> changed = List.of(OpenReports.Entry.of(report, json));
    return retrying(context, () -> open.update(context, changed, kind != Kind.CLOSED).compose(v -> append(context, List.of(entry))), 1);
  }

  /**
   * Announces reports just created, together: one map operation per district and one append to
   * the log for all of them, in their order. Intake gathers what one event-loop task committed.
   *
   * @return the sequence of the last one's event, -1 when there is none
   */
  public Future<Long> publishCreated(Context context, List<JsonObject> reports) {
    List<OpenReports.Entry> changed = new ArrayList<>(reports.size());
    for (JsonObject report : reports) {
      changed.add(OpenReports.Entry.of(report, report.encode()));
    }
    return publishCreatedEncoded(context, changed);
  }

  /**
   * {@link #publishCreated(Context, List)} for reports already encoded (their JSON answered a
   * request): the map and the log take that encoding, not another.
   */
  public Future<Long> publishCreatedEncoded(Context context, List<OpenReports.Entry> changed) {
    List<String> entries = new ArrayList<>(changed.size());
    for (OpenReports.Entry report : changed) {
      entries.add(entry(Kind.CREATED, report.value().json(), null));
    }
    return retrying(context, () -> open.update(context, changed, true).compose(v -> append(context, entries)), 1);
  }

  /**
   * A log entry's fields after its tag (see {@link #append}), put together from the report's JSON
   * encoded once (the map holds the same).
   */
  private static String entry(Kind kind, String reportJson, JsonObject previous) {
    StringBuilder entry = new StringBuilder(reportJson.length() + 64)
        .append("\"kind\":\"").append(kind.wire()).append("\",\"report\":").append(reportJson);
    if (previous != null) {
      entry.append(",\"previous\":").append(previous.encode());
    }
    return entry.append('}').toString();
  }

  /**
   * A member dying under an operation fails it as indeterminate (it may or may not have been
   * applied): try again. The map update is idempotent (versioned); a repeated log entry carries
   * the same report version, which readers skip.
   */
  private <T> Future<T> retrying(Context context, Supplier<Future<T>> operation, int attempt) {
    return operation
        .get()
        .recover(
            err -> {
              if (attempt >= PUBLISH_ATTEMPTS) {
                return Future.failedFuture(err);
              }
              Promise<T> retry = Promise.promise();
              context.owner().setTimer(RETRY_MILLIS * attempt, id ->
                  retrying(context, operation, attempt + 1).onComplete(retry));
              return retry.future();
            });
  }

  /**
   * Appends entries in order, at most {@link #MAX_APPEND} per operation, each one a JSON object's
   * fields after its opening brace; the append puts its own new tag before them. The last one's
   * sequence, -1 for none.
   */
  private Future<Long> append(Context context, List<String> entries) {
    if (entries.isEmpty()) {
      return Future.succeededFuture(-1L); // Hazelcast refuses an empty append
    }
    if (entries.size() <= MAX_APPEND) {
      String head = "{\"" + TAG + "\":\"" + newTag() + "\",";
      List<String> tagged = new ArrayList<>(entries.size());
      for (String fields : entries) {
        tagged.add(head + fields);
      }
      return onContext(ring.addAllAsync(tagged, OverflowPolicy.OVERWRITE), context)
          .timeout(timeoutMillis, TimeUnit.MILLISECONDS);
    }
    return append(context, entries.subList(0, MAX_APPEND))
        .compose(seq -> append(context, entries.subList(MAX_APPEND, entries.size())));
  }

  /**
   * Announces incidents' new states, in one append (they have no map of their own to update
   * here).
   *
   * @return the sequence of the last one's event, -1 when there is none
   */
  public Future<Long> publishIncidents(Context context, List<JsonObject> incidents) {
    List<String> entries = new ArrayList<>(incidents.size());
    for (JsonObject incident : incidents) {
      entries.add(fields(new JsonObject().put("kind", Kind.INCIDENT.wire()).put("incident", incident)));
    }
    return append(context, entries);
  }

  /** An object's encoded fields without its opening brace, as {@link #append} takes them. */
  private static String fields(JsonObject object) {
    return object.encode().substring(1);
  }

  /**
   * A tag no other append has: 62 random bits. Two appends of one cluster drawing the same in the
   * moment a reader's position can diverge is not a concern at that size.
   */
  private static String newTag() {
    return Long.toString(java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 2, 36);
  }

  /**
   * The tag of an entry as {@link #append} wrote it (its first field), null for an entry without
   * one (written before tags, or a test's).
   */
  private static String tagOf(String entry) {
    if (!entry.startsWith(TAG_PREFIX)) {
      return null;
    }
    int end = entry.indexOf('"', TAG_PREFIX.length());
    return end < 0 ? null : entry.substring(TAG_PREFIX.length(), end);
  }

  /** Announces that a report breached its response time. */
  public Future<Long> publishEscalation(Context context, JsonObject report, JsonObject escalation) {
    return append(context, List.of(fields(
        new JsonObject().put("kind", Kind.ESCALATED.wire()).put("report", report).put("escalation", escalation))));
  }

  /** Up to {@code max} events from {@code from} on; waits until at least one exists. */
  public Future<ReadResultSet<String>> read(Context context, long from, int max) {
    return onContext(ring.readManyAsync(from, 1, max, null), context);
  }

  /**
   * The tag of the entry at {@code seq} in the log as it now stands (null for an entry without
   * one); fails with a {@link com.hazelcast.ringbuffer.StaleSequenceException} when the log no
   * longer holds it, and times out when the log does not reach it.
   */
  public Future<String> tagAt(Context context, long seq) {
    if (seq < 0) {
      return Future.failedFuture(new IllegalArgumentException("no entry at " + seq)); // the ringbuffer would throw
    }
    return onContext(ring.readManyAsync(seq, 1, 1, null), context)
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .map(read -> tagOf(read.get(0)));
  }

  /**
   * The tags of up to {@code max} entries from {@code from} on, as the log now holds them, without
   * waiting for more.
   */
  public Future<List<String>> tags(Context context, long from, int max) {
    return onContext(ring.readManyAsync(from, 0, max, null), context)
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .map(read -> {
          List<String> tags = new ArrayList<>(read.size());
          for (String entry : read) {
            tags.add(tagOf(entry));
          }
          return tags;
        });
  }

  /** Sequence of the newest event, -1 when the log is empty. */
  public long tailSequence() {
    return ring.tailSequence();
  }

  /**
   * Continues a Hazelcast future on a Vert.x context. Hazelcast never runs callbacks on its
   * partition threads; without an executor it hands them to the common fork-join pool, which on a
   * two-core machine means a new thread per callback (hundreds a second under load).
   */
  public static <T> Future<T> onContext(CompletionStage<T> stage, Context context) {
    Promise<T> promise = Promise.promise();
    stage.whenCompleteAsync(
        (value, err) -> {
          if (err != null) {
            promise.fail(err);
          } else {
            promise.complete(value);
          }
        },
        task -> context.runOnContext(v -> task.run()));
    return promise.future();
  }
}
