package org.hamal.gateway.live;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The latest change of each report and incident waiting for a coalesced client's (or a flock's)
 * next batch, in the order of their latest changes, and the batch they make.
 */
final class PendingChanges {

  /** A report's or incident's latest change; {@code remove}: it leaves the client's picture. */
  record Pending(LiveEvent event, boolean remove) {}

  private final Map<String, Pending> byKey = new LinkedHashMap<>();

  /**
   * Keeps the change, replacing the item's earlier one.
   *
   * @return false when more than {@code max} items wait: they were dropped, and the client needs
   *     a fresh snapshot instead (memory stays bounded)
   */
  boolean put(LiveEvent e, boolean remove, int max) {
    String key = e.isIncident() ? "incident:" + e.id : e.id;
    byKey.remove(key); // keep the order of the latest changes
    byKey.put(key, new Pending(e, remove));
    if (byKey.size() > max) {
      byKey.clear();
      return false;
    }
    return true;
  }

  boolean isEmpty() {
    return byKey.isEmpty();
  }

  void clear() {
    byKey.clear();
  }

  /** A copy, for a client that leaves its flock with the flock's changes. */
  PendingChanges copy() {
    PendingChanges copy = new PendingChanges();
    copy.byKey.putAll(byKey);
    return copy;
  }

  /**
   * The batch of what waits, which is then cleared. Reports below {@code minMarker} are counted in
   * the batch's {@code counts} (and the heat layer) but not drawn: they are listed in
   * {@code folded}, so that a client knows it has them all; so are reports below
   * {@code incidentFoldBelow} that belong to an incident (the incident's count shows them).
   */
  BatchFrame drain(int minMarker, boolean personal, int incidentFoldBelow) {
    BatchFrame batch = new BatchFrame();
    for (Pending p : byKey.values()) {
      LiveEvent e = p.event();
      if (e.isIncident()) {
        if (p.remove()) {
          batch.incidentClosed(e.id);
        } else {
          batch.incident(e.json(true));
        }
      } else if (p.remove()) {
        batch.removed(e.id);
      } else if (e.priority >= minMarker && !(e.incident != null && e.priority < incidentFoldBelow)) {
        batch.report(e.json(personal));
      } else {
        batch.folded(e.id);
      }
    }
    byKey.clear();
    return batch;
  }
}
