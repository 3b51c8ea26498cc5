// What makes the page a wall screen read across the room (issue 25): the legend, the stale
// notice when the stream is down, and the switchable tone on life-safety arrivals. The labels
// that never pile up live with the map (labels.js).

import { addLegend } from './legend.js';
import { StaleNotice } from './stale.js';
import { Sound } from './sound.js';

export class Wall {
  constructor(map, board) {
    addLegend(map.map);
    this.stale = new StaleNotice();
    this.sound = new Sound(id => board.reports.has(id));
  }

  /** Each live message, before the board applies it. */
  handle(m) {
    this.sound.handle(m);
  }

  streamState(live) {
    this.stale.state(live);
  }
}
