package org.hamal.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.hamal.gateway.auth.Role;
import org.hamal.gateway.media.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The patroller's field app at /field/ in a real headless Chromium, as a tablet uses it: signed
 * in through a device link, its queue, acting on a report, a conflict, reporting from the field,
 * and a dead network with a reload in the middle.
 */
class FieldAppBrowserIT {

  private static final String PATROLLER = "patrol-7";
  private static final String SHIMSHON = "shimshon";
  private static final double LON = 34.545;
  private static final double LAT = 31.655;
  /** Responses due at once for life safety, in an hour otherwise: "overdue" shows on the page. */
  private static final String CONFIG =
      """
      sla:
        routineMinutes: {5: 0, 4: 60, 3: 60, 2: 120, 1: 240}
        emergencyMinutes: {5: 0, 4: 60, 3: 60, 2: 120, 1: 240}
        checkSeconds: 1
      """;
  /**
   * Before the page's own script: a switch that holds the live stream's messages, as a tablet
   * whose stream lags behind sees the world for a moment.
   */
  private static final String HOLDABLE_STREAM =
      """
      (() => {
        const Native = window.WebSocket;
        window.__hold = false;
        window.__held = [];
        window.WebSocket = class extends Native {
          set onmessage(handler) {
            super.onmessage = e => (window.__hold ? window.__held.push(() => handler(e)) : handler(e));
          }
        };
        window.__release = () => {
          window.__hold = false;
          window.__held.splice(0).forEach(deliver => deliver());
        };
      })();""";

  @RegisterExtension final RunningNode node = RunningNode.extension().withEnv(RunningNode.NO_TILES).withConfig(CONFIG);
  @TempDir Path profile;
  @TempDir Path photos;
  private ChromeDriver browser;
  private WebDriverWait wait;

  @BeforeEach
  void start() throws Exception {
    browser = Chromium.start(profile, 1280, 800);
    wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
  }

  @AfterEach
  void stop() {
    browser.quit();
  }

  @Test
  void aDeviceLinkSignsInAndTheQueueHoldsOnlyItsDistrictsMostUrgentFirst() throws Exception {
    String pothole = report("pothole", "בור בכביש", LON, LAT);
    String hazard = report("hazard", "<img src=x onerror=window.pwned=1> מפגע", LON, LAT);
    String fire = report("fire", "שריפה בחצר", LON + 0.001, LAT);
    String elsewhere = report("fire", "שריפה בברנע", 34.5737, 31.6879);

    signIn();
    assertThat(browser.getCurrentUrl()).doesNotContain("signin=").doesNotContain("#");
    assertThat(browser.findElement(By.tagName("html")).getDomAttribute("dir")).isEqualTo("rtl");
    wait.until(d -> queue().size() == 3);
    // Priority first (fire 5, hazard 3, pothole 1); the fire is past its response target.
    assertThat(queue()).containsExactly(fire, hazard, pothole).doesNotContain(elsewhere);
    assertThat(row(fire).getDomAttribute("data-overdue")).isEqualTo("true");
    // A resident's words are text, never markup.
    assertThat(row(hazard).getText()).contains("<img src=x onerror=window.pwned=1>");
    assertThat(browser.executeScript("return window.pwned === undefined")).isEqualTo(true);
    // The map is of the patroller's district, with the queue's pins.
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#map [data-report-id]"), 3));

    String injury = report("injury", "פצוע קל", LON, LAT + 0.001);
    wait.until(d -> queue().size() == 4);
    assertThat(queue().get(0)).isIn(fire, injury);
    Chromium.docScreenshot(browser, "field-tablet-landscape.png");

    browser.manage().window().setSize(new Dimension(800, 1280));
    browser.findElement(By.cssSelector("#app .lang-switch")).click();
    wait.until(d -> "ltr".equals(d.findElement(By.tagName("html")).getDomAttribute("dir")));
    assertThat(browser.findElement(By.id("signout")).getText()).isEqualTo("Sign out");
    Chromium.docScreenshot(browser, "field-tablet-portrait-english.png");
    browser.manage().window().setSize(new Dimension(390, 844));
    browser.findElement(By.cssSelector("button[data-tab='map']")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("map")));
    Chromium.docScreenshot(browser, "field-phone-map-english.png");
  }

  @Test
  void inAnEmergencyTheQueueStillGetsEveryReportOfItsDistricts() throws Exception {
    signIn();
    String supervisor = node.tokenFor("supervisor-miri", Role.SUPERVISOR);
    var set = node.send("PUT", "/api/v1/mode", supervisor, "{\"mode\":\"emergency\",\"reason\":\"מטח רקטות\"}");
    assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
    // Below the ops map's pin priority, and not deferrable: a city map shows it only as a count.
    String hazard = report("hazard", "זכוכיות על המדרכה", LON, LAT);
    String injury = report("injury", "פצוע קל", LON, LAT);
    wait.until(d -> queue().containsAll(List.of(hazard, injury)));
    assertThat(queue()).containsExactly(injury, hazard);
  }

  @Test
  void aPatrollerActsFromThePageAndTheHistoryNamesThem() throws Exception {
    String id = report("hazard", "עמוד חשמל נוטה", LON, LAT);
    signIn();
    openReport(id);
    // The resident's contact, with a tap-to-call link, for the patroller.
    assertThat(browser.findElement(By.cssSelector("#report-reporter a[data-call]")).getDomAttribute("href"))
        .isEqualTo("tel:0501234567");

    for (String step : List.of("acknowledged", "en_route", "on_site")) {
      action(step).click();
      wait.until(ExpectedConditions.attributeToBe(By.id("report"), "data-status", step));
    }
    // The sheet's history follows, each step under the patroller's name.
    wait.until(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector("#report-history li[data-actor='patrol-7'][data-status='on_site']")));
    Chromium.docScreenshot(browser, "field-report.png");
    browser.findElement(By.id("report-note")).sendKeys("העמוד יוצב");
    action("resolved").click();
    wait.until(d -> !queue().contains(id));

    JsonArray history = history(id);
    assertThat(history.stream().map(JsonObject.class::cast).skip(1))
        .extracting(h -> h.getString("actor") + ":" + h.getString("status"))
        .containsExactly(
            "patrol-7:acknowledged", "patrol-7:en_route", "patrol-7:on_site", "patrol-7:resolved");
    assertThat(history.getJsonObject(4).getString("note")).isEqualTo("העמוד יוצב");
  }

  @Test
  void aChangeMadeMeanwhileIsShownAndNotOverwritten() throws Exception {
    browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", HOLDABLE_STREAM));
    String id = report("hazard", "ענף על הכביש", LON, LAT);
    signIn();
    openReport(id);
    browser.executeScript("window.__hold = true");

    String supervisor = node.tokenFor("supervisor-miri", Role.SUPERVISOR);
    var meanwhile =
        node.patch("/api/v1/reports/" + id, supervisor, "{\"status\":\"on_site\",\"assignee\":\"crew-3\"}", Map.of("If-Match", "\"1\""));
    assertThat(meanwhile.statusCode()).as(meanwhile.body()).isEqualTo(200);
    // The page still shows version 1: its step is made on it.
    action("en_route").click();

    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("report-conflict")));
    assertThat(browser.findElement(By.id("report-conflict")).getText()).contains("supervisor-miri", "בשטח");
    JsonObject now = new JsonObject(node.get("/api/v1/reports/" + id, supervisor).body());
    assertThat(now.getString("status")).isEqualTo("on_site");
    assertThat(now.getInteger("version")).isEqualTo(2);
    assertThat(history(id)).hasSize(2);

    browser.executeScript("window.__release()");
    browser.findElement(By.id("report-conflict-dismiss")).click();
    wait.until(ExpectedConditions.attributeToBe(By.id("report"), "data-status", "on_site"));
    assertThat(browser.findElement(By.id("outbox-badge")).isDisplayed()).isFalse();
  }

  @Test
  void aReportFromTheFieldArrivesWithItsPhotoAndNoLocationInThePhoto() throws Exception {
    Path photo = photos.resolve("camera.jpg");
    Files.write(photo, TestImages.jpegWithGps());
    locateTheTabletAt(LON, LAT);
    signIn();
    String words = "ענף חוסם מדרכה " + System.nanoTime();
    fileReport("trees", words, photo);
    wait.until(ExpectedConditions.attributeToBe(By.id("outbox-badge"), "data-outbox-count", "0"));

    String patroller = patrollerToken();
    JsonObject report = wait.until(d -> reportWith(words, patroller));
    assertThat(report.getString("district")).isEqualTo(SHIMSHON);
    JsonArray media =
        new JsonObject(node.get("/api/v1/reports/" + report.getString("id") + "/media", patroller).body()).getJsonArray("media");
    assertThat(media).hasSize(1);
    assertThat(media.getJsonObject(0).getString("actor")).isEqualTo(PATROLLER);
    HttpResponse<byte[]> served = node.getBytes(media.getJsonObject(0).getString("url"), node.token(Role.OPERATOR));
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(TestImages.decode(served.body())).isNotNull();
    assertThat(TestImages.contains(served.body(), "Exif")).isFalse();
    assertThat(TestImages.contains(served.body(), "GPS")).isFalse();

    // On duty, the tablet's position reaches the ops room.
    browser.findElement(By.id("duty")).click();
    wait.until(ExpectedConditions.attributeToBe(By.id("duty"), "data-duty", "on"));
    JsonObject onDuty = wait.until(d -> patroller(PATROLLER));
    assertThat(onDuty.getDouble("lon")).isEqualTo(LON);
    assertThat(onDuty.getDouble("lat")).isEqualTo(LAT);

    // The report is in the queue, and its sheet shows the photo.
    wait.until(d -> queue().contains(report.getString("id")));
    openReport(report.getString("id"));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#report-photos img[data-media-id]")));
  }

  @Test
  void whatIsDoneOfflineSurvivesAReloadAndArrivesOnceWhenTheNetworkIsBack() throws Exception {
    String first = report("hazard", "מכסה ביוב פתוח", LON, LAT);
    String second = report("trees", "עץ נוטה", LON + 0.001, LAT);
    locateTheTabletAt(LON, LAT);
    signIn();
    wait.until(d -> queue().size() == 2);
    // The service worker holds the app shell once it controls the page.
    wait.until(d -> Boolean.TRUE.equals(browser.executeScript("return !!navigator.serviceWorker.controller")));

    offline(true);
    openReport(first);
    action("en_route").click();
    browser.findElement(By.cssSelector("#report [data-close]")).click();
    openReport(second);
    action("acknowledged").click();
    browser.findElement(By.cssSelector("#report [data-close]")).click();
    String words = "נפל שלט " + System.nanoTime();
    fileReport("roads", words, null);
    wait.until(ExpectedConditions.attributeToBe(By.id("outbox-badge"), "data-outbox-count", "3"));
    Chromium.docScreenshot(browser, "field-offline.png");

    browser.navigate().refresh();
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-screen", "app"));
    wait.until(ExpectedConditions.attributeToBe(By.id("outbox-badge"), "data-outbox-count", "3"));
    // The last known queue, without a network.
    wait.until(d -> queue().containsAll(List.of(first, second)));

    offline(false);
    wait.until(ExpectedConditions.attributeToBe(By.id("outbox-badge"), "data-outbox-count", "0"));
    String patroller = patrollerToken();
    assertThat(history(first).stream().map(JsonObject.class::cast).filter(h -> PATROLLER.equals(h.getString("actor"))))
        .extracting(h -> h.getString("status"))
        .containsExactly("en_route");
    assertThat(history(second).stream().map(JsonObject.class::cast).filter(h -> PATROLLER.equals(h.getString("actor"))))
        .extracting(h -> h.getString("status"))
        .containsExactly("acknowledged");
    JsonArray reports =
        new JsonObject(node.get("/api/v1/reports?district=shimshon&limit=500", patroller).body()).getJsonArray("reports");
    assertThat(reports.stream().map(JsonObject.class::cast).filter(r -> words.equals(r.getString("description"))))
        .singleElement()
        .satisfies(r -> assertThat(r.getString("channel")).isEqualTo("patroller"));
  }

  @Test
  void aRevokedExpiredOrRefusedTokenAsksToSignInAgain() throws Exception {
    JsonObject device = signIn();
    var revoked = node.send("DELETE", "/api/v1/devices/links/" + device.getString("jti"), node.adminToken(), "");
    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(204);
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-screen", "signin"));
    assertThat(browser.findElement(By.id("signin-reason")).getText()).contains("הכניסה בוטלה");

    String header = base64("{\"typ\":\"JWT\",\"alg\":\"HS256\"}");
    long past = System.currentTimeMillis() / 1000 - 60;
    String expired = header + "." + base64("{\"sub\":\"patrol-7\",\"roles\":[\"patroller\"],\"districts\":[\"shimshon\"],\"exp\":" + past + "}") + ".x";
    browser.get(node.uri("/field/#signin=" + expired).toString());
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-screen", "signin"));
    assertThat(browser.findElement(By.id("signin-reason")).getText()).contains("תוקף הכניסה פג");

    String forged = header + "." + base64("{\"sub\":\"patrol-7\",\"roles\":[\"patroller\"],\"districts\":[\"shimshon\"]}") + ".x";
    browser.get(node.uri("/field/#signin=" + forged).toString());
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-screen", "signin"));
    wait.until(d -> d.findElement(By.id("signin-reason")).getText().contains("הכניסה בוטלה"));
  }

  // ---- helpers --------------------------------------------------------------------------------

  private String report(String category, String description, double lon, double lat) throws Exception {
    JsonObject body =
        new JsonObject()
            .put("category", category)
            .put("description", description)
            .put("location", new JsonObject().put("lon", lon).put("lat", lat))
            .put("reporter", new JsonObject().put("name", "דנה לוי").put("phone", "050-1234567"));
    return node.report(body.encode()).getString("id");
  }

  /** A patroller on the ops room's map, or null. */
  private JsonObject patroller(String subject) {
    try {
      return new JsonObject(node.get("/api/v1/patrollers", node.token(Role.DISPLAY)).body()).getJsonArray("patrollers")
          .stream().map(JsonObject.class::cast).filter(p -> subject.equals(p.getString("subject"))).findFirst().orElse(null);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The patroller's report with these words, once it is stored (null before). */
  private JsonObject reportWith(String words, String token) {
    try {
      JsonArray reports =
          new JsonObject(node.get("/api/v1/reports?district=shimshon&limit=500", token).body()).getJsonArray("reports");
      return reports.stream().map(JsonObject.class::cast)
          .filter(r -> words.equals(r.getString("description"))).findFirst().orElse(null);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private String patrollerToken() {
    return node.patrollerToken(PATROLLER, SHIMSHON);
  }

  /** Opens the device link a supervisor issues for the tablet (as /devices/ does). */
  private JsonObject signIn() throws Exception {
    String supervisor = node.tokenFor("supervisor-miri", Role.SUPERVISOR);
    var issued = node.post("/api/v1/devices/links", supervisor,
        new JsonObject().put("subject", PATROLLER).put("districts", new JsonArray().add(SHIMSHON)).put("ttl", "1h").encode());
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
    JsonObject device = new JsonObject(issued.body());
    assertThat(device.getString("url")).startsWith(node.uri("/field/#signin=").toString());
    browser.get(device.getString("url"));
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-screen", "app"));
    wait.until(ExpectedConditions.attributeToBe(By.id("status"), "data-state", "live"));
    return device;
  }

  private List<String> queue() {
    return browser.findElements(By.cssSelector("#queue li[data-report-id]")).stream()
        .map(li -> li.getDomAttribute("data-report-id"))
        .toList();
  }

  private WebElement row(String id) {
    return browser.findElement(By.cssSelector("#queue li[data-report-id='" + id + "']"));
  }

  private void openReport(String id) {
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#queue li[data-report-id='" + id + "']"))).click();
    wait.until(ExpectedConditions.attributeToBe(By.id("report"), "data-report-id", id));
  }

  private WebElement action(String status) {
    return wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#report-actions [data-action='" + status + "']")));
  }

  /** A report from the field at the tablet's position, with a photo when one is given. */
  private void fileReport(String category, String words, Path photo) {
    browser.findElement(By.id("new-report-button")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-form")));
    new Select(browser.findElement(By.id("new-category"))).selectByValue(category);
    browser.findElement(By.id("new-description")).sendKeys(words);
    browser.findElement(By.id("new-here")).click();
    wait.until(d -> !d.findElement(By.id("new-location")).getDomAttribute("data-lat").isEmpty());
    if (photo != null) {
      browser.findElement(By.id("new-photos")).sendKeys(photo.toAbsolutePath().toString());
    }
    browser.findElement(By.cssSelector("#new-form [type=submit]")).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("new-form")));
  }

  private void locateTheTabletAt(double lon, double lat) {
    browser.executeCdpCommand("Browser.grantPermissions",
        Map.of("origin", "http://127.0.0.1:" + node.port(), "permissions", List.of("geolocation")));
    browser.executeCdpCommand("Emulation.setGeolocationOverride", Map.of("latitude", lat, "longitude", lon, "accuracy", 10));
  }

  private void offline(boolean offline) {
    ChromiumNetworkConditions conditions = new ChromiumNetworkConditions();
    conditions.setOffline(offline);
    browser.setNetworkConditions(conditions);
  }

  private JsonArray history(String id) throws Exception {
    HttpResponse<String> response = node.get("/api/v1/reports/" + id + "/history", node.token(Role.OPERATOR));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body()).getJsonArray("history");
  }

  private static String base64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
