/*
 * What the page script's modules share, in one place instead of closure variables: the live
 * meeting's box and what is under way in it. main.js fills in the meeting's part at start.
 */

export const FRAGMENT = "Meetifyr-Fragment";

export const shared = {
  /* The live meeting (#meeting) and how it is kept fresh. */
  root: null,
  pollMs: 0,
  gridUrl: null,
  etag: "", // the version of the meeting shown
  timer: null, // the next poll
  leaving: false, // a form is taking the browser to another page

  /* Edits sent in the background (send.js). */
  queue: Promise.resolve(),
  editsInFlight: 0,
  editCount: 0, // bumped by every edit, so an older poll answer is never shown over it
  pendingSwap: null, // an answer waiting for the stroke under way to end

  /* Painting (paint.js, keyboard.js). */
  brushPreferred: false,
  brushIfNeedBe: false, // the "if need be" brush (never on with the preferred one)
  stroke: null, // the stroke under way: {table, kind, anchor, current, action, pointerId, held}
  keyed: null, // the keyboard selection: {table id, anchor [row, column], focus}
  suppressClick: false,
  paintMode: false, // "Paint with a finger": touch on my cells paints at once (touch.js)
  undo: [], // the strokes that Undo can take back, the last one last (undo.js)
  dateFocus: null, // the id of my row's button that has the dates grid's Tab stop (datekeys.js)

  /* What modules redo after the fragment was replaced (fragment.js calls each). */
  afterSwap: [],
};
