// Incident labels that never pile up. After the incidents change or the map zooms (at most once a
// frame) the labels are placed greedily, most urgent then largest first; a label that would
// overlap one already placed is hidden and its reports are added to that one as "+N". So at any
// zoom no two visible labels overlap, and no report goes uncounted.
// Hooks: the hidden label's tooltip has data-label-hidden="true"; the one it collapsed into has
// data-collapsed="<reports added>".

// Labels keep this much space between them (pixels), so they read as separate.
const GAP_PX = 2;

export class LabelLayout {
  /** @param incidents Map id -> circle marker, each with `.incident` and maybe a tooltip */
  constructor(map, incidents) {
    this.map = map;
    this.incidents = incidents;
    this.pending = false;
    map.on('zoomend viewreset resize', () => this.schedule());
  }

  schedule() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.layout();
    });
  }

  layout() {
    const labels = [];
    this.incidents.forEach(marker => {
      const tooltip = marker.getTooltip && marker.getTooltip();
      const element = tooltip && this.map.hasLayer(marker) && tooltip.getElement();
      if (element) labels.push({ incident: marker.incident, element, more: element.querySelector('.more'), added: 0 });
    });
    // Writes first, then every read, then writes: one layout for the whole pass.
    labels.forEach(l => show(l));
    labels.sort((a, b) => (b.incident.priority - a.incident.priority) || (b.incident.count - a.incident.count)
      || (a.incident.id < b.incident.id ? -1 : 1));
    labels.forEach(l => { l.rect = l.element.getBoundingClientRect(); });
    const placed = [];
    for (const label of labels) {
      const over = placed.find(p => overlap(p.rect, label.rect));
      if (over) collapse(label, over);
      else placed.push(label);
    }
    placed.forEach(l => mark(l));
    // "+N" widens a label: should it now touch a neighbour, the lesser one collapses too.
    for (let changed = placed.some(l => l.added); changed;) {
      changed = false;
      placed.forEach(l => { l.rect = l.element.getBoundingClientRect(); });
      for (let i = 0; i < placed.length && !changed; i++) {
        for (let j = i + 1; j < placed.length && !changed; j++) {
          if (overlap(placed[i].rect, placed[j].rect)) {
            collapse(placed[j], placed[i]);
            placed.splice(j, 1);
            mark(placed[i]);
            changed = true;
          }
        }
      }
    }
  }
}

function show(label) {
  label.element.dataset.labelHidden = 'false';
  delete label.element.dataset.collapsed;
  if (label.more) label.more.textContent = '';
}

function collapse(label, into) {
  label.element.dataset.labelHidden = 'true';
  into.added += label.incident.count + label.added;
}

function mark(label) {
  if (!label.added) return;
  label.element.dataset.collapsed = String(label.added);
  if (label.more) label.more.textContent = '+' + label.added;
}

function overlap(a, b) {
  return a.left < b.right + GAP_PX && b.left < a.right + GAP_PX && a.top < b.bottom + GAP_PX && b.top < a.bottom + GAP_PX;
}
