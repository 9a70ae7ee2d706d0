/**
 * Tiny DOM builders. Text always goes in through `textContent`/text nodes and
 * attributes through `setAttribute`; nothing here parses markup.
 */
export const SVG_NS = 'http://www.w3.org/2000/svg';

type Attributes = Readonly<Record<string, string | number | boolean | undefined>>;
type Child = Node | string | null | undefined | false;

function apply(element: Element, attributes: Attributes, children: readonly Child[]): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

export function html<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  apply(element, attributes, children);
  return element;
}

export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  apply(element, attributes, children);
  return element;
}

/** Small stroke icons for the toolbar, drawn with SVG paths (no icon font needed). */
const ICON_PATHS: Record<string, string> = {
  first: 'M4 3v10M12 3 6 8l6 5',
  previous: 'M10 3 5 8l5 5',
  next: 'M6 3l5 5-5 5',
  last: 'M12 3v10M4 3l6 5-6 5',
  play: 'M5 3v10l8-5z',
  pause: 'M5 3v10M11 3v10',
  copy: 'M5 5h8v8H5zM3 11V3h8',
  save: 'M3 3h8l2 2v8H3zM5 3v3h5V3M5 13V9h6v4',
  image: 'M2 3h12v10H2zM2 11l4-4 3 3 2-2 3 3',
  reveal: 'M3 8h8M8 5l3 3-3 3M13 3v10',
};

export function icon(name: keyof typeof ICON_PATHS): SVGSVGElement {
  return svg(
    'svg',
    { class: `icon icon-${name}`, viewBox: '0 0 16 16', width: 16, height: 16, 'aria-hidden': 'true', focusable: 'false' },
    svg('path', { d: ICON_PATHS[name] }),
  );
}

export function clear(element: Element): void {
  while (element.firstChild) element.removeChild(element.firstChild);
}
