package org.hamal.gateway.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.hamal.gateway.Chromium;
import org.hamal.gateway.RunningNode;
import org.hamal.gateway.auth.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The field app's shelter screen (docs/alerts.md, "What the screens do") in a real headless
 * Chromium against a real node: an alert over the patroller's district takes the whole screen and
 * greys the queue, one elsewhere does not; "I am safe" reaches the server, through the outbox when
 * offline; an alert over where the tablet stands concerns it too; a reload brings the screen back
 * from the stream; the all-clear, and then the end of a stay with none, say the patroller may
 * leave and free the queue.
 */
class FieldShelterBrowserIT {

  private static final String PATROLLER = "patrol-7";
  private static final String SHIMSHON = "shimshon";
  private static final double LON = 34.545;
  private static final double LAT = 31.655;
  private static final By SHELTER = By.id("shelter");
  private static final By SAFE = By.cssSelector("#shelter [data-safe-button]");
  private static final By ANSWERED = By.cssSelector("#shelter [data-safe-answered]");
  private static final By LEAVE = By.cssSelector("[data-leave-shelter]");
  /** A stay that ends while the test watches (the city's shortest is a minute). */
  private static final int SHORT_STAY_SECONDS = 2;
  private static final String CONFIG = """
      alerts:
        minStaySeconds: 1
      """;

  @RegisterExtension final RunningNode node = RunningNode.extension().withEnv(RunningNode.NO_TILES).withConfig(CONFIG);
  @TempDir Path profile;
  private ChromeDriver browser;
  private WebDriverWait wait;

  @BeforeEach
  void start() {
    browser = Chromium.start(profile, 1280, 800);
    wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.ignoring(StaleElementReferenceException.class);
  }

  @AfterEach
  void stop() {
    browser.quit();
  }

  @Test
  void anAlertOverItsDistrictSheltersThePatrollerUntilTheAllClear() throws Exception {
    JsonObject near = area(a -> districts(a).contains(SHIMSHON));
    JsonObject far = area(a -> !districts(a).contains(SHIMSHON));
    String report = report("hazard", "עמוד חשמל נוטה", LON, LAT);
    signIn();
    wait.until(ExpectedConditions.presenceOfElementLocated(row(report)));

    // Elsewhere first: by the time the second alert is on the screen, the first has been seen.
    String elsewhere = alert("test-far", far.getString("id"));
    String here = alert("test-near", near.getString("id"));
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-shelter", "sheltering"));
    assertThat(browser.findElement(SHELTER).getDomAttribute("data-alert-ids")).isEqualTo(here).isNotEqualTo(elsewhere);
    assertThat(browser.findElement(By.cssSelector("#shelter [data-shelter-title]")).getText())
        .isEqualTo("היכנסו למרחב המוגן עכשיו");
    assertThat(browser.findElement(By.cssSelector("#shelter [data-shelter-threat]")).getText()).contains("רקטות");
    assertThat(browser.findElement(By.cssSelector("#shelter [data-shelter-areas]")).getText())
        .contains(near.getString("name_he"));
    WebElement countdown = browser.findElement(By.cssSelector("#shelter [data-shelter-countdown]"));
    assertThat(countdown.getDomAttribute("data-shelter-countdown")).isIn("reach", "stay");
    assertThat(countdown.getText()).matches("\\d+:\\d\\d");

    // The queue is still there, greyed, and takes no touch: what is under a finger is the shelter.
    assertThat(browser.findElement(row(report)).isDisplayed()).isTrue();
    assertThat(browser.executeScript("return document.getElementById('app').inert")).isEqualTo(true);
    assertThat(browser.executeScript("return getComputedStyle(document.getElementById('app')).filter")).asString()
        .contains("grayscale");
    assertThat(browser.executeScript(
        "const r = document.querySelector(arguments[0]).getBoundingClientRect();"
            + " return document.getElementById('shelter').contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2));",
        "#queue li[data-report-id='" + report + "']")).isEqualTo(true);
    assertThat(browser.findElement(SAFE).getSize().getHeight()).isGreaterThanOrEqualTo(48);
    Chromium.docScreenshot(browser, "field-shelter-hebrew.png");

    browser.findElement(SAFE).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(ANSWERED));
    assertThat(browser.findElement(SAFE).isDisplayed()).isFalse();
    JsonObject answered = wait.until(d -> safeAt(here) != null ? alertById(here) : null);
    assertThat(patroller(answered).getString("safeAt")).isNotBlank();
    // The server's answer comes back on the stream: no longer "waiting to send".
    wait.until(ExpectedConditions.attributeToBe(ANSWERED, "data-safe-answered", "sent"));
    assertThat(browser.findElement(ANSWERED).getText()).startsWith("ענית ב־");

    // A reload with nothing kept on the tablet: the stream's alerts bring the screen back, answered.
    browser.executeScript("localStorage.removeItem('hamal.field.shelter')");
    browser.navigate().refresh();
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-shelter", "sheltering"));
    wait.until(ExpectedConditions.attributeToBe(ANSWERED, "data-safe-answered", "sent"));
    assertThat(browser.findElement(SHELTER).getDomAttribute("data-alert-ids")).isEqualTo(here);

    browser.findElement(By.cssSelector("#shelter .lang-switch")).click();
    wait.until(ExpectedConditions.textToBe(By.cssSelector("#shelter [data-shelter-title]"), "Take shelter now"));
    assertThat(browser.findElement(By.tagName("html")).getDomAttribute("dir")).isEqualTo("ltr");
    Chromium.docScreenshot(browser, "field-shelter-english.png");

    HttpResponse<String> cleared = node.post("/api/v1/alerts/" + here + "/clear", node.adminToken(), "{}");
    assertThat(cleared.statusCode()).as(cleared.body()).isEqualTo(200);
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-shelter", "leave"));
    assertThat(browser.findElement(LEAVE).getText()).contains("You may leave the shelter");
    assertThat(browser.findElement(SHELTER).isDisplayed()).isFalse();
    assertThat(browser.executeScript("return document.getElementById('app').inert")).isEqualTo(false);
    assertThat(browser.findElement(By.cssSelector("[data-leave-dismiss]")).getSize().getHeight()).isGreaterThanOrEqualTo(48);
    Chromium.docScreenshot(browser, "field-shelter-leave.png");
    // The queue takes a touch again.
    wait.until(ExpectedConditions.elementToBeClickable(row(report))).click();
    wait.until(ExpectedConditions.attributeToBe(By.id("report"), "data-report-id", report));
    browser.findElement(By.cssSelector("[data-leave-dismiss]")).click();
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-shelter", "none"));
    assertThat(browser.findElement(LEAVE).isDisplayed()).isFalse();

    // No all-clear this time: the stay runs out by itself, and the patroller may leave.
    alert("test-short", near.getString("id"), SHORT_STAY_SECONDS);
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-shelter", "leave"));
    assertThat(browser.findElement(LEAVE).getText()).contains("You may leave the shelter");
    assertThat(browser.executeScript("return document.getElementById('app').inert")).isEqualTo(false);
  }

  @Test
  void anAlertOverWhereTheTabletStandsConcernsItAndItsAnswerWaitsForTheNetwork() throws Exception {
    JsonObject far = area(a -> !districts(a).contains(SHIMSHON));
    Point inside = new GeoJsonReader().read(far.getJsonObject("geometry").encode()).getInteriorPoint();
    browser.executeCdpCommand("Browser.grantPermissions",
        Map.of("origin", "http://127.0.0.1:" + node.port(), "permissions", List.of("geolocation")));
    browser.executeCdpCommand("Emulation.setGeolocationOverride",
        Map.of("latitude", inside.getY(), "longitude", inside.getX(), "accuracy", 10));
    signIn();

    String id = alert("test-position", far.getString("id"));
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-shelter", "sheltering"));
    assertThat(browser.findElement(SHELTER).getDomAttribute("data-alert-ids")).isEqualTo(id);

    offline(true);
    browser.findElement(SAFE).click();
    wait.until(ExpectedConditions.attributeToBe(By.id("outbox-badge"), "data-outbox-count", "1"));
    assertThat(browser.findElement(ANSWERED).getDomAttribute("data-safe-answered")).isEqualTo("waiting");
    assertThat(safeAt(id)).isNull();

    offline(false);
    wait.until(ExpectedConditions.attributeToBe(By.id("outbox-badge"), "data-outbox-count", "0"));
    assertThat(safeAt(id)).isNotNull();
    wait.until(ExpectedConditions.attributeToBe(ANSWERED, "data-safe-answered", "sent"));
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** The first alert area (a GeoJSON feature's properties, with its geometry) that matches. */
  private JsonObject area(Predicate<JsonObject> matching) throws Exception {
    HttpResponse<String> response = node.get("/api/v1/alert-areas", null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body()).getJsonArray("features").stream()
        .map(JsonObject.class::cast)
        .map(f -> f.getJsonObject("properties").copy().put("geometry", f.getJsonObject("geometry")))
        .filter(matching)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no such alert area in " + response.body()));
  }

  private static List<String> districts(JsonObject area) {
    return area.getJsonArray("districts").stream().map(String.class::cast).toList();
  }

  /** Posts a rocket alert over one area (as the national feed's relay would) and returns its id. */
  private String alert(String sourceId, String area) throws Exception {
    return alert(sourceId, area, 600);
  }

  private String alert(String sourceId, String area, int staySeconds) throws Exception {
    JsonObject body = new JsonObject().put("sourceId", sourceId).put("areas", new JsonArray().add(area))
        .put("threat", "rockets").put("staySeconds", staySeconds);
    HttpResponse<String> response = node.post("/api/v1/alerts", node.adminToken(), body.encode());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return new JsonObject(response.body()).getString("id");
  }

  private JsonObject alertById(String id) {
    try {
      HttpResponse<String> response = node.get("/api/v1/alerts/" + id, node.token(Role.OPERATOR));
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      return new JsonObject(response.body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonObject patroller(JsonObject alert) {
    return alert.getJsonArray("patrollers").stream().map(JsonObject.class::cast)
        .filter(p -> PATROLLER.equals(p.getString("id"))).findFirst().orElse(null);
  }

  /** When the server has this patroller's "I am safe" for the alert, or null. */
  private String safeAt(String id) {
    JsonObject mine = patroller(alertById(id));
    return mine == null ? null : mine.getString("safeAt");
  }

  private String report(String category, String description, double lon, double lat) throws Exception {
    JsonObject body = new JsonObject().put("category", category).put("description", description)
        .put("location", new JsonObject().put("lon", lon).put("lat", lat));
    return node.report(body.encode()).getString("id");
  }

  /** Opens the device link a supervisor issues for the tablet, and waits for its stream. */
  private void signIn() throws Exception {
    String supervisor = node.tokenFor("supervisor-miri", Role.SUPERVISOR);
    HttpResponse<String> issued = node.post("/api/v1/devices/links", supervisor,
        new JsonObject().put("subject", PATROLLER).put("districts", new JsonArray().add(SHIMSHON)).put("ttl", "1h").encode());
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
    browser.get(new JsonObject(issued.body()).getString("url"));
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-screen", "app"));
    wait.until(ExpectedConditions.attributeToBe(By.id("status"), "data-state", "live"));
  }

  private static By row(String report) {
    return By.cssSelector("#queue li[data-report-id='" + report + "']");
  }

  private void offline(boolean offline) {
    ChromiumNetworkConditions conditions = new ChromiumNetworkConditions();
    conditions.setOffline(offline);
    browser.setNetworkConditions(conditions);
  }
}
