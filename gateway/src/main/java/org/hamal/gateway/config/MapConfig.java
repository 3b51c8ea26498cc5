package org.hamal.gateway.config;

/**
 * Background map for the pages. The district polygons are drawn whether or not tiles load, so a
 * room without internet still has a map.
 *
 * @param tileUrl Leaflet tile URL template; empty for no tiles at all
 * @param tileAttribution attribution the tile provider requires
 */
public record MapConfig(String tileUrl, String tileAttribution) {}
