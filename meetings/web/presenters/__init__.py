"""What the page templates show, computed from the domain: grids, cells, slot layouts."""
