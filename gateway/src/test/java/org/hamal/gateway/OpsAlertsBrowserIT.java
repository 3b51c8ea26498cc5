package org.hamal.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.hamal.gateway.auth.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Rocket alerts on the ops page (ops/alerts.js, docs/alerts.md) in a real headless Chromium: an
 * alert posted over HTTP appears over the map as its pulsing area with the threat and a countdown,
 * and in the banner with its patrollers, who answered "safe" and who not yet; a supervisor's
 * all-clear (after a confirmation) takes it off; a display sees it all but the all-clear; and
 * assigning a report inside an alerted area asks first and says why, whether the page knew of the
 * alert or the server refused it (409 area_alerted), then sends it with "duringAlert".
 */
class OpsAlertsBrowserIT {

  private static final String ROCKETS_SOUTH =
      "{\"sourceId\":\"%s\",\"areas\":[\"ashkelon-south\"],\"threat\":\"rockets\",\"staySeconds\":600}";
  private static final String POSITION = "/api/v1/patrollers/me/position";
  /** In Shimshon, inside the alert area Ashkelon - South. */
  private static final String HAZARD_IN_THE_SOUTH =
      "{\"category\":\"hazard\",\"description\":\"ענף גדול חוסם את המדרכה\",\"location\":{\"lon\":34.545,\"lat\":31.655}}";
  private static final String AREA = "#map path.alert-area[data-alert-id='%s'][data-alert-area='ashkelon-south']";
  private static final String ROW = "#alert-list li[data-alert-id='%s']";

  @RegisterExtension
  final RunningNode node = RunningNode.extension().withEnv(RunningNode.NO_TILES);
  @TempDir Path profile;
  private ChromeDriver browser;

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void aSupervisorSeesTheAlertedAreaItsCountdownAndPatrollersThenGivesTheAllClear() throws Exception {
    // Two patrollers of Shimshon on duty, inside the area: both are the alert's to account for.
    onDutyInShimshon("patrol-7", "{\"lon\":34.55,\"lat\":31.66}");
    String patrol8 = onDutyInShimshon("patrol-8", "{\"lon\":34.546,\"lat\":31.656}");
    browser = Chromium.start(profile, 1920, 1080);
    WebDriverWait wait = Chromium.openOpsPage(browser, node.port(), node.tokenFor("supervisor-miri", Role.SUPERVISOR));
    wait.until(ExpectedConditions.attributeToBe(By.id("map"), "data-alert-areas-version", areasVersion()));
    assertThat(browser.findElement(By.id("alert-banner")).isDisplayed()).isFalse();

    String id = postAlert("oref-ops-1");

    // Over the map: the area, labelled with the threat, the area and the time left.
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(AREA.formatted(id))));
    String mapLabel = "#map .alert-label [data-alert-id='" + id + "'][data-alert-area='ashkelon-south']";
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(mapLabel)));
    assertThat(textOf(wait, mapLabel)).contains("ירי רקטות וטילים", "Rockets", "אשקלון - דרום");
    assertCountingDown(wait, mapLabel);
    // It pulses (ops.css), unless the screen asks for less motion.
    assertThat(browser.findElement(By.cssSelector(AREA.formatted(id))).getCssValue("animation-name")).isEqualTo("alert-pulse");
    // In the banner: threat, area, countdown, and who has not answered yet.
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(ROW.formatted(id))));
    assertThat(textOf(wait, ROW.formatted(id))).contains("ירי רקטות וטילים", "אשקלון - דרום");
    assertCountingDown(wait, ROW.formatted(id));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(patroller(id, "patrol-7", false))));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(patroller(id, "patrol-8", false))));

    // patrol-8 answers "I am safe": the banner shows who did, and when.
    var safe = node.post("/api/v1/alerts/" + id + "/safe", patrol8, "{}");
    assertThat(safe.statusCode()).as(safe.body()).isEqualTo(200);
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(patroller(id, "patrol-8", true))));
    assertThat(textOf(wait, patroller(id, "patrol-8", true))).contains("בטוח", "safe");
    assertThat(browser.findElements(By.cssSelector(patroller(id, "patrol-7", false)))).hasSize(1);

    // A click on the alert shows its area: the map zooms in from the whole city.
    double cityZoom = zoom();
    browser.findElement(By.cssSelector(ROW.formatted(id) + " .alert-areas")).click();
    wait.until(d -> zoom() > cityZoom);
    Chromium.docScreenshot(browser, "ops-alert-overlay.png");

    // The all-clear asks first; confirmed, the alert leaves the map and the banner.
    browser.findElement(By.cssSelector(ROW.formatted(id) + " button[data-alert-clear='" + id + "']")).click();
    WebElement dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("alert-clear-dialog")));
    assertThat(dialog.getText()).contains("אשקלון - דרום", "Ashkelon - South");
    assertThat(alertOnServer(id).getString("status")).as("nothing sent before the confirmation").isEqualTo("active");
    dialog.findElement(By.cssSelector("[data-confirm]")).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("alert-banner")));
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#map path.alert-area"), 0));
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#map .alert-label"), 0));
    JsonObject cleared = alertOnServer(id);
    assertThat(cleared.getString("status")).isEqualTo("cleared");
    assertThat(cleared.getString("clearedBy")).isEqualTo("supervisor-miri");
  }

  @Test
  void aWallDisplaySeesTheAlertButNoAllClearAndLosesItAtTheAllClear() throws Exception {
    browser = Chromium.start(profile, 3840, 2160);
    WebDriverWait wait = Chromium.openOpsPage(browser, node.port(), node.token(Role.DISPLAY));
    node.report(HAZARD_IN_THE_SOUTH);

    String id = postAlert("oref-ops-2");

    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(AREA.formatted(id))));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(ROW.formatted(id))));
    assertCountingDown(wait, ROW.formatted(id));
    assertThat(browser.findElements(By.cssSelector("[data-alert-clear]"))).isEmpty();
    // Read across the room: the countdown is large on a 4K wall.
    String size = wait.until(d -> d.findElement(By.cssSelector(ROW.formatted(id) + " [data-alert-countdown]")).getCssValue("font-size"));
    assertThat(Double.parseDouble(size.replace("px", ""))).isGreaterThanOrEqualTo(60);
    Chromium.docScreenshot(browser, "ops-alert-4k.png");

    var clear = node.post("/api/v1/alerts/" + id + "/clear", node.adminToken(), "{}");
    assertThat(clear.statusCode()).as(clear.body()).isEqualTo(200);
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("alert-banner")));
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#map path.alert-area"), 0));
  }

  @Test
  void assigningAReportInsideAnAlertedAreaAsksFirstAndSaysWhy() throws Exception {
    browser = Chromium.start(profile, 1920, 1080);
    WebDriverWait wait = Chromium.openOpsPage(browser, node.port(), node.tokenFor("supervisor-miri", Role.SUPERVISOR));
    wait.until(ExpectedConditions.attributeToBe(By.id("map"), "data-alert-areas-version", areasVersion()));
    String report = node.report(HAZARD_IN_THE_SOUTH).getString("id");
    String id = postAlert("oref-ops-3");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(ROW.formatted(id))));

    // The drawer says the report lies in the alerted area, with the time left.
    Chromium.click(wait, By.cssSelector("#latest li[data-report-id='" + report + "']"));
    WebElement drawer = wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("#report-detail[data-report-id='" + report + "'][data-alerted='true']")));
    assertThat(textOf(wait, "#report-detail [data-alert-warning]")).contains("ירי רקטות וטילים", "אשקלון - דרום");
    assertCountingDown(wait, "#report-detail [data-alert-warning]");

    // Assigning asks before anything is sent, and says why; cancelled, nothing is sent.
    drawer.findElement(By.cssSelector("input[data-assignee]")).sendKeys("patrol-7");
    drawer.findElement(By.cssSelector("button[data-action='assign']")).click();
    WebElement confirm = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#report-detail [data-alert-confirm]")));
    assertThat(confirm.findElement(By.cssSelector("[data-alert-reason]")).getText())
        .contains("ירי רקטות וטילים", "אשקלון - דרום", "Assign anyway");
    Chromium.docScreenshot(browser, "ops-alert-assign.png");
    confirm.findElement(By.cssSelector("button[data-action='cancel-assign']")).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("#report-detail [data-alert-confirm]")));
    assertThat(reportOnServer(report).getInteger("version")).as("nothing sent").isEqualTo(1);

    // Asked again and answered: assigned during the alert.
    drawer.findElement(By.cssSelector("button[data-action='assign']")).click();
    confirmAssignment(wait, report);
  }

  @Test
  void anAlertThePageHasNotHeardOfIsTheServersRefusalAndTheSameQuestion() throws Exception {
    browser = Chromium.start(profile, 1920, 1080);
    // The alert lands just as the user clicks: the page has not heard of it.
    Chromium.holdBackLiveMessages(browser);
    WebDriverWait wait = Chromium.openOpsPage(browser, node.port(), node.tokenFor("supervisor-miri", Role.SUPERVISOR));
    String report = node.report(HAZARD_IN_THE_SOUTH).getString("id");
    Chromium.click(wait, By.cssSelector("#latest li[data-report-id='" + report + "']"));
    WebElement drawer = wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("#report-detail[data-report-id='" + report + "'][data-version='1']")));
    browser.executeScript("window.__hold = '{\"type\":\"alert\"'");
    String id = postAlert("oref-ops-4");
    assertThat(drawer.getDomAttribute("data-alerted")).as("the page has not heard").isEqualTo("false");

    drawer.findElement(By.cssSelector("input[data-assignee]")).sendKeys("patrol-7");
    drawer.findElement(By.cssSelector("button[data-action='assign']")).click();

    // The server's 409 area_alerted names the alert; the page asks the same question.
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#report-detail [data-alert-confirm]")));
    assertThat(textOf(wait, "#report-detail [data-alert-reason]")).contains(id);
    assertThat(reportOnServer(report).getInteger("version")).isEqualTo(1);
    confirmAssignment(wait, report);
  }

  /** "Assign anyway" in the drawer's question: the report is assigned to patrol-7. */
  private void confirmAssignment(WebDriverWait wait, String report) throws Exception {
    wait.until(ExpectedConditions.elementToBeClickable(
        By.cssSelector("#report-detail button[data-action='assign-during-alert']"))).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("#report-detail[data-report-id='" + report + "'][data-version='2']")));
    JsonObject assigned = reportOnServer(report);
    assertThat(assigned.getString("status")).isEqualTo("assigned");
    assertThat(assigned.getString("assignee")).isEqualTo("patrol-7");
  }

  /** A patroller of Shimshon on duty at {@code position}; the patroller's token. */
  private String onDutyInShimshon(String subject, String position) throws Exception {
    String token = node.patrollerToken(subject, "shimshon");
    assertThat(node.send("PUT", POSITION, token, position).statusCode()).isEqualTo(204);
    return token;
  }

  /** Posts an alert on Ashkelon - South as the admin; its id. */
  private String postAlert(String sourceId) throws Exception {
    var response = node.post("/api/v1/alerts", node.adminToken(), ROCKETS_SOUTH.formatted(sourceId));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return new JsonObject(response.body()).getString("id");
  }

  private String areasVersion() throws Exception {
    var response = node.get("/api/v1/alert-areas", null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body()).getString("version");
  }

  /** The countdown in {@code within} shows mm:ss and holds the seconds left, at most the stay time. */
  private static void assertCountingDown(WebDriverWait wait, String within) {
    By countdown = By.cssSelector(within + " [data-alert-countdown]");
    assertThat(textOf(wait, within + " [data-alert-countdown]")).matches("\\d\\d:\\d\\d");
    String left = wait.until(d -> d.findElement(countdown).getDomAttribute("data-alert-countdown"));
    assertThat(Integer.parseInt(left)).isBetween(1, 600);
  }

  /** The text of what {@code css} finds, read again if it was drawn anew meanwhile. */
  private static String textOf(WebDriverWait wait, String css) {
    return wait.until(d -> d.findElement(By.cssSelector(css)).getText());
  }

  private static String patroller(String alert, String id, boolean safe) {
    return ROW.formatted(alert) + " [data-alert-patroller='" + id + "'][data-safe='" + safe + "']";
  }

  private double zoom() {
    String zoom = browser.findElement(By.id("map")).getDomAttribute("data-zoom");
    return zoom == null ? 0 : Double.parseDouble(zoom);
  }

  private JsonObject alertOnServer(String id) throws Exception {
    var response = node.get("/api/v1/alerts/" + id, node.token(Role.SUPERVISOR));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  private JsonObject reportOnServer(String id) throws Exception {
    var response = node.get("/api/v1/reports/" + id, node.token(Role.SUPERVISOR));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }
}
