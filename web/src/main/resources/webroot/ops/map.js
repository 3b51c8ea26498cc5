// The ops map: district polygons and names, report pins, incident circles and the emergency heat
// layer. Leaflet draws; this module only knows how each thing looks and carries its test hooks.

import { categoryName, categoryPriority, label, priorityColor, setDistrictNames } from './text.js';

let lifeSafetyPriority = 5; // /config.json's; the server's default until it is read

export function setLifeSafetyPriority(priority) {
  if (priority) lifeSafetyPriority = priority;
}

/** Life safety: by the report's priority, or its category's. */
export function urgent(report) {
  return Math.max(report.priority || 0, categoryPriority(report.category)) >= lifeSafetyPriority;
}

export class OpsMap {
  constructor(element, config, handlers) {
    this.handlers = handlers; // {openReport(id), openIncident(id), openDistrict(id)}
    const map = L.map(element, { zoomSnap: 0.25 });
    element = map.getContainer();
    this.map = map;
    // Heat below incidents, incidents below single reports, so pins stay clickable.
    map.createPane('heat').style.zIndex = 390;
    map.createPane('incidents').style.zIndex = 420;
    map.createPane('pins').style.zIndex = 440;
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
          L.tooltip({ permanent: true, direction: 'center', className: 'district-label', interactive: false })
            .setLatLng(L.latLng(p.label[1], p.label[0])).setContent(label(p.name_he || p.id, p.name_en)));
      }
    }
    this.bounds = new Map(districts.features.map(f => [f.properties.id, L.geoJSON(f).getBounds()]));
    if (fit) this.map.fitBounds(layer.getBounds(), { padding: [10, 10] });
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
      marker.setTooltipContent(incidentLabel(incident));
    } else {
      marker = L.circleMarker(at, style);
      marker.bindTooltip(incidentLabel(incident),
        { permanent: true, direction: 'center', className: 'incident-label', interactive: false });
      marker.on('click', () => this.handlers.openIncident(incident.id));
      this.incidents.set(incident.id, marker);
    }
    this.place(marker, visible,
      { incidentId: incident.id, count: String(incident.count), category: incident.category, priority: String(incident.priority) });
  }

  removeIncident(id) {
    const marker = this.incidents.get(id);
    if (marker) { marker.remove(); this.incidents.delete(id); }
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
      const rect = L.rectangle(
        [[south, west], [north, east]],
        { pane: 'heat', interactive: false, stroke: false, fillColor: '#ff3b1f',
          fillOpacity: 0.15 + 0.5 * cell.count / max, className: 'heat-cell' });
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
    radius: isUrgent ? 10 : 7, color: '#000', weight: 1, pane: 'pins',
    fillColor: isUrgent ? '#e74c3c' : '#f5a623', fillOpacity: 0.9, className: 'report-marker'
  };
}

function incidentStyle(incident) {
  const color = priorityColor(incident.priority);
  return {
    radius: Math.min(60, 12 + 6 * Math.sqrt(incident.count)), pane: 'incidents',
    color, weight: 3, fillColor: color, fillOpacity: 0.35, className: 'incident-marker'
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
  span.append(n, what);
  return span;
}

/** Restarts an element's flash animation. */
export function flash(element) {
  if (!element) return;
  element.classList.remove('flash');
  void element.getBoundingClientRect(); // restart the animation
  element.classList.add('flash');
}
