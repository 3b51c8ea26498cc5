package org.hamal.cluster.processors;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.FieldKind;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import com.hazelcast.nio.serialization.genericrecord.GenericRecordBuilder;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hamal.cluster.ClusterOptions;
import org.hamal.cluster.HazelcastConfigs;
import org.hamal.cluster.TestClusters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Members of two adjacent builds run together in a rolling upgrade. The forms the first Compact
 * build wrote are kept as a fixture ({@code compact-forms-1.json}); a member of this build, a real
 * one, must read each of them, and must still write every field of them with the same kind, so
 * that a member of that build reads this one's. A client without Hamal's serializers stands for
 * the other build: it sees forms as generic records, field by field.
 */
class CompactFormsTest {

  private static HazelcastInstance member;
  private static HazelcastInstance otherBuild;
  private static JsonObject forms;
  private static JsonObject firstForms;

  @BeforeAll
  static void start() throws Exception {
    ClusterOptions options = TestClusters.random();
    member = Hazelcast.newHazelcastInstance(HazelcastConfigs.build(options));
    ClientConfig client = new ClientConfig().setClusterName(options.name());
    client.getNetworkConfig().addAddress("127.0.0.1:" + member.getCluster().getLocalMember().getAddress().getPort());
    otherBuild = HazelcastClient.newHazelcastClient(client);
    forms = new JsonObject();
    for (String file : List.of("compact-forms-1.json", "compact-forms-2.json", "compact-forms-3.json")) {
      // Deep: a later file adds fields to a form an earlier one has.
      forms.mergeIn(formsIn(file), true);
    }
    firstForms = formsIn("compact-forms-1.json");
  }

  private static JsonObject formsIn(String file) throws java.io.IOException {
    try (InputStream in = CompactFormsTest.class.getResourceAsStream(file)) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getJsonObject("forms");
    }
  }

  @AfterAll
  static void stop() {
    if (otherBuild != null) {
      otherBuild.shutdown();
    }
    if (member != null) {
      member.shutdown();
    }
  }

  @Test
  void thisBuildReadsTheFormsTheFirstBuildWrote() {
    IMap<String, Object> written = otherBuild.getMap("forms-written-by-build-1");
    forms.forEach(form -> written.put(form.getKey(), record(form.getKey(), (JsonObject) form.getValue())));
    IMap<String, Object> read = member.getMap("forms-written-by-build-1");

    OpenReportKey key = (OpenReportKey) read.get("hamal.OpenReportKey");
    assertThat(key).isEqualTo(new OpenReportKey("01a24f18-0191-7871-801b-8ac6e44ea5a2", "shimshon"));
    assertThat(key.getPartitionKey()).isEqualTo("shimshon");

    OpenReportUpdate update = (OpenReportUpdate) read.get("hamal.OpenReportUpdate");
    assertThat(update.open()).isTrue();
    assertThat(update.byId()).isEqualTo(Map.of(
        "r1", new OpenReport("r1", "{\"id\":\"r1\",\"version\":1}", 1, "shimshon", "hazard", "new", 4, false,
            34.5737, 31.6879, 1_795_000_000_000L, "i-1", null),
        "r2", new OpenReport("r2", "{\"id\":\"r2\",\"version\":3}", 3, "barnea", "sanitation", "new", 2, true,
            34.56, 31.67, 1_795_000_001_000L, null, "a-1")));

    assertThat(read.get("hamal.OpenReport")).isEqualTo(new OpenReport("r1", "{\"id\":\"r1\",\"version\":2}", 2,
        "shimshon", "hazard", "new", 4, false, 34.5737, 31.6879, 1_795_000_000_000L, "i-1", null));

    JoinIncident join = (JoinIncident) read.get("hamal.JoinIncident");
    JsonObject incident = new JsonObject()
        .put("id", "i-1").put("status", "open").put("count", 1).put("priority", 1)
        .put("centroid", new JsonObject().put("lon", 34.5737).put("lat", 31.6879))
        .put("districts", new JsonArray().add("barnea")).put("lastAt", 1_795_000_000_000L).put("version", 1);
    JoinIncident.Joined joined = join.process(new java.util.AbstractMap.SimpleEntry<>("i-1", incident.encode()));
    assertThat(joined.joined(0)).isTrue();
    assertThat(joined.joined(1)).isTrue();
    assertThat(new JsonObject(joined.incident()).getInteger("priority")).isEqualTo(5);
    assertThat(new JsonObject(joined.incident()).getJsonArray("districts")).containsExactly("barnea", "afridar");

    JoinIncident.Joined answer = (JoinIncident.Joined) read.get("hamal.JoinIncident.Joined");
    assertThat(answer.incident()).isEqualTo("{\"id\":\"i-1\",\"version\":2}");
    assertThat(answer.joined(0)).isTrue();
    assertThat(answer.joined(1)).isFalse();

    IndexIncident index = (IndexIncident) read.get("hamal.IndexIncident");
    Map.Entry<String, String> cell = new java.util.AbstractMap.SimpleEntry<>("hazard|1|2", null);
    index.process(cell);
    assertThat(new JsonArray(cell.getValue()).getJsonObject(0).getString("id")).isEqualTo("i-1");

    assertThat(read.get("hamal.ReadValue")).isInstanceOf(ReadValue.class);

    PatrollerPosition position = (PatrollerPosition) read.get("hamal.PatrollerPosition");
    assertThat(position).isEqualTo(new PatrollerPosition("patrol-7", List.of("shimshon", "barnea"), 34.51, 31.61, 12.0,
        Instant.ofEpochMilli(1_795_000_030_000L), List.of(
            new PatrollerPosition.Point(34.5, 31.6, Instant.ofEpochMilli(1_795_000_000_000L)),
            new PatrollerPosition.Point(34.51, 31.61, Instant.ofEpochMilli(1_795_000_030_000L)))));

    MovePatroller move = (MovePatroller) read.get("hamal.MovePatroller");
    assertThat(move.fix()).isEqualTo(new MovePatroller.Fix(List.of("shimshon"), 34.52, 31.62, null,
        Instant.ofEpochMilli(1_795_000_060_000L)));
    assertThat(move.limits()).isEqualTo(new MovePatroller.Limits(10_000, 20, 900_000, 3_600_000));
    Map.Entry<String, PatrollerPosition> entry = new java.util.AbstractMap.SimpleEntry<>("patrol-7", position);
    assertThat(move.process(entry)).isZero();
    assertThat(entry.getValue().trail()).hasSize(3);
  }

  @Test
  void anUpdateOfTheBuildBeforeHasItsReportsReadFromTheirJson() {
    String json = "{\"id\":\"r9\",\"version\":2,\"district\":\"afridar\",\"category\":\"hazard\","
        + "\"priority\":5,\"status\":\"new\",\"deferred\":false,\"incident\":\"i-9\","
        + "\"location\":{\"lon\":34.55,\"lat\":31.66},\"receivedAt\":\"2026-11-17T10:00:00+02:00\","
        + "\"alert\":{\"id\":\"a-9\",\"threat\":\"rockets\"}}";
    JsonObject form = firstForms.getJsonObject("hamal.OpenReportUpdate").copy();
    form.put("ids", new JsonObject().put("kind", "ARRAY_OF_STRING").put("value", new JsonArray().add("r9")));
    form.put("json", new JsonObject().put("kind", "ARRAY_OF_STRING").put("value", new JsonArray().add(json)));
    form.put("versions", new JsonObject().put("kind", "ARRAY_OF_INT32").put("value", new JsonArray().add(2)));
    otherBuild.getMap("an-update-of-build-1").put("u", record("hamal.OpenReportUpdate", form));

    OpenReportUpdate update = (OpenReportUpdate) member.getMap("an-update-of-build-1").get("u");
    assertThat(update.byId().get("r9")).isEqualTo(new OpenReport("r9", json, 2, "afridar", "hazard", "new", 5, false,
        34.55, 31.66, Instant.parse("2026-11-17T08:00:00Z").toEpochMilli(), "i-9", "a-9"));
  }

  @Test
  void aPatrollerIsMovedOnItsPartitionOwner() {
    IMap<String, PatrollerPosition> patrollers = otherBuild.getMap(org.hamal.cluster.ClusterMaps.PATROLLERS);
    Instant t0 = Instant.ofEpochMilli(1_795_000_000_000L);
    MovePatroller.Limits limits = new MovePatroller.Limits(10_000, 20, 900_000, 3_600_000);
    IMap<String, PatrollerPosition> onMember = member.getMap(org.hamal.cluster.ClusterMaps.PATROLLERS);
    assertThat(onMember.executeOnKey("patrol-9",
        new MovePatroller(new MovePatroller.Fix(List.of("shimshon"), 34.5, 31.6, 8.0, t0), limits))).isZero();
    assertThat(onMember.executeOnKey("patrol-9",
        new MovePatroller(new MovePatroller.Fix(List.of("shimshon"), 34.6, 31.6, 8.0, t0.plusSeconds(3)), limits)))
        .isEqualTo(7_000L);
    assertThat(onMember.get("patrol-9").lon()).isEqualTo(34.5);
    // The entry forgets itself: its time to live is the processor's forgetAfterMillis.
    assertThat(onMember.getEntryView("patrol-9").getTtl()).isEqualTo(3_600_000L);
    assertThat(patrollers.containsKey("patrol-9")).isTrue();
  }

  @Test
  void thisBuildStillWritesEveryFieldTheFirstBuildReads() {
    IMap<String, Object> written = member.getMap("forms-written-by-this-build");
    written.put("hamal.OpenReportKey", new OpenReportKey("r1", "shimshon"));
    OpenReport report = new OpenReport("r1", "{}", 1, "shimshon", "hazard", "new", 1, false, 34.5, 31.6, 0L, null, null);
    written.put("hamal.OpenReport", report);
    written.put("hamal.OpenReportUpdate", new OpenReportUpdate(Map.of("r1", report), true));
    written.put("hamal.JoinIncident", new JoinIncident(34.57, 31.68, 3, "barnea", 1L, 150, 900_000));
    written.put("hamal.JoinIncident.Joined", new JoinIncident.Joined("{}", new boolean[] {true}));
    written.put("hamal.IndexIncident", new IndexIncident("i-1", 1L, 900_000));
    written.put("hamal.ReadValue", new ReadValue());
    written.put("hamal.PatrollerPosition", PatrollerPosition.first("patrol-7", List.of("shimshon"), 34.5, 31.6, null,
        Instant.ofEpochMilli(1_795_000_000_000L)));
    written.put("hamal.MovePatroller", new MovePatroller(
        new MovePatroller.Fix(List.of("shimshon"), 34.5, 31.6, 3.0, Instant.ofEpochMilli(1_795_000_000_000L)),
        new MovePatroller.Limits(10_000, 20, 900_000, 3_600_000)));
    IMap<String, Object> seen = otherBuild.getMap("forms-written-by-this-build");

    assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(forms.fieldNames());
    for (String type : forms.fieldNames()) {
      GenericRecord record = (GenericRecord) seen.get(type);
      JsonObject fields = forms.getJsonObject(type);
      for (String field : fields.fieldNames()) {
        assertThat(record.getFieldKind(field))
            .as("%s.%s", type, field)
            .isEqualTo(FieldKind.valueOf(fields.getJsonObject(field).getString("kind")));
      }
    }
  }

  /** A form of the fixture as a generic record, as the build that wrote it sent it. */
  private static GenericRecord record(String type, JsonObject fields) {
    GenericRecordBuilder b = GenericRecordBuilder.compact(type);
    fields.forEach(f -> {
      JsonObject field = (JsonObject) f.getValue();
      Object v = field.getValue("value");
      switch (FieldKind.valueOf(field.getString("kind"))) {
        case STRING -> b.setString(f.getKey(), (String) v);
        case BOOLEAN -> b.setBoolean(f.getKey(), (Boolean) v);
        case INT64 -> b.setInt64(f.getKey(), ((Number) v).longValue());
        case FLOAT64 -> b.setFloat64(f.getKey(), ((Number) v).doubleValue());
        case NULLABLE_FLOAT64 -> b.setNullableFloat64(f.getKey(), v == null ? null : ((Number) v).doubleValue());
        case INT32 -> b.setInt32(f.getKey(), ((Number) v).intValue());
        case ARRAY_OF_STRING -> b.setArrayOfString(f.getKey(), list(v).toArray(String[]::new));
        case ARRAY_OF_INT32 -> b.setArrayOfInt32(f.getKey(), list(v).stream().mapToInt(o -> ((Number) o).intValue()).toArray());
        case ARRAY_OF_INT64 -> b.setArrayOfInt64(f.getKey(), list(v).stream().mapToLong(o -> ((Number) o).longValue()).toArray());
        case ARRAY_OF_FLOAT64 -> b.setArrayOfFloat64(f.getKey(), list(v).stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray());
        case ARRAY_OF_BOOLEAN -> {
          List<Object> l = list(v);
          boolean[] out = new boolean[l.size()];
          for (int i = 0; i < out.length; i++) {
            out[i] = (Boolean) l.get(i);
          }
          b.setArrayOfBoolean(f.getKey(), out);
        }
        default -> throw new IllegalArgumentException("a kind the fixture does not use: " + field);
      }
    });
    return b.build();
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object v) {
    return ((JsonArray) v).getList();
  }
}
