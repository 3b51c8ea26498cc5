package org.hamal.gateway.live;

import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.StaleSequenceException;
import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.hamal.cluster.report.ReportJson;
import org.hamal.gateway.NodeServices;

/** Snapshots of the open reports a filter matches, and catch-up reads of the cluster's log. */
final class Snapshots {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Snapshots.class);

  private static final int LOG_PAGE = 512;

  /**
   * @param filter the filter it was taken for (its clients' counts come from it)
   * @param reports the matching open reports, encoded as the cluster holds them
   * @param versions their versions, by id
   * @param tail the change log's last sequence right after the query
   * @param pages its pages as encoded for clients with and without personal data, filled as sent
   *     (by the event loops of the clients sharing it)
   */
  record Taken(LiveFilter filter, List<String> reports, List<JsonObject> incidents, Map<String, Integer> versions,
      long tail, Map<Boolean, AtomicReferenceArray<ByteBuf>> pages) {}

  private final NodeServices services;
  private final LiveHub hub;
  /** Snapshots being taken or just taken, by filter: a node's clients with one filter share one. */
  private final InFlight<String, Taken> taking;

  Snapshots(NodeServices services, LiveHub hub, Vertx vertx) {
    this.services = services;
    this.hub = hub;
    this.taking = new InFlight<>(hub.config().snapshotShareMillis(), (delay, task) -> vertx.setTimer(delay, id -> task.run()));
  }

  /**
   * A snapshot for {@code filter}, as of the log's position {@code asOf} or, when a client with
   * the same filter asked a moment earlier ({@code live.snapshotShareMillis}), as of that one's
   * position: its pages are then encoded once for both. Either way the client resumes the stream
   * from the returned position, so it misses nothing.
   */
  InFlight.Shared<Taken> take(Vertx vertx, LiveFilter filter, long asOf) {
    // One far behind the log would leave its clients little of the window to catch up from.
    long margin = hub.config().windowEvents() / 4;
    return taking.share(
        filter.toJson().encode(), asOf, shared -> shared.asOf() <= asOf && asOf - shared.asOf() <= margin, () -> query(vertx, filter));
  }

  /** Snapshots taken at positions the log no longer has (after {@link LiveHub#rewind}): none is given out again. */
  void forgetShared() {
    taking.dropAll();
  }

  /** A shared snapshot whose position this node's window no longer holds: not given out again. */
  void stale(LiveFilter filter, InFlight.Shared<Taken> shared) {
    taking.drop(filter.toJson().encode(), shared);
  }

  private Future<Taken> query(Vertx vertx, LiveFilter filter) {
    Future<List<String>> reports = services.openReports().encoded(vertx, filter.predicate());
    Future<List<JsonObject>> incidents = services.incidents().open(vertx);
    return Future.all(reports, incidents)
        .compose(
            both ->
                vertx.executeBlocking(
                    () -> {
                      long tail = hub.events().tailSequence();
                      Map<String, Integer> versions = new HashMap<>();
                      for (String r : reports.result()) {
                        ReportJson.IdVersion v = ReportJson.idAndVersion(r);
                        versions.put(v.id(), v.version());
                      }
                      List<JsonObject> matching =
                          incidents.result().stream().filter(filter::matchesIncident).toList();
                      matching.forEach(i -> versions.put(i.getString("id"), i.getInteger("version")));
                      return new Taken(
                          filter, reports.result(), matching, versions, tail, new ConcurrentHashMap<>());
                    },
                    false));
  }

  /**
   * Sends the snapshot in pages, each when the client's send buffer has room; then {@code done}.
   * {@code tag} is that of the entry at {@code asOf}: the same for every client of the snapshot.
   */
  void send(Subscriber s, Taken taken, long asOf, String tag, Runnable done) {
    int size = hub.config().snapshotPageSize();
    int items = taken.reports().size() + taken.incidents().size();
    int pages = Math.max(1, (items + size - 1) / size);
    sendPage(s, taken, new Position(asOf, tag), 0, pages, size, done);
  }

  /** Where a snapshot stands in the log. */
  private record Position(long seq, String tag) {}

  private void sendPage(Subscriber s, Taken taken, Position asOf, int page, int pages, int size, Runnable done) {
    if (page == pages) {
      done.run();
      return;
    }
    if (s.socket.writeQueueFull()) {
      s.onDrain = () -> {
        try {
          sendPage(s, taken, asOf, page, pages, size, done);
        } catch (RuntimeException e) {
          // Not left waiting for pages that will not come: it reconnects and subscribes again.
          LOG.warn("Sending a snapshot page failed; closing the client", e);
          s.socket.close();
        }
      };
      return;
    }
    AtomicReferenceArray<ByteBuf> encoded =
        taken.pages().computeIfAbsent(s.personal, personal -> new AtomicReferenceArray<>(pages));
    if (encoded.get(page) == null) {
      // Two loops may encode one page at once: the same bytes, and only the first is kept.
      encoded.compareAndSet(page, null, Frames.encode(encodePage(s.personal, taken, asOf, page, pages, size)));
    }
    s.socket.writeFrame(Frames.text(encoded.get(page)));
    sendPage(s, taken, asOf, page + 1, pages, size, done);
  }

  /**
   * A snapshot page as every client of the snapshot with or without personal data gets it: up to
   * {@code size} items, the reports first and then the incidents, so that no page is unbounded
   * (a city in an emergency has thousands of open incidents). The reports are spliced in as the
   * cluster holds them (without personal data: decoded, stripped and encoded again).
   */
  private String encodePage(boolean personal, Taken taken, Position asOf, int page, int pages, int size) {
    List<String> reports = taken.reports();
    List<JsonObject> incidents = taken.incidents();
    int from = page * size;
    int to = (page + 1) * size;
    int reportsTo = Math.min(reports.size(), to);
    JsonArray pageIncidents = new JsonArray();
    for (int i = Math.max(0, from - reports.size()); i < Math.min(incidents.size(), to - reports.size()); i++) {
      pageIncidents.add(incidents.get(i));
    }
    // The message is {head, "reports":[…], tail}: the fields in the order clients have had them.
    JsonObject headFields = new JsonObject().put("type", "snapshot").put("seq", asOf.seq());
    if (asOf.tag() != null) {
      headFields.put("tag", asOf.tag());
    }
    String head =
        headFields
            .put("page", page + 1)
            .put("pages", pages)
            .put("last", page + 1 == pages)
            .encode();
    String tail =
        new JsonObject()
            .put("incidents", pageIncidents)
            .put("counts", hub.counts(taken.filter())) // the filter it was taken for, shared by its clients
            .encode();
    StringBuilder out = new StringBuilder(head.length() + tail.length() + Math.max(0, reportsTo - from) * 800);
    out.append(head, 0, head.length() - 1).append(",\"reports\":[");
    for (int i = from; i < reportsTo; i++) {
      if (i > from) {
        out.append(',');
      }
      out.append(personal ? reports.get(i) : ReportJson.withoutPersonalData(reports.get(i)));
    }
    return out.append("],").append(tail, 1, tail.length()).toString();
  }

  /**
   * The log's events after {@code seq} up to where this node's window begins, or null when the
   * log no longer holds them (the client needs a snapshot).
   */
  Future<List<LiveEvent>> readLog(Context context, long seq) {
    return readLog(context, seq + 1, new ArrayList<>());
  }

  private Future<List<LiveEvent>> readLog(Context context, long from, List<LiveEvent> collected) {
    return hub.events()
        .read(context, from, LOG_PAGE)
        .compose(
            (ReadResultSet<String> read) -> {
              for (int i = 0; i < read.size(); i++) {
                collected.add(LiveEvent.decode(read.getSequence(i), read.get(i)));
              }
              long next = read.getNextSequenceToReadFrom();
              return hub.after(next - 1) != null
                  ? Future.succeededFuture(collected)
                  : readLog(context, next, collected);
            })
        .recover(
            err ->
                err instanceof StaleSequenceException || err.getCause() instanceof StaleSequenceException
                    ? Future.succeededFuture(null)
                    : Future.failedFuture(err));
  }
}
