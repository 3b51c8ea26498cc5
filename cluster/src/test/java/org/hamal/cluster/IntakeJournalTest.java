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
  private static final long RETENTION = 120_000;

  @TempDir Path dir;

  @Test
  void readsBackEveryJournaledSubmissionWithItsKeyAndHash() {
    Report a = Reports.sample("shimshon", Instant.parse("2026-11-24T10:00:00.125Z"));
    Report b = Reports.sample("barnea", Instant.parse("2026-11-24T10:00:01Z"));
    try (IntakeJournal journal = new IntakeJournal(dir, RETENTION, JSON)) {
      journal.append(List.of(new Submission(a, "sms:42", "h1", false), new Submission(b, null, "h2", true)), 0);

      assertThat(journal.readAll().submissions())
          .containsExactly(new Submission(a, "sms:42", "h1", false), new Submission(b, null, "h2", true));
    }
  }

  @Test
  void skipsALineTornByAKillAndKeepsTheRest() throws Exception {
    Report a = Reports.sample("shimshon", Instant.parse("2026-11-24T10:00:00Z"));
    try (IntakeJournal journal = new IntakeJournal(dir, RETENTION, JSON)) {
      journal.append(List.of(new Submission(a, null, "h", false)), 0);
    }
    Path file = onlyFile();
    Files.writeString(file, "{\"report\":{\"id\":\"cut-sh", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

    try (IntakeJournal reader = new IntakeJournal(dir, RETENTION, JSON)) {
      assertThat(reader.readAll().submissions()).extracting(s -> s.report().id()).containsExactly(a.id());
    }
  }

  @Test
  void aJournalWhoseWriterIsGoneIsAbandonedAndALiveOneIsNot() throws Exception {
    Path orphan = dir.resolve("1-orphan.ndjson");
    Files.writeString(orphan, "");
    Path live = dir.resolve("2-live.ndjson");
    Files.writeString(live, "");
    // Another process's journal: held by a lock we cannot take. A child JVM holds it.
    Process holder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                Path.of("src", "test", "java", "org", "hamal", "cluster", "HoldLock.java").toString(),
                live.toString())
            .redirectErrorStream(true)
            .start();
    try {
      assertThat(new String(holder.getInputStream().readNBytes(6), StandardCharsets.US_ASCII)).isEqualTo("locked");
      try (IntakeJournal journal = new IntakeJournal(dir, RETENTION, JSON)) {
        IntakeJournal.Reading reading = journal.readAll();
        assertThat(reading.abandoned()).containsExactly(orphan);

        journal.discard(reading.abandoned());
        assertThat(orphan).doesNotExist();
        assertThat(live).exists();
      }
    } finally {
      holder.destroyForcibly().waitFor();
    }
  }

  @Test
  void rollsToAFreshFileAndDeletesItsOwnFilesPastTheRetention() throws Exception {
    Report a = Reports.sample("shimshon", Instant.now());
    try (IntakeJournal journal = new IntakeJournal(dir, RETENTION, JSON)) {
      long t0 = System.currentTimeMillis();
      journal.append(List.of(new Submission(a, null, "h", false)), t0);
      journal.append(List.of(new Submission(a, null, "h", false)), t0 + RETENTION / 2);
      assertThat(files()).hasSize(2);
      journal.append(List.of(new Submission(a, null, "h", false)), t0 + RETENTION + RETENTION / 2);
      assertThat(files()).hasSize(2); // the first is past the retention, the second not yet
    }
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
