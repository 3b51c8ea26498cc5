// The "where" field: a place typed (street and number, a landmark, a neighborhood) and chosen
// from GET /api/v1/places, or coordinates pasted (WGS84 or the Israeli TM Grid, coords.js). The
// chosen point goes to the page, which locates its district.

import { Combobox } from './combobox.js';
import { parseCoordinates } from './coords.js';
import { t, localName, districtName } from './i18n.js';

// Suggestions wait for a pause in typing this long, and ask for this many.
const DEBOUNCE_MS = 150;
const SUGGESTIONS = 8;

export class PlaceField {
  /**
   * @param onChoose called with {lon, lat} or {x, y, crs}, the text the field then shows (a place's
   *                 name, or the coordinates as pasted), the source and how it was chosen
   */
  constructor(input, list, api, onChoose) {
    this.input = input;
    this.api = api;
    this.onChoose = onChoose;
    this.combo = new Combobox(input, list, {
      source: query => this.suggest(query),
      render: (item, li) => this.option(item, li),
      choose: (item, via) => this.onChoose(item.at, item.text, item.source, via),
      empty: () => t('noPlaces')
    });
  }

  async suggest(query) {
    const q = query.trim();
    if (!q) return [];
    const at = parseCoordinates(q);
    if (at) {
      const label = at.crs ? `${t('grid')}: ${at.x}, ${at.y}` : `${t('coordinates')}: ${at.lat}, ${at.lon}`;
      return [{ at, label, text: q, source: 'coordinates' }];
    }
    await new Promise(resolve => setTimeout(resolve, DEBOUNCE_MS));
    if (this.input.value.trim() !== q) return null; // typing went on: that query will answer
    try {
      const { places } = await this.api.json(`/api/v1/places?q=${encodeURIComponent(q)}&limit=${SUGGESTIONS}`);
      return (places || []).map(p => {
        const label = this.placeLabel(p);
        return { at: { lon: p.lon, lat: p.lat }, place: p, label, text: label, source: 'place' };
      });
    } catch (e) {
      return [];
    }
  }

  placeLabel(p) {
    const name = localName(p, p.id);
    return p.houseNumber != null ? `${name} ${p.houseNumber}` : name;
  }

  option(item, li) {
    li.dataset.source = item.source;
    const name = document.createElement('span');
    name.className = 'name';
    name.dir = 'auto';
    name.textContent = item.label;
    li.append(name);
    if (item.place) {
      const p = item.place;
      li.dataset.placeId = p.id;
      li.dataset.kind = p.kind;
      const meta = document.createElement('span');
      meta.className = 'other';
      meta.textContent = [t('kind_' + p.kind), p.district ? districtName(p.district) : '', p.interpolated ? t('approx') : '']
        .filter(Boolean).join(' · ');
      li.append(meta);
    }
  }

  /** A new call: an empty field, no suggestions. */
  clear() {
    this.combo.close();
    this.input.value = '';
  }
}
