package org.hamal.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.hamal.gateway.auth.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The ops page's controls in a real headless Chromium (docs/ops-page.md, "Mode control" and "The
 * incident drawer"): a supervisor sets and releases the city's mode through a reason and a
 * confirmation; operators and supervisors merge and split incidents, each with an undo; a display
 * sees no control. Every change is checked over HTTP, not only on the page.
 *
 * <p>One node for the class: each test makes its own incidents, of its own categories and places,
 * and the mode test leaves the city in routine.
 */
class OpsConsoleBrowserIT {

  // Default mode thresholds: after a release the emergency stays until the (slow) automatic
  // triggers decide.
  @RegisterExtension static final RunningNode node = RunningNode.extension().withEnv(RunningNode.NO_TILES);
  @TempDir Path profile;
  private ChromeDriver browser;

  @BeforeEach
  void startBrowser() {
    browser = browser(profile);
  }

  /** The doc screenshots are of a 1920×1080 page (the window's size leaves less to the page). */
  private static ChromeDriver browser(Path profile) {
    ChromeDriver started = Chromium.start(profile, 1920, 1080);
    started.executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", 1920, "height", 1080, "deviceScaleFactor", 1, "mobile", false));
    return started;
  }

  @AfterEach
  void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void aSupervisorDeclaresAnEmergencyReleasesTheHoldAndReturnsToRoutineEachWithAReasonAndAConfirmation() throws Exception {
    String supervisor = node.tokenFor("supervisor-miri", Role.SUPERVISOR);
    try {
      WebDriverWait wait = openPage(supervisor);
      wait.until(ExpectedConditions.attributeToBe(By.id("mode-banner"), "data-mode", "routine"));
      assertThat(modeActions()).isEqualTo("declare-emergency");

      // An empty reason is refused in the page: nothing is asked of the server.
      click(wait, "[data-mode-action='declare-emergency']");
      WebElement dialog = browser.findElement(By.id("mode-dialog"));
      assertThat(dialog.getDomAttribute("open")).isNotNull();
      click(wait, "#mode-dialog [data-step-body='reason'] [data-next]");
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#mode-dialog [data-error]")));
      assertThat(dialog.findElement(By.cssSelector("[data-error]")).getText()).contains("נדרשת סיבה");
      assertThat(dialog.getDomAttribute("data-step")).isEqualTo("reason");

      // A reason, then the confirmation step says what will happen; until confirmed nothing changes.
      dialog.findElement(By.tagName("textarea")).sendKeys("מטח רקטות לעבר אשקלון");
      click(wait, "#mode-dialog [data-step-body='reason'] [data-next]");
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#mode-dialog [data-confirm]")));
      assertThat(dialog.findElement(By.cssSelector("[data-effect]")).getText())
          .contains("EMERGENCY", "routine reports are deferred", "held until the hold is released");
      assertThat(dialog.findElement(By.cssSelector("[data-reason-echo]")).getText()).isEqualTo("מטח רקטות לעבר אשקלון");
      Chromium.docScreenshot(browser, "ops-mode-dialog.png");
      assertThat(mode().getString("mode")).isEqualTo("routine");

      click(wait, "#mode-dialog [data-confirm]");
      wait.until(d -> d.findElement(By.id("mode-dialog")).getDomAttribute("open") == null);
      wait.until(ExpectedConditions.attributeToBe(By.id("mode-banner"), "data-mode", "emergency"));
      wait.until(ExpectedConditions.attributeToBe(By.id("mode-banner"), "data-manual", "true"));
      assertThat(browser.findElement(By.id("mode-reason")).getText()).contains("supervisor-miri", "מטח רקטות לעבר אשקלון");
      JsonObject declared = mode();
      assertThat(declared.getString("mode")).isEqualTo("emergency");
      assertThat(declared.getBoolean("manual")).isTrue();
      assertThat(declared.getString("actor")).isEqualTo("supervisor-miri");
      wait.until(d -> modeActions().equals("return-routine release"));

      // Releasing the hold: the emergency stays, the automatic triggers decide from now on.
      confirmInDialog(wait, "release", "ההתרעה הסתיימה", "stays in EMERGENCY");
      wait.until(ExpectedConditions.attributeToBe(By.id("mode-banner"), "data-manual", "false"));
      assertThat(browser.findElement(By.id("mode-banner")).getDomAttribute("data-trigger")).isEqualTo("release");
      assertThat(browser.findElement(By.id("mode-reason")).getText()).contains("supervisor-miri", "ההתרעה הסתיימה");
      assertThat(mode().getBoolean("manual")).isFalse();
      assertThat(mode().getString("mode")).isEqualTo("emergency");
      wait.until(d -> modeActions().equals("return-routine"));

      confirmInDialog(wait, "return-routine", "חזרה לשגרה אחרי הבדיקה", "returns to ROUTINE");
      wait.until(ExpectedConditions.attributeToBe(By.id("mode-banner"), "data-mode", "routine"));
      assertThat(browser.findElement(By.id("mode-reason")).getText()).contains("חזרה לשגרה אחרי הבדיקה");
      JsonObject routine = mode();
      assertThat(routine.getString("mode")).isEqualTo("routine");
      assertThat(routine.getBoolean("manual")).isTrue();
      wait.until(d -> modeActions().equals("declare-emergency release"));
    } finally {
      // Whatever happened above, the other tests' reports are not deferred.
      node.send("PUT", "/api/v1/mode", supervisor, "{\"mode\":\"routine\",\"reason\":\"test over\"}");
    }
  }

  @Test
  void anOperatorMergesAndSplitsButSetsNoModeAndADisplaySeesNoControl() throws Exception {
    String a = node.report(report("noise", 34.5700, 31.6700, "מסיבה")).getString("incident");
    node.report(report("noise", 34.5730, 31.6720, "רעש"));

    WebDriverWait wait = openPage(node.tokenFor("operator-avi", Role.OPERATOR));
    wait.until(ExpectedConditions.attributeToBe(By.id("mode-banner"), "data-mode", "routine"));
    openIncident(wait, a);
    wait.until(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector("#incident-detail [data-report-id] input[type=checkbox]")));
    assertThat(browser.findElements(By.cssSelector("#incident-detail [data-action='split']"))).hasSize(1);
    assertThat(browser.findElements(By.cssSelector("#incident-detail [data-action='merge']"))).hasSize(1);
    // The server refuses an operator the mode: the page shows no such control.
    assertThat(browser.findElements(By.cssSelector("[data-mode-action]"))).isEmpty();
    assertThat(browser.findElements(By.id("mode-dialog"))).isEmpty();
    browser.quit();

    browser = browser(profile.resolve("display"));
    wait = openPage(node.token(Role.DISPLAY));
    wait.until(ExpectedConditions.attributeToBe(By.id("mode-banner"), "data-mode", "routine"));
    openIncident(wait, a);
    assertThat(browser.findElement(By.id("incident-detail")).getText()).contains("רעש", "noise");
    assertThat(browser.findElements(By.cssSelector("#incident-detail input"))).isEmpty();
    assertThat(browser.findElements(By.cssSelector("#incident-detail [data-action]"))).isEmpty();
    assertThat(browser.findElements(By.cssSelector("[data-mode-action]"))).isEmpty();
  }

  @Test
  void twoIncidentsOfOneCategoryMergeFromThePageAndTheUndoSplitsThemApart() throws Exception {
    JsonObject first = node.report(report("trees", 34.5450, 31.6550, "עץ נפל על מדרכה"));
    JsonObject second = node.report(report("trees", 34.5480, 31.6570, "ענף שבור"));
    String from = first.getString("incident");
    String into = second.getString("incident");
    assertThat(from).isNotEqualTo(into);
    String water = node.report(report("water", 34.5452, 31.6551, "פיצוץ צינור")).getString("incident");
    // The page's stream messages can be held back and let through later: the refusal below needs
    // the page not to have heard yet of what the server did meanwhile.
    browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
        const Native = window.WebSocket;
        window.__held = null;
        window.WebSocket = class extends Native {
          set onmessage(handler) {
            super.onmessage = handler && (event => window.__held
                ? window.__held.push(() => handler.call(this, event)) : handler.call(this, event));
          }
          get onmessage() { return super.onmessage; }
        };
        window.__release = () => { const held = window.__held || []; window.__held = null; held.forEach(f => f()); };"""));

    WebDriverWait wait = openPage(node.tokenFor("supervisor-miri", Role.SUPERVISOR));
    openIncident(wait, from);
    By target = By.cssSelector("#incident-detail [data-merge-into='" + into + "']");
    wait.until(ExpectedConditions.presenceOfElementLocated(target));
    WebElement other = browser.findElement(By.cssSelector("#incident-detail [data-merge-into='" + water + "']"));
    assertThat(other.getDomAttribute("disabled")).isNotNull();
    assertThat(other.findElement(By.xpath("ancestor::li")).getText()).contains("קטגוריה אחרת", "different category", "water");
    assertThat(browser.findElement(target).getDomAttribute("disabled")).isNull();
    assertThat(browser.findElement(By.cssSelector("#incident-detail [data-action='merge']")).isEnabled()).isFalse();
    browser.findElement(target).click();
    Chromium.docScreenshot(browser, "ops-incident-panel.png");

    click(wait, "#incident-detail [data-action='merge']");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#undo-toast [data-undo]")));
    assertThat(incidentOf(first)).isEqualTo(into);
    assertThat(members(into)).isEqualTo(2);
    // The drawer follows the merge to the incident merged into.
    wait.until(ExpectedConditions.attributeToBe(By.id("incident-detail"), "data-incident-id", into));

    click(wait, "#undo-toast [data-undo]");
    wait.until(ExpectedConditions.attributeToBe(By.id("undo-toast"), "data-outcome", "undone"));
    String apart = incidentOf(first);
    assertThat(apart).isNotEqualTo(into);
    assertThat(members(into)).isEqualTo(1);
    assertThat(members(apart)).isEqualTo(1);
    assertThat(new JsonObject(node.get("/api/v1/incidents/" + apart, node.adminToken()).body()).getJsonObject("incident"))
        .as("the split-off report is an open incident again").isNotNull();

    // The server's refusal is shown in the drawer: the chosen incident closed meanwhile.
    wait.until(ExpectedConditions.attributeToBe(By.id("incident-detail"), "data-incident-id", apart));
    By back = By.cssSelector("#incident-detail [data-merge-into='" + into + "']");
    wait.until(ExpectedConditions.elementToBeClickable(back)).click();
    // Held, or the page would hear that the chosen incident closed and take it off the list first.
    browser.executeScript("window.__held = [];");
    String elsewhere = node.report(report("trees", 34.5520, 31.6620, "עץ")).getString("incident");
    var merged = node.post("/api/v1/incidents/" + into + "/merge", node.adminToken(),
        new JsonObject().put("into", elsewhere).encode());
    assertThat(merged.statusCode()).as(merged.body()).isEqualTo(200);
    click(wait, "#incident-detail [data-action='merge']");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#incident-detail [data-error]"), "unknown_incident"));
    browser.executeScript("window.__release();");
    assertThat(incidentOf(first)).isEqualTo(apart);
  }

  @Test
  void aReportSplitOffFromThePageIsMergedBackByTheUndo() throws Exception {
    JsonObject stays = node.report(report("sewage", 34.5600, 31.6600, "ביוב עולה"));
    JsonObject leaves = node.report(report("sewage", 34.5605, 31.6602, "ריח ביוב"));
    String incident = stays.getString("incident");
    assertThat(leaves.getString("incident")).isEqualTo(incident);

    WebDriverWait wait = openPage(node.tokenFor("operator-avi", Role.OPERATOR));
    openIncident(wait, incident);
    By split = By.cssSelector("#incident-detail [data-action='split']");
    wait.until(d -> d.findElements(By.cssSelector("#incident-detail [data-report-id] input[type=checkbox]")).size() == 2);
    assertThat(browser.findElement(split).isEnabled()).isFalse();
    checkbox(stays).click();
    checkbox(leaves).click();
    assertThat(browser.findElement(split).isEnabled()).as("not every report can split off").isFalse();
    checkbox(stays).click();
    assertThat(browser.findElement(split).isEnabled()).isTrue();
    browser.findElement(split).click();

    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#undo-toast [data-undo]")));
    String created = incidentOf(leaves);
    assertThat(created).isNotEqualTo(incident);
    assertThat(members(incident)).isEqualTo(1);
    wait.until(d -> d.findElements(By.cssSelector("#incident-detail [data-report-id]")).size() == 1);

    click(wait, "#undo-toast [data-undo]");
    wait.until(ExpectedConditions.attributeToBe(By.id("undo-toast"), "data-outcome", "undone"));
    assertThat(incidentOf(leaves)).isEqualTo(incident);
    assertThat(members(incident)).isEqualTo(2);
    wait.until(d -> d.findElements(By.cssSelector("#incident-detail [data-report-id]")).size() == 2);

    // Split again; meanwhile the original incident is merged away: the undo is refused, and says why.
    wait.until(d -> {
      checkbox(leaves).click();
      return true;
    });
    click(wait, "#incident-detail [data-action='split']");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#undo-toast [data-undo]")));
    String again = incidentOf(leaves);
    assertThat(again).isNotEqualTo(incident);
    String elsewhere = node.report(report("sewage", 34.5650, 31.6650, "ביוב")).getString("incident");
    var merged = node.post("/api/v1/incidents/" + incident + "/merge", node.adminToken(),
        new JsonObject().put("into", elsewhere).encode());
    assertThat(merged.statusCode()).as(merged.body()).isEqualTo(200);
    click(wait, "#undo-toast [data-undo]");
    wait.until(ExpectedConditions.attributeToBe(By.id("undo-toast"), "data-outcome", "failed"));
    assertThat(browser.findElement(By.id("undo-toast")).getText()).contains("Undo failed", "closed meanwhile", "unknown_incident");
    assertThat(incidentOf(leaves)).isEqualTo(again);
  }

  // ---- helpers -----------------------------------------------------------------------------

  private WebDriverWait openPage(String token) {
    browser.get("http://127.0.0.1:" + node.port() + "/#token=" + token);
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.ignoring(StaleElementReferenceException.class);
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-live", "true"));
    return wait;
  }

  /** Opens the incident's drawer from the Top incidents list (which lists single reports too). */
  private void openIncident(WebDriverWait wait, String id) {
    click(wait, "#incidents li[data-incident-id='" + id + "']");
    wait.until(ExpectedConditions.attributeToBe(By.id("incident-detail"), "data-incident-id", id));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#incident-detail [data-report-id]")));
  }

  /** The lists are redrawn as messages come: find and click inside the wait. */
  private void click(WebDriverWait wait, String css) {
    wait.until(d -> {
      WebElement e = ExpectedConditions.elementToBeClickable(By.cssSelector(css)).apply(d);
      if (e == null) {
        return false;
      }
      e.click();
      return true;
    });
  }

  /** Opens a mode action's dialog, gives the reason, checks what it says will happen, confirms. */
  private void confirmInDialog(WebDriverWait wait, String action, String reason, String effect) throws Exception {
    click(wait, "[data-mode-action='" + action + "']");
    WebElement dialog = browser.findElement(By.id("mode-dialog"));
    dialog.findElement(By.tagName("textarea")).sendKeys(reason);
    click(wait, "#mode-dialog [data-step-body='reason'] [data-next]");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#mode-dialog [data-confirm]")));
    assertThat(dialog.findElement(By.cssSelector("[data-effect]")).getText()).contains(effect);
    click(wait, "#mode-dialog [data-confirm]");
    wait.until(d -> d.findElement(By.id("mode-dialog")).getDomAttribute("open") == null);
  }

  private String modeActions() {
    return String.join(" ", browser.findElements(By.cssSelector("#mode-banner [data-mode-action]")).stream()
        .map(b -> b.getDomAttribute("data-mode-action")).toList());
  }

  private WebElement checkbox(JsonObject report) {
    return browser.findElement(By.cssSelector(
        "#incident-detail [data-report-id='" + report.getString("id") + "'] input[type=checkbox]"));
  }

  private static JsonObject mode() throws Exception {
    return new JsonObject(node.get("/api/v1/mode", node.adminToken()).body());
  }

  private static String incidentOf(JsonObject report) throws Exception {
    return new JsonObject(node.get("/api/v1/reports/" + report.getString("id"), node.adminToken()).body())
        .getString("incident");
  }

  /** The reports now in the incident (its answer also lists those that left it). */
  private static long members(String incident) throws Exception {
    JsonObject answer = new JsonObject(node.get("/api/v1/incidents/" + incident, node.adminToken()).body());
    return answer.getJsonArray("reports").stream()
        .filter(r -> incident.equals(((JsonObject) r).getString("incident"))).count();
  }

  private static String report(String category, double lon, double lat, String description) {
    return new JsonObject().put("category", category).put("description", description)
        .put("location", new JsonObject().put("lon", lon).put("lat", lat)).encode();
  }
}
