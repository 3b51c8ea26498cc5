// The map's legend, for whoever looks at the wall for the first time: pin colours, incident
// priority colours, the patroller dot, an alerted area and the heat ramp. A collapsible box in a
// bottom corner.

import { priorityColor } from './text.js';
import { HEAT_RAMP } from './map.js';

const PIN_COLORS = [
  ['#e74c3c', 'מצב מסכן חיים', 'life safety'],
  ['#f5a623', 'דיווח אחר', 'other report']
];
const PRIORITIES = [5, 4, 3, 2, 1];

export function addLegend(map) {
  const control = L.control({ position: 'bottomleft' });
  control.onAdd = () => {
    const box = document.createElement('details');
    box.id = 'legend';
    box.className = 'legend';
    box.open = true;
    const summary = document.createElement('summary');
    summary.append(text('מקרא'), english('Legend'));
    box.append(summary);
    box.append(row(...PIN_COLORS.map(([color, he, en]) => item(swatch('pin', color), he, en))));
    const incidents = row(text('אירוע לפי עדיפות', 'legend-title'), english('incident by priority'));
    PRIORITIES.forEach(p => {
      const s = swatch('incident', priorityColor(p));
      s.textContent = String(p);
      incidents.append(s);
    });
    box.append(incidents);
    box.append(row(item(swatch('patroller', '#3fa9f5'), 'סייר במשמרת', 'patroller on duty'),
      item(swatch('alert', 'rgba(255, 45, 45, 0.4)'), 'אזור בהתרעה', 'alerted area')));
    const heat = row(text('חום · מעט', 'legend-title'));
    const ramp = document.createElement('span');
    ramp.className = 'legend-ramp';
    ramp.style.background = `linear-gradient(to left, ${HEAT_RAMP.join(', ')})`;
    heat.append(ramp, text('הרבה'), english('heat: few → many reports'));
    box.append(heat);
    box.append(row(text('+N', 'legend-title'), text('דיווחים של אירועים סמוכים'), english('reports of nearby incidents')));
    L.DomEvent.disableClickPropagation(box);
    return box;
  };
  control.addTo(map);
  return control;
}

function row(...children) {
  const div = document.createElement('div');
  div.className = 'legend-row';
  div.append(...children);
  return div;
}

function item(mark, he, en) {
  const span = document.createElement('span');
  span.className = 'legend-item';
  span.append(mark, text(he), english(en));
  return span;
}

function swatch(kind, color) {
  const span = document.createElement('span');
  span.className = 'legend-swatch legend-' + kind;
  span.style.backgroundColor = color;
  return span;
}

function text(words, className) {
  const span = document.createElement('span');
  if (className) span.className = className;
  span.textContent = words;
  span.dir = 'auto';
  return span;
}

function english(words) {
  const span = text(words, 'en');
  span.lang = 'en';
  return span;
}
