// The small map: the city's districts, the chosen point as a marker, and a click to choose one.
// Tiles only when the city configured them; the district polygons are the map without them.

const CITY_CENTRE = [31.67, 34.57];
const CITY_ZOOM = 12;
const POINT_ZOOM = 16;

export class IntakeMap {
  /** @param onClick called with {lon, lat} where the map was clicked */
  constructor(element, config, onClick) {
    this.map = L.map(element, { zoomSnap: 0.25, attributionControl: !!config.tileUrl, keyboard: false });
    if (config.tileUrl) {
      L.tileLayer(config.tileUrl, { attribution: config.tileAttribution || '', maxZoom: 19 }).addTo(this.map);
    }
    this.layer = L.layerGroup().addTo(this.map);
    this.map.setView(CITY_CENTRE, CITY_ZOOM);
    this.map.on('click', e => onClick({ lon: e.latlng.lng, lat: e.latlng.lat }));
  }

  drawDistricts(collection) {
    // Not interactive: a click anywhere, on a district too, chooses the point.
    const drawn = L.geoJSON(collection, {
      interactive: false,
      style: { color: '#6b8fb0', weight: 1.5, fillColor: '#4aa3df', fillOpacity: 0.06 }
    }).addTo(this.layer);
    this.bounds = drawn.getBounds().isValid() ? drawn.getBounds() : null;
    this.overview();
  }

  /** The whole city, as at the start of a call. */
  overview() {
    if (this.bounds) this.map.fitBounds(this.bounds, { padding: [8, 8], animate: false });
  }

  /** The chosen point (null: none), marked by its district: inside, snapped, or outside. */
  show(point) {
    if (!point) {
      this.marker?.remove();
      this.marker = null;
      return this.overview();
    }
    const at = [point.lat, point.lon];
    if (!this.marker) {
      this.marker = L.circleMarker(at, { radius: 10, weight: 3, color: '#fff', fillOpacity: 1, interactive: false }).addTo(this.map);
      this.marker.getElement()?.setAttribute('data-marker', 'point');
    }
    this.marker.setLatLng(at).setStyle({ fillColor: point.district ? '#f5a623' : '#e74c3c' });
    this.marker.getElement()?.setAttribute('data-district', point.district || '');
    // No animation: the point is where the call-taker looks next, at once.
    this.map.setView(at, Math.max(this.map.getZoom(), POINT_ZOOM), { animate: false });
  }

  /** Leaflet measures its box once; tell it when the layout changed (a language switch). */
  resized() {
    this.map.invalidateSize();
  }
}
