package org.hamal.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.hamal.cluster.TestClusters;
import org.hamal.gateway.auth.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The ops-room page in a real headless Chromium: the district map draws with no tile server
 * reachable, and a report posted over HTTP appears as a marker and in the district's count.
 */
class OpsPageBrowserIT {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  @TempDir Path data;
  @TempDir Path profile;
  private RunningNode node;
  private WebDriver browser;

  @BeforeEach
  void start() throws Exception {
    assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
        .as("Chromium and ChromeDriver are needed for page tests: apt-get install chromium chromium-driver (.ci/run does)")
        .isTrue();
    // Tiles from a port where nothing listens: the room has no internet.
    node =
        RunningNode.start(
            data,
            TestClusters.random(),
            Map.of("HAMAL_MAP_TILE_URL", "http://127.0.0.1:9/{z}/{x}/{y}.png"));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1600,1000",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
  }

  @AfterEach
  void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (node != null) {
      node.close();
    }
  }

  @Test
  void aPostedReportAppearsOnTheOpenPage() throws Exception {
    browser.get("http://127.0.0.1:" + node.port() + "/#token=" + node.token(Role.DISPLAY));
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-live", "true"));

    assertThat(browser.findElement(By.tagName("html")).getDomAttribute("dir")).isEqualTo("rtl");
    assertThat(browser.getCurrentUrl()).doesNotContain("token=");
    // Eleven district polygons are drawn though no tile could load.
    assertThat(browser.findElements(By.cssSelector("#map path.leaflet-interactive"))).hasSize(11);
    String labels = browser.findElement(By.cssSelector("#map .leaflet-tooltip-pane")).getText();
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

    File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), Path.of("target", "ops-page.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private String countIn(String district) {
    return browser
        .findElement(By.cssSelector("#counts tr[data-district='" + district + "'] td.n"))
        .getText();
  }
}
