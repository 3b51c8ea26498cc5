package org.hamal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntakeJournalTest {

  private static final ReportJson JSON = new ReportJson(ZoneOffset.UTC);
  private static final long ROLL = 60_000;

  @TempDir Path dir;

  @Test
  void readsBackEveryJournaledSubmissionWithItsKeyAndHash() {
    Report a = Reports.sample("shimshon", Instant.parse("2026-11-24T10:00:00.125Z"));
    Report b = Reports.sample("barnea", Instant.parse("2026-11-24T10:00:01Z"));
    try (IntakeJournal journal = new IntakeJournal(dir, ROLL, JSON)) {
      journal.append(List.of(new Submission(a, "sms:42", "h1", false), new Submission(b, null, "h2", true)), 0);

      assertThat(journal.readAll().submissions())
          .containsExactly(new Submission(a, "sms:42", "h1", false), new Submission(b, null, "h2", true));
    }
  }

  @Test
  void readsBackJournaledChangesApartFromNewReports() {
    Instant at = Instant.parse("2026-11-24T10:00:00Z");
    Report a = Reports.sample("shimshon", at);
    Report assigned = a.changed(ReportStatus.ASSIGNED, "patrol-7", at.plusSeconds(5));
    try (IntakeJournal journal = new IntakeJournal(dir, ROLL, JSON)) {
      journal.append(List.of(new Submission(a, null, "h", false)), 0);
      journal.appendChanges(List.of(new IntakeJournal.Change(assigned, "supervisor-1", "דחוף")), 0);

      IntakeJournal.Reading reading = journal.readAll();
      assertThat(reading.submissions()).extracting(s -> s.report()).containsExactly(a);
      assertThat(reading.changes()).containsExactly(new IntakeJournal.Change(assigned, "supervisor-1", "דחוף"));
      assertThat(reading.changes().get(0).history())
          .isEqualTo(new HistoryEntry(2, at.plusSeconds(5), "supervisor-1", ReportStatus.ASSIGNED, "patrol-7", "דחוף"));
    }
  }

  @Test
  void skipsALineTornByAKillAndKeepsTheRest() throws Exception {
    Report a = Reports.sample("shimshon", Instant.parse("2026-11-24T10:00:00Z"));
    try (IntakeJournal journal = new IntakeJournal(dir, ROLL, JSON)) {
      journal.append(List.of(new Submission(a, null, "h", false)), 0);
    }
    Path file = onlyFile();
    Files.writeString(file, "{\"report\":{\"id\":\"cut-sh", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

    try (IntakeJournal reader = new IntakeJournal(dir, ROLL, JSON)) {
      assertThat(reader.readAll().submissions()).extracting(s -> s.report().id()).containsExactly(a.id());
    }
  }

  @Test
  void aLineTornInTheMiddleOfACharacterCostsOnlyThatLine() throws Exception {
    Report a = Reports.sample("shimshon", Instant.parse("2026-11-24T10:00:00Z"));
    try (IntakeJournal journal = new IntakeJournal(dir, ROLL, JSON)) {
      journal.append(List.of(new Submission(a, null, "h", false)), 0);
    }
    Path file = onlyFile();
    byte[] torn = "{\"report\":{\"description\":\"דחוף".getBytes(StandardCharsets.UTF_8);
    Files.write(file, java.util.Arrays.copyOf(torn, torn.length - 1), StandardOpenOption.APPEND);

    try (IntakeJournal reader = new IntakeJournal(dir, ROLL, JSON)) {
      IntakeJournal.Reading reading = reader.readAll();
      assertThat(reading.submissions()).extracting(s -> s.report().id()).containsExactly(a.id());
      assertThat(reading.finished()).containsExactly(file);
    }
  }

  @Test
  void aFileThatCannotBeReadIsReportedAndNeverFinished() throws Exception {
    Path broken = Files.createDirectory(dir.resolve("0-broken.ndjson")); // reading it fails
    try (IntakeJournal journal = new IntakeJournal(dir, ROLL, JSON)) {
      IntakeJournal.Reading reading = journal.readAll();
      assertThat(reading.unreadable()).containsExactly(broken);
      assertThat(reading.finished()).isEmpty();
    }
  }

  @Test
  void aClosedJournalRefusesAppendsAndOpensNoNewFile() throws Exception {
    Report a = Reports.sample("shimshon", Instant.now());
    IntakeJournal journal = new IntakeJournal(dir, ROLL, JSON);
    journal.close();
    long now = System.currentTimeMillis();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> journal.append(List.of(new Submission(a, null, "h", false)), now + 10 * ROLL))
        .isInstanceOf(IllegalStateException.class);
    assertThat(files()).hasSize(1);
    assertThat(probe(onlyFile())).isEqualTo("free");
  }

  @Test
  void readingItsOwnFileKeepsItHeldAgainstOtherProcesses() throws Exception {
    Report a = Reports.sample("shimshon", Instant.now());
    try (IntakeJournal journal = new IntakeJournal(dir, ROLL, JSON)) {
      journal.append(List.of(new Submission(a, null, "h", false)), System.currentTimeMillis());
      assertThat(probe(onlyFile())).isEqualTo("held");

      assertThat(journal.readAll().submissions()).hasSize(1);

      assertThat(probe(onlyFile())).isEqualTo("held"); // another node must not take it for finished
    }
    assertThat(probe(onlyFile())).isEqualTo("free");
  }

  @Test
  void onlyFinishedFilesWrittenBeforeTheStoreWasLastOpenedAreDeleted() throws Exception {
    long opened = System.currentTimeMillis();
    Path before = emptyJournal("1-before.ndjson", opened - 60_000);
    Path after = emptyJournal("2-after.ndjson", opened + 5_000);
    Path live = emptyJournal("3-live.ndjson", opened - 60_000);
    // Another process's journal, still appended to: it holds a lock we cannot take (a child JVM).
    Process holder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                Path.of("src", "test", "java", "org", "hamal", "cluster", "HoldLock.java").toString(),
                live.toString())
            .redirectErrorStream(true)
            .start();
    try {
      assertThat(new String(holder.getInputStream().readNBytes(6), StandardCharsets.US_ASCII)).isEqualTo("locked");
      try (IntakeJournal journal = new IntakeJournal(dir, ROLL, JSON)) {
        IntakeJournal.Reading reading = journal.readAll();
        assertThat(reading.finished()).containsExactly(before, after);

        journal.discard(reading.finished(), 0); // the store's last open unknown: nothing goes
        assertThat(before).exists();

        journal.discard(reading.finished(), opened);
        assertThat(before).doesNotExist();
        assertThat(after).exists(); // written after the open: its last commits may not be on disk
        assertThat(live).exists();
      }
    } finally {
      holder.destroyForcibly().waitFor();
    }
  }

  @Test
  void noFileIsDeletedWhileARestoreHasWrittenSinceTheStoresLastOpen() throws Exception {
    long opened = System.currentTimeMillis();
    Path before = emptyJournal("1-before.ndjson", opened - 60_000);
    try (IntakeJournal journal = new IntakeJournal(dir, ROLL, JSON)) {
      assertThat(journal.lastRestored()).isZero();
      journal.restoring(opened + 2_000); // put back after the open: maybe only in the host's memory
      assertThat(journal.lastRestored()).isEqualTo(opened + 2_000);
      IntakeJournal.Reading reading = journal.readAll();
      assertThat(reading.finished()).containsExactly(before);

      journal.discard(reading.finished(), opened);
      assertThat(before).exists();

      journal.discard(reading.finished(), opened + 10_000); // opened from disk since the restore
      assertThat(before).doesNotExist();
    }
  }

  @Test
  void rollsToAFreshFileAndNeverDeletesItsOwnFilesByAge() throws Exception {
    Report a = Reports.sample("shimshon", Instant.now());
    try (IntakeJournal journal = new IntakeJournal(dir, ROLL, JSON)) {
      long t0 = System.currentTimeMillis();
      journal.append(List.of(new Submission(a, null, "h", false)), t0);
      journal.append(List.of(new Submission(a, null, "h", false)), t0 + ROLL);
      journal.append(List.of(new Submission(a, null, "h", false)), t0 + 10 * ROLL);
      assertThat(files()).hasSize(3);
      assertThat(journal.readAll().finished()).hasSize(2); // the two this process has left
    }
  }

  /** Whether another process (a child JVM) finds the file held ("held") or not ("free"). */
  private static String probe(Path file) throws Exception {
    Process p = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            Path.of("src", "test", "java", "org", "hamal", "cluster", "ProbeLock.java").toString(),
            file.toString())
        .redirectErrorStream(true)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    assertThat(p.waitFor()).as(out).isZero();
    return out;
  }

  /** An empty journal file last written at {@code writtenAt}. */
  private Path emptyJournal(String name, long writtenAt) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, "");
    Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.fromMillis(writtenAt));
    return p;
  }

  private Path onlyFile() throws Exception {
    List<Path> all = files();
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  private List<Path> files() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

}
