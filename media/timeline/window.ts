/**
 * A windowed SVG layer: of many items placed along the x axis, only those
 * within the visible range (plus an overscan) exist in the DOM. Items are
 * created on demand and removed when they scroll out, so a 10,000-step
 * timeline keeps a few hundred nodes.
 */

export interface Extent {
  readonly x0: number;
  readonly x1: number;
}

export class WindowedLayer {
  private readonly rendered = new Map<number, SVGElement>();
  /** Items always kept (e.g. the selected step's arrows), whatever the window. */
  private pinned: ReadonlySet<number> = new Set();

  constructor(
    readonly group: SVGGElement,
    private readonly extents: readonly Extent[],
    private readonly create: (index: number) => SVGElement,
    /** Whether an item belongs to the window [left, right]; defaults to its extent overlapping it. */
    private readonly inWindow: (index: number, left: number, right: number) => boolean = (index, left, right) =>
      extents[index]!.x1 >= left && extents[index]!.x0 <= right,
  ) {}

  /** Renders exactly the items in [left, right] plus the pinned ones. */
  show(left: number, right: number): void {
    for (const [index, element] of this.rendered) {
      if (!this.pinned.has(index) && !this.inWindow(index, left, right)) {
        element.remove();
        this.rendered.delete(index);
      }
    }
    for (let index = 0; index < this.extents.length; index++) {
      if (!this.rendered.has(index) && (this.pinned.has(index) || this.inWindow(index, left, right))) this.add(index);
    }
  }

  pin(indices: ReadonlySet<number>): void {
    this.pinned = indices;
    for (const index of indices) if (!this.rendered.has(index)) this.add(index);
  }

  /** The item's element when it is rendered. */
  element(index: number): SVGElement | undefined {
    return this.rendered.get(index);
  }

  get renderedCount(): number {
    return this.rendered.size;
  }

  private add(index: number): void {
    const element = this.create(index);
    this.rendered.set(index, element);
    this.group.appendChild(element);
  }
}

/** First index whose value is ≥ `value` in an ascending array. */
export function lowerBound(values: readonly number[], value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (values[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
