// Plane geometry on GeoJSON polygons ([lon, lat] rings) that pages need without a library: whether
// a point lies in a feature, and a point well inside one to put its label on. At a city's scale the
// plane is exact enough for both.

/** The polygons of a Polygon or MultiPolygon geometry, each a list of rings; others have none. */
function polygons(geometry) {
  if (!geometry) return [];
  if (geometry.type === 'Polygon') return [geometry.coordinates];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates;
  return [];
}

/** Even-odd ray casting: holes (inner rings) count against the outer ring. */
function inRings(rings, lon, lat) {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if ((yi > lat) !== (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** True when (lat, lon) lies in the feature's Polygon or MultiPolygon. */
export function containsPoint(feature, lat, lon) {
  return polygons(feature && feature.geometry).some(rings => inRings(rings, lon, lat));
}

/**
 * A point inside the feature for its label, [lat, lon]: the middle of the widest inside stretch of
 * the horizontal lines through the middle of each of its parts. A centroid can fall outside a
 * concave area, and the label would then name the wrong ground.
 */
export function labelPoint(feature) {
  let best = null;
  for (const rings of polygons(feature && feature.geometry)) {
    const lats = rings[0].map(p => p[1]);
    const lat = (Math.min(...lats) + Math.max(...lats)) / 2;
    const crossings = [];
    for (const ring of rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i];
        const [xj, yj] = ring[j];
        if ((yi > lat) !== (yj > lat)) crossings.push((xj - xi) * (lat - yi) / (yj - yi) + xi);
      }
    }
    crossings.sort((a, b) => a - b);
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      const width = crossings[k + 1] - crossings[k];
      if (!best || width > best.width) best = { width, lat, lon: (crossings[k] + crossings[k + 1]) / 2 };
    }
  }
  return best && [best.lat, best.lon];
}
