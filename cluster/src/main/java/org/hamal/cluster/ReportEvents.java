package org.hamal.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.ringbuffer.OverflowPolicy;
import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The cluster's change log of reports: every creation, update and closing, in one total order,
 * numbered by a cluster-wide sequence. It is a Hazelcast ringbuffer (synchronous backups) holding
 * the last {@code cluster.eventHistory} events: every node reads it in order to feed its live
 * streams, so a sequence number means the same event on every node, and a client can resume on
 * any node from the last sequence it saw.
 *
 * <p>The epoch names one life of the log: after a full cluster restart the log starts empty with
 * a new epoch, and clients holding sequences of the old epoch are sent a fresh snapshot.
 */
public final class ReportEvents {

  public static final String RINGBUFFER = "hamal.events";
  static final String META_MAP = "hamal.meta";
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

  private static final int PUBLISH_ATTEMPTS = 5;
  private static final long RETRY_MILLIS = 200;

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
              String existing = hz.<String, String>getMap(META_MAP).putIfAbsent(EPOCH_KEY, fresh);
              return existing != null ? existing : fresh;
            })
        .map(epoch -> new ReportEvents(hz.getRingbuffer(RINGBUFFER), open, epoch, timeoutMillis));
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
    JsonObject event = new JsonObject().put("kind", kind.wire()).put("report", report);
    if (previous != null) {
      event.put("previous", previous);
    }
    return publish(context, kind, report, event, 1);
  }

  /**
   * A member dying under an operation fails it as indeterminate (it may or may not have been
   * applied): try again. The map update is idempotent (versioned); a repeated log entry carries
   * the same report version, which readers skip.
   */
  private Future<Long> publish(Context context, Kind kind, JsonObject report, JsonObject event, int attempt) {
    return append(context, kind, report, event)
        .recover(
            err -> {
              if (attempt >= PUBLISH_ATTEMPTS) {
                return Future.failedFuture(err);
              }
              Promise<Long> retry = Promise.promise();
              context.owner().setTimer(RETRY_MILLIS * attempt, id ->
                  publish(context, kind, report, event, attempt + 1).onComplete(retry));
              return retry.future();
            });
  }

  private Future<Long> append(Context context, Kind kind, JsonObject report, JsonObject event) {
    return open.update(
            context,
            report.getString("id"),
            report.getString("district"),
            report,
            kind != Kind.CLOSED)
        .compose(
            v ->
                onContext(ring.addAsync(event.encode(), OverflowPolicy.OVERWRITE), context)
                    .timeout(timeoutMillis, TimeUnit.MILLISECONDS));
  }

  /** Announces an incident's new state (it has no map of its own to update here). */
  public Future<Long> publishIncident(Context context, JsonObject incident) {
    String entry = new JsonObject().put("kind", Kind.INCIDENT.wire()).put("incident", incident).encode();
    return onContext(ring.addAsync(entry, OverflowPolicy.OVERWRITE), context)
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /** Announces that a report breached its response time. */
  public Future<Long> publishEscalation(Context context, JsonObject report, JsonObject escalation) {
    String entry =
        new JsonObject().put("kind", Kind.ESCALATED.wire()).put("report", report).put("escalation", escalation).encode();
    return onContext(ring.addAsync(entry, OverflowPolicy.OVERWRITE), context)
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /** Up to {@code max} events from {@code from} on; waits until at least one exists. */
  public Future<ReadResultSet<String>> read(Context context, long from, int max) {
    return onContext(ring.readManyAsync(from, 1, max, null), context);
  }

  /** Sequence of the newest event, -1 when the log is empty. */
  public long tailSequence() {
    return ring.tailSequence();
  }

  /** Sequence of the oldest event still held. */
  public long headSequence() {
    return ring.headSequence();
  }

  /**
   * Continues a Hazelcast future on a Vert.x context. Hazelcast never runs callbacks on its
   * partition threads; without an executor it hands them to the common fork-join pool, which on a
   * two-core machine means a new thread per callback (hundreds a second under load).
   */
  static <T> Future<T> onContext(CompletionStage<T> stage, Context context) {
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
