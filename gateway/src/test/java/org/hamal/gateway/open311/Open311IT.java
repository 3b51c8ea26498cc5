package org.hamal.gateway.open311;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.hamal.cluster.Eventually;
import org.hamal.gateway.LiveClient;
import org.hamal.gateway.RunningNode;
import org.hamal.gateway.auth.Role;
import org.hamal.gateway.media.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Open311 GeoReport v2 as a city's integrator drives it: forms as common clients post them
 * (URL-encoded, and multipart with a {@code media} part), answers read with a generic XML parser
 * and a JSON parser, compared with the specification's own examples, field by field. No Open311
 * client library can be had by the build: none on Maven Central's list here, none on npm, and
 * PyPI's ({@code georeport}, {@code open311}) is not reached. So the tests speak HTTP exactly as
 * those clients do.
 */
class Open311IT {

  @RegisterExtension static final RunningNode node = RunningNode.extension();

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  /** In Ashkelon (the README's example). */
  private static final String LAT = "31.6688";
  private static final String LON = "34.5712";

  // The specification's examples (wiki.open311.org/GeoReport_v2), for their field names.
  private static final String SPEC_SERVICES_JSON = """
      [{"service_code":"001","service_name":"Cans left out 24x7","description":"Garbage or recycling cans that have been left out for more than 24 hours after collection.","metadata":false,"type":"realtime","keywords":"lorem, ipsum, dolor","group":"sanitation"}]""";
  private static final String SPEC_POST_JSON = """
      [{"service_request_id":293944,"service_notice":"The City will inspect and require the responsible party to correct within 24 hours","account_id":null}]""";
  private static final String SPEC_REQUESTS_JSON = """
      [{"service_request_id":638344,"status":"closed","status_notes":"Duplicate request.","service_name":"Sidewalk and Curb Issues","service_code":"006","description":null,"agency_responsible":null,"service_notice":null,"requested_datetime":"2010-04-14T06:37:38-08:00","updated_datetime":"2010-04-14T06:37:38-08:00","expected_datetime":"2010-04-15T06:37:38-08:00","address":"8TH AVE and JUDAH ST","address_id":545483,"zipcode":94122,"lat":37.762221815,"long":-122.4651145,"media_url":"http://city.gov.s3.amazonaws.com/requests/media/638344.jpg"}]""";
  private static final String SPEC_REQUESTS_XML = """
      <?xml version="1.0" encoding="utf-8"?><service_requests><request><service_request_id>638344</service_request_id><status>closed</status><status_notes>Duplicate request.</status_notes><service_name>Sidewalk and Curb Issues</service_name><service_code>006</service_code><description></description><agency_responsible></agency_responsible><service_notice></service_notice><requested_datetime>2010-04-14T06:37:38-08:00</requested_datetime><updated_datetime>2010-04-14T06:37:38-08:00</updated_datetime><expected_datetime>2010-04-15T06:37:38-08:00</expected_datetime><address>8TH AVE and JUDAH ST</address><address_id>545483</address_id><zipcode>94122</zipcode><lat>37.762221815</lat><long>-122.4651145</long><media_url>http://city.gov.s3.amazonaws.com/requests/media/638344.jpg</media_url></request></service_requests>""";
  private static final String SPEC_SERVICES_XML = """
      <?xml version="1.0" encoding="utf-8"?><services><service><service_code>001</service_code><service_name>Cans left out 24x7</service_name><description>Garbage or recycling cans</description><metadata>true</metadata><type>realtime</type><keywords>lorem, ipsum, dolor</keywords><group>sanitation</group></service></services>""";
  private static final String SPEC_ERRORS_XML = """
      <?xml version="1.0" encoding="utf-8"?><errors><error><code>403</code><description>Invalid api_key received -- can't proceed with create_request.</description></error></errors>""";
  private static final String SPEC_TOKEN_XML = """
      <?xml version="1.0" encoding="utf-8"?><service_requests><request><service_request_id>638344</service_request_id><token>12345</token></request></service_requests>""";
  private static final String SPEC_DISCOVERY_JSON = """
      {"changeset":"2011-04-05T17:48:34Z","contact":"You can email or call for assistance api@example.gov +1 (555) 555-5555","key_service":"You can request a key here: http://api.example.gov/api_key/request","endpoints":[{"specification":"http://wiki.open311.org/GeoReport_v2","url":"http://open311.example.gov/api/v2","changeset":"2011-04-08T00:00:00Z","type":"production","formats":["text/xml","application/json"]}]}""";

  @Test
  void discoveryAndServicesHaveTheSpecificationsShapeInBothFormats() throws Exception {
    JsonObject discovery = new JsonObject(get("/open311/discovery.json").body());
    assertThat(discovery.fieldNames()).isEqualTo(new JsonObject(SPEC_DISCOVERY_JSON).fieldNames());
    JsonObject endpoint = discovery.getJsonArray("endpoints").getJsonObject(0);
    assertThat(endpoint.fieldNames())
        .isEqualTo(new JsonObject(SPEC_DISCOVERY_JSON).getJsonArray("endpoints").getJsonObject(0).fieldNames());
    assertThat(endpoint.getString("url")).endsWith("/open311/v2");
    Document xmlDiscovery = xml(get("/open311/discovery.xml"));
    assertThat(xmlDiscovery.getDocumentElement().getNodeName()).isEqualTo("discovery");
    assertThat(texts(xmlDiscovery, "format")).containsExactly("text/xml", "application/json");

    HttpResponse<String> services = get("/open311/v2/services.json");
    assertThat(services.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    JsonArray list = new JsonArray(services.body());
    assertThat(list).hasSize(node.services().config().reports().categories().size());
    JsonObject hazard = find(list, "service_code", "hazard");
    assertThat(hazard.fieldNames()).isEqualTo(new JsonArray(SPEC_SERVICES_JSON).getJsonObject(0).fieldNames());
    assertThat(hazard.getString("service_name")).isEqualTo("מפגע");
    assertThat(hazard.getBoolean("metadata")).isFalse();
    assertThat(find(new JsonArray(get("/open311/v2/services.json?locale=en_US").body()), "service_code", "hazard")
        .getString("service_name")).isEqualTo("Hazard");
    assertThat(find(new JsonArray(send(request("/open311/v2/services.json").header("Accept-Language", "en-GB,en;q=0.8")).body()),
        "service_code", "hazard").getString("service_name")).isEqualTo("Hazard");

    HttpResponse<String> servicesXml = get("/open311/v2/services.xml");
    assertThat(servicesXml.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/xml"));
    assertThat(servicesXml.body()).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    Document doc = xml(servicesXml);
    assertThat(doc.getDocumentElement().getNodeName()).isEqualTo("services");
    Element first = (Element) doc.getElementsByTagName("service").item(0);
    assertThat(childNames(first)).isEqualTo(childNames(firstItem(parse(SPEC_SERVICES_XML))));

    JsonObject definition = new JsonObject(get("/open311/v2/services/hazard.json").body());
    assertThat(definition.getString("service_code")).isEqualTo("hazard");
    assertThat(definition.getJsonArray("attributes")).isEmpty();
    assertThat(xml(get("/open311/v2/services/hazard.xml")).getDocumentElement().getNodeName()).isEqualTo("service_definition");
    assertSpecError(get("/open311/v2/services/no-such.json"), 404);
    assertSpecError(get("/open311/v2/services/no-such.xml"), 404);
  }

  @Test
  void aFormEncodedRequestIsAStoredGroupedReportAnsweredWithItsIdAndShownWithoutPersonalData() throws Exception {
    Map<String, String> form = form("hazard", "עמוד חשמל נוטה <b>&amp;</b> " + UUID.randomUUID());
    form.put("first_name", "דנה");
    form.put("last_name", "כהן");
    form.put("phone", "050-1234567");
    form.put("email", "dana@example.org");
    HttpResponse<String> posted;
    String id;
    try (LiveClient live = LiveClient.connect(node.liveUri(), node.token(Role.OPERATOR))) {
      assertThat(live.next("hello", 30)).isNotNull();
      posted = postForm("/open311/v2/requests.json", form, Map.of());
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
      JsonObject created = new JsonArray(posted.body()).getJsonObject(0);
      assertThat(created.fieldNames()).isEqualTo(new JsonArray(SPEC_POST_JSON).getJsonObject(0).fieldNames());
      id = created.getString("service_request_id");
      String streamed = id;
      assertThat(live.next(m -> "report.created".equals(m.getString("type"))
          && streamed.equals(m.getJsonObject("report").getString("id")), 30)).as("streamed live").isNotNull();
    }

    // Stored before the answer, as any report: located, triaged, grouped, from the open311 channel.
    JsonObject report = new JsonObject(node.get("/api/v1/reports/" + id, node.adminToken()).body());
    assertThat(report.getString("channel")).isEqualTo("open311");
    var district = node.services().layer().layer().district(report.getString("district")).orElseThrow();
    assertThat(report.getString("incident")).isNotNull();
    assertThat(report.getJsonObject("reporter").getString("name")).isEqualTo("דנה כהן");
    assertThat(report.getJsonObject("reporter").getString("email")).isEqualTo("dana@example.org");
    assertThat(report.getJsonObject("reporter").getString("phone")).isEqualTo("050-1234567");

    HttpResponse<String> one = get("/open311/v2/requests/" + id + ".json");
    assertThat(one.statusCode()).isEqualTo(200);
    JsonObject request = new JsonArray(one.body()).getJsonObject(0);
    assertThat(request.fieldNames()).isEqualTo(new JsonArray(SPEC_REQUESTS_JSON).getJsonObject(0).fieldNames());
    assertThat(request.getString("status")).isEqualTo("open");
    assertThat(request.getString("service_code")).isEqualTo("hazard");
    assertThat(request.getString("service_name")).isEqualTo("מפגע");
    assertThat(request.getString("description")).isEqualTo(form.get("description"));
    assertThat(request.getString("agency_responsible")).isEqualTo(district.nameHe());
    OffsetDateTime requested = OffsetDateTime.parse(request.getString("requested_datetime"));
    assertThat(requested.getOffset()).isEqualTo(ZoneId.of("Asia/Jerusalem").getRules().getOffset(requested.toInstant()));
    assertThat(OffsetDateTime.parse(request.getString("expected_datetime"))).isAfter(requested);
    assertThat(request.getDouble("lat")).isEqualTo(Double.parseDouble(LAT));
    assertThat(request.getDouble("long")).isEqualTo(Double.parseDouble(LON));
    assertThat(new JsonArray(get("/open311/v2/requests/" + id + ".json?locale=en").body()).getJsonObject(0)
        .getString("agency_responsible")).isEqualTo(district.nameEn());
    for (String listing : List.of(one.body(), get("/open311/v2/requests.json").body(), get("/open311/v2/requests.xml").body())) {
      assertThat(listing).contains(id).doesNotContain("דנה", "כהן", "050-1234567", "dana@example.org");
    }

    // The XML form: the specification's element names, and the resident's text escaped.
    Document doc = xml(get("/open311/v2/requests/" + id + ".xml"));
    assertThat(doc.getDocumentElement().getNodeName()).isEqualTo("service_requests");
    Element item = firstItem(doc);
    assertThat(childNames(item)).isEqualTo(childNames(firstItem(parse(SPEC_REQUESTS_XML))));
    assertThat(text(item, "description")).isEqualTo(form.get("description"));
    assertThat(text(item, "status")).isEqualTo("open");
  }

  @Test
  void aMultipartRequestWithMediaStoresThePhotoAndAnswersInXml() throws Exception {
    byte[] photo = TestImages.jpegWithGps();
    Map<String, String> form = form("hazard", "בור בכביש " + UUID.randomUUID());
    HttpResponse<String> posted = postMultipart("/open311/v2/requests.xml", form, photo);
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
    Document doc = xml(posted);
    assertThat(doc.getDocumentElement().getNodeName()).isEqualTo("service_requests");
    Element created = firstItem(doc);
    String id = text(created, "service_request_id");
    String mediaUrl = text(created, "media_url");
    assertThat(mediaUrl).startsWith(node.uri("/api/v1/reports/" + id + "/media/").toString());
    // Behind Hamal's authentication, as every photo of a resident's report.
    assertThat(node.getBytes(java.net.URI.create(mediaUrl).getPath(), null).statusCode()).isEqualTo(401);
    HttpResponse<byte[]> stored = node.getBytes(java.net.URI.create(mediaUrl).getPath(), node.adminToken());
    assertThat(stored.statusCode()).isEqualTo(200);
    assertThat(stored.headers().firstValue("Content-Type")).contains("image/jpeg");
    assertThat(new JsonArray(get("/open311/v2/requests/" + id + ".json").body()).getJsonObject(0).getString("media_url"))
        .isEqualTo(mediaUrl);
    assertThat(find(new JsonArray(get("/open311/v2/requests.json?service_code=hazard").body()), "service_request_id", id)
        .getString("media_url")).isEqualTo(mediaUrl);

    // A damaged image refuses the whole request: no report without its photo.
    Map<String, String> other = form("hazard", "תמונה פגומה " + UUID.randomUUID());
    HttpResponse<String> damaged = postMultipart("/open311/v2/requests.json", other, "not an image".getBytes(StandardCharsets.UTF_8));
    assertSpecError(damaged, 415);
    assertThat(new JsonArray(get("/open311/v2/requests.json?service_code=hazard").body()).stream()
        .map(o -> ((JsonObject) o).getString("description"))).doesNotContain(other.get("description"));
  }

  @Test
  void anAddressStringIsLocatedThroughThePlacesAndAnUnknownOneOrAPointOutsideIsRefused() throws Exception {
    Map<String, String> form = form("hazard", "עץ נפל " + UUID.randomUUID());
    form.remove("lat");
    form.remove("long");
    form.put("address_string", "שמשון");
    HttpResponse<String> posted = postForm("/open311/v2/requests.json", form, Map.of());
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
    String id = new JsonArray(posted.body()).getJsonObject(0).getString("service_request_id");
    assertThat(new JsonObject(node.get("/api/v1/reports/" + id, node.adminToken()).body()).getString("district"))
        .isEqualTo("shimshon");

    form.put("address_string", "רחוב שאינו קיים בשום מקום");
    assertSpecError(postForm("/open311/v2/requests.json", form, Map.of()), 400);

    Map<String, String> outside = form("hazard", "בתל אביב " + UUID.randomUUID());
    outside.put("lat", "32.0853");
    outside.put("long", "34.7818");
    assertSpecError(postForm("/open311/v2/requests.json", outside, Map.of()), 400);
    assertSpecError(postForm("/open311/v2/requests.xml", outside, Map.of()), 400);

    Map<String, String> badEmail = form("hazard", "כתובת שגויה " + UUID.randomUUID());
    badEmail.put("email", "not an address");
    assertSpecError(postForm("/open311/v2/requests.json", badEmail, Map.of()), 400);

    // A long Hebrew description fits (URL-encoded, six bytes a letter); a longer one is refused.
    int max = node.services().config().reports().descriptionMaxLength();
    assertThat(postForm("/open311/v2/requests.json", form("hazard", "ש".repeat(max - 40) + UUID.randomUUID()), Map.of())
        .statusCode()).isEqualTo(201);
    assertSpecError(postForm("/open311/v2/requests.json", form("hazard", "ש".repeat(max + 1)), Map.of()), 400);
    // A field over the server's form limit, in a multipart body under the body limit: refused, not a 5xx.
    int fieldLimit = (int) node.services().config().http().bodyLimitBytes();
    assertSpecError(postMultipart("/open311/v2/requests.json", form("hazard", "x".repeat(fieldLimit + 1)), new byte[0]), 413);

    Map<String, String> unknown = form("no-such-service", "x");
    assertSpecError(postForm("/open311/v2/requests.json", unknown, Map.of()), 400);
  }

  @Test
  void aMissingOrInvalidApiKeyIsTheSpecifications403() throws Exception {
    Map<String, String> form = form("hazard", "ללא מפתח " + UUID.randomUUID());
    form.remove("api_key");
    assertSpecError(postForm("/open311/v2/requests.json", form, Map.of()), 403);
    form.put("api_key", "not-a-token");
    assertSpecError(postForm("/open311/v2/requests.json", form, Map.of()), 403);
    form.put("api_key", node.token(Role.DISPLAY));
    HttpResponse<String> display = postForm("/open311/v2/requests.xml", form, Map.of());
    assertSpecError(display, 403);
    assertThat(texts(xml(display), "code")).containsExactly("403");
    assertThat(childNames(firstItem(xml(display)))).isEqualTo(childNames(firstItem(parse(SPEC_ERRORS_XML))));
    form.put("api_key", node.token(Role.OPERATOR));
    assertThat(postForm("/open311/v2/requests.json", form, Map.of()).statusCode()).isEqualTo(201);
  }

  @Test
  void aRetryStoresNothingTwiceWithOrWithoutAnIdempotencyKey() throws Exception {
    Map<String, String> form = form("water", "נזילה " + UUID.randomUUID());
    HttpResponse<String> first = postForm("/open311/v2/requests.json", form, Map.of());
    HttpResponse<String> again = postForm("/open311/v2/requests.json", form, Map.of());
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(id(again)).isEqualTo(id(first));

    String key = UUID.randomUUID().toString();
    Map<String, String> keyed = form("water", "נזילה נוספת " + UUID.randomUUID());
    String keyedId = id(postForm("/open311/v2/requests.json", keyed, Map.of("Idempotency-Key", key)));
    assertThat(id(postForm("/open311/v2/requests.json", keyed, Map.of("Idempotency-Key", key)))).isEqualTo(keyedId);
    // Another key is another report, even with the same text.
    assertThat(id(postForm("/open311/v2/requests.json", keyed, Map.of("Idempotency-Key", key + "-2")))).isNotEqualTo(keyedId);
    // The same key for another request is refused, in the specification's shape.
    assertSpecError(postForm("/open311/v2/requests.json", form("water", "אחר"), Map.of("Idempotency-Key", key)), 400);

    long stored = new JsonArray(get("/open311/v2/requests.json?service_code=water").body()).stream()
        .filter(o -> form.get("description").equals(((JsonObject) o).getString("description"))).count();
    assertThat(stored).isEqualTo(1);
  }

  @Test
  void getRequestsFiltersByIdsCodeStatusAndDatesAndTokensNameTheRequest() throws Exception {
    String sewage = id(postForm("/open311/v2/requests.json", form("sewage", "ביוב " + UUID.randomUUID()), Map.of()));
    String closed = id(postForm("/open311/v2/requests.json", form("sewage", "ביוב שטופל " + UUID.randomUUID()), Map.of()));
    HttpResponse<String> resolved = node.patch("/api/v1/reports/" + closed, node.adminToken(),
        "{\"status\":\"resolved\",\"note\":\"הבור תוקן\"}", Map.of());
    assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);

    JsonArray byIds = new JsonArray(get("/open311/v2/requests.json?service_request_id=" + sewage + "," + closed).body());
    assertThat(ids(byIds)).containsExactlyInAnyOrder(sewage, closed);
    JsonObject done = find(byIds, "service_request_id", closed);
    assertThat(done.getString("status")).isEqualTo("closed");
    assertThat(done.getString("status_notes")).isEqualTo("הבור תוקן");

    assertThat(ids(new JsonArray(get("/open311/v2/requests.json?service_code=sewage&status=open").body())))
        .contains(sewage).doesNotContain(closed);
    assertThat(ids(new JsonArray(get("/open311/v2/requests.json?service_code=sewage&status=closed").body())))
        .contains(closed).doesNotContain(sewage);
    assertThat(ids(new JsonArray(get("/open311/v2/requests.json?service_code=hazard").body()))).doesNotContain(sewage);
    String later = URLEncoder.encode(OffsetDateTime.now().plusDays(1).toString(), StandardCharsets.UTF_8);
    assertThat(new JsonArray(get("/open311/v2/requests.json?start_date=" + later).body())).isEmpty();
    String earlier = URLEncoder.encode(OffsetDateTime.now().minusDays(1).toString(), StandardCharsets.UTF_8);
    assertThat(ids(new JsonArray(get("/open311/v2/requests.json?start_date=" + earlier + "&end_date=" + later).body())))
        .contains(sewage, closed);
    String longAgo = URLEncoder.encode(OffsetDateTime.now().minusDays(200).toString(), StandardCharsets.UTF_8);
    assertSpecError(get("/open311/v2/requests.json?start_date=" + longAgo + "&end_date=" + later), 400);
    assertThat(new JsonArray(get("/open311/v2/requests.json?end_date=" + longAgo).body())).isEmpty();
    assertSpecError(get("/open311/v2/requests.json?status=pending"), 400);
    assertSpecError(get("/open311/v2/requests.json?start_date=yesterday"), 400);
    assertSpecError(get("/open311/v2/requests/" + UUID.randomUUID() + ".json"), 404);

    HttpResponse<String> token = get("/open311/v2/tokens/" + sewage + ".xml");
    assertThat(token.statusCode()).isEqualTo(200);
    Element item = firstItem(xml(token));
    assertThat(childNames(item)).isEqualTo(childNames(firstItem(parse(SPEC_TOKEN_XML))));
    assertThat(text(item, "service_request_id")).isEqualTo(sewage);
    assertThat(new JsonArray(get("/open311/v2/tokens/" + sewage + ".json").body()).getJsonObject(0)
        .getString("service_request_id")).isEqualTo(sewage);
    assertSpecError(get("/open311/v2/tokens/" + UUID.randomUUID() + ".json"), 404);
    assertSpecError(get("/open311/v2/nothing.json"), 404);
  }

  @Test
  void theAddressIsTheNearestStreetOrAddressOfTheCitysPlaceFile() throws Exception {
    String places = """
        {"type":"FeatureCollection","name":"open311-it","features":[
         {"type":"Feature","properties":{"id":"herzl","name_he":"הרצל","name_en":"Herzl Street","house_from":1,"house_to":101},
          "geometry":{"type":"LineString","coordinates":[[34.570,31.668],[34.5805,31.668]]}},
         {"type":"Feature","properties":{"id":"mall","name_he":"קניון חוצות אשקלון","name_en":"Hutzot Ashkelon Mall"},
          "geometry":{"type":"Point","coordinates":[34.5712,31.6688]}}]}""";
    HttpResponse<String> put = node.send("PUT", "/api/v1/places", node.adminToken(), places);
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    Eventually.until(() -> node.services().places().current().version(), v -> !v.equals("none"), Duration.ofSeconds(30));

    String atMall = id(postForm("/open311/v2/requests.json", form("hazard", "ליד הקניון " + UUID.randomUUID()), Map.of()));
    JsonObject request = new JsonArray(get("/open311/v2/requests/" + atMall + ".json").body()).getJsonObject(0);
    assertThat(request.getString("address")).isEqualTo("קניון חוצות אשקלון");
    assertThat(new JsonArray(get("/open311/v2/requests/" + atMall + ".json?locale=en").body()).getJsonObject(0)
        .getString("address")).isEqualTo("Hutzot Ashkelon Mall");

    // An address_string on the street: placed on it (interpolated), and named by it.
    Map<String, String> onHerzl = form("hazard", "בהרצל " + UUID.randomUUID());
    onHerzl.remove("lat");
    onHerzl.remove("long");
    onHerzl.put("address_string", "הרצל 90");
    String herzl = id(postForm("/open311/v2/requests.json", onHerzl, Map.of()));
    JsonObject onStreet = new JsonArray(get("/open311/v2/requests/" + herzl + ".json").body()).getJsonObject(0);
    assertThat(onStreet.getDouble("lat")).isCloseTo(31.668, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(onStreet.getString("address")).isEqualTo("הרצל");

    // Far from every street and address: none.
    Map<String, String> far = form("hazard", "רחוק " + UUID.randomUUID());
    far.put("lat", "31.6420");
    far.put("long", "34.5500");
    String farId = id(postForm("/open311/v2/requests.json", far, Map.of()));
    assertThat(new JsonArray(get("/open311/v2/requests/" + farId + ".json").body()).getJsonObject(0).getValue("address")).isNull();
  }

  // --- as clients send them ---

  private static Map<String, String> form(String code, String description) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("api_key", node.token(Role.INTAKE));
    form.put("service_code", code);
    form.put("lat", LAT);
    form.put("long", LON);
    form.put("description", description);
    return form;
  }

  private static HttpResponse<String> postForm(String path, Map<String, String> form, Map<String, String> headers)
      throws Exception {
    String body = form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    HttpRequest.Builder request = HttpRequest.newBuilder(node.uri(path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return send(request);
  }

  private static HttpResponse<String> postMultipart(String path, Map<String, String> form, byte[] media) throws Exception {
    String boundary = "----open311" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (var e : form.entrySet()) {
      body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + e.getKey() + "\"\r\n\r\n"
          + e.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
    body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"media\"; filename=\"photo.jpg\"\r\n"
        + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    body.write(media);
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return send(HttpRequest.newBuilder(node.uri(path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
  }

  private static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(node.uri(path)).timeout(Duration.ofSeconds(30)).GET();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return send(request(path));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String id(HttpResponse<String> created) {
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return new JsonArray(created.body()).getJsonObject(0).getString("service_request_id");
  }

  private static List<String> ids(JsonArray requests) {
    return requests.stream().map(o -> ((JsonObject) o).getString("service_request_id")).toList();
  }

  private static JsonObject find(JsonArray items, String field, String value) {
    return items.stream().map(o -> (JsonObject) o).filter(o -> value.equals(o.getString(field))).findFirst()
        .orElseThrow(() -> new AssertionError("no " + field + "=" + value + " in " + items));
  }

  /** The specification's error: a list of {code, description}, the code being the status. */
  private static void assertSpecError(HttpResponse<String> r, int status) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    if (r.uri().getPath().endsWith(".xml")) {
      Document doc = xml(r);
      assertThat(doc.getDocumentElement().getNodeName()).isEqualTo("errors");
      assertThat(text(firstItem(doc), "code")).isEqualTo(String.valueOf(status));
      assertThat(text(firstItem(doc), "description")).isNotBlank();
      return;
    }
    JsonObject error = new JsonArray(r.body()).getJsonObject(0);
    assertThat(error.fieldNames()).containsExactlyInAnyOrder("code", "description");
    assertThat(error.getInteger("code")).isEqualTo(status);
    assertThat(error.getString("description")).isNotBlank();
  }

  // --- a generic XML parser, as an integrator's ---

  private static Document xml(HttpResponse<String> r) throws Exception {
    return parse(r.body());
  }

  private static Document parse(String text) throws Exception {
    var factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(text.strip().getBytes(StandardCharsets.UTF_8)));
  }

  private static Element firstItem(Document doc) {
    for (Node n = doc.getDocumentElement().getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        return e;
      }
    }
    throw new AssertionError("no item in " + doc.getDocumentElement().getNodeName());
  }

  private static Set<String> childNames(Element element) {
    Set<String> names = new LinkedHashSet<>();
    for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        names.add(e.getNodeName());
      }
    }
    return names;
  }

  private static String text(Element element, String child) {
    return element.getElementsByTagName(child).item(0).getTextContent();
  }

  private static List<String> texts(Document doc, String tag) {
    List<String> out = new ArrayList<>();
    var nodes = doc.getElementsByTagName(tag);
    for (int i = 0; i < nodes.getLength(); i++) {
      out.add(nodes.item(i).getTextContent());
    }
    return out;
  }
}
