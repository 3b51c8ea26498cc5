package org.hamal.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
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
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The ops-room page in a real headless Chromium: the district map draws with no tile server
 * reachable, a report posted over HTTP appears as a marker and in the district's count, the mode
 * banner follows the city's mode, reports of one event show as one incident, and an overdue
 * report is listed until it is handled.
 */
class OpsPageBrowserIT {

  /** Quick mode hysteresis (as ModeIT), and life-safety reports overdue at once (the other ops tests too). */
  static final String CONFIG =
      """
      mode:
        enterAfterSeconds: 2
        exitAfterSeconds: 2
        minDwellSeconds: 2
        intakeRatePerSecond: 1000
        tickMillis: 200
      sla:
        routineMinutes: {5: 0, 4: 60, 3: 60, 2: 60, 1: 60}
        emergencyMinutes: {5: 0, 4: 60, 3: 60, 2: 60, 1: 60}
        checkSeconds: 1
      """;
  /** Priority 2 and not deferrable: in an emergency a count, a heat cell and an incident. */
  private static final String ROADS =
      "{\"category\":\"roads\",\"description\":\"שלט נפל\",\"location\":{\"lon\":34.545,\"lat\":31.655}}";
  static final String INJURY =
      "{\"category\":\"injury\",\"description\":\"פצוע ברחוב\",\"location\":{\"lon\":34.545,\"lat\":31.655}}";

  @RegisterExtension final RunningNode node = RunningNode.extension().withEnv(RunningNode.NO_TILES).withConfig(CONFIG);
  @TempDir Path profile;
  private WebDriver browser;

  @BeforeEach
  void start() {
    browser = Chromium.start(profile, 1600, 1000);
  }

  @AfterEach
  void stop() {
    browser.quit();
  }

  @Test
  void aPostedReportAppearsOnTheOpenPage() throws Exception {
    WebDriverWait wait = openPage();

    assertThat(browser.findElement(By.tagName("html")).getDomAttribute("dir")).isEqualTo("rtl");
    assertThat(browser.getCurrentUrl()).doesNotContain("token=");
    // Eleven district polygons are drawn though no tile could load.
    assertThat(browser.findElements(By.cssSelector("#map path.leaflet-interactive"))).hasSize(11);
    String labels = browser.findElement(By.cssSelector("#map .leaflet-districtNames-pane")).getText();
    assertThat(labels).contains("שמשון", "Shimshon", "אפרידר", "Afridar");
    assertThat(countIn("neot-ashkelon")).isEqualTo("0");

    var response = node.post("/api/v1/reports", node.token(Role.OPERATOR), EndToEndIT.REPORT);
    assertThat(response.statusCode()).isEqualTo(201);
    String id = new JsonObject(response.body()).getString("id");

    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("#map [data-report-id='" + id + "']")));
    wait.until(d -> countIn("neot-ashkelon").equals("1"));
    assertThat(browser.findElement(By.id("total")).getText()).isEqualTo("1");
    // A display never receives the reporter, so the page cannot show it.
    assertThat(browser.getPageSource()).doesNotContain("דנה לוי").doesNotContain("050-1234567");

    screenshot("ops-page.png");
  }

  @Test
  void aPageThatLosesItsStreamResumesWhereItWasWithTheEntrysTag() throws Exception {
    // Before the page's own script: remember its sockets, what it sends and what it receives.
    ((ChromeDriver) browser).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
        (() => {
          const Native = window.WebSocket;
          window.__live = { sockets: [], sent: [], received: [] };
          window.WebSocket = class extends Native {
            constructor(url, protocols) {
              super(url, protocols);
              window.__live.sockets.push(this);
              this.addEventListener('message', e => window.__live.received.push(JSON.parse(e.data)));
            }
            send(data) { window.__live.sent.push(JSON.parse(data)); return super.send(data); }
          };
        })();"""));
    WebDriverWait wait = openPage();
    String first = postReport();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#map [data-report-id='" + first + "']")));

    // The connection drops (a tablet's network, a node behind a dying proxy); a report comes meanwhile.
    ((ChromeDriver) browser).executeScript("window.__live.sockets[window.__live.sockets.length - 1].close()");
    String second = postReport();

    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#map [data-report-id='" + second + "']")));
    wait.until(d -> "2".equals(browser.findElement(By.id("total")).getText()));
    JsonArray sent = new JsonArray((String) ((ChromeDriver) browser).executeScript("return JSON.stringify(window.__live.sent)"));
    JsonObject resume = sent.stream().map(JsonObject.class::cast)
        .filter(m -> "subscribe".equals(m.getString("type")) && m.containsKey("resume"))
        .reduce((a, b) -> b).orElseThrow().getJsonObject("resume");
    assertThat(resume.getString("epoch")).isNotBlank();
    assertThat(resume.getLong("seq")).isNotNull();
    assertThat(resume.getString("tag")).as("the page names the entry at its position").isNotBlank();
    JsonArray received =
        new JsonArray((String) ((ChromeDriver) browser).executeScript("return JSON.stringify(window.__live.received)"));
    // The server found that entry at that position: it resumed the page, no snapshot.
    assertThat(received.stream().map(JsonObject.class::cast).filter(m -> "subscribed".equals(m.getString("type"))))
        .extracting(m -> m.getString("mode"))
        .containsExactly("snapshot", "resume");
  }

  private String postReport() throws Exception {
    var response = node.post("/api/v1/reports", node.token(Role.OPERATOR), EndToEndIT.REPORT);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return new JsonObject(response.body()).getString("id");
  }

  @Test
  void theBannerFollowsTheModeAndAnEmergencyShowsCountsHeatAndOnlyUrgentPins() throws Exception {
    WebDriverWait wait = openPage();
    wait.until(ExpectedConditions.attributeToBe(By.id("mode-banner"), "data-mode", "routine"));
    assertThat(banner()).contains("שגרה");
    String supervisor = node.tokenFor("supervisor-miri", Role.SUPERVISOR);

    var set = node.send("PUT", "/api/v1/mode", supervisor, "{\"mode\":\"emergency\",\"reason\":\"מטח רקטות לעבר אשקלון\"}");
    assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
    wait.until(ExpectedConditions.attributeToBe(By.id("mode-banner"), "data-mode", "emergency"));
    assertThat(banner()).contains("חירום", "מטח רקטות לעבר אשקלון", "supervisor-miri", "מאז");
    assertThat(browser.findElement(By.tagName("body")).getDomAttribute("data-mode")).isEqualTo("emergency");

    // A fallen sign is a count, a heat cell and an incident; the injury is also a pin.
    String roads = node.report(ROADS).getString("id");
    String injury = node.report(INJURY).getString("id");
    wait.until(d -> countIn("shimshon").equals("2"));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#map [data-report-id='" + injury + "']")));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#map path.heat-cell[data-heat-count='2']")));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#map [data-incident-id][data-category='roads']")));
    assertThat(browser.findElements(By.cssSelector("[data-report-id='" + roads + "']"))).isEmpty();
    screenshot("ops-page-emergency.png");

    var released = node.post("/api/v1/mode/release", supervisor, "{\"reason\":\"ההתרעה הסתיימה\"}");
    assertThat(released.statusCode()).as(released.body()).isEqualTo(200);
    wait.until(ExpectedConditions.attributeToBe(By.id("mode-banner"), "data-mode", "routine"));
    assertThat(banner()).contains("שגרה").doesNotContain("חירום");
    // Back in routine: no heat, and every open report is a pin again, the counts unchanged.
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#map [data-report-id='" + roads + "']")));
    assertThat(browser.findElements(By.cssSelector("#map .heat-cell"))).isEmpty();
    assertThat(countIn("shimshon")).isEqualTo("2");
  }

  @Test
  void reportsOfOneEventAreOneIncidentOnTheMapAndInTheList() throws Exception {
    WebDriverWait wait = openPage();
    // An impact in Barnea reported five times a few tens of metres apart (as IncidentIT).
    String incident = null;
    for (int i = 0; i < 5; i++) {
      incident =
          node.report(
                  "{\"category\":\"building-hit\",\"description\":\"נפילה בבניין\",\"location\":{\"lon\":"
                      + (34.5737 + i * 0.0002) + ",\"lat\":" + (31.6879 + i * 0.0001) + "}}")
              .getString("incident");
    }
    String id = incident;
    By marker = By.cssSelector("#map path[data-incident-id='" + id + "']");
    wait.until(d -> "5".equals(d.findElement(marker).getDomAttribute("data-count")));
    assertThat(browser.findElements(By.cssSelector("#map path[data-incident-id]"))).hasSize(1);
    // The label and the list are redrawn as the incident is recounted: read them afresh each time.
    wait.until(d -> d.findElement(By.cssSelector(".incident-label [data-incident-id='" + id + "']")).getText()
        .matches("(?s).*\\b5\\b.*פגיעה במבנה.*"));
    wait.until(d -> {
      var first = d.findElement(By.cssSelector("#incidents li"));
      return id.equals(first.getDomAttribute("data-incident-id"))
          && "5".equals(first.getDomAttribute("data-count"))
          && first.getText().contains("פגיעה במבנה")
          && first.getText().contains("ברנע");
    });
    assertThat(browser.findElements(By.cssSelector("#incidents li"))).hasSize(1);
    assertThat(countIn("barnea")).isEqualTo("5");
    screenshot("ops-page-incident.png");
  }

  @Test
  void anOverdueReportIsListedUntilItIsHandled() throws Exception {
    WebDriverWait wait = openPage();
    // Priority 5 has 0 minutes in this configuration: overdue at once.
    String id = node.report(INJURY).getString("id");
    By listed = By.cssSelector("#overdue li[data-report-id='" + id + "']");
    wait.until(ExpectedConditions.visibilityOfElementLocated(listed));
    assertThat(browser.findElement(listed).getText()).contains("פצועים", "שמשון");

    // The server announces an escalation once, and a reloaded screen catching up from a shared
    // snapshot does not get it again: the page lists the report from its response target.
    browser.navigate().refresh();
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-live", "true"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(listed));

    var acknowledged =
        node.patch("/api/v1/reports/" + id, node.token(Role.SUPERVISOR), "{\"status\":\"acknowledged\"}", Map.of());
    assertThat(acknowledged.statusCode()).as(acknowledged.body()).isEqualTo(200);
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("overdue-panel")));
    assertThat(browser.findElements(listed)).isEmpty();
  }

  @Test
  void anActivatedLayerIsRedrawnWithoutReloadingThePage() throws Exception {
    WebDriverWait wait = openPage();
    String renamed;
    try (var in = org.hamal.geo.LayerLoader.class.getClassLoader()
        .getResourceAsStream(org.hamal.geo.LayerLoader.BUNDLED_RESOURCE)) {
      renamed = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
          .replace("\"name_en\":\"Shimshon\"", "\"name_en\":\"Shimshon (new)\"")
          .replace("\"id\":\"shimshon\"", "\"id\":\"shimshon-2026\"");
    }
    var put = node.send("PUT", "/api/v1/layer", node.adminToken(), renamed);
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    String version = new JsonObject(put.body()).getString("version");

    wait.until(ExpectedConditions.attributeToBe(By.id("map"), "data-layer-version", version));
    // The table is rebuilt when the counts come in again: read it inside the wait.
    wait.until(d -> countIn("shimshon-2026").equals("0"));
    assertThat(browser.findElements(By.cssSelector("#counts tr[data-district='shimshon']"))).isEmpty();
    assertThat(browser.findElements(By.cssSelector("#map path.leaflet-interactive"))).hasSize(11);
    assertThat(browser.findElement(By.cssSelector("#map .leaflet-districtNames-pane")).getText())
        .contains("Shimshon (new)");
  }

  private WebDriverWait openPage() {
    return Chromium.openOpsPage((ChromeDriver) browser, node.port(), node.token(Role.DISPLAY));
  }

  private String banner() {
    return browser.findElement(By.id("mode-banner")).getText();
  }

  private void screenshot(String name) throws Exception {
    Chromium.screenshot((ChromeDriver) browser, name);
  }

  private String countIn(String district) {
    return browser
        .findElement(By.cssSelector("#counts tr[data-district='" + district + "'] td.n"))
        .getText();
  }
}
