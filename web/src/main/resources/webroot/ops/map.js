// The ops map: district polygons and names, report pins, incident circles and the emergency heat
// layer. Leaflet draws; this module only knows how each thing looks and carries its test hooks.

import { categoryName, categoryPriority, label, priorityColor, setDistrictNames } from './text.js';
import { LabelLayout } from './labels.js';

let lifeSafetyPriority = 5; // /config.json's; the server's default until it is read

export function setLifeSafetyPriority(priority) {
  if (priority) lifeSafetyPriority = priority;
}

/** Life safety: by the report's priority, or its category's. */
export function urgent(report) {
  return Math.max(report.priority || 0, categoryPriority(report.category)) >= lifeSafetyPriority;
}

// Sizes in root font sizes (ops.css scales the root with the screen: bigger on a 4K wall).
const PIN_URGENT_REM = 0.7;
const PIN_REM = 0.5;
const INCIDENT_BASE_REM = 0.85;
const INCIDENT_PER_SQRT_REM = 0.42;
const INCIDENT_MAX_REM = 4.2;
// Heat on a dark map: yellow (few) to hot red (most), never faint.
export const HEAT_RAMP = ['#ffe14d', '#ffb02e', '#ff6a1f', '#ff2d2d'];
const HEAT_MIN_OPACITY = 0.4;
const HEAT_OPACITY_RANGE = 0.45;

let rootPx = null;
/** One root font size in pixels; read once per screen size. */
function rem() {
  if (rootPx === null) rootPx = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  return rootPx;
}

export function heatColor(share) {
  return HEAT_RAMP[Math.min(HEAT_RAMP.length - 1, Math.floor(share * HEAT_RAMP.length))];
}

export class OpsMap {
  constructor(element, config, handlers) {
    this.handlers = handlers; // {openReport(id), openIncident(id), openDistrict(id)}
    const map = L.map(element, { zoomSnap: 0.25 });
    element = map.getContainer();
    this.map = map;
    // Heat below incidents, incidents below single reports, so pins stay clickable.
    map.createPane('heat').style.zIndex = 390;
    // District names over their polygons but under incidents and pins (not the tooltip pane,
    // which is above everything).
    map.createPane('districtNames').style.zIndex = 410;
    map.createPane('incidents').style.zIndex = 420;
    map.createPane('pins').style.zIndex = 440;
    // Alerted areas (alerts.js) over the districts (the overlay pane, 400), under the districts'
    // names, incidents and pins, which stay readable and clickable; their labels under the pins too.
    map.createPane('alertAreas').style.zIndex = 405;
    map.createPane('alertLabels').style.zIndex = 430;
    this.heat = L.layerGroup().addTo(map);
    // The zoom as a hook for tests and tools (a district click zooms in).
    map.on('zoomend', () => { element.dataset.zoom = String(map.getZoom()); });
    this.districts = L.layerGroup().addTo(map);
    if (config.tileUrl) {
      // Tiles are decoration: when they cannot load the polygons below still make the map.
      L.tileLayer(config.tileUrl, { attribution: config.tileAttribution || '', maxZoom: 19 }).addTo(map);
    }
    this.pins = new Map();      // report id -> circle marker
    this.incidents = new Map(); // incident id -> circle marker
    this.labels = new LabelLayout(map, this.incidents);
    // Whether the view is still the whole city as fitted: a wall screen that changes size keeps
    // showing the city; a view someone zoomed or panned is left alone.
    this.fitted = false;
    this.fitting = false;
    map.on('movestart zoomstart', () => { if (!this.fitting) this.fitted = false; });
    map.on('resize', () => this.rescale());
  }

  fitCity() {
    this.fitting = true;
    this.map.fitBounds(this.cityBounds, { padding: [10, 10], animate: false });
    this.fitting = false;
    this.fitted = true;
  }

  /** The screen changed size: the root font size may have, and the sizes drawn from it. */
  rescale() {
    rootPx = null;
    if (this.fitted) this.fitCity();
    this.pins.forEach(marker => marker.setRadius(pinStyle(marker.report).radius));
    this.incidents.forEach(marker => marker.setRadius(incidentStyle(marker.incident).radius));
    this.labels.schedule();
  }

  /**
   * The district polygons and their names; drawn again when the cluster starts routing with
   * another layer (a `layer` message), keeping the view. Returns the districts' properties.
   */
  async drawDistricts(fit) {
    const districts = await fetch('/api/v1/districts').then(r => r.json());
    this.districts.clearLayers();
    setDistrictNames(districts.features);
    const layer = L.geoJSON(districts, {
      style: f => f.properties.kind === 'service-district'
        ? { color: '#4aa3df', weight: 2, fillColor: '#4aa3df', fillOpacity: 0.12 }
        : { color: '#b8b8b8', weight: 2, dashArray: '6 4', fillColor: '#b8b8b8', fillOpacity: 0.08 },
      onEachFeature: (feature, polygon) => polygon.on('click', () => this.handlers.openDistrict(feature.properties.id))
    });
    this.districts.addLayer(layer);
    for (const feature of districts.features) {
      const p = feature.properties;
      // The server gives a point well inside the district's largest part.
      if (p.label) {
        this.districts.addLayer(
          L.tooltip({ permanent: true, direction: 'center', className: 'district-label', interactive: false, pane: 'districtNames' })
            .setLatLng(L.latLng(p.label[1], p.label[0])).setContent(label(p.name_he || p.id, p.name_en)));
      }
    }
    this.bounds = new Map(districts.features.map(f => [f.properties.id, L.geoJSON(f).getBounds()]));
    this.cityBounds = layer.getBounds();
    if (fit) this.fitCity();
    this.map.getContainer().dataset.layerVersion = districts.version || '';
    return districts.features.map(f => f.properties);
  }

  zoomToDistrict(id) {
    const bounds = this.bounds && this.bounds.get(id);
    if (bounds) this.map.fitBounds(bounds, { padding: [20, 20] });
  }

  panTo(lat, lon) {
    this.map.panTo([lat, lon]);
  }

  // ---- report pins -------------------------------------------------------------------------

  showReport(report, visible) {
    let marker = this.pins.get(report.id);
    if (marker) {
      marker.setStyle(pinStyle(report));
      marker.setLatLng([report.location.lat, report.location.lon]);
    } else {
      marker = L.circleMarker([report.location.lat, report.location.lon], pinStyle(report));
      marker.on('click', () => this.handlers.openReport(report.id));
      this.pins.set(report.id, marker);
    }
    marker.report = report;
    this.place(marker, visible, { reportId: report.id, district: report.district, priority: String(report.priority) });
  }

  removeReport(id) {
    const marker = this.pins.get(id);
    if (marker) { marker.remove(); this.pins.delete(id); }
  }

  clearReports() {
    this.pins.forEach(m => m.remove());
    this.pins.clear();
  }

  pinElement(id) {
    const marker = this.pins.get(id);
    return marker && marker.getElement();
  }

  // ---- incidents ---------------------------------------------------------------------------

  showIncident(incident, visible) {
    const at = [incident.centroid.lat, incident.centroid.lon];
    const style = incidentStyle(incident);
    let marker = this.incidents.get(incident.id);
    if (marker) {
      marker.setLatLng(at).setStyle(style).setRadius(style.radius);
    } else {
      marker = L.circleMarker(at, style);
      marker.on('click', () => this.handlers.openIncident(incident.id));
      this.incidents.set(incident.id, marker);
    }
    marker.incident = incident;
    // A single report is a pin in its incident's colour, not a circle saying "1".
    const single = incident.count < 2;
    if (single) {
      marker.unbindTooltip();
    } else if (marker.getTooltip()) {
      marker.setTooltipContent(incidentLabel(incident));
    } else {
      marker.bindTooltip(incidentLabel(incident),
        { permanent: true, direction: 'center', className: 'incident-label', interactive: false });
    }
    this.place(marker, visible,
      { incidentId: incident.id, count: String(incident.count), category: incident.category, priority: String(incident.priority) });
    const element = marker.getElement();
    if (element) element.classList.toggle('incident-pin', single);
    this.labels.schedule();
  }

  removeIncident(id) {
    const marker = this.incidents.get(id);
    if (marker) { marker.remove(); this.incidents.delete(id); }
    this.labels.schedule();
  }

  clearIncidents() {
    this.incidents.forEach(m => m.remove());
    this.incidents.clear();
  }

  incidentElement(id) {
    const marker = this.incidents.get(id);
    return marker && marker.getElement();
  }

  // ---- heat --------------------------------------------------------------------------------

  /** A `heat` message's cells (open reports per grid cell with its bounds); replaces the layer. */
  drawHeat(cells) {
    this.heat.clearLayers();
    const max = Math.max(1, ...cells.map(c => c.count));
    for (const cell of cells) {
      const [west, south, east, north] = cell.bounds;
      const share = cell.count / max;
      const color = heatColor(share);
      const rect = L.rectangle(
        [[south, west], [north, east]],
        { pane: 'heat', interactive: false, color, weight: 1, opacity: 0.9, fillColor: color,
          fillOpacity: HEAT_MIN_OPACITY + HEAT_OPACITY_RANGE * share, className: 'heat-cell' });
      this.heat.addLayer(rect);
      rect.getElement().dataset.heatCount = String(cell.count);
    }
  }

  clearHeat() {
    this.heat.clearLayers();
  }

  /**
   * Puts a vector layer on the map or takes it off. Leaflet creates a new SVG element each time
   * a layer is added, so the data- attributes (the page's test hooks) are written again.
   */
  place(layer, visible, data) {
    if (!visible) {
      layer.remove();
      return;
    }
    if (!this.map.hasLayer(layer)) layer.addTo(this.map);
    const element = layer.getElement && layer.getElement();
    if (element) Object.assign(element.dataset, data);
  }
}

function pinStyle(report) {
  const isUrgent = urgent(report);
  return {
    radius: rem() * (isUrgent ? PIN_URGENT_REM : PIN_REM), color: '#000', weight: 1, pane: 'pins',
    fillColor: isUrgent ? '#e74c3c' : '#f5a623', fillOpacity: 0.9, className: 'report-marker'
  };
}

function incidentStyle(incident) {
  const color = priorityColor(incident.priority);
  if (incident.count < 2) {
    return { radius: rem() * PIN_URGENT_REM, pane: 'incidents', color: '#000', weight: 1, fillColor: color,
      fillOpacity: 0.9, className: 'incident-marker' };
  }
  return {
    radius: rem() * Math.min(INCIDENT_MAX_REM, INCIDENT_BASE_REM + INCIDENT_PER_SQRT_REM * Math.sqrt(incident.count)),
    pane: 'incidents', color, weight: 3, fillColor: color, fillOpacity: 0.35, className: 'incident-marker'
  };
}

function incidentLabel(incident) {
  const span = document.createElement('span');
  span.dataset.incidentId = incident.id;
  const n = document.createElement('b');
  n.className = 'count';
  n.textContent = String(incident.count);
  const what = document.createElement('span');
  what.textContent = ' ' + categoryName(incident.category);
  // "+N": the reports of neighbouring incidents whose labels collapsed into this one (labels.js).
  const more = document.createElement('b');
  more.className = 'more';
  more.dir = 'ltr'; // "+12" reads as such inside the right-to-left label, not "12+"
  span.append(n, what, ' ', more);
  return span;
}

/** Restarts an element's flash animation. */
export function flash(element) {
  if (!element) return;
  element.classList.remove('flash');
  // A style flush restarts the animation; a layout (getBoundingClientRect) did too, at a cost that
  // dominated a barrage's escalations.
  void getComputedStyle(element).animationName;
  element.classList.add('flash');
}
