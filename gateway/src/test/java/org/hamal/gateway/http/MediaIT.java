package org.hamal.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamal.gateway.EndToEndIT.assertError;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.hamal.gateway.EndToEndIT;
import org.hamal.gateway.RunningNode;
import org.hamal.gateway.auth.Role;
import org.hamal.gateway.media.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Report photos against a real node: metadata removed, types by content, roles, retries. */
class MediaIT {

  private static final int MAX_BYTES = 100_000;
  private static final int MAX_PER_REPORT = 3;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  // One upload at a time: every test below also checks that each way an upload ends (201, 4xx,
  // 413 before the body) gives its slot back, or the next upload would get 503.
  @RegisterExtension
  static final RunningNode node =
      RunningNode.extension()
          .withConfig("media:\n  maxBytes: " + MAX_BYTES + "\n  maxPerReport: " + MAX_PER_REPORT + "\n  maxConcurrentUploads: 1\n");

  @Test
  void photosAreStoredWithoutTheirMetadataAndServedWithTheTypeFoundInThem() throws Exception {
    String id = node.report(EndToEndIT.REPORT).getString("id"); // in neot-ashkelon
    String patroller = node.token(Role.PATROLLER, "neot-ashkelon");

    // The declared types are wrong or vague on purpose: the content decides.
    JsonObject jpeg = created(upload(id, patroller, TestImages.jpegWithGps(), "image/png", Map.of()));
    JsonObject png = created(upload(id, node.adminToken(), TestImages.pngWithText(), "application/octet-stream", Map.of()));
    // curl --data-binary declares a form: it is not decoded as one.
    JsonObject webp = created(upload(id, node.token(Role.INTAKE), TestImages.webpWithExif(),
        "application/x-www-form-urlencoded", Map.of()));

    assertThat(jpeg.getString("contentType")).isEqualTo("image/jpeg");
    assertThat(jpeg.getString("report")).isEqualTo(id);
    assertThat(jpeg.getString("actor")).isEqualTo("patroller-test");
    assertThat(jpeg.getString("url")).isEqualTo("/api/v1/reports/" + id + "/media/" + jpeg.getString("id"));
    assertThat(jpeg.getString("at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0[23]:00");
    assertThat(png.getString("contentType")).isEqualTo("image/png");
    assertThat(webp.getString("contentType")).isEqualTo("image/webp");

    byte[] storedJpeg = served(jpeg, "image/jpeg");
    byte[] storedPng = served(png, "image/png");
    byte[] storedWebp = served(webp, "image/webp");
    for (byte[] stored : new byte[][] {storedJpeg, storedPng, storedWebp}) {
      assertThat(TestImages.contains(stored, TestImages.SECRET)).isFalse();
      assertThat(TestImages.contains(stored, "Exif")).isFalse();
    }
    assertThat(jpeg.getInteger("bytes")).isEqualTo(storedJpeg.length);
    assertThat(Arrays.copyOfRange(storedJpeg, storedJpeg.length - 2, storedJpeg.length)).containsExactly(0xFF, 0xD9);
    assertThat(TestImages.decode(storedJpeg).getWidth()).isEqualTo(16);
    assertThat(TestImages.contains(storedPng, "tEXt")).isFalse();
    assertThat(TestImages.contains(storedPng, "eXIf")).isFalse();
    assertThat(TestImages.decode(storedPng).getWidth()).isEqualTo(16);
    assertThat(new String(storedWebp, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
    assertThat(new String(storedWebp, 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WEBP");
    assertThat(TestImages.contains(storedWebp, "EXIF")).isFalse();

    JsonArray listed = list(id, node.token(Role.DISPLAY));
    assertThat(listed.stream().map(m -> ((JsonObject) m).getString("id")))
        .containsExactly(jpeg.getString("id"), png.getString("id"), webp.getString("id"));
    assertThat(listed.getJsonObject(0)).isEqualTo(jpeg);
  }

  @Test
  void whatIsNotAWholeImageOrNotAllowedIsRefusedAndNothingIsStored() throws Exception {
    String id = node.report(EndToEndIT.REPORT).getString("id");
    String admin = node.adminToken();
    byte[] jpeg = TestImages.jpegWithGps();

    assertError(upload(id, admin, "not a photo at all".getBytes(StandardCharsets.UTF_8), "image/jpeg", Map.of()),
        415, "unsupported_media");
    assertError(upload(id, admin, jpeg, "multipart/form-data; boundary=x", Map.of()), 415, "unsupported_media");
    assertError(upload(id, admin, Arrays.copyOf(jpeg, jpeg.length / 2), "image/jpeg", Map.of()), 422, "invalid_media");
    byte[] tooLarge = Arrays.copyOf(jpeg, MAX_BYTES + 1);
    assertError(upload(id, admin, tooLarge, "image/jpeg", Map.of()), 413, "payload_too_large");
    assertError(upload("01a20f75-3b10-7333-af79-056ff126a8ea", admin, jpeg, "image/jpeg", Map.of()), 404, "not_found");
    assertError(upload(id, node.token(Role.DISPLAY), jpeg, "image/jpeg", Map.of()), 403, "forbidden");
    String otherDistrict = node.token(Role.PATROLLER, "shimshon");
    assertError(upload(id, otherDistrict, jpeg, "image/jpeg", Map.of()), 403, "district_forbidden");
    assertError(node.get("/api/v1/reports/" + id + "/media", otherDistrict), 403, "district_forbidden");

    assertThat(list(id, admin)).isEmpty();
    JsonObject stored = created(upload(id, admin, jpeg, "image/jpeg", Map.of()));
    assertError(node.get(stored.getString("url"), otherDistrict), 403, "district_forbidden");
    assertError(node.get("/api/v1/reports/" + id + "/media/01a20f75-3b10-7333-af79-056ff126a8ea", admin), 404, "not_found");
  }

  @Test
  void aPatrollerAttachesPhotosToWhatTheyFiledOutsideTheirDistricts() throws Exception {
    // Patrollers report anywhere: this one's districts are shimshon, the report is in neot-ashkelon.
    String filer = node.patrollerToken("patroller-rivka", "shimshon");
    HttpResponse<String> filed = node.post("/api/v1/reports", filer, EndToEndIT.REPORT);
    assertThat(filed.statusCode()).as(filed.body()).isEqualTo(201);
    String id = new JsonObject(filed.body()).getString("id");

    JsonObject photo = created(upload(id, filer, TestImages.jpegWithGps(), "image/jpeg", Map.of()));

    String local = node.patrollerToken("patroller-local", "neot-ashkelon");
    assertThat(list(id, local).getJsonObject(0)).isEqualTo(photo);
    assertThat(node.getBytes(photo.getString("url"), local).statusCode()).isEqualTo(200);
    String stranger = node.patrollerToken("patroller-other", "shimshon");
    assertError(upload(id, stranger, TestImages.jpegWithGps(), "image/jpeg", Map.of()), 403, "district_forbidden");
    // Filing it lets them attach photos, not read the district's reports.
    assertError(node.get("/api/v1/reports/" + id + "/media", filer), 403, "district_forbidden");
  }

  @Test
  void aRetryUnderTheSameKeyGetsTheSamePhotoAndStoresNothing() throws Exception {
    String id = node.report(EndToEndIT.REPORT).getString("id");
    String tablet = node.tokenFor("tablet-17", Role.PATROLLER);
    String admin = node.adminToken();
    Map<String, String> key = Map.of("Idempotency-Key", "outbox-0042");

    HttpResponse<String> first = upload(id, admin, TestImages.pngWithText(), "image/png", key);
    HttpResponse<String> again = upload(id, admin, TestImages.pngWithText(), "image/png", key);

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(new JsonObject(again.body())).isEqualTo(new JsonObject(first.body()));
    assertThat(again.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
    assertError(upload(id, admin, TestImages.jpegWithGps(), "image/jpeg", key), 422, "idempotency_key_reused");
    assertThat(list(id, admin)).hasSize(1);
    // Keys are the caller's: another token's same key is another upload (its district check aside).
    assertError(upload(id, tablet, TestImages.pngWithText(), "image/png", key), 403, "district_forbidden");
    assertThat(created(upload(id, node.tokenFor("intake-sms", Role.INTAKE), TestImages.pngWithText(), "image/png", key))
        .getString("id")).isNotEqualTo(new JsonObject(first.body()).getString("id"));
    assertThat(list(id, admin)).hasSize(2);
  }

  @Test
  void anUploadBeyondTheNodesBoundIsAskedToRetry() throws Exception {
    String id = node.report(EndToEndIT.REPORT).getString("id");
    byte[] jpeg = TestImages.jpegWithGps();
    try (Socket held = new Socket("127.0.0.1", node.port())) {
      held.setSoTimeout(30_000);
      OutputStream out = held.getOutputStream();
      // The server says "100 Continue" only once the upload holds its slot, before reading the body.
      out.write(("POST /api/v1/reports/" + id + "/media HTTP/1.1\r\nHost: localhost\r\n"
          + "Authorization: Bearer " + node.adminToken() + "\r\nContent-Type: image/jpeg\r\n"
          + "Content-Length: " + jpeg.length + "\r\nExpect: 100-continue\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(held.getInputStream(), StandardCharsets.ISO_8859_1));
      assertThat(in.readLine()).isEqualTo("HTTP/1.1 100 Continue");
      assertThat(in.readLine()).isEmpty();

      HttpResponse<String> busy = upload(id, node.adminToken(), jpeg, "image/jpeg", Map.of());
      assertError(busy, 503, "overloaded");
      assertThat(busy.headers().firstValue("Retry-After")).hasValue("2");

      out.write(jpeg);
      out.flush();
      assertThat(in.readLine()).isEqualTo("HTTP/1.1 201 Created");
    }
    created(upload(id, node.adminToken(), jpeg, "image/jpeg", Map.of()));
    assertThat(node.services().uploads().taken()).isZero();
  }

  @Test
  void aReportCarriesALimitedNumberOfPhotos() throws Exception {
    String id = node.report(EndToEndIT.REPORT).getString("id");
    for (int i = 0; i < MAX_PER_REPORT; i++) {
      created(upload(id, node.adminToken(), TestImages.jpegWithGps(), "image/jpeg", Map.of()));
    }
    assertError(upload(id, node.adminToken(), TestImages.jpegWithGps(), "image/jpeg", Map.of()), 422, "too_many_media");
    assertThat(list(id, node.adminToken())).hasSize(MAX_PER_REPORT);
  }

  private static HttpResponse<String> upload(
      String reportId, String token, byte[] body, String contentType, Map<String, String> headers) throws Exception {
    return node.postBytes("/api/v1/reports/" + reportId + "/media", token, contentType, body, headers);
  }

  private static JsonObject created(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    JsonObject media = new JsonObject(response.body());
    assertThat(response.headers().firstValue("Location")).hasValue(media.getString("url"));
    return media;
  }

  /** The photo's bytes as served, after checking the headers that keep browsers safe. */
  private static byte[] served(JsonObject media, String type) throws Exception {
    HttpResponse<byte[]> response = HTTP.send(
        HttpRequest.newBuilder(node.uri(media.getString("url")))
            .header("Authorization", "Bearer " + node.token(Role.DISPLAY))
            .header("Accept-Encoding", "gzip")
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(type);
    assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("private, max-age=86400");
    assertThat(response.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'none'");
    assertThat(response.headers().firstValue("Content-Encoding")).isNotEqualTo(java.util.Optional.of("gzip"));
    return response.body();
  }

  private static JsonArray list(String reportId, String token) throws Exception {
    HttpResponse<String> response = node.get("/api/v1/reports/" + reportId + "/media", token);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body()).getJsonArray("media");
  }
}
