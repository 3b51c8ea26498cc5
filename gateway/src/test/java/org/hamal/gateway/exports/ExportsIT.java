package org.hamal.gateway.exports;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.hamal.gateway.RunningNode;
import org.hamal.gateway.auth.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Exports on a real node: a few thousand reports as GeoJSON and CSV, streamed in pages, in the
 * caller's scope; the alerting incidents as CAP 1.2.
 *
 * <p>CAP is validated against {@code cap/cap-1.2-from-data-dictionary.xsd}, a schema written
 * from the CAP 1.2 specification's data dictionary: the OASIS file CAP-v1.2.xsd could not be
 * brought into this repository. With {@code HAMAL_CAP_OASIS_XSD} naming a copy of the OASIS
 * file, every alert is validated against it as well.
 */
class ExportsIT {

  private static final String CAP = "urn:oasis:names:tc:emergency:cap:1.2";
  private static final int BATCHES = 6;
  private static final int BATCH = 500;
  private static final String AWKWARD = "עמוד חשמל, נוטה \"מאוד\"\nליד הגן";
  private static final String FORMULA = "=HYPERLINK(\"http://evil.example\",\"לחץ\")";

  /** Small pages: an export of thousands takes many reads from the store. */
  @RegisterExtension
  static final RunningNode node = RunningNode.extension().withConfig("""
      exports:
        pageSize: 200
      admission:
        maxQueuedReports: 100000
      """);

  private static int posted;
  private static final Map<String, Integer> byDistrict = new HashMap<>();
  private static String fireIncident;
  private static String fireDistrict;
  private static String noiseIncident;

  @BeforeAll
  static void reports() throws Exception {
    Random random = new Random(27);
    String[] categories = {"pothole", "garbage", "noise", "trees", "water", "hazard"};
    for (int b = 0; b < BATCHES; b++) {
      JsonArray batch = new JsonArray();
      for (int i = 0; i < BATCH; i++) {
        double lon;
        double lat;
        do { // a point of the city: the sea and the fields around it are no district's
          lon = 34.53 + random.nextDouble() * 0.07;
          lat = 31.63 + random.nextDouble() * 0.07;
        } while (!node.services().layer().layer().locate(lon, lat).found());
        batch.add(report(categories[random.nextInt(categories.length)], lon, lat, "דיווח " + b + "-" + i)
            .put("reporter", new JsonObject().put("name", "תושב " + i).put("phone", "050-1234567")));
      }
      HttpResponse<String> r = node.post("/api/v1/reports:batch", node.adminToken(), batch.encode());
      assertThat(r.statusCode()).isEqualTo(200);
      for (Object o : new JsonObject(r.body()).getJsonArray("results")) {
        JsonObject result = (JsonObject) o;
        assertThat(result.getInteger("status")).isEqualTo(201);
        byDistrict.merge(result.getJsonObject("report").getString("district"), 1, Integer::sum);
        posted++;
      }
    }
    JsonObject awkward = node.report(report("hazard", 34.5737, 31.6879, AWKWARD)
        .put("reporter", new JsonObject().put("name", "-2+3").put("phone", "+972501234567")).encode());
    JsonObject formula = node.report(report("hazard", 34.5740, 31.6880, FORMULA).encode());
    for (JsonObject extra : List.of(awkward, formula)) {
      byDistrict.merge(extra.getString("district"), 1, Integer::sum);
      posted++;
    }
    JsonObject fire = node.report(report("fire", 34.5600, 31.6700, "עשן מבניין, אנשים בפנים").encode());
    JsonObject moreFire = node.report(report("fire", 34.5601, 31.6701, "שריפה & עשן <כבד>").encode());
    JsonObject noise = node.report(report("noise", 34.5600, 31.6700, "רעש").encode());
    for (JsonObject extra : List.of(fire, moreFire, noise)) {
      byDistrict.merge(extra.getString("district"), 1, Integer::sum);
      posted++;
    }
    fireIncident = fire.getString("incident");
    fireDistrict = fire.getString("district");
    noiseIncident = noise.getString("incident");
  }

  private static JsonObject report(String category, double lon, double lat, String text) {
    return new JsonObject()
        .put("category", category)
        .put("description", text)
        .put("location", new JsonObject().put("lon", lon).put("lat", lat));
  }

  @Test
  void geoJsonHasEveryReportAsAPointFeature() throws Exception {
    HttpResponse<String> r = node.get("/api/v1/reports.geojson", node.adminToken());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/geo+json");
    assertThat(r.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment; filename=\"hamal-reports-").endsWith(".geojson\"");
    // Streamed page by page, never held whole: chunked, no length known up front.
    assertThat(r.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
    assertThat(r.headers().firstValue("Content-Length")).isEmpty();

    JsonObject collection = new JsonObject(r.body());
    assertThat(collection.getString("type")).isEqualTo("FeatureCollection");
    JsonArray features = collection.getJsonArray("features");
    assertThat(features).hasSize(posted);
    List<String> ids = new ArrayList<>();
    for (Object o : features) {
      JsonObject f = (JsonObject) o;
      assertThat(f.getString("type")).isEqualTo("Feature");
      JsonObject geometry = f.getJsonObject("geometry");
      assertThat(geometry.getString("type")).isEqualTo("Point");
      JsonArray xy = geometry.getJsonArray("coordinates");
      assertThat(xy.getDouble(0)).isBetween(34.4, 34.7); // lon first (RFC 7946)
      assertThat(xy.getDouble(1)).isBetween(31.5, 31.8);
      ids.add(f.getJsonObject("properties").getString("id"));
    }
    assertThat(ids).doesNotHaveDuplicates();
    JsonObject awkward = features.stream().map(JsonObject.class::cast)
        .filter(f -> AWKWARD.equals(f.getJsonObject("properties").getString("description"))).findFirst().orElseThrow();
    assertThat(awkward.getJsonObject("properties").getString("reporter_name")).isEqualTo("-2+3");
    assertThat(awkward.getJsonObject("properties").getString("category_he")).isEqualTo("מפגע");
    assertThat(awkward.getJsonObject("properties").getString("received_at")).matches(".*T.*[+-]0[23]:00");
  }

  @Test
  void aSlowClientGetsTheWholeExport() throws Exception {
    // The client takes the body a little at a time through a small socket buffer: the node's
    // write queue fills and it waits for it to drain before it reads the next page.
    HttpResponse<java.io.InputStream> r = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(node.uri("/api/v1/reports.geojson"))
            .header("Authorization", "Bearer " + node.adminToken())
            .GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    try (java.io.InputStream in = r.body()) {
      byte[] chunk = new byte[8192];
      long pausedAt = 0;
      for (int n; (n = in.read(chunk)) >= 0; ) {
        body.write(chunk, 0, n);
        if (body.size() - pausedAt >= 128 * 1024) {
          pausedAt = body.size();
          Thread.sleep(50); // a slow reader, not a synchronisation
        }
      }
    }
    JsonArray features = new JsonObject(body.toString(StandardCharsets.UTF_8)).getJsonArray("features");
    assertThat(features).hasSize(posted);
  }

  @Test
  void csvIsUtf8WithBomQuotedAndNeutralised() throws Exception {
    HttpResponse<byte[]> r = node.getBytes("/api/v1/reports.csv", node.adminToken());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv; charset=utf-8");
    assertThat(r.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
    byte[] body = r.body();
    assertThat(body).startsWith(0xEF, 0xBB, 0xBF);
    List<List<String>> rows = parse(new String(body, 3, body.length - 3, StandardCharsets.UTF_8));
    List<String> header = rows.get(0);
    assertThat(header).startsWith("lon", "lat", "id", "district").contains("reporter_name", "reporter_phone");
    assertThat(rows).hasSize(posted + 1);
    int description = header.indexOf("description");
    int name = header.indexOf("reporter_name");
    int phone = header.indexOf("reporter_phone");
    List<String> awkward = rows.stream().filter(row -> AWKWARD.equals(row.get(description))).findFirst().orElseThrow();
    assertThat(awkward.get(name)).isEqualTo("'-2+3");
    assertThat(awkward.get(phone)).isEqualTo("'+972501234567");
    assertThat(Double.parseDouble(awkward.get(0))).isEqualTo(34.5737);
    assertThat(Double.parseDouble(awkward.get(1))).isEqualTo(31.6879);
    assertThat(rows).anySatisfy(row -> assertThat(row.get(description)).isEqualTo("'" + FORMULA));
    assertThat(rows).noneSatisfy(row -> assertThat(row.get(description)).startsWith("="));
    assertThat(rows.subList(1, rows.size())).allSatisfy(row -> assertThat(row).hasSize(header.size()));
  }

  @Test
  void aDisplayGetsNoPersonalDataAndAPatrollerOnlyTheirDistricts() throws Exception {
    HttpResponse<String> display = node.get("/api/v1/reports.csv", node.token(Role.DISPLAY));
    assertThat(display.statusCode()).isEqualTo(200);
    List<List<String>> rows = parse(display.body().substring(1));
    assertThat(rows.get(0)).doesNotContain("reporter_name", "reporter_phone");
    assertThat(display.body()).doesNotContain("050-1234567").doesNotContain("תושב ");
    JsonObject geo = new JsonObject(node.get("/api/v1/reports.geojson", node.token(Role.DISPLAY)).body());
    assertThat(geo.getJsonArray("features")).hasSize(posted)
        .allSatisfy(f -> assertThat(((JsonObject) f).getJsonObject("properties").fieldNames()).doesNotContain("reporter_name"));

    String patroller = node.patrollerToken("p-27", "barnea");
    JsonArray theirs = new JsonObject(node.get("/api/v1/reports.geojson", patroller).body()).getJsonArray("features");
    assertThat(theirs).hasSize(byDistrict.get("barnea")).isNotEmpty()
        .allSatisfy(f -> assertThat(((JsonObject) f).getJsonObject("properties").getString("district")).isEqualTo("barnea"));
    assertThat(node.get("/api/v1/reports.csv?district=afridar", patroller).statusCode()).isEqualTo(403);
    // The listing's filters: a district and a status.
    List<List<String>> afridar = parse(node.get("/api/v1/reports.csv?district=afridar&status=new", node.adminToken()).body().substring(1));
    assertThat(afridar).hasSize(byDistrict.get("afridar") + 1);
    assertThat(node.get("/api/v1/reports.csv?status=bogus", node.adminToken()).statusCode()).isEqualTo(422);
  }

  @Test
  void alertingIncidentsAreValidCapInHebrewAndEnglish() throws Exception {
    List<Schema> schemas = schemas();
    HttpResponse<String> feed = node.get("/api/v1/incidents.cap", node.token(Role.DISPLAY));
    assertThat(feed.statusCode()).isEqualTo(200);
    assertThat(feed.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/atom+xml");
    Document doc = xml(feed.body());
    assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("feed");
    NodeList alerts = doc.getElementsByTagNameNS(CAP, "alert");
    assertThat(alerts.getLength()).isPositive();
    List<String> incidents = new ArrayList<>();
    for (int i = 0; i < alerts.getLength(); i++) {
      Element alert = (Element) alerts.item(i);
      valid(schemas, alert);
      incidents.add(first(alert, "incidents"));
    }
    assertThat(incidents).contains(fireIncident).doesNotContain(noiseIncident);

    HttpResponse<String> one = node.get("/api/v1/incidents/" + fireIncident + ".cap", node.token(Role.DISPLAY));
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(one.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/cap+xml");
    Document document = xml(one.body());
    valid(schemas, document);
    Element alert = document.getDocumentElement();
    assertThat(first(alert, "sender")).isEqualTo("hamal@ashkelon.muni.il");
    assertThat(first(alert, "status")).isEqualTo("Actual");
    // The second report changed the incident: an update of its first alert.
    assertThat(first(alert, "identifier")).isEqualTo("hamal-" + fireIncident + "-2");
    assertThat(first(alert, "msgType")).isEqualTo("Update");
    assertThat(first(alert, "references")).startsWith("hamal@ashkelon.muni.il,hamal-" + fireIncident + "-1,");
    assertThat(first(alert, "incidents")).isEqualTo(fireIncident);
    NodeList infos = alert.getElementsByTagNameNS(CAP, "info");
    assertThat(infos.getLength()).isEqualTo(2);
    Element he = (Element) infos.item(0);
    Element en = (Element) infos.item(1);
    assertThat(first(he, "language")).isEqualTo("he-IL");
    assertThat(first(he, "event")).isEqualTo("שריפה");
    assertThat(first(he, "headline")).contains("שריפה").contains("2 דיווחים");
    assertThat(first(en, "language")).isEqualTo("en-US");
    assertThat(first(en, "event")).isEqualTo("Fire");
    assertThat(first(en, "category")).isEqualTo("Fire");
    assertThat(first(en, "severity")).isEqualTo("Extreme");
    for (Element info : List.of(he, en)) {
      Element area = (Element) info.getElementsByTagNameNS(CAP, "area").item(0);
      assertThat(first(area, "areaDesc")).isNotBlank();
      assertThat(first(area, "circle")).matches("31\\.67\\d+,34\\.56\\d+ 0\\.150");
    }

    // A patroller elsewhere: not theirs, by feed or by id.
    String elsewhere = node.patrollerToken("p-27", fireDistrict.equals("barnea") ? "afridar" : "barnea");
    assertThat(node.get("/api/v1/incidents/" + fireIncident + ".cap", elsewhere).statusCode()).isEqualTo(403);
    assertThat(node.get("/api/v1/incidents.cap", elsewhere).body()).doesNotContain(fireIncident);
    String theirs = node.patrollerToken("p-28", fireDistrict);
    assertThat(node.get("/api/v1/incidents.cap", theirs).body()).contains(fireIncident);

    HttpResponse<String> quiet = node.get("/api/v1/incidents/" + noiseIncident + ".cap", node.adminToken());
    assertThat(quiet.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(quiet.body()).getJsonObject("error").getString("code")).isEqualTo("not_found");
  }

  /** The schema written from CAP's data dictionary, and the OASIS file when one is named. */
  private static List<Schema> schemas() throws Exception {
    SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    List<Schema> schemas = new ArrayList<>();
    schemas.add(factory.newSchema(ExportsIT.class.getResource("/cap/cap-1.2-from-data-dictionary.xsd")));
    String oasis = System.getenv("HAMAL_CAP_OASIS_XSD");
    if (oasis != null && !oasis.isBlank()) {
      schemas.add(factory.newSchema(Path.of(oasis).toFile()));
    }
    return schemas;
  }

  /** Fails (SAXException) unless the node is valid against every schema. */
  private static void valid(List<Schema> schemas, org.w3c.dom.Node node) throws Exception {
    for (Schema schema : schemas) {
      schema.newValidator().validate(new DOMSource(node));
    }
  }

  private static Document xml(String text) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    return factory.newDocumentBuilder().parse(new InputSource(new StringReader(text)));
  }

  private static String first(Element in, String name) {
    return in.getElementsByTagNameNS(CAP, name).item(0).getTextContent();
  }

  /** RFC 4180: fields separated by commas, quoted ones may hold commas, quotes ("") and line breaks; CRLF rows. */
  static List<List<String>> parse(String csv) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < csv.length(); i++) {
      char c = csv.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.add(field.toString());
        field.setLength(0);
      } else if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
        row.add(field.toString());
        field.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        i++;
      } else {
        field.append(c);
      }
    }
    assertThat(field).isEmpty();
    assertThat(row).isEmpty();
    return rows;
  }
}
