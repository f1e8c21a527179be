/** Grafana's dashboard grid: 24 columns, 30 px rows, 8 px between cells. */
export const GRID = { columns: 24, rowHeight: 30, margin: 8 } as const;

/** Width of the preview page and of its screenshot, in CSS pixels (device scale 1). */
export const PAGE_WIDTH = 1600;
/** Padding around the grid, and the height of the stamp above it. */
export const PAGE_PADDING = 16;
export const STAMP_HEIGHT = 72;

export interface GridPos {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** A panel's box on the page, in pixels, relative to the grid's top-left corner. */
export interface Box {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

const columnWidth = () => (PAGE_WIDTH - 2 * PAGE_PADDING - (GRID.columns - 1) * GRID.margin) / GRID.columns;

/** Where Grafana's grid layout puts a panel with this `gridPos`. */
export function boxOf(pos: GridPos): Box {
  const col = columnWidth();
  return {
    left: Math.round(pos.x * (col + GRID.margin)),
    top: pos.y * (GRID.rowHeight + GRID.margin),
    width: Math.round(pos.w * col + (pos.w - 1) * GRID.margin),
    height: pos.h * GRID.rowHeight + (pos.h - 1) * GRID.margin,
  };
}

/** The page's size for panels in these boxes: stamp, grid and padding (the screenshot's size). */
export function pageSize(boxes: readonly Box[]): { readonly width: number; readonly height: number } {
  const bottom = Math.max(0, ...boxes.map((b) => b.top + b.height));
  return { width: PAGE_WIDTH, height: STAMP_HEIGHT + bottom + 2 * PAGE_PADDING };
}
