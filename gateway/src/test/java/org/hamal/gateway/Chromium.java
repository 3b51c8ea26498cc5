package org.hamal.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A real headless Chromium for page tests, started the one way every page test needs. */
public final class Chromium {

  private static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  /** Screenshots that docs/ shows are written there by the tests (never by hand). */
  private static final Path DOC_SCREENSHOTS = Path.of("..", "docs", "screenshots");

  private Chromium() {}

  /** A new browser with an empty profile in {@code profile}, its window {@code width}×{@code height}. */
  public static ChromeDriver start(Path profile, int width, int height) {
    assertThat(Files.isExecutable(BINARY) && Files.isExecutable(DRIVER))
        .as("Chromium and ChromeDriver are needed for page tests: apt-get install chromium chromium-driver (.ci/run does)")
        .isTrue();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY.toFile());
    // No background traffic: the machine's closed network refuses it, many connections at a time.
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
        "--window-size=" + width + "," + height,
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
    ChromeDriver browser = new ChromeDriver(service, options);
    // Every page records what its content security policy blocked (cspViolations), from its first byte.
    browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", java.util.Map.of("source", """
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
            e.effectiveDirective + ' blocked ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber));"""));
    return browser;
  }

  /** What the content security policy blocked in the current page so far. */
  @SuppressWarnings("unchecked")
  public static java.util.List<String> cspViolations(ChromeDriver browser) {
    return (java.util.List<String>) browser.executeScript("return window.__cspViolations || [];");
  }

  /**
   * Opens the ops page of the node at {@code port} signed in with {@code token}; returns a wait
   * (30 s, ignoring elements drawn anew) once its stream is live.
   */
  public static WebDriverWait openOpsPage(ChromeDriver browser, int port, String token) {
    browser.get("http://127.0.0.1:" + port + "/#token=" + token);
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.ignoring(StaleElementReferenceException.class);
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-live", "true"));
    return wait;
  }

  /**
   * Before the page's own script: live messages containing the page's {@code window.__hold} (a
   * string, set by the test when it wants) are dropped, as if the news came just after a click.
   */
  public static void holdBackLiveMessages(ChromeDriver browser) {
    browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
        (() => {
          const Native = window.WebSocket;
          window.WebSocket = class extends Native {
            constructor(url, protocols) {
              super(url, protocols);
              this.addEventListener('message', e => {
                if (window.__hold && e.data.includes(window.__hold)) e.stopImmediatePropagation();
              });
            }
          };
        })();"""));
  }

  /**
   * Clicks {@code target} once it is clickable, finding it again if a redraw replaced it between
   * finding and clicking (a busy live list redraws often).
   */
  public static void click(WebDriverWait wait, By target) {
    wait.ignoring(StaleElementReferenceException.class).until(d -> {
      WebElement element = ExpectedConditions.elementToBeClickable(target).apply(d);
      if (element == null) {
        return false;
      }
      element.click();
      return true;
    });
  }

  /** Saves what the browser shows as target/{name}. */
  public static void screenshot(ChromeDriver browser, String name) throws Exception {
    save(browser, Path.of("target", name));
  }

  /** Saves what the browser shows as docs/screenshots/{name}, where the docs show it. */
  public static void docScreenshot(ChromeDriver browser, String name) throws Exception {
    Files.createDirectories(DOC_SCREENSHOTS);
    save(browser, DOC_SCREENSHOTS.resolve(name));
  }

  private static void save(ChromeDriver browser, Path to) throws Exception {
    File shot = browser.getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
  }
}
