package org.hamal.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hamal.gateway.auth.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The ops page's filters and search in a real headless Chromium: by district (which also zooms
 * the map to it), category, priority and status, and by text or id; the wall's display token sees
 * no filter bar.
 */
class OpsFindBrowserIT {

  @RegisterExtension final RunningNode node = RunningNode.extension().withEnv(RunningNode.NO_TILES);
  @TempDir Path profile;
  private WebDriver browser;
  private WebDriverWait wait;
  private String sign;
  private String injury;
  private String pole;

  @BeforeEach
  void start() throws Exception {
    browser = Chromium.start(profile, 1600, 1000);
    sign = report("roads", "שלט נפל ליד הגן", 34.545, 31.655);
    injury = report("injury", "פצוע ברחוב", 34.546, 31.656);
    pole = report("hazard", "עמוד חשמל נוטה", 34.5737, 31.6879);
  }

  @AfterEach
  void stop() {
    browser.quit();
  }

  @Test
  void aSupervisorNarrowsTheMapAndListsByDistrictCategoryPriorityAndStatus() throws Exception {
    open(Role.SUPERVISOR);
    wait.until(d -> pins().equals(Set.of(sign, injury, pole)));
    String zoom = browser.findElement(By.id("map")).getDomAttribute("data-zoom");

    choose("district", "barnea");
    wait.until(d -> pins().equals(Set.of(pole)));
    assertThat(latest()).containsExactly(pole);
    // Choosing a district also zooms the map to it.
    wait.until(d -> Double.parseDouble(d.findElement(By.id("map")).getDomAttribute("data-zoom")) > Double.parseDouble(zoom));
    // The counts stay the city's.
    assertThat(browser.findElement(By.id("total")).getText()).isEqualTo("3");

    choose("district", "");
    choose("category", "injury");
    wait.until(d -> pins().equals(Set.of(injury)));

    choose("category", "");
    choose("priority", "4");
    wait.until(d -> pins().equals(Set.of(injury)));

    choose("priority", "");
    var acknowledged = node.patch("/api/v1/reports/" + sign, node.token(Role.OPERATOR), "{\"status\":\"acknowledged\"}", Map.of());
    assertThat(acknowledged.statusCode()).as(acknowledged.body()).isEqualTo(200);
    choose("status", "acknowledged");
    wait.until(d -> pins().equals(Set.of(sign)));
    assertThat(latest()).containsExactly(sign);

    browser.findElement(By.cssSelector("#filters button[type=reset]")).click();
    wait.until(d -> pins().equals(Set.of(sign, injury, pole)));
    assertThat(browser.findElement(By.tagName("body")).getDomAttribute("data-filtered")).isEqualTo("false");
  }

  @Test
  void searchFindsReportsByTheirTextOrId() throws Exception {
    open(Role.OPERATOR);
    wait.until(d -> pins().equals(Set.of(sign, injury, pole)));
    WebElement search = browser.findElement(By.cssSelector("#filters input[name=q]"));
    search.sendKeys("עמוד חשמל");
    wait.until(d -> pins().equals(Set.of(pole)));
    assertThat(latest()).containsExactly(pole);

    search.clear();
    search.sendKeys(injury.substring(0, 13), Keys.ENTER);
    wait.until(d -> pins().equals(Set.of(injury)));
    assertThat(browser.findElements(By.cssSelector("#report-detail:not([hidden])"))).isEmpty();

    // A whole id and Enter opens the report in the drawer; from its incident's drawer, back to it.
    search.clear();
    search.sendKeys(pole, Keys.ENTER);
    wait.until(ExpectedConditions.attributeToBe(By.id("report-detail"), "data-report-id", pole));
    // The drawer is read from the server: its text comes with its version.
    wait.until(ExpectedConditions.attributeToBe(By.id("report-detail"), "data-version", "1"));
    assertThat(browser.findElement(By.id("report-detail")).getText()).contains("עמוד חשמל נוטה");
    browser.findElement(By.cssSelector("#report-detail a[data-incident-id]")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#incident-detail [data-open-report='" + pole + "']")));
    assertThat(browser.findElement(By.id("report-detail")).isDisplayed()).as("one drawer at a time").isFalse();
    browser.findElement(By.cssSelector("#incident-detail [data-open-report='" + pole + "']")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#report-detail[data-report-id='" + pole + "']")));
    assertThat(browser.findElement(By.id("incident-detail")).isDisplayed()).isFalse();
  }

  @Test
  void theWallScreenShowsNoFilters() throws Exception {
    open(Role.DISPLAY);
    wait.until(d -> pins().size() == 3);
    assertThat(browser.findElement(By.id("filters")).isDisplayed()).isFalse();
  }

  private void open(Role role) {
    browser.get("http://127.0.0.1:" + node.port() + "/#token=" + node.token(role));
    wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-live", "true"));
  }

  private String report(String category, String description, double lon, double lat) throws Exception {
    return node.report(
            "{\"category\":\"" + category + "\",\"description\":\"" + description + "\",\"location\":{\"lon\":"
                + lon + ",\"lat\":" + lat + "}}")
        .getString("id");
  }

  private void choose(String select, String value) {
    new Select(browser.findElement(By.cssSelector("#filters select[name=" + select + "]"))).selectByValue(value);
  }

  private Set<String> pins() {
    return browser.findElements(By.cssSelector("#map path[data-report-id]")).stream()
        .map(e -> e.getDomAttribute("data-report-id"))
        .collect(Collectors.toSet());
  }

  private List<String> latest() {
    return browser.findElements(By.cssSelector("#latest li")).stream()
        .map(e -> e.getDomAttribute("data-report-id"))
        .toList();
  }
}
