package org.hamal.geo.places;

/**
 * One suggestion for a query.
 *
 * @param score {@value PlaceIndex#EXACT} the query is the whole name, {@value PlaceIndex#IN_ORDER}
 *     its words start the name's words in order, {@value PlaceIndex#ANY_ORDER} in another order
 * @param houseNumber the number in the query taken as a house number on this street, or null
 * @param position where to put the report: the house interpolated along the street, or the
 *     place's own point, or the street's middle
 */
public record PlaceMatch(Place place, int score, Integer houseNumber, Place.Position position) {}
