/**
 * Exports the lanes picture as a standalone SVG (theme colours resolved and
 * written as attributes, so the file looks the same outside VS Code) and as a
 * PNG drawn on a canvas. Text from the user's file (task names, labels, the
 * file name) may hold control characters or lone surrogates: the serialized
 * document has them replaced, so it is always well-formed XML.
 */
import { xmlSafeText } from '../../src/timeline/xmlText';
import type { Chart } from './chart';
import { SVG_NS, svg } from './dom';

const INLINED_PROPERTIES = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'visibility',
] as const;

function inlineStyles(source: Element, target: Element): void {
  const computed = getComputedStyle(source);
  for (const property of INLINED_PROPERTIES) {
    let value = computed.getPropertyValue(property);
    if (!value) continue;
    const reference = /^url\(["']?[^#"')]*#([\w-]+)["']?\)$/.exec(value);
    if (reference) value = `url(#${reference[1]})`;
    target.setAttribute(property, value);
  }
  target.removeAttribute('class');
  for (const name of target.getAttributeNames()) if (name.startsWith('data-')) target.removeAttribute(name);
  const sourceChildren = source.children;
  const targetChildren = target.children;
  for (let i = 0; i < sourceChildren.length; i++) inlineStyles(sourceChildren[i]!, targetChildren[i]!);
}

function standaloneCopy(source: SVGSVGElement): SVGSVGElement {
  const copy = source.cloneNode(true) as SVGSVGElement;
  inlineStyles(source, copy);
  return copy;
}

export interface ExportParts {
  readonly labels: SVGSVGElement;
  readonly chart: SVGSVGElement;
  readonly labelWidth: number;
  readonly width: number;
  readonly height: number;
  /** Caption drawn above the picture (e.g. the file name); goes in as text. */
  readonly caption: string;
  /** The element whose background colour the picture gets. */
  readonly backgroundFrom: Element;
}

const CAPTION_HEIGHT = 28;

/** One SVG document with the lane names, the chart and a caption, colours inlined. */
export function buildExportSvg(parts: ExportParts): SVGSVGElement {
  const width = parts.labelWidth + parts.width;
  const height = parts.height + CAPTION_HEIGHT;
  const style = getComputedStyle(parts.backgroundFrom);
  const root = svg('svg', {
    xmlns: SVG_NS,
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    'font-family': style.fontFamily,
    'font-size': style.fontSize,
  });
  root.appendChild(svg('rect', { x: 0, y: 0, width, height, fill: style.backgroundColor }));
  root.appendChild(svg('text', { x: 8, y: 18, fill: style.color, 'font-weight': 600 }, parts.caption));
  const labels = standaloneCopy(parts.labels);
  labels.setAttribute('y', String(CAPTION_HEIGHT));
  const chart = standaloneCopy(parts.chart);
  chart.setAttribute('x', String(parts.labelWidth));
  chart.setAttribute('y', String(CAPTION_HEIGHT));
  root.append(labels, chart);
  return root;
}

/** The document as XML text; XML-invalid code points in any text or attribute are replaced (see `xmlSafeText`). */
export function serializeSvg(root: SVGSVGElement): string {
  return xmlSafeText(new XMLSerializer().serializeToString(root));
}

export interface ExportedChart {
  /** The serialized, well-formed SVG document. */
  readonly svg: string;
  readonly width: number;
  readonly height: number;
}

/** The whole chart as one SVG document. The chart is windowed, so it is built with every step in the DOM. */
export function exportChart(chart: Chart, caption: string, backgroundFrom: Element): ExportedChart {
  const element = chart.withEverything(() =>
    buildExportSvg({
      labels: chart.labels,
      chart: chart.chart,
      labelWidth: chart.labelWidth,
      width: chart.layout.width,
      height: chart.layout.height,
      caption,
      backgroundFrom,
    }),
  );
  return { svg: serializeSvg(element), width: Number(element.getAttribute('width')), height: Number(element.getAttribute('height')) };
}

/** Draws the SVG on a canvas at `scale` and returns a PNG data URL. */
export async function svgToPng(svgText: string, width: number, height: number, scale = 2): Promise<string> {
  const bytes = new TextEncoder().encode(svgText);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  const image = new Image();
  image.decoding = 'async';
  const loaded = new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = () => reject(new Error('the SVG could not be drawn as an image'));
  });
  image.src = `data:image/svg+xml;base64,${btoa(binary)}`;
  await loaded;
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(width * scale);
  canvas.height = Math.ceil(height * scale);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2D canvas available');
  context.scale(scale, scale);
  context.drawImage(image, 0, 0, width, height);
  return canvas.toDataURL('image/png');
}
