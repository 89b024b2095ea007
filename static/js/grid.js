/* Where things are on a slot grid (mine or everyone's): cells, their positions and states. */

/* The cell of a slot grid (mine or everyone's) an element is in, with its position. */
export function gridCellOf(element) {
  if (!(element instanceof Element)) return null;
  var cell = element.closest("table[data-paint-grid] td, table[data-heat-grid] td");
  if (!cell || !cell.parentElement || cell.parentElement.parentElement.tagName !== "TBODY") {
    return null;
  }
  return {
    cell: cell,
    table: cell.closest("table"),
    pos: [cell.parentElement.sectionRowIndex, cell.cellIndex - 1],
  };
}

export function cellAt(table, pos) {
  var body = table.tBodies[0];
  var row = body ? body.rows[pos[0]] : null;
  return row ? row.cells[pos[1] + 1] || null : null;
}

export function stateOf(cell) {
  if (cell.classList.contains("p")) return "p";
  if (cell.classList.contains("n")) return "n"; // free if need be
  if (cell.classList.contains("f")) return "f";
  if (cell.classList.contains("b")) return "b";
  return "";
}

export function cellsBetween(table, from, to) {
  var cells = [];
  var top = Math.min(from[0], to[0]);
  var bottom = Math.max(from[0], to[0]);
  var left = Math.min(from[1], to[1]);
  var right = Math.max(from[1], to[1]);
  for (var row = top; row <= bottom; row++) {
    for (var column = left; column <= right; column++) {
      var cell = cellAt(table, [row, column]);
      if (cell) cells.push(cell);
    }
  }
  return cells;
}

export function focusCell(table, cell) {
  table.querySelectorAll("td[tabindex='0']").forEach(function (other) {
    if (other !== cell) other.setAttribute("tabindex", "-1");
  });
  cell.setAttribute("tabindex", "0");
  cell.focus({ preventScroll: false });
}
