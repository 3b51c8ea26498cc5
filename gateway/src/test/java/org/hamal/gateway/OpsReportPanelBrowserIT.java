package org.hamal.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.hamal.gateway.auth.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The report drawer of the ops page (ops/detail.js) in a real headless Chromium: a report opened
 * from its pin, the Latest list or the overdue list shows its text, history, photos and (for the
 * roles that may see it) the reporter; a supervisor acknowledges, assigns a patroller of the
 * district, and on a 412 sees who changed it meanwhile, with nothing sent twice; a display sees
 * no controls and no reporter.
 */
class OpsReportPanelBrowserIT {

  /** In Shimshon, with a reporter. */
  private static final String HAZARD_IN_SHIMSHON =
      """
      {"category":"hazard","description":"ענף גדול חוסם את המדרכה","location":{"lon":34.545,"lat":31.655},
       "reporter":{"name":"יוסי כהן","phone":"052-7654321"},"channel":"call-taker"}""";
  private static final String POSITION = "/api/v1/patrollers/me/position";
  private static final By DRAWER = By.id("report-detail");

  // Life-safety reports overdue at once.
  @RegisterExtension
  final RunningNode node = RunningNode.extension().withEnv(RunningNode.NO_TILES).withConfig(OpsPageBrowserIT.CONFIG);
  @TempDir Path profile;
  private ChromeDriver browser;

  @BeforeEach
  void start() {
    browser = Chromium.start(profile, 1920, 1080);
  }

  @AfterEach
  void stop() {
    browser.quit();
  }

  @Test
  void aSupervisorOpensAReportFromItsPinSeesItAllAndAcknowledgesIt() throws Exception {
    WebDriverWait wait = openPage(node.tokenFor("supervisor-miri", Role.SUPERVISOR));
    String id = node.report(EndToEndIT.REPORT).getString("id");
    var photo = node.postBytes("/api/v1/reports/" + id + "/media", node.adminToken(), "image/jpeg",
        org.hamal.gateway.media.TestImages.jpegWithGps(), Map.of());
    assertThat(photo.statusCode()).as(photo.body()).isEqualTo(201);
    String thumb = "#report-detail .report-photos img[data-media-id='" + new JsonObject(photo.body()).getString("id") + "']";

    Chromium.click(wait, By.cssSelector("#map path[data-report-id='" + id + "']"));
    awaitDrawer(wait, id, "1");
    WebElement drawer = browser.findElement(DRAWER);
    // Version 1 names who filed it (node.report files as the admin); a display sees its channel.
    assertThat(drawer.getText()).contains("עמוד חשמל נוטה מעל המדרכה", "מפגע", "hazard", "דנה לוי", "050-1234567", "admin");
    assertThat(drawer.getText()).doesNotContain("intake:call-taker");
    assertThat(drawer.findElement(By.cssSelector("a[href^='tel:']")).getDomAttribute("href")).isEqualTo("tel:0501234567");
    assertThat(drawer.findElements(By.cssSelector(".history li[data-version]"))).hasSize(1);
    // The photo is fetched with the token and shown from an object URL.
    wait.until(d -> Boolean.TRUE.equals(browser.executeScript(
        "const i = document.querySelector(arguments[0]); return !!i && i.complete && i.naturalWidth === 16;", thumb)));
    String src = browser.findElement(By.cssSelector(thumb)).getDomAttribute("src");
    assertThat(src).startsWith("blob:");
    // The map is still in view beside the drawer.
    assertThat(browser.findElement(By.id("map")).isDisplayed()).isTrue();

    drawer.findElement(By.cssSelector("textarea[data-note]")).sendKeys("נשלח צוות חשמל");
    Chromium.click(wait, By.cssSelector("#report-detail button[data-action='acknowledged']"));
    awaitDrawer(wait, id, "2");
    assertThat(drawer.getDomAttribute("data-status")).isEqualTo("acknowledged");
    wait.until(d -> drawer.findElements(By.cssSelector(".history li[data-version='2']")).size() == 1);
    assertThat(drawer.findElement(By.cssSelector(".history li[data-version='2']")).getText())
        .contains("supervisor-miri", "נשלח צוות חשמל");
    JsonObject stored = reportOnServer(id);
    assertThat(stored.getString("status")).isEqualTo("acknowledged");
    assertThat(stored.getInteger("version")).isEqualTo(2);
    Chromium.docScreenshot(browser, "ops-report-panel.png");

    // Escape closes the drawer, and its photos' object URLs are let go: a revoked one no longer resolves.
    drawer.findElement(By.cssSelector("button[data-close]")).sendKeys(org.openqa.selenium.Keys.ESCAPE);
    wait.until(ExpectedConditions.invisibilityOfElementLocated(DRAWER));
    wait.until(d -> Boolean.TRUE.equals(browser.executeAsyncScript(
        "const done = arguments[arguments.length - 1]; fetch(arguments[0]).then(() => done(false), () => done(true));",
        src)));
  }

  @Test
  void anOverdueReportIsAcknowledgedFromItsRow() throws Exception {
    WebDriverWait wait = openPage(node.tokenFor("supervisor-miri", Role.SUPERVISOR));
    String id = node.report(OpsPageBrowserIT.INJURY).getString("id");
    By acknowledge = By.cssSelector("#overdue li[data-report-id='" + id + "'] button[data-action='acknowledge']");

    Chromium.click(wait, acknowledge);

    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("overdue-panel")));
    JsonObject stored = reportOnServer(id);
    assertThat(stored.getString("status")).isEqualTo("acknowledged");
    assertThat(stored.getInteger("version")).isEqualTo(2);
    // The button's click is its own: the row's (open the drawer) did not fire.
    assertThat(browser.findElement(DRAWER).isDisplayed()).isFalse();
  }

  @Test
  void aReportIsAssignedToAPatrollerOfItsDistrictPickedFromTheList() throws Exception {
    // One patroller in the report's district, one elsewhere: only the first is offered.
    String shimshon = node.patrollerToken("patrol-7", "shimshon");
    String barnea = node.patrollerToken("patrol-9", "barnea");
    assertThat(node.send("PUT", POSITION, shimshon, "{\"lon\":34.55,\"lat\":31.66,\"accuracyM\":8}").statusCode()).isEqualTo(204);
    assertThat(node.send("PUT", POSITION, barnea, "{\"lon\":34.5738,\"lat\":31.6879}").statusCode()).isEqualTo(204);
    WebDriverWait wait = openPage(node.tokenFor("supervisor-miri", Role.SUPERVISOR));
    String id = openedFromLatest(wait);
    By offered = By.cssSelector("#report-detail select[data-assign] option[data-patroller='patrol-7']");
    wait.until(ExpectedConditions.presenceOfElementLocated(offered));
    assertThat(browser.findElements(By.cssSelector("#report-detail option[data-patroller='patrol-9']"))).isEmpty();

    new Select(browser.findElement(By.cssSelector("#report-detail select[data-assign]"))).selectByValue("patrol-7");
    browser.findElement(By.cssSelector("#report-detail button[data-action='assign']")).click();

    awaitDrawer(wait, id, "2");
    assertThat(browser.findElement(DRAWER).getDomAttribute("data-status")).isEqualTo("assigned");
    assertThat(browser.findElement(DRAWER).getText()).contains("patrol-7");
    JsonObject stored = reportOnServer(id);
    assertThat(stored.getString("status")).isEqualTo("assigned");
    assertThat(stored.getString("assignee")).isEqualTo("patrol-7");
  }

  @Test
  void aChangeMadeMeanwhileIsShownAndNothingIsSentTwice() throws Exception {
    // Hold back the stream's news of the report, as when the change lands just as the user clicks.
    Chromium.holdBackLiveMessages(browser);
    WebDriverWait wait = openPage(node.tokenFor("supervisor-miri", Role.SUPERVISOR));
    String id = openedFromLatest(wait);
    browser.executeScript("window.__hold = arguments[0]", id);

    var meanwhile = node.patch("/api/v1/reports/" + id, node.tokenFor("operator-avi", Role.OPERATOR),
        "{\"status\":\"assigned\",\"assignee\":\"patrol-3\"}", Map.of());
    assertThat(meanwhile.statusCode()).as(meanwhile.body()).isEqualTo(200);
    assertThat(browser.findElement(DRAWER).getDomAttribute("data-version")).as("the page has not heard").isEqualTo("1");
    browser.findElement(By.cssSelector("#report-detail button[data-action='acknowledged']")).click();

    By conflict = By.cssSelector("#report-detail [data-conflict]");
    wait.until(ExpectedConditions.visibilityOfElementLocated(conflict));
    assertThat(browser.findElement(conflict).getText()).contains("operator-avi", "assigned");
    awaitDrawer(wait, id, "2");
    assertThat(browser.findElement(DRAWER).getDomAttribute("data-status")).isEqualTo("assigned");
    // Acknowledging is behind an assigned report: no longer offered.
    assertThat(browser.findElements(By.cssSelector("#report-detail button[data-action='acknowledged']"))).isEmpty();
    JsonObject stored = reportOnServer(id);
    assertThat(stored.getInteger("version")).as("the page's change was not sent again").isEqualTo(2);
    assertThat(stored.getString("status")).isEqualTo("assigned");
    assertThat(history(id)).isEqualTo(2);

    // The user acts again on what is there now.
    browser.findElement(By.cssSelector("#report-detail button[data-action='en_route']")).click();
    awaitDrawer(wait, id, "3");
    assertThat(reportOnServer(id).getString("status")).isEqualTo("en_route");
    assertThat(browser.findElement(conflict).isDisplayed()).isFalse();
  }

  @Test
  void aDisplaySeesTheReportButNoControlsAndNoReporter() throws Exception {
    WebDriverWait wait = openPage(node.token(Role.DISPLAY));
    String id = node.report(EndToEndIT.REPORT).getString("id");

    Chromium.click(wait, By.cssSelector("#map path[data-report-id='" + id + "']"));
    awaitDrawer(wait, id, "1");
    WebElement drawer = browser.findElement(DRAWER);
    wait.until(d -> drawer.findElements(By.cssSelector(".history li[data-version='1']")).size() == 1);
    assertThat(drawer.getText()).contains("עמוד חשמל נוטה מעל המדרכה", "intake:call-taker");
    assertThat(drawer.findElements(By.cssSelector("button[data-action], select[data-assign], textarea[data-note]"))).isEmpty();
    assertThat(drawer.findElements(By.cssSelector("[data-reporter], a[href^='tel:']"))).isEmpty();
    assertThat(browser.getPageSource()).doesNotContain("דנה לוי").doesNotContain("050-1234567");
    drawer.findElement(By.cssSelector("button[data-close]")).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(DRAWER));
    // Nor an acknowledge button on an overdue row.
    String overdue = node.report(OpsPageBrowserIT.INJURY).getString("id");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#overdue li[data-report-id='" + overdue + "']")));
    assertThat(browser.findElements(By.cssSelector("#overdue li button"))).isEmpty();
  }

  private WebDriverWait openPage(String token) {
    return Chromium.openOpsPage(browser, node.port(), token);
  }

  /** A report with a reporter, posted and opened from the Latest list; its id. */
  private String openedFromLatest(WebDriverWait wait) throws Exception {
    String id = node.report(HAZARD_IN_SHIMSHON).getString("id");
    Chromium.click(wait, By.cssSelector("#latest li[data-report-id='" + id + "']"));
    awaitDrawer(wait, id, "1");
    return id;
  }

  /** Clicks what {@code target} finds; again if the list was drawn anew just then. */
  /** The drawer is open on report {@code id} at {@code version}. */
  private void awaitDrawer(WebDriverWait wait, String id, String version) {
    wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("#report-detail[data-report-id='" + id + "'][data-version='" + version + "']")));
  }

  private JsonObject reportOnServer(String id) throws Exception {
    var response = node.get("/api/v1/reports/" + id, node.token(Role.SUPERVISOR));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  private int history(String id) throws Exception {
    var response = node.get("/api/v1/reports/" + id + "/history", node.token(Role.SUPERVISOR));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body()).getJsonArray("history").size();
  }
}
