package org.hamal.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.hamal.gateway.Chromium;
import org.hamal.gateway.EndToEndIT;
import org.hamal.gateway.RunningNode;
import org.hamal.gateway.auth.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The security headers on answers and pages (docs/security.md, "Headers"), and every page working
 * under its content security policy in a real Chromium: signed in, its map and markers drawn (the
 * configured tile source allowed), and nothing blocked.
 */
class SecurityHeadersBrowserIT {

  @RegisterExtension static final RunningNode node = RunningNode.extension().withEnv(RunningNode.NO_TILES);
  @TempDir static Path profile;
  private static ChromeDriver browser;

  @BeforeAll
  static void start() throws Exception {
    // Something on every map.
    assertThat(node.post("/api/v1/reports", node.adminToken(), EndToEndIT.REPORT).statusCode()).isEqualTo(201);
    browser = Chromium.start(profile, 1280, 900);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void anApiAnswerIsNeverStoredAndCarriesTheHeaders() throws Exception {
    HttpResponse<String> answer = node.get("/api/v1/reports", node.token(Role.OPERATOR));
    assertThat(answer.statusCode()).isEqualTo(200);
    assertSecurityHeaders(answer);
    assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
    HttpResponse<String> error = node.get("/api/v1/reports", null);
    assertThat(error.statusCode()).isEqualTo(401);
    assertSecurityHeaders(error);
    assertThat(error.headers().firstValue("Cache-Control")).hasValue("no-store");
  }

  @Test
  void pagesAndTheirFilesAreKeptAndRevalidated() throws Exception {
    for (String path : new String[] {"/", "/field/", "/field/sw.js", "/ops/app.js", "/vendor/leaflet/dist/leaflet.js"}) {
      HttpResponse<String> page = node.get(path, null);
      assertThat(page.statusCode()).as(path).isEqualTo(200);
      assertSecurityHeaders(page);
      assertThat(page.headers().firstValue("Cache-Control")).as(path).hasValue("no-cache");
    }
    String policy = node.get("/", null).headers().firstValue("Content-Security-Policy").orElseThrow();
    // Exactly the configured tile source (RunningNode.NO_TILES), and nothing inline.
    assertThat(policy).contains("img-src 'self' data: blob: http://127.0.0.1:9;", "frame-ancestors 'none'")
        .doesNotContain("unsafe-inline", "unsafe-eval");
  }

  @Test
  void everyPageRunsUnderThePolicyWithNothingBlocked() throws Exception {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.ignoring(StaleElementReferenceException.class);

    Chromium.openOpsPage(browser, node.port(), node.token(Role.DISPLAY));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#map .leaflet-interactive")));
    assertThat(Chromium.cspViolations(browser)).as("ops page").isEmpty();

    browser.get("about:blank");
    browser.get(node.uri("/intake/#token=" + node.tokenFor("calltaker-csp", Role.INTAKE)).toString());
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".leaflet-overlay-pane path")));
    assertThat(Chromium.cspViolations(browser)).as("intake page").isEmpty();

    browser.get("about:blank");
    String supervisor = node.tokenFor("supervisor-csp", Role.SUPERVISOR);
    browser.get(node.uri("/devices/#token=" + supervisor).toString());
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
    assertThat(Chromium.cspViolations(browser)).as("devices page").isEmpty();

    var issued = node.post("/api/v1/devices/links", supervisor, new JsonObject().put("subject", "patrol-csp")
        .put("districts", new JsonArray().add("shimshon")).put("ttl", "1h").encode());
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
    browser.get("about:blank");
    browser.get(new JsonObject(issued.body()).getString("url"));
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-screen", "app"));
    wait.until(ExpectedConditions.attributeToBe(By.id("status"), "data-state", "live"));
    assertThat(Chromium.cspViolations(browser)).as("field app").isEmpty();

    // The recorder sees what the policy blocks: an image from elsewhere, a style attribute (what
    // Leaflet does through element.style is not one, as the maps above show).
    browser.executeScript("""
        const img = document.createElement('img'); img.src = 'http://192.0.2.1/x.png'; document.body.append(img);
        document.body.setAttribute('style', 'color: red');""");
    wait.until(d -> Chromium.cspViolations(browser).size() == 2);
    assertThat(Chromium.cspViolations(browser)).anyMatch(v -> v.startsWith("img-src"))
        .anyMatch(v -> v.startsWith("style-src"));
  }

  private static void assertSecurityHeaders(HttpResponse<String> answer) {
    var headers = answer.headers();
    assertThat(headers.firstValue("Content-Security-Policy")).get().asString().contains("default-src 'self'");
    assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(headers.firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(headers.firstValue("Referrer-Policy")).hasValue("no-referrer");
  }
}
