// A report from the field: a category (life-safety ones first), a few words, where (the
// tablet's position or a tap on the map), and photos from the camera. It goes to the outbox with
// the id the tablet chose, its photos after it, so it is sent once whatever the network does.

import { t, categoryName } from './i18n.js';
import { uuid } from './outbox.js';

const $ = id => document.getElementById(id);
// Photos are made smaller on the tablet before they wait in the outbox: a phone camera's 4 MB
// would take minutes on a weak mobile link. Drawing them also applies their orientation.
const PHOTO_MAX_SIDE = 1600;
const PHOTO_QUALITY = 0.85;

export class NewReportForm {
  /** @param app {config, outbox, here(), map, show(pane), hide(pane), toast(text)} */
  constructor(app) {
    this.app = app;
    this.at = null;
    this.fillCategories();
    $('new-here').addEventListener('click', () => this.useHere());
    $('new-pick').addEventListener('click', () => {
      document.body.dataset.picking = 'true';
      this.app.show('map');
      this.app.toast(t('pickHint'));
      this.app.map.pick();
    });
    $('new-photos').addEventListener('change', () => {
      $('new-photo-count').textContent = $('new-photos').files.length ? `${$('new-photos').files.length} 📷` : '';
    });
    $('new-form').addEventListener('submit', e => {
      e.preventDefault();
      this.submit();
    });
  }

  /** Life safety first, each with its priority, as /config.json lists them. */
  fillCategories() {
    const select = $('new-category');
    const chosen = select.value;
    select.replaceChildren(new Option('—', ''));
    for (const c of this.app.config.categories || []) {
      const lifeSafety = c.priority >= (this.app.config.lifeSafetyPriority || 5);
      const option = new Option(`${categoryName(c.id)} (${c.priority})${lifeSafety ? ' — ' + t('lifeSafety') : ''}`, c.id);
      option.dataset.priority = c.priority;
      select.append(option);
    }
    select.value = chosen;
  }

  open() {
    this.app.show('new');
    if (!this.at) this.useHere();
  }

  useHere() {
    const here = this.app.here();
    if (here) this.setLocation(here);
  }

  /** A point tapped on the map, or the tablet's position. */
  setLocation(at) {
    document.body.dataset.picking = 'false';
    this.at = { lon: at.lon, lat: at.lat };
    const p = $('new-location');
    p.dataset.lon = at.lon;
    p.dataset.lat = at.lat;
    p.textContent = `${at.lat.toFixed(5)}, ${at.lon.toFixed(5)}`;
    this.app.show('new');
  }

  async submit() {
    const error = $('new-error');
    const category = $('new-category').value;
    if (!category || !this.at) {
      error.textContent = !category ? t('category') : t('noLocation');
      error.hidden = false;
      return;
    }
    error.hidden = true;
    const id = uuid();
    const report = { id, category, location: this.at, channel: 'patroller' };
    const description = $('new-description').value.trim();
    if (description) report.description = description;
    const photos = [];
    for (const file of $('new-photos').files) {
      const photo = await smaller(file);
      photos.push({ kind: 'media', reportId: id, key: uuid(), type: photo.type, blob: photo });
    }
    await this.app.outbox.add({ kind: 'report', reportId: id, report }, ...photos);
    $('new-form').reset();
    $('new-photo-count').textContent = '';
    $('new-location').textContent = '';
    this.at = null;
    this.app.hide('new');
    this.app.toast(t('sent'));
  }
}

/** A JPEG at most PHOTO_MAX_SIDE wide or high; the original where the browser cannot draw it. */
async function smaller(file) {
  try {
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    const scale = Math.min(1, PHOTO_MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise(resolve => canvas.toBlob(resolve, 'image/jpeg', PHOTO_QUALITY));
    return blob || file;
  } catch (e) {
    return file;
  }
}
