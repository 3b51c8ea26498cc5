package org.hamal.cluster;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's own record of the reports, and of the changes to reports (status, assignee,
 * incident), it acknowledged recently, kept beside a store that can lose the last commits before
 * its host process dies: H2's mixed mode, where the member that opened the file serves it to the
 * others and a {@code kill -9} of that member lost commits it had acknowledged
 * (docs/durability.md, "H2 and kill -9"). Each commit group, and each transaction of changes, is
 * appended here after the commit and before the acknowledgement, as one write to the file (which
 * a killed process does not lose: it is in the operating system's cache). After the store moves
 * to another process, and at every start, {@link ReportStore#restoreFromJournals} puts back
 * whatever the journals hold and the store does not.
 *
 * <p>One file at a time per process, in a directory shared by the nodes of one machine (the data
 * directory, like the H2 file); a process starts a new one every roll interval. A process holds
 * a lock on the file it appends to, so another can tell it from a finished one. A finished file
 * is deleted only once the store has been opened from disk after its last write and a restore
 * found everything in it ({@link #discard}): found in a live host's memory is not enough, H2
 * lost commits tens of seconds old when its host died. Blocking: call it from a worker.
 */
final class IntakeJournal implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IntakeJournal.class);
  private static final String SUFFIX = ".ndjson";
  /** The file recording when a restore last wrote to the store ({@link #restoring}). */
  private static final String RESTORED = "restored";
  /** The field of a change's line that holds the changed report (a new report's is "report"). */
  private static final String CHANGE = "change";
  /**
   * Files held by journals of this JVM (tests run several nodes in one), with the channel that
   * holds each. Never opened a second time, not even to read: on Linux, closing any descriptor
   * of a file drops the process's locks on it, and the file would look finished to the others.
   */
  private static final java.util.Map<Path, FileChannel> OWNED = new java.util.concurrent.ConcurrentHashMap<>();

  /** Slack for file times against the store's open time (clock reads, file-time resolution). */
  private static final long CLOCK_SLACK_MILLIS = 1_000;

  private final Path dir;
  private final long rollMillis;
  private final ReportJson json;
  private FileChannel channel;
  private FileLock lock;
  private Path file;
  private long openedAt;
  private boolean closed;

  IntakeJournal(Path dir, long rollMillis, ReportJson json) {
    this.dir = dir;
    this.rollMillis = rollMillis;
    this.json = json;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the intake journal directory " + dir, e);
    }
    roll(System.currentTimeMillis());
  }

  /** Appends the reports of one commit group: one write. */
  synchronized void append(List<Submission> committed, long now) {
    List<JsonObject> lines = new ArrayList<>(committed.size());
    committed.forEach(s -> lines.add(encode(s)));
    write(lines, now);
  }

  /**
   * A change to a report journaled after its commit: the report as it became, and who made it
   * and why (its history entry is the rest).
   */
  record Change(Report after, String actor, String note) {

    HistoryEntry history() {
      return HistoryEntry.of(after, actor, note);
    }
  }

  /** Appends the changes one transaction committed: one write. */
  synchronized void appendChanges(List<Change> committed, long now) {
    List<JsonObject> lines = new ArrayList<>(committed.size());
    committed.forEach(c -> lines.add(encode(c)));
    write(lines, now);
  }

  private void write(List<JsonObject> entries, long now) {
    if (entries.isEmpty()) {
      return;
    }
    if (closed) {
      throw new IllegalStateException("the intake journal is closed; nothing more is acknowledged");
    }
    if (now - openedAt >= rollMillis) {
      roll(now);
    }
    StringBuilder lines = new StringBuilder(entries.size() * 700);
    for (JsonObject e : entries) {
      lines.append(e.encode()).append('\n');
    }
    ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
    try {
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    } catch (IOException e) {
      // What was written of this group is a torn last line, skipped when read (never
      // acknowledged); the next group goes to a fresh file so that it is not glued onto it.
      Path failed = file;
      roll(now);
      throw new UncheckedIOException("cannot append to the intake journal " + failed, e);
    }
  }

  /** What the journals of the directory hold, and the files no process is appending to. */
  record Reading(List<Submission> submissions, List<Change> changes, List<Path> finished, List<Path> unreadable) {}

  /**
   * Every submission in every journal of the directory, this process's and others', live or
   * not. A torn last line (its writer was killed mid-write) was never acknowledged and is
   * skipped.
   */
  synchronized Reading readAll() {
    List<Submission> all = new ArrayList<>();
    List<Change> changes = new ArrayList<>();
    List<Path> finished = new ArrayList<>();
    List<Path> unreadable = new ArrayList<>();
    for (Path p : files()) {
      // A file that cannot be read is never finished: what it holds may be missing from the store.
      switch (read(p, all, changes)) {
        case READ -> {
          if (finished(p)) {
            finished.add(p);
          }
        }
        case UNREADABLE -> unreadable.add(p);
        case GONE -> { } // deleted since it was listed: by a restore that found all of it stored
      }
    }
    return new Reading(all, changes, finished, unreadable);
  }

  /**
   * Records when a restore writes to the store: before it writes and again after it committed
   * (one file beside the journals, shared by the processes of the machine). What a restore writes
   * is a new commit of the store's current host, as easily lost as any until the store is next
   * opened from disk; a later pass that finds it there must not take that for proof ({@link
   * #discard}).
   */
  void restoring(long now) {
    Path tmp = dir.resolve(RESTORED + "." + UUID.randomUUID());
    try {
      Files.writeString(tmp, Long.toString(now), StandardCharsets.US_ASCII);
      Files.move(tmp, dir.resolve(RESTORED), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record a restore beside the intake journals in " + dir, e);
    }
  }

  /** When a restore last wrote to the store, 0 if never (or not since the marker was lost). */
  long lastRestored() {
    try {
      return Long.parseLong(Files.readString(dir.resolve(RESTORED), StandardCharsets.US_ASCII).trim());
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  /**
   * After a restore found everything these files hold in the store: deletes those last written
   * before the store was last opened from disk ({@code storeOpenedAt}, 0 when unknown: none) —
   * unless a restore has written to the store since that open, for what it put back may be what
   * this pass found. Read after the pass's queries, so a restore that wrote before them counts.
   */
  void discard(List<Path> finished, long storeOpenedAt) {
    if (lastRestored() >= storeOpenedAt) { // both from this machine's clock: no slack needed
      return;
    }
    for (Path p : finished) {
      try {
        if (Files.getLastModifiedTime(p).toMillis() < storeOpenedAt - CLOCK_SLACK_MILLIS) {
          delete(p);
        }
      } catch (IOException e) {
        // gone already, or unreadable: kept or nothing to do
      }
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    closeFile();
  }

  private void closeFile() {
    synchronized (OWNED) {
      OWNED.remove(file);
      try {
        lock.release();
      } catch (IOException e) {
        LOG.warn("Releasing the intake journal {}", file, e);
      } finally {
        try {
          channel.close();
        } catch (IOException e) {
          LOG.warn("Closing the intake journal {}", file, e);
        }
      }
    }
  }

  private void roll(long now) {
    if (channel != null) {
      closeFile();
    }
    file = dir.resolve(now + "-" + UUID.randomUUID() + SUFFIX);
    try {
      // READ too, so that this process reads its own file through the channel that holds the lock.
      synchronized (OWNED) {
        channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        lock = channel.lock();
        OWNED.put(file, channel);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the intake journal " + file, e);
    }
    openedAt = now;
  }

  private List<Path> files() {
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the intake journals in " + dir, e);
    }
  }

  private enum Outcome { READ, UNREADABLE, GONE }

  /** Reads one file's lines into the lists. */
  private Outcome read(Path p, List<Submission> submissions, List<Change> changes) {
    byte[] bytes;
    try {
      // Under the registry's lock: a file this JVM is creating or closing is either read through
      // its holder's channel, or no longer held by anyone here.
      synchronized (OWNED) {
        FileChannel owner = OWNED.get(p);
        bytes = owner == null ? Files.readAllBytes(p) : readThrough(owner);
      }
    } catch (java.nio.file.NoSuchFileException e) {
      return Outcome.GONE;
    } catch (IOException e) {
      LOG.error("Intake journal {} unreadable: it is kept, and no restore counts until it can be read", p, e);
      return Outcome.UNREADABLE;
    }
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == '\n') {
        if (i > start) {
          // Decoded line by line: a kill in the middle of a character tears only the last line.
          line(p, new String(bytes, start, i - start, StandardCharsets.UTF_8), submissions, changes);
        }
        start = i + 1;
      }
    }
    return Outcome.READ;
  }

  private void line(Path p, String line, List<Submission> submissions, List<Change> changes) {
    try {
      JsonObject entry = new JsonObject(line);
      if (entry.containsKey(CHANGE)) {
        changes.add(decodeChange(entry));
      } else {
        submissions.add(decode(entry));
      }
    } catch (RuntimeException e) { // DecodeException, or a line cut short by a kill
      LOG.debug("Skipping a torn journal line in {}", p);
    }
  }

  /** The whole of a file this JVM appends to, read through its own channel (positional reads). */
  private static byte[] readThrough(FileChannel owner) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(owner.size()));
    while (buffer.hasRemaining()) {
      if (owner.read(buffer, buffer.position()) < 0) {
        break;
      }
    }
    return java.util.Arrays.copyOf(buffer.array(), buffer.position());
  }

  /** True when no process holds the file: nobody appends to it any more. */
  private static boolean finished(Path p) {
    synchronized (OWNED) { // probing a file this JVM holds would drop its lock
      return !OWNED.containsKey(p) && unlocked(p);
    }
  }

  private static boolean unlocked(Path p) {
    try (FileChannel c = FileChannel.open(p, StandardOpenOption.WRITE)) {
      FileLock l = c.tryLock();
      if (l == null) {
        return false;
      }
      l.release();
      return true;
    } catch (OverlappingFileLockException | IOException e) {
      return false;
    }
  }

  private static void delete(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      LOG.warn("Cannot delete the intake journal {}", p, e);
    }
  }

  private JsonObject encode(Submission s) {
    return new JsonObject()
        .put("report", json.toJson(s.report()))
        .put("key", s.idempotencyKey())
        .put("hash", s.requestHash())
        .put("clientId", s.clientId());
  }

  private JsonObject encode(Change c) {
    return new JsonObject().put(CHANGE, json.toJson(c.after())).put("actor", c.actor()).put("note", c.note());
  }

  private Change decodeChange(JsonObject line) {
    return new Change(json.fromJson(line.getJsonObject(CHANGE)), line.getString("actor"), line.getString("note"));
  }

  private Submission decode(JsonObject line) {
    return new Submission(
        json.fromJson(line.getJsonObject("report")),
        line.getString("key"),
        line.getString("hash"),
        line.getBoolean("clientId", false));
  }
}
