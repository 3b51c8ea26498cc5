// The patroller's map: their districts (zoomed to at start), the queue's reports as pins, and
// their own position. Tiles are decoration: without them the district polygons are the map.

const PRIORITY_COLOR = { 5: '#e74c3c', 4: '#e67e22', 3: '#f1c40f', 2: '#3498db', 1: '#95a5a6' };

export function priorityColor(priority) {
  return PRIORITY_COLOR[priority] || PRIORITY_COLOR[1];
}

export class FieldMap {
  constructor(element, config, onPin, onPick) {
    this.map = L.map(element, { zoomSnap: 0.25, attributionControl: !!config.tileUrl });
    if (config.tileUrl) {
      L.tileLayer(config.tileUrl, { attribution: config.tileAttribution || '', maxZoom: 19 }).addTo(this.map);
    }
    this.districts = L.layerGroup().addTo(this.map);
    this.pins = new Map();
    this.pinLayer = L.layerGroup().addTo(this.map);
    this.onPin = onPin;
    this.onPick = onPick;
    this.picking = false;
    this.moved = false; // the patroller moved the view: it is no longer refitted
    this.map.on('dragstart', () => { this.moved = true; });
    this.map.on('click', e => {
      if (this.picking) {
        this.picking = false;
        this.onPick({ lon: e.latlng.lng, lat: e.latlng.lat });
      }
    });
  }

  /** All districts faintly, the patroller's own strongly, and the view fitted to their own. */
  drawDistricts(collection, mine) {
    this.districts.clearLayers();
    const own = [];
    L.geoJSON(collection, {
      style: f => mine.includes(f.properties.id)
        ? { color: '#4aa3df', weight: 3, fillColor: '#4aa3df', fillOpacity: 0.12 }
        : { color: '#6b7b8c', weight: 1, fillOpacity: 0.03, dashArray: '4 4' },
      onEachFeature: (feature, layer) => {
        if (mine.includes(feature.properties.id)) own.push(layer);
      }
    }).addTo(this.districts);
    for (const layer of own) {
      const p = layer.feature.properties;
      if (p.label) {
        L.tooltip({ permanent: true, direction: 'center', className: 'district-name', interactive: false })
          .setLatLng(L.latLng(p.label[1], p.label[0])).setContent(p.name_he || p.id).addTo(this.districts);
      }
    }
    const bounds = own.length ? L.featureGroup(own).getBounds() : null;
    this.ownBounds = bounds && bounds.isValid() ? bounds : null;
    this.fit();
  }

  fit() {
    if (this.ownBounds) this.map.fitBounds(this.ownBounds, { padding: [12, 12] });
    else this.map.setView([31.67, 34.57], 13);
  }

  /** The pins are the queue: one per report in it. */
  showQueue(reports) {
    const keep = new Set(reports.map(r => r.id));
    for (const [id, pin] of this.pins) {
      if (!keep.has(id)) {
        this.pinLayer.removeLayer(pin);
        this.pins.delete(id);
      }
    }
    for (const r of reports) {
      let pin = this.pins.get(r.id);
      const at = [r.location.lat, r.location.lon];
      if (!pin) {
        pin = L.circleMarker(at, { radius: 11, weight: 2, color: '#fff', fillOpacity: 0.95 });
        pin.on('click', () => this.onPin(r.id));
        pin.addTo(this.pinLayer);
        pin.getElement()?.setAttribute('data-report-id', r.id);
        this.pins.set(r.id, pin);
      }
      pin.setLatLng(at).setStyle({ fillColor: priorityColor(r.priority) });
    }
  }

  showHere(here) {
    if (!here) return;
    const at = [here.lat, here.lon];
    if (!this.here) {
      this.accuracy = L.circle(at, { radius: here.accuracyM || 0, weight: 1, color: '#4aa3df', fillOpacity: 0.1, interactive: false }).addTo(this.map);
      this.here = L.circleMarker(at, { radius: 8, weight: 3, color: '#fff', fillColor: '#1e88e5', fillOpacity: 1, interactive: false }).addTo(this.map);
      this.here.getElement()?.setAttribute('data-here', 'true');
    }
    this.here.setLatLng(at);
    this.accuracy.setLatLng(at).setRadius(here.accuracyM || 0);
  }

  pick() {
    this.picking = true;
  }

  /** Leaflet measures its box once; a pane that was hidden must tell it the new size. */
  resized() {
    this.map.invalidateSize();
    if (!this.moved) this.fit();
  }
}
