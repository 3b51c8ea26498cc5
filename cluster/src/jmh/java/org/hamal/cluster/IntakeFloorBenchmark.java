package org.hamal.cluster;

import com.sun.management.OperatingSystemMXBean;
import io.vertx.core.Context;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hamal.cluster.events.OpenReports;
import org.hamal.cluster.events.ReportEvents;
import org.hamal.cluster.report.Receipt;
import org.hamal.cluster.report.Report;
import org.hamal.cluster.report.ReportIds;
import org.hamal.cluster.report.ReportJson;
import org.hamal.cluster.report.ReportStatus;
import org.hamal.cluster.report.Submission;
import org.hamal.cluster.store.ReportRepository;
import org.hamal.cluster.store.Store;
import org.hamal.cluster.store.StoreOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * What a report costs below HTTP, in a batch: the parts of intake that no request handling can
 * avoid, measured alone. One invocation is one batch of {@value #BATCH} new reports, as the batch
 * path hands them on:
 *
 * <ul>
 *   <li>{@code store} — {@link ReportRepository#insertAll}: one group commit to the embedded
 *       PostgreSQL as the embedded default runs it (its own server, fsync and synchronous commit
 *       on);
 *   <li>{@code announce} — the reports' API JSON ({@link ReportJson}) and {@link
 *       ReportEvents#publishCreated}: the open-reports map (one entry processor per district) and
 *       the change log (one append), on a one-member Hazelcast cluster configured as a node's;
 *   <li>{@code storeAndAnnounce} — both, in turn, as intake does;
 *   <li>{@code storeOne}, {@code announceOne}, {@code storeAndAnnounceOne} — the same for a lone
 *       report.
 * </ul>
 *
 * <p>The reports are made as intake makes them
 * ({@link ReportIds#next}, a {@link Report}), and that cost is in the figures, as in intake's.
 *
 * <p>Scores are wall time per report with one batch in flight, driven from a thread outside
 * Vert.x: each batch pays every hand-off between threads, which a loaded node shares between
 * requests. Throughput on a busy machine is bounded by CPU, not wall time, so each iteration also
 * prints the node's CPU time per report: the JVM's (all threads: the store's, Hazelcast's, the
 * JIT's and the collector's) and its embedded PostgreSQL server's (the server and its backends, as
 * bench/intake.sh counts them), and the trial the median, minimum and maximum of the measured
 * iterations.
 * That CPU is what a batched report costs before validation, location, triage, incident grouping
 * and the HTTP exchange are added (BENCHMARKS.md, "The floor under a report").
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 2, jvmArgs = {"-Xmx2g"})
@Warmup(iterations = 8, time = 5)
@Measurement(iterations = 5, time = 5)
public class IntakeFloorBenchmark {

  static final int BATCH = 100;
  private static final long AWAIT_SECONDS = 30;
  private static final String DISTRICT = "shimshon";

  private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final ReportJson json = new ReportJson(ZoneId.of("Asia/Jerusalem"));
  private final List<Double> cpuPerReport = new ArrayList<>();
  private Path dir;
  private ClusterNode node;
  private Store db;
  private ReportRepository store;
  private ReportEvents events;
  private OpenReports open;
  private Context context;
  private long cpuAtStart;
  private long storeCpuAtStart;
  private long reports;

  @Setup(Level.Trial)
  public void start() throws Exception {
    dir = Files.createTempDirectory("hamal-floor");
    int port = ThreadLocalRandom.current().nextInt(40_000, 50_000);
    ClusterOptions cluster = new ClusterOptions("floor-" + UUID.randomUUID(), "127.0.0.1", null, port, 10,
        List.of("127.0.0.1:" + port), 1, 100_000);
    node = ClusterNode.join(cluster, new VertxOptions()).await(60, TimeUnit.SECONDS);
    // The embedded default's store: what ConfigLoader derives for a data directory.
    StoreOptions options = new StoreOptions(null, null, null, 8, 256, 0, 10_000, dir.resolve("postgres").toString());
    db = Store.open(node.vertx(), options).await(60, TimeUnit.SECONDS);
    store = db.reports();
    open = new OpenReports(node.hazelcast(), 10_000);
    events = ReportEvents.open(node.vertx(), node.hazelcast(), open, 10_000).await(60, TimeUnit.SECONDS);
    context = node.vertx().getOrCreateContext();
  }

  @Setup(Level.Iteration)
  public void countFromHere() {
    cpuAtStart = os.getProcessCpuTime();
    storeCpuAtStart = storeCpuNanos();
    reports = 0;
  }

  @TearDown(Level.Iteration)
  public void printCpu() throws Exception {
    double jvm = (os.getProcessCpuTime() - cpuAtStart) / 1_000.0 / reports;
    double postgres = (storeCpuNanos() - storeCpuAtStart) / 1_000.0 / reports;
    cpuPerReport.add(jvm + postgres);
    System.out.printf("%n  node CPU per report: %.1f µs (JVM %.1f + PostgreSQL %.1f; %d reports)%n",
        jvm + postgres, jvm, postgres, reports);
    // Read before this: the open reports pile up as in a surge; cleared so that long runs stay
    // within the heap (the store's table keeps growing, as a node's does).
    node.hazelcast().getMap(ClusterMaps.OPEN_REPORTS).clear();
  }

  /**
   * The CPU time of the embedded PostgreSQL server and its processes so far (its postmaster.pid
   * names the server). A backend that ended since the last reading takes its time along; the
   * pool's connections live as long as the trial.
   */
  private long storeCpuNanos() {
    try {
      long pid = Long.parseLong(Files.readAllLines(dir.resolve("postgres").resolve("postmaster.pid")).get(0).trim());
      return ProcessHandle.of(pid)
          .map(server -> Stream.concat(Stream.of(server), server.descendants())
              .mapToLong(p -> p.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L))
              .sum())
          .orElse(0L);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @TearDown(Level.Trial)
  public void stop(BenchmarkParams params) throws Exception {
    // The measured iterations come after the warm-up ones.
    int count = params.getMeasurement().getCount();
    List<Double> measured = cpuPerReport.subList(Math.max(0, cpuPerReport.size() - count), cpuPerReport.size())
        .stream().sorted().toList();
    System.out.printf("%n  node CPU per report over the %d measured iterations: median %.1f µs, min %.1f, max %.1f%n",
        measured.size(), measured.get(measured.size() / 2), measured.get(0), measured.get(measured.size() - 1));
    db.close().await(AWAIT_SECONDS, TimeUnit.SECONDS);
    node.leave().await(AWAIT_SECONDS, TimeUnit.SECONDS);
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public List<Receipt> store() throws Exception {
    return store(batch());
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Long announce() throws Exception {
    return announce(batch());
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Long storeAndAnnounce() throws Exception {
    List<Submission> batch = batch();
    store(batch);
    return announce(batch);
  }

  /**
   * A lone report: one commit, one map operation and one append of its own, the floor of a single
   * {@code POST} that no other request shares a commit group with. (CPU per report also carries
   * the node's background work over the longer wall time per report.)
   */
  @Benchmark
  public List<Receipt> storeOne() throws Exception {
    return store(batch(1));
  }

  @Benchmark
  public Long announceOne() throws Exception {
    return announce(batch(1));
  }

  @Benchmark
  public Long storeAndAnnounceOne() throws Exception {
    List<Submission> one = batch(1);
    store(one);
    return announce(one);
  }

  private List<Receipt> store(List<Submission> batch) throws Exception {
    return store.insertAll(batch).await(AWAIT_SECONDS, TimeUnit.SECONDS);
  }

  private Long announce(List<Submission> batch) throws Exception {
    List<JsonObject> created = new ArrayList<>(batch.size());
    batch.forEach(s -> created.add(json.toJson(s.report())));
    return events.publishCreated(context, created).await(AWAIT_SECONDS, TimeUnit.SECONDS);
  }

  /** A batch of new reports, as the batch path makes them (no key, no client id). */
  private List<Submission> batch() {
    return batch(BATCH);
  }

  private List<Submission> batch(int size) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    List<Submission> batch = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      String id = ReportIds.next(now.toEpochMilli());
      Report report = new Report(id, DISTRICT, new Report.Routing("bench", false, 0), "hazard", 3, ReportStatus.NEW,
          null, "עמוד חשמל נוטה מעל המדרכה", 34.5712, 31.6688, new Report.Reporter("דנה", "050-1234567"), "sms",
          now, now, 1, false, null, null);
      batch.add(new Submission(report, null, "hash-" + id, false, "bench"));
    }
    reports += size;
    return batch;
  }
}
