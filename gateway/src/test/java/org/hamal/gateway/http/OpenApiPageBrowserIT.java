package org.hamal.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.hamal.gateway.Chromium;
import org.hamal.gateway.RunningNode;
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
 * The API page, /docs/api/, in a real headless Chromium with no internet: Swagger UI from the
 * node's own webjar renders /api/v1/openapi.json, operations grouped by tag, each with its roles,
 * and the filter finds a tag.
 */
class OpenApiPageBrowserIT {

  @RegisterExtension static final RunningNode node = RunningNode.extension().withEnv(RunningNode.NO_TILES);
  @TempDir Path profile;
  private ChromeDriver browser;

  @BeforeEach
  void start() {
    browser = Chromium.start(profile, 1400, 1400);
  }

  @AfterEach
  void stop() {
    browser.quit();
  }

  @Test
  void thePageRendersTheDocumentFromTheNode() throws Exception {
    browser.get("http://127.0.0.1:" + node.port() + "/docs/api/");
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.ignoring(StaleElementReferenceException.class);
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));

    By createReport = operation("post", "/api/v1/reports");
    By createAlert = operation("post", "/api/v1/alerts");
    wait.until(ExpectedConditions.visibilityOfElementLocated(createReport));
    assertThat(browser.findElement(createAlert).isDisplayed()).isTrue();
    assertThat(browser.findElements(operation("patch", "/api/v1/reports/{id}"))).hasSize(1);
    assertThat(browser.findElements(operation("get", "/open311/v2/requests.{format}"))).hasSize(1);
    assertThat(browser.findElement(By.cssSelector(".info .title")).getText()).contains("Hamal HTTP API");

    // Opened, an operation shows who may call it and what it takes.
    browser.findElement(createReport).click();
    By opened = By.cssSelector("#operations-reports-createReport .opblock-body");
    wait.until(ExpectedConditions.visibilityOfElementLocated(opened));
    WebElement body = browser.findElement(By.id("operations-reports-createReport"));
    wait.until(d -> body.getText().contains("Roles:"));
    assertThat(body.getText()).contains("Roles:", "intake", "Idempotency-Key", "201", "422");
    Chromium.docScreenshot(browser, "api-page.png");

    // The filter keeps one tag.
    browser.findElement(By.cssSelector("input.operation-filter-input")).sendKeys("alerts");
    wait.until(ExpectedConditions.numberOfElementsToBe(createReport, 0));
    assertThat(browser.findElement(createAlert).isDisplayed()).isTrue();
    // Swagger UI runs within the node's content security policy, like every page.
    assertThat(Chromium.cspViolations(browser)).as("API page").isEmpty();
  }

  /** An operation's summary line, by the method and path Swagger UI marks it with. */
  private static By operation(String method, String path) {
    return By.xpath("//div[contains(@class,'opblock-" + method + "')]"
        + "//*[contains(@class,'opblock-summary-path') and @data-path='" + path + "']");
  }
}
