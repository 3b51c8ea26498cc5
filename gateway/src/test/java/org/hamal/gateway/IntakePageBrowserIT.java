package org.hamal.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hamal.cluster.TestClusters;
import org.hamal.gateway.auth.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The call-taker's page {@code /intake/} in a real headless Chromium (docs/intake-page.md): a
 * report typed with the keyboard alone by place search, by a map click and by pasted coordinates
 * (WGS84, the Israeli grid, snapped, outside the city); the "already reported" hint offered and
 * taken (the report joins that incident, not the nearer one); a double Enter and a retry after a
 * lost answer store one report; a 429 under admission control with what to tell the caller, life
 * safety still taken; a caller's markup shown as text; the phone rule; Hebrew and English layouts.
 * One node and one browser for the class (each test has its own call-taker, so its own shift
 * count); the admission test starts its own saturated node.
 */
class IntakePageBrowserIT {

  /** PlacesIT's street file: Herzl in Barnea with houses 1-101, a mall. */
  private static final String STREETS =
      """
      {"type":"FeatureCollection","name":"ashkelon-streets-intake","features":[
       {"type":"Feature","properties":{"id":"herzl","name_he":"הרצל","name_en":"Herzl Street","house_from":1,"house_to":101},
        "geometry":{"type":"LineString","coordinates":[[34.570,31.668],[34.5805,31.668]]}},
       {"type":"Feature","properties":{"id":"mall","name_he":"קניון חוצות אשקלון","name_en":"Hutzot Ashkelon Mall"},
        "geometry":{"type":"Point","coordinates":[34.5712,31.6688]}}]}""";
  private static final String HOSTILE = "<img src=x onerror=alert(1)>";

  @RegisterExtension static final RunningNode node = RunningNode.extension().withEnv(RunningNode.NO_TILES);
  @TempDir static Path profile;
  private static ChromeDriver browser;
  private WebDriverWait wait;
  /** The report the page announced last (a new page has announced none). */
  private String lastStored;

  @BeforeAll
  static void start() throws Exception {
    var put = node.send("PUT", "/api/v1/places", node.adminToken(), STREETS);
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    browser = Chromium.start(profile, 1920, 1080);
    // A script a caller's text might carry would call alert(): remember it instead of blocking.
    browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
        Map.of("source", """
            window.__alerted = false;
            window.alert = () => { window.__alerted = true; };
            // What went wrong in the page, for a failing test's message.
            window.__errors = [];
            addEventListener('error', e => window.__errors.push(String(e.message)));
            addEventListener('unhandledrejection', e => window.__errors.push(String(e.reason)));"""));
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void aReportTypedWithTheKeyboardAloneFromAPlaceSearch() throws Exception {
    open(node, "dana");
    assertThat(attr(By.tagName("html"), "dir")).isEqualTo("rtl");
    assertThat(browser.getCurrentUrl()).doesNotContain("token=");
    assertThat(focused()).isEqualTo("category");

    // The categories are offered at once, life safety first, each with its priority.
    List<WebElement> options = wait.until(d -> {
      List<WebElement> shown = d.findElements(By.cssSelector("#category-list [data-category]"));
      return shown.size() > 10 ? shown : null;
    });
    assertThat(options.get(0).getDomAttribute("data-life-safety")).isEqualTo("true");
    assertThat(options.get(0).getText()).contains("עדיפות 5", "מציל חיים");
    List<Integer> priorities = options.stream().map(o -> Integer.parseInt(o.getDomAttribute("data-priority"))).toList();
    assertThat(priorities).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    keys("מפג");
    chooseHighlighted("#category-list", "data-category", "hazard");
    assertThat(focused()).isEqualTo("where");

    keys("הרצל 51");
    chooseHighlighted("#where-list", "data-place-id", "herzl");
    wait.until(ExpectedConditions.attributeToBe(By.id("point"), "data-point", "inside"));
    assertThat(focused()).isEqualTo("description");
    JsonObject herzl = new JsonObject(node.get("/api/v1/places?q=" + java.net.URLEncoder.encode("הרצל 51", "UTF-8"),
        node.token(Role.INTAKE)).body()).getJsonArray("places").getJsonObject(0);
    assertThat(attr(By.id("point"), "data-district")).isEqualTo(herzl.getString("district"));

    String description = "<b>עמוד</b> חשמל נוטה " + HOSTILE;
    keys(description, Keys.TAB, HOSTILE, Keys.TAB, "050 123 4567", Keys.TAB, " ", Keys.ENTER);

    String id = awaitStored();
    JsonObject report = reportById(id);
    assertThat(report.getString("category")).isEqualTo("hazard");
    assertThat(report.getString("channel")).isEqualTo("call-taker");
    assertThat(report.getString("description")).isEqualTo(description);
    assertThat(report.getString("district")).isEqualTo(herzl.getString("district"));
    assertThat(report.getJsonObject("location").getDouble("lon")).isCloseTo(herzl.getDouble("lon"), within(1e-9));
    assertThat(report.getJsonObject("reporter").getMap())
        .containsEntry("name", HOSTILE).containsEntry("phone", "050-1234567").containsEntry("callback", true);
    String toast = browser.findElement(By.id("toast")).getText();
    assertThat(toast).contains(id.substring(0, 8)).contains(String.valueOf(report.getInteger("priority")));

    // Clear and focused again for the next call; one call counted this shift.
    assertThat(focused()).isEqualTo("category");
    for (String field : List.of("category", "where", "description", "caller-name", "caller-phone")) {
      assertThat(browser.findElement(By.id(field)).getDomProperty("value")).as(field).isEmpty();
    }
    assertThat(browser.findElement(By.id("callback")).isSelected()).isFalse();
    assertThat(shiftCount()).isEqualTo(1);

    // The caller's markup is text: listed as typed, no element made of it, no script run.
    WebElement row = browser.findElement(By.cssSelector("#recent li[data-report-id='" + id + "']"));
    assertThat(row.findElement(By.cssSelector(".name")).getText()).isEqualTo(HOSTILE);
    assertThat(row.findElement(By.cssSelector(".text")).getText()).isEqualTo(description);
    assertThat(browser.findElements(By.cssSelector("#recent img, #recent b, #toast img"))).isEmpty();
    assertThat(browser.executeScript("return window.__alerted")).isEqualTo(false);
  }

  @Test
  void aPointByMapClickByPastedCoordinatesAndTheServiceAreasEdge() throws Exception {
    open(node, "avi");
    keys("tree");
    chooseHighlighted("#category-list", "data-category", "trees");

    // A click on the map: the point, its district, and the description focused to go on.
    new Actions(browser).moveToElement(browser.findElement(By.id("map")), 40, 30).click().perform();
    wait.until(d -> List.of("inside", "snapped").contains(attr(By.id("point"), "data-point")));
    assertThat(focused()).isEqualTo("description");
    double lon = Double.parseDouble(attr(By.id("point"), "data-lon"));
    double lat = Double.parseDouble(attr(By.id("point"), "data-lat"));
    String district = attr(By.id("point"), "data-district");
    keys("עץ נפל על המדרכה", Keys.ENTER);
    JsonObject clicked = reportById(awaitStored());
    assertThat(clicked.getString("district")).isEqualTo(district);
    assertThat(clicked.getJsonObject("location").getDouble("lon")).isCloseTo(lon, within(1e-9));
    assertThat(clicked.getJsonObject("location").getDouble("lat")).isCloseTo(lat, within(1e-9));

    // WGS84 as a map app copies it (latitude first).
    JsonObject wgs = byCoordinates("31.6879, 34.5737", "inside");
    assertThat(wgs.getString("district")).isEqualTo("barnea");
    assertThat(wgs.getJsonObject("location").getDouble("lon")).isEqualTo(34.5737);
    // The Israeli TM Grid, converted by the server.
    JsonObject grid = byCoordinates("156903.67 618244.78", "inside");
    assertThat(grid.getString("district")).isEqualTo("shimshon");
    assertThat(grid.getJsonObject("location").getDouble("lon")).isCloseTo(34.545, within(1e-5));
    // On the beach, 78 m outside the line: the nearest district, said so.
    JsonObject snapped = byCoordinates("31.652 34.5274", "snapped");
    assertThat(snapped.getString("district")).isEqualTo("shimshon");
    assertThat(shiftCount()).isEqualTo(4);

    // Outside the city: refused on the page, nothing sent.
    keys("עצ");
    chooseHighlighted("#category-list", "data-category", "trees");
    keys("31.0, 35.0");
    chooseHighlighted("#where-list", "data-source", "coordinates");
    wait.until(ExpectedConditions.attributeToBe(By.id("point"), "data-point", "outside"));
    keys(Keys.ENTER);
    wait.until(ExpectedConditions.attributeToBe(By.id("problem"), "data-refusal", "invalid"));
    assertThat(browser.findElement(By.id("point")).getText()).contains("מחוץ לאזור השירות");
    assertThat(shiftCount()).isEqualTo(4);
  }

  @Test
  void theDuplicateHintIsOfferedAndTakenInHebrewAndEnglish() throws Exception {
    // Two open incidents of one category 200 m apart; the caller is 90 m from the first, 110 m
    // from the second, which the call-taker knows is theirs.
    String first = node.report(water(34.5600)).getString("incident");
    assertThat(node.report(water(34.5600)).getString("incident")).isEqualTo(first);
    String second = node.report(water(34.5621)).getString("incident");
    assertThat(second).isNotEqualTo(first);

    open(node, "miri");
    keys("מים");
    chooseHighlighted("#category-list", "data-category", "water");
    keys("31.66, 34.56095");
    chooseHighlighted("#where-list", "data-source", "coordinates");
    wait.until(ExpectedConditions.attributeToBe(By.id("duplicates"), "data-count", "2"));
    List<WebElement> offered = browser.findElements(By.cssSelector("#duplicates li"));
    assertThat(offered.get(0).getDomAttribute("data-incident-id")).isEqualTo(first);
    assertThat(offered.get(0).getDomAttribute("data-count")).isEqualTo("2");
    assertThat(Integer.parseInt(offered.get(0).getDomAttribute("data-distance-m"))).isBetween(80, 100);
    assertThat(offered.get(0).getText()).contains("Alt+1", "2 דיווחים", "מ׳");
    assertThat(offered.get(1).getDomAttribute("data-incident-id")).isEqualTo(second);
    keys("ברז התפוצץ", Keys.TAB, "משה כהן", Keys.TAB, "08-6712345");
    Chromium.docScreenshot(browser, "intake-page-hebrew.png");

    // Alt+2: this call is one more report of the second incident.
    keys(Keys.chord(Keys.ALT, "2"));
    wait.until(ExpectedConditions.attributeToBe(By.cssSelector("#duplicates li:nth-child(2)"), "data-joined", "true"));
    assertThat(attr(By.id("send"), "data-joining")).isEqualTo("true");
    assertThat(focused()).isEqualTo("caller-phone");

    // The same call in English, left to right, the form as it was.
    browser.findElement(By.cssSelector("#app .lang-switch")).click();
    wait.until(ExpectedConditions.attributeToBe(By.tagName("html"), "dir", "ltr"));
    assertThat(browser.findElement(By.cssSelector("label[for=category]")).getText()).isEqualTo("Category");
    assertThat(browser.findElement(By.id("category")).getDomProperty("value")).isEqualTo("Water");
    assertThat(browser.findElement(By.cssSelector("#duplicates li")).getText()).contains("2 reports", " m away");
    assertThat(browser.findElement(By.id("send")).getText()).isEqualTo("Send — join the incident");
    assertThat(browser.findElement(By.id("call")).getRect().getX())
        .isLessThan(browser.findElement(By.id("map")).getRect().getX());
    Chromium.docScreenshot(browser, "intake-page-english.png");

    browser.findElement(By.id("caller-phone")).sendKeys(Keys.ENTER);
    JsonObject report = reportById(awaitStored());
    assertThat(report.getString("incident")).isEqualTo(second);
    assertThat(browser.findElement(By.id("toast")).getText()).contains("joined a known incident");
    JsonArray members = new JsonObject(node.get("/api/v1/incidents/" + second, node.adminToken()).body()).getJsonArray("reports");
    assertThat(members.stream().map(r -> ((JsonObject) r).getString("id"))).contains(report.getString("id"));
    // Hebrew again, right to left, the form on the right.
    browser.findElement(By.cssSelector("#app .lang-switch")).click();
    wait.until(ExpectedConditions.attributeToBe(By.tagName("html"), "dir", "rtl"));
    assertThat(browser.findElement(By.id("call")).getRect().getX())
        .isGreaterThan(browser.findElement(By.id("map")).getRect().getX());
  }

  @Test
  void aDoubleEnterAndARetryAfterALostAnswerStoreOneReport() throws Exception {
    open(node, "yossi");
    String twice = "נזילה ברחוב · double Enter";
    fillCall("ביוב", "sewage", "31.6688, 34.5712", twice);
    keys(Keys.ENTER, Keys.ENTER);
    awaitStored();
    // Both Enters are long done once a third call can be typed; still one report, counted once.
    assertThat(reportsDescribed(twice)).hasSize(1);
    assertThat(shiftCount()).isEqualTo(1);

    // The answer lost on its way back: the report is stored, the page does not know it.
    browser.executeScript("""
        const native = window.fetch;
        window.__lose = 1;
        window.fetch = async (path, init) => {
          const response = await native(path, init);
          if (path === '/api/v1/reports' && init?.method === 'POST' && window.__lose-- > 0) throw new TypeError('lost');
          return response;
        };""");
    String lost = "נזילה ברחוב · lost answer";
    fillCall("ביוב", "sewage", "31.6688, 34.5712", lost);
    keys(Keys.ENTER);
    wait.until(ExpectedConditions.attributeToBe(By.id("problem"), "data-refusal", "unknown"));
    assertThat(reportsDescribed(lost)).hasSize(1);
    keys(Keys.ENTER); // the call-taker sends again: the same key, the same report
    String id = awaitStored();
    assertThat(attr(By.id("toast"), "data-replayed")).isEqualTo("true");
    assertThat(reportsDescribed(lost)).extracting(r -> ((JsonObject) r).getString("id")).containsExactly(id);
    assertThat(shiftCount()).isEqualTo(2);
  }

  @Test
  void aSaturatedNodeRefusesWhatCanWaitWithWordsForTheCallerButTakesLifeSafety(@TempDir Path saturatedData)
      throws Exception {
    try (RunningNode saturated = RunningNode.start(saturatedData, TestClusters.random(), RunningNode.NO_TILES,
        "admission:\n  maxQueuedReports: 0\n")) {
      open(saturated, "noa");
      fillCall("כביש", "roads", "31.6879, 34.5737", "שלט נפל על הכביש");
      keys(Keys.ENTER);
      wait.until(ExpectedConditions.attributeToBe(By.id("problem"), "data-refusal", "overloaded"));
      assertThat(browser.findElement(By.id("problem")).getText()).contains("אמרו למתקשר", "סכנת חיים");
      // The form is kept to send again.
      assertThat(attr(By.id("category"), "data-value")).isEqualTo("roads");
      assertThat(browser.findElement(By.id("description")).getDomProperty("value")).isEqualTo("שלט נפל על הכביש");
      assertThat(new JsonObject(saturated.get("/api/v1/reports", saturated.adminToken()).body()).getJsonArray("reports")).isEmpty();
      assertThat(shiftCount()).isZero();

      // Someone is hurt after all: life safety is never refused.
      WebElement category = browser.findElement(By.id("category"));
      category.clear();
      category.sendKeys("פצו");
      chooseHighlighted("#category-list", "data-category", "injury");
      browser.findElement(By.id("description")).sendKeys(Keys.ENTER);
      JsonObject report = new JsonObject(saturated.get("/api/v1/reports/" + awaitStored(), saturated.adminToken()).body());
      assertThat(report.getInteger("priority")).isEqualTo(5);
      assertThat(attr(By.id("toast"), "data-priority")).isEqualTo("5");
      assertThat(shiftCount()).isEqualTo(1);
    }
  }

  @Test
  void thePhoneRuleTheSignInAndAWrongNumberOnThePage() throws Exception {
    // Without a token: the sign-in form, not a blank page.
    browser.get("about:blank");
    browser.get("http://127.0.0.1:" + node.port() + "/intake/");
    browser.executeScript("localStorage.removeItem('hamal.intake.token')");
    browser.navigate().refresh();
    wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-screen", "signin"));
    assertThat(browser.findElement(By.id("signin-token")).isDisplayed()).isTrue();

    open(node, "lea");
    // The rule itself (phone.js is a pure module): Israeli mobile and landline, with or without
    // separators or +972; anything else refused.
    @SuppressWarnings("unchecked")
    Map<String, Object> checked = (Map<String, Object>) browser.executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        import('/intake/phone.js').then(({ checkPhone }) => {
          const out = {};
          for (const n of ['050-1234567', '+972-54-7654321', '972521234567', '0501234567', '02-6234567', '(03) 123 4567',
                           '08.6712345', '077-1234567', '', '050-123456', '1234567', '060-1234567', '01-2345678',
                           '+1 555 123 4567', '05O-1234567', '+9720501234567']) out[n] = checkPhone(n);
          done(out);
        });""");
    for (String valid : List.of("050-1234567", "+972-54-7654321", "972521234567", "0501234567", "02-6234567",
        "(03) 123 4567", "08.6712345", "077-1234567", "")) {
      assertThat(((Map<?, ?>) checked.get(valid)).get("valid")).as(valid).isEqualTo(true);
    }
    for (String invalid : List.of("050-123456", "1234567", "060-1234567", "01-2345678", "+1 555 123 4567", "05O-1234567",
        "+9720501234567")) {
      assertThat(((Map<?, ?>) checked.get(invalid)).get("valid")).as(invalid).isEqualTo(false);
    }
    assertThat(((Map<?, ?>) checked.get("+972-54-7654321")).get("normalized")).isEqualTo("054-7654321");
    assertThat(((Map<?, ?>) checked.get("02-6234567")).get("kind")).isEqualTo("landline");

    // On the page: a wrong number stops the call with the reason, at the phone.
    fillCall("רעש", "noise", "31.6688, 34.5712", "מסיבה");
    keys(Keys.TAB, "דנה", Keys.TAB, "12345", Keys.ENTER);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("phone-error")));
    assertThat(attr(By.id("problem"), "data-refusal")).isEqualTo("invalid");
    assertThat(focused()).isEqualTo("caller-phone");
    assertThat(shiftCount()).isZero();
    // Corrected, it goes.
    WebElement phone = browser.findElement(By.id("caller-phone"));
    phone.clear();
    phone.sendKeys("+972 8 671 2345", Keys.ENTER);
    JsonObject report = reportById(awaitStored());
    assertThat(report.getJsonObject("reporter").getString("phone")).isEqualTo("08-6712345");
    assertThat(report.getJsonObject("reporter").getBoolean("callback")).isFalse();
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** The page signed in as an intake call-taker named {@code subject}, in Hebrew, ready. */
  private void open(RunningNode on, String subject) {
    browser.get("about:blank"); // a new document, not a hash change on the last one
    lastStored = null;
    browser.get("http://127.0.0.1:" + on.port() + "/intake/#token=" + on.tokenFor(subject, Role.INTAKE));
    wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.ignoring(StaleElementReferenceException.class);
    try {
      wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError("the page is not ready: " + pageState(), e);
    }
    if ("en".equals(attr(By.tagName("html"), "lang"))) {
      browser.findElement(By.cssSelector("#app .lang-switch")).click();
    }
    assertThat(attr(By.tagName("html"), "lang")).isEqualTo("he");
  }

  /** A category, a pasted point and a description, by the keyboard; focus ends in the description. */
  private void fillCall(String typed, String category, String coordinates, String description) {
    browser.findElement(By.id("category")).click();
    keys(typed);
    chooseHighlighted("#category-list", "data-category", category);
    keys(coordinates);
    chooseHighlighted("#where-list", "data-source", "coordinates");
    wait.until(d -> List.of("inside", "snapped").contains(attr(By.id("point"), "data-point")));
    keys(description);
  }

  /** Waits until the list's highlighted option has {@code value}, then takes it with Enter. */
  private void chooseHighlighted(String list, String attribute, String value) {
    wait.until(ExpectedConditions.attributeToBe(
        By.cssSelector(list + " li[aria-selected=true]"), attribute, value));
    keys(Keys.ENTER);
  }

  private JsonObject byCoordinates(String pasted, String state) throws Exception {
    keys("עצ");
    chooseHighlighted("#category-list", "data-category", "trees");
    keys(pasted);
    chooseHighlighted("#where-list", "data-source", "coordinates");
    wait.until(ExpectedConditions.attributeToBe(By.id("point"), "data-point", state));
    keys(Keys.ENTER);
    return reportById(awaitStored());
  }

  /** The id of the report the toast announces, once it announces another than the last one seen. */
  private String awaitStored() {
    try {
      lastStored = wait.until(d -> {
        String now = attr(By.id("toast"), "data-report-id");
        return now != null && !now.isEmpty() && !now.equals(lastStored) ? now : null;
      });
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError("no report stored; the page: " + pageState(), e);
    }
    return lastStored;
  }

  private String pageState() {
    return String.valueOf(browser.executeScript(
        "return JSON.stringify({body: {...document.body.dataset}, errors: window.__errors,"
            + " problem: document.getElementById('problem')?.textContent, point: {...document.getElementById('point')?.dataset},"
            + " focused: document.activeElement?.id})"));
  }

  private void keys(CharSequence... keys) {
    browser.switchTo().activeElement().sendKeys(keys);
  }

  private String focused() {
    return browser.switchTo().activeElement().getDomAttribute("id");
  }

  private String attr(By by, String name) {
    return browser.findElement(by).getDomAttribute(name);
  }

  private int shiftCount() {
    return Integer.parseInt(attr(By.id("shift-count"), "data-shift-count"));
  }

  private static JsonObject reportById(String id) throws Exception {
    var response = node.get("/api/v1/reports/" + id, node.adminToken());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  private static List<Object> reportsDescribed(String description) throws Exception {
    JsonArray all = new JsonObject(node.get("/api/v1/reports?limit=500", node.adminToken()).body()).getJsonArray("reports");
    return all.stream().filter(r -> description.equals(((JsonObject) r).getString("description"))).toList();
  }

  private static String water(double lon) {
    return "{\"category\":\"water\",\"description\":\"פיצוץ צינור\",\"location\":{\"lon\":" + lon + ",\"lat\":31.66}}";
  }
}
