// Coordinates pasted into the "where" field: WGS84 degrees (as a map app copies them, latitude
// first, or longitude first) or the Israeli TM Grid (EPSG:2039, metres, as municipal maps give
// them). Pure: the page sends the result to GET /api/v1/districts/locate, which converts a grid
// point and names its district.

const NUMBER = /[-+]?\d+(?:\.\d+)?/g;
// In Israel latitude (29.4…33.4) is always below longitude (34.2…35.9), so two degree values are
// told apart by size whatever order they were pasted in; likewise the grid's easting
// (~100,000…300,000) is always below its northing (~350,000…800,000).
const DEGREES_MAX = 180;
const GRID_MIN = 1000;

/**
 * {lon, lat} for degrees, {x, y, crs: 'EPSG:2039'} for grid metres, or null when the text is not
 * exactly two numbers (a street name with a house number is a place, not coordinates).
 */
export function parseCoordinates(text) {
  const trimmed = String(text ?? '').trim();
  if (!/^[\d\s.,;:+\-°NEne]+$/.test(trimmed)) return null;
  const numbers = (trimmed.match(NUMBER) || []).map(Number);
  if (numbers.length !== 2 || numbers.some(n => !Number.isFinite(n))) return null;
  const [a, b] = numbers;
  if (Math.abs(a) <= DEGREES_MAX && Math.abs(b) <= DEGREES_MAX && /\./.test(trimmed)) {
    return { lon: Math.max(a, b), lat: Math.min(a, b) };
  }
  if (a >= GRID_MIN && b >= GRID_MIN) return { x: Math.min(a, b), y: Math.max(a, b), crs: 'EPSG:2039' };
  return null;
}

/** The locate query for parsed coordinates. */
export function locateQuery(at) {
  return at.crs
    ? `x=${encodeURIComponent(at.x)}&y=${encodeURIComponent(at.y)}&crs=${encodeURIComponent(at.crs)}`
    : `lon=${encodeURIComponent(at.lon)}&lat=${encodeURIComponent(at.lat)}`;
}

/** Metres between two WGS84 points (haversine; plenty for a city). */
export function metres(a, b) {
  const R = 6371008.8;
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}
