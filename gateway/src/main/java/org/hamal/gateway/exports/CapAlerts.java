package org.hamal.gateway.exports;

import io.vertx.core.json.JsonObject;
import java.io.StringWriter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.hamal.cluster.report.Report;
import org.hamal.gateway.config.ReportsConfig.CategoryName;

/**
 * CAP 1.2 (OASIS) alerts for alerting incidents: open, of the configured priority and up. An
 * incident's alert is one {@code alert}, with an {@code info} in Hebrew and one in English and
 * its area as a circle around the incident's centre (the incident radius), named by its
 * districts. Its identifier is the incident's id and version, so that every change of the
 * incident is a new message ({@code Update}, referencing the incident's first alert); what is
 * answered for one version is always the same. Several alerts travel as an Atom feed, as
 * national alert feeds carry CAP, each entry holding its alert.
 */
public final class CapAlerts {

  public static final String CAP = "urn:oasis:names:tc:emergency:cap:1.2";
  public static final String ATOM = "http://www.w3.org/2005/Atom";
  /** CAP's dateTime: seconds and a numeric offset, never "Z" nor fractions (its schema's pattern). */
  private static final DateTimeFormatter CAP_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");
  private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();
  private static final double METERS_PER_KM = 1000;

  private final ExportsConfig.Cap config;
  private final ZoneId zone;
  private final double radiusMeters;
  private final Map<String, CategoryName> categoryNames;
  private final Function<String, ExportsConfig.Names> districtNames;

  /**
   * @param radiusMeters the incidents' radius: an incident's reports lie about this far from its centre
   * @param districtNames a district's names by its id
   */
  public CapAlerts(
      ExportsConfig.Cap config,
      ZoneId zone,
      double radiusMeters,
      Map<String, CategoryName> categoryNames,
      Function<String, ExportsConfig.Names> districtNames) {
    this.config = config;
    this.zone = zone;
    this.radiusMeters = radiusMeters;
    this.categoryNames = categoryNames;
    this.districtNames = districtNames;
  }

  /** Whether an incident is alerted: open, and of the configured priority or higher. */
  public boolean alerting(JsonObject incident) {
    return "open".equals(incident.getString("status")) && incident.getInteger("priority", 0) >= config.minPriority();
  }

  /** One incident's alert, a document of its own ({@code application/cap+xml}). */
  public String alert(JsonObject incident) {
    return document(w -> writeAlert(w, incident));
  }

  /**
   * An Atom feed ({@code application/atom+xml}) of the incidents' alerts.
   *
   * @param self the feed's own URL, its id
   * @param alertUrl an incident's alert URL by its id
   */
  public String feed(List<JsonObject> incidents, String self, Function<String, String> alertUrl, Instant now) {
    return document(w -> {
      start(w, ATOM, "feed");
      w.writeDefaultNamespace(ATOM);
      text(w, ATOM, "id", self);
      text(w, ATOM, "title", config.senderName().en() + " / " + config.senderName().he());
      text(w, ATOM, "updated", time(now));
      start(w, ATOM, "author");
      text(w, ATOM, "name", config.senderName().en());
      text(w, ATOM, "email", config.sender());
      w.writeEndElement();
      empty(w, ATOM, "link");
      w.writeAttribute("rel", "self");
      w.writeAttribute("href", self);
      for (JsonObject incident : incidents) {
        start(w, ATOM, "entry");
        text(w, ATOM, "id", "urn:hamal:alert:" + identifier(incident));
        text(w, ATOM, "title", headline(incident, true));
        text(w, ATOM, "updated", time(lastAt(incident)));
        empty(w, ATOM, "link");
        w.writeAttribute("rel", "alternate");
        w.writeAttribute("type", "application/cap+xml");
        w.writeAttribute("href", alertUrl.apply(incident.getString("id")));
        start(w, ATOM, "content");
        w.writeAttribute("type", "application/cap+xml");
        writeAlert(w, incident);
        w.writeEndElement();
        w.writeEndElement();
      }
      w.writeEndElement();
    });
  }

  private void writeAlert(XMLStreamWriter w, JsonObject incident) throws XMLStreamException {
    start(w, CAP, "alert");
    w.writeDefaultNamespace(CAP);
    text(w, CAP, "identifier", identifier(incident));
    text(w, CAP, "sender", config.sender());
    text(w, CAP, "sent", time(lastAt(incident)));
    text(w, CAP, "status", "Actual");
    int version = incident.getInteger("version", 1);
    text(w, CAP, "msgType", version == 1 ? "Alert" : "Update");
    text(w, CAP, "scope", "Public");
    if (version > 1) {
      // CAP's references: sender,identifier,sent of the message this one updates; the first
      // alert was sent at the incident's first report.
      text(w, CAP, "references", config.sender() + "," + identifier(incident, 1) + "," + time(firstAt(incident)));
    }
    text(w, CAP, "incidents", incident.getString("id"));
    writeInfo(w, incident, true);
    writeInfo(w, incident, false);
    w.writeEndElement();
  }

  private void writeInfo(XMLStreamWriter w, JsonObject incident, boolean hebrew) throws XMLStreamException {
    int priority = incident.getInteger("priority");
    boolean lifeSafety = priority >= Report.MAX_PRIORITY;
    start(w, CAP, "info");
    text(w, CAP, "language", hebrew ? "he-IL" : "en-US");
    text(w, CAP, "category", config.categoryOf(incident.getString("category")));
    text(w, CAP, "event", category(incident, hebrew));
    // From priority: the highest is happening now and threatens life; the one below it soon.
    text(w, CAP, "urgency", lifeSafety ? "Immediate" : "Expected");
    text(w, CAP, "severity", lifeSafety ? "Extreme" : "Severe");
    text(w, CAP, "certainty", lifeSafety ? "Observed" : "Likely");
    text(w, CAP, "onset", time(firstAt(incident)));
    text(w, CAP, "expires", time(lastAt(incident).plusSeconds(config.expiresMinutes() * 60L)));
    text(w, CAP, "senderName", hebrew ? config.senderName().he() : config.senderName().en());
    text(w, CAP, "headline", headline(incident, hebrew));
    text(w, CAP, "description", description(incident, hebrew));
    parameter(w, "hamal:incident", incident.getString("id"));
    parameter(w, "hamal:category", incident.getString("category"));
    parameter(w, "hamal:priority", String.valueOf(priority));
    parameter(w, "hamal:reports", String.valueOf(incident.getInteger("count", 0)));
    start(w, CAP, "area");
    text(w, CAP, "areaDesc", districts(incident, hebrew));
    JsonObject centre = incident.getJsonObject("centroid");
    // CAP's circle: "lat,lon radius" in WGS84 degrees and kilometres.
    text(w, CAP, "circle", String.format(Locale.ROOT, "%.6f,%.6f %.3f",
        centre.getDouble("lat"), centre.getDouble("lon"), radiusMeters / METERS_PER_KM));
    w.writeEndElement();
    w.writeEndElement();
  }

  private String identifier(JsonObject incident) {
    return identifier(incident, incident.getInteger("version", 1));
  }

  private static String identifier(JsonObject incident, int version) {
    return "hamal-" + incident.getString("id") + "-" + version;
  }

  private String headline(JsonObject incident, boolean hebrew) {
    int count = incident.getInteger("count", 0);
    return hebrew
        ? category(incident, true) + ": " + count + " דיווחים ב" + districts(incident, true)
        : category(incident, false) + ": " + count + (count == 1 ? " report in " : " reports in ") + districts(incident, false);
  }

  private String description(JsonObject incident, boolean hebrew) {
    String first = CLOCK.format(firstAt(incident).atZone(zone));
    String last = CLOCK.format(lastAt(incident).atZone(zone));
    int count = incident.getInteger("count", 0);
    int priority = incident.getInteger("priority");
    return hebrew
        ? "אירוע פתוח בעדיפות " + priority + ": " + count + " דיווחים על " + category(incident, true) + " ב"
            + districts(incident, true) + ", הראשון ב-" + first + " והאחרון ב-" + last + "."
        : "Open incident of priority " + priority + ": " + count + " reports of " + category(incident, false).toLowerCase(Locale.ROOT)
            + " in " + districts(incident, false) + ", the first at " + first + ", the latest at " + last + ".";
  }

  private String category(JsonObject incident, boolean hebrew) {
    String id = incident.getString("category");
    CategoryName name = categoryNames.getOrDefault(id, new CategoryName(id, id));
    return hebrew ? name.he() : name.en();
  }

  private String districts(JsonObject incident, boolean hebrew) {
    return incident.getJsonArray("districts").stream()
        .map(String::valueOf)
        .map(d -> {
          ExportsConfig.Names names = districtNames.apply(d);
          return names == null ? d : hebrew ? names.he() : names.en();
        })
        .collect(Collectors.joining(", "));
  }

  private static Instant firstAt(JsonObject incident) {
    return Instant.ofEpochMilli(incident.getLong("firstAt"));
  }

  private static Instant lastAt(JsonObject incident) {
    return Instant.ofEpochMilli(incident.getLong("lastAt"));
  }

  private String time(Instant instant) {
    return CAP_TIME.format(OffsetDateTime.ofInstant(instant, zone));
  }

  private static void parameter(XMLStreamWriter w, String name, String value) throws XMLStreamException {
    start(w, CAP, "parameter");
    text(w, CAP, "valueName", name);
    text(w, CAP, "value", value);
    w.writeEndElement();
  }

  /**
   * An element of the given namespace, unprefixed: each document's root (and each alert in a
   * feed) declares its namespace as the default, so nothing is looked up in the writer's context.
   */
  private static void start(XMLStreamWriter w, String namespace, String name) throws XMLStreamException {
    w.writeStartElement("", name, namespace);
  }

  private static void empty(XMLStreamWriter w, String namespace, String name) throws XMLStreamException {
    w.writeEmptyElement("", name, namespace);
  }

  /** An element holding text, escaped by the writer. */
  private static void text(XMLStreamWriter w, String namespace, String name, String value) throws XMLStreamException {
    start(w, namespace, name);
    w.writeCharacters(value);
    w.writeEndElement();
  }

  private interface Body {
    void write(XMLStreamWriter w) throws XMLStreamException;
  }

  private static String document(Body body) {
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter w = XML.createXMLStreamWriter(out);
      w.writeStartDocument("UTF-8", "1.0");
      body.write(w);
      w.writeEndDocument();
      w.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("an alert could not be written", e);
    }
    return out.toString();
  }
}
