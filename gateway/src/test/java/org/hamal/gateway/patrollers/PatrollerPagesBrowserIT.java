package org.hamal.gateway.patrollers;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.hamal.gateway.Chromium;
import org.hamal.gateway.RunningNode;
import org.hamal.gateway.auth.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The pages of issue 24 in a real headless Chromium: the ops room shows a patroller on duty as
 * its own marker and row, and takes it off on off-duty; a supervisor issues a device link on
 * /devices/, sees its QR code, and revokes it.
 */
class PatrollerPagesBrowserIT {

  private static final String POSITION = "/api/v1/patrollers/me/position";

  @RegisterExtension final RunningNode node = RunningNode.extension().withEnv(RunningNode.NO_TILES);
  @TempDir Path profile;
  private ChromeDriver browser;

  @BeforeEach
  void start() {
    browser = Chromium.start(profile, 1600, 1000);
  }

  @AfterEach
  void stop() {
    browser.quit();
  }

  @Test
  void theOpsRoomShowsAPatrollerOnDutyUntilItSignsOff() throws Exception {
    String patroller = node.tokenFor("patrol-7", Role.PATROLLER);
    // On duty before the page opens: it comes with the subscription.
    String early = node.token(Role.PATROLLER, "barnea");
    assertThat(node.send("PUT", POSITION, early, "{\"lon\":34.5738,\"lat\":31.6879}").statusCode()).isEqualTo(204);

    browser.get("http://127.0.0.1:" + node.port() + "/#token=" + node.token(Role.DISPLAY));
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.ignoring(StaleElementReferenceException.class);
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-live", "true"));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#map [data-patroller='patroller-test']")));

    // And one coming on duty while it is open: live.
    assertThat(node.send("PUT", POSITION, patroller, "{\"lon\":34.545,\"lat\":31.655,\"accuracyM\":8}").statusCode())
        .isEqualTo(204);
    By marker = By.cssSelector("#map .patroller-icon[data-patroller='patrol-7']");
    By row = By.cssSelector("#patrollers li[data-patroller='patrol-7']");
    wait.until(ExpectedConditions.presenceOfElementLocated(marker));
    wait.until(ExpectedConditions.visibilityOfElementLocated(row));
    assertThat(browser.findElement(row).getText()).contains("patrol-7");
    assertThat(browser.findElement(row).getDomAttribute("data-stale")).isEqualTo("false");
    // Its own kind of marker, not a report's pin; labelled with the name.
    assertThat(browser.findElements(By.cssSelector("#map .report-marker"))).isEmpty();
    assertThat(browser.findElement(By.cssSelector("#map .leaflet-tooltip-pane")).getText()).contains("patrol-7");
    screenshot("ops-page-patrollers.png");

    assertThat(node.send("DELETE", POSITION, patroller, "").statusCode()).isEqualTo(204);
    wait.until(ExpectedConditions.numberOfElementsToBe(marker, 0));
    wait.until(ExpectedConditions.numberOfElementsToBe(row, 0));
    assertThat(browser.findElements(By.cssSelector("#patrollers li[data-patroller='patroller-test']"))).hasSize(1);
  }

  @Test
  void aSupervisorIssuesALinkSeesItsQrCodeAndRevokesIt() throws Exception {
    browser.get("http://127.0.0.1:" + node.port() + "/devices/#token=" + node.tokenFor("supervisor-miri", Role.SUPERVISOR));
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.ignoring(StaleElementReferenceException.class);
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
    assertThat(browser.findElement(By.tagName("html")).getDomAttribute("dir")).isEqualTo("rtl");
    assertThat(browser.getCurrentUrl()).doesNotContain("token=");

    browser.findElement(By.id("subject")).sendKeys("סייר 7 patrol-7");
    browser.findElement(By.cssSelector("#districts input[data-district='shimshon']")).click();
    browser.findElement(By.id("hours")).clear();
    browser.findElement(By.id("hours")).sendKeys("8");
    browser.findElement(By.cssSelector("#issue button[type='submit']")).click();

    By qr = By.cssSelector("#qr img[data-qr-image]");
    wait.until(ExpectedConditions.visibilityOfElementLocated(qr));
    wait.until(d -> (Boolean) ((ChromeDriver) d).executeScript(
        "const i = document.querySelector('#qr img'); return i.complete && i.naturalWidth > 0;"));
    assertThat(browser.findElement(qr).getDomAttribute("src")).startsWith("data:image/svg+xml");
    String url = browser.findElement(By.id("issued-url")).getDomProperty("value");
    assertThat(url).startsWith("http://127.0.0.1:" + node.port() + "/field/#signin=");
    String token = url.substring(url.indexOf("#signin=") + "#signin=".length());
    assertThat(node.get("/api/v1/reports", token).statusCode()).as("the link's token works").isEqualTo(200);

    By active = By.cssSelector("#links tr[data-revoked='false']");
    wait.until(ExpectedConditions.visibilityOfElementLocated(active));
    assertThat(browser.findElement(active).getText()).contains("סייר 7 patrol-7", "shimshon", "supervisor-miri");
    screenshot("devices-page.png");

    browser.findElement(By.cssSelector("#links button[data-revoke]")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#links tr[data-revoked='true']")));
    assertThat(node.get("/api/v1/reports", token).statusCode()).as("revoked").isEqualTo(401);
    assertThat(new JsonObject(node.get("/api/v1/devices/links", node.adminToken()).body())
        .getJsonArray("links").getJsonObject(0).getString("revokedAt")).isNotNull();
  }

  private void screenshot(String name) throws Exception {
    Chromium.docScreenshot(browser, name);
  }
}
