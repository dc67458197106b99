import { encodePng } from '../devices/png.ts';
import type { FontkitFont, PathCommand } from './glyphs.ts';

/**
 * A tiny antialiased rasteriser (filled polygons, nonzero winding, 4×4 supersampling) with text
 * from the document fonts' outlines. It draws the demo's letterhead and Dienstsiegel as real PNGs
 * without an image library; production profiles upload the municipality's own images.
 */
export type Point = readonly [number, number];
export type Rgb = readonly [number, number, number];

const samples = 4;

export class Canvas {
  readonly width: number;
  readonly height: number;
  private readonly pixels: Uint8Array;

  constructor(width: number, height: number, background: Rgb = [255, 255, 255]) {
    this.width = width;
    this.height = height;
    this.pixels = new Uint8Array(width * height * 3);
    for (let i = 0; i < width * height; i += 1) this.pixels.set(background, i * 3);
  }

  fill(polygons: readonly (readonly Point[])[], colour: Rgb): void {
    const edges: { x0: number; y0: number; x1: number; y1: number; dir: number }[] = [];
    let minY = Infinity;
    let maxY = -Infinity;
    for (const polygon of polygons) {
      for (let i = 0; i < polygon.length; i += 1) {
        const a = polygon[i]!;
        const b = polygon[(i + 1) % polygon.length]!;
        if (a[1] === b[1]) continue;
        const dir = a[1] < b[1] ? 1 : -1;
        const [top, bottom] = dir === 1 ? [a, b] : [b, a];
        edges.push({ x0: top[0], y0: top[1], x1: bottom[0], y1: bottom[1], dir });
        minY = Math.min(minY, top[1]);
        maxY = Math.max(maxY, bottom[1]);
      }
    }
    if (edges.length === 0) return;
    const coverage = new Float32Array(this.width);
    const firstRow = Math.max(0, Math.floor(minY));
    const lastRow = Math.min(this.height - 1, Math.ceil(maxY));
    for (let row = firstRow; row <= lastRow; row += 1) {
      coverage.fill(0);
      let touched = false;
      for (let s = 0; s < samples; s += 1) {
        const y = row + (s + 0.5) / samples;
        const crossings: { x: number; dir: number }[] = [];
        for (const e of edges) {
          if (y < e.y0 || y >= e.y1) continue;
          crossings.push({ x: e.x0 + ((y - e.y0) * (e.x1 - e.x0)) / (e.y1 - e.y0), dir: e.dir });
        }
        if (crossings.length < 2) continue;
        crossings.sort((p, q) => p.x - q.x);
        let winding = 0;
        for (let i = 0; i < crossings.length - 1; i += 1) {
          winding += crossings[i]!.dir;
          if (winding !== 0) {
            this.span(coverage, crossings[i]!.x, crossings[i + 1]!.x);
            touched = true;
          }
        }
      }
      if (!touched) continue;
      for (let x = 0; x < this.width; x += 1) {
        const c = Math.min(1, coverage[x]!);
        if (c <= 0) continue;
        const at = (row * this.width + x) * 3;
        for (let k = 0; k < 3; k += 1) this.pixels[at + k] = Math.round(this.pixels[at + k]! * (1 - c) + colour[k]! * c);
      }
    }
  }

  /** Adds one sub-row's horizontal coverage of [from, to) to the row accumulator. */
  private span(coverage: Float32Array, from: number, to: number): void {
    const a = Math.max(0, from);
    const b = Math.min(this.width, to);
    if (b <= a) return;
    const weight = 1 / samples;
    const first = Math.floor(a);
    const last = Math.floor(b);
    if (first === last) {
      coverage[first] = (coverage[first] ?? 0) + (b - a) * weight;
      return;
    }
    coverage[first] = (coverage[first] ?? 0) + (first + 1 - a) * weight;
    for (let x = first + 1; x < last; x += 1) coverage[x] = (coverage[x] ?? 0) + weight;
    if (last < this.width) coverage[last] = (coverage[last] ?? 0) + (b - last) * weight;
  }

  png(): Uint8Array {
    return encodePng({ width: this.width, height: this.height, channels: 3, pixels: this.pixels });
  }
}

export function circle(cx: number, cy: number, r: number, clockwise = true, steps = 180): Point[] {
  const points: Point[] = [];
  for (let i = 0; i < steps; i += 1) {
    const t = ((clockwise ? i : -i) / steps) * 2 * Math.PI;
    points.push([cx + r * Math.cos(t), cy + r * Math.sin(t)]);
  }
  return points;
}

/** A ring: the outer circle one way round, the inner one the other, so nonzero leaves the hole. */
export function ring(cx: number, cy: number, outer: number, inner: number): Point[][] {
  return [circle(cx, cy, outer, true), circle(cx, cy, inner, false)];
}

export function rect(x: number, y: number, w: number, h: number): Point[] {
  return [[x, y], [x + w, y], [x + w, y + h], [x, y + h]];
}

/** Glyph outlines in local units (x right, y up, origin at the glyph's pen position). */
function glyphContours(commands: PathCommand[], scale: number): Point[][] {
  const contours: Point[][] = [];
  let current: Point[] = [];
  let pen: Point = [0, 0];
  const push = (p: Point) => {
    current.push(p);
    pen = p;
  };
  for (const { command, args } of commands) {
    const at = (i: number): Point => [(args[i] ?? 0) * scale, (args[i + 1] ?? 0) * scale];
    if (command === 'moveTo') {
      if (current.length > 1) contours.push(current);
      current = [];
      push(at(0));
    } else if (command === 'lineTo') {
      push(at(0));
    } else if (command === 'quadraticCurveTo') {
      const [c, end] = [at(0), at(2)];
      const start = pen;
      for (let i = 1; i <= 8; i += 1) {
        const t = i / 8;
        const u = 1 - t;
        push([u * u * start[0] + 2 * u * t * c[0] + t * t * end[0], u * u * start[1] + 2 * u * t * c[1] + t * t * end[1]]);
      }
    } else if (command === 'bezierCurveTo') {
      const [c1, c2, end] = [at(0), at(2), at(4)];
      const start = pen;
      for (let i = 1; i <= 10; i += 1) {
        const t = i / 10;
        const u = 1 - t;
        push([
          u * u * u * start[0] + 3 * u * u * t * c1[0] + 3 * u * t * t * c2[0] + t * t * t * end[0],
          u * u * u * start[1] + 3 * u * u * t * c1[1] + 3 * u * t * t * c2[1] + t * t * t * end[1],
        ]);
      }
    } else if (command === 'closePath') {
      if (current.length > 1) contours.push(current);
      current = [];
    }
  }
  if (current.length > 1) contours.push(current);
  return contours;
}

interface PlacedGlyph {
  contours: Point[][];
  /** Pen position and advance along the line, in pixels. */
  offset: number;
  advance: number;
}

function layoutGlyphs(font: FontkitFont, text: string, size: number): { glyphs: PlacedGlyph[]; width: number } {
  const scale = size / font.unitsPerEm;
  const run = font.layout(text);
  let pen = 0;
  const glyphs = run.glyphs.map((glyph, i) => {
    const position = run.positions[i] ?? { xAdvance: 0, yAdvance: 0, xOffset: 0, yOffset: 0 };
    const contours = glyphContours(glyph.path.commands, scale)
      .map((contour) => contour.map(([x, y]): Point => [x + position.xOffset * scale, y + position.yOffset * scale]));
    const placed = { contours, offset: pen, advance: position.xAdvance * scale };
    pen += placed.advance;
    return placed;
  });
  return { glyphs, width: pen };
}

export function textWidth(font: FontkitFont, text: string, size: number): number {
  return layoutGlyphs(font, text, size).width;
}

/** Straight text with its baseline at y, starting at x (pixels, y down). */
export function textPolygons(font: FontkitFont, text: string, size: number, x: number, y: number): Point[][] {
  return layoutGlyphs(font, text, size).glyphs.flatMap((glyph) =>
    glyph.contours.map((contour) => contour.map(([gx, gy]): Point => [x + glyph.offset + gx, y - gy])));
}

/**
 * Text along a circle, centred on the top (reading clockwise, letters pointing outwards) or on
 * the bottom (reading anticlockwise, letters pointing to the centre) — as on a round seal.
 */
export function arcTextPolygons(font: FontkitFont, text: string, size: number, cx: number, cy: number, radius: number, where: 'top' | 'bottom', letterSpacing = 0): Point[][] {
  const { glyphs } = layoutGlyphs(font, text, size);
  const total = glyphs.reduce((sum, g) => sum + g.advance + letterSpacing, -letterSpacing);
  return glyphs.flatMap((glyph, index) => {
    const along = glyph.offset + index * letterSpacing + glyph.advance / 2;
    const phi = where === 'top' ? -total / (2 * radius) + along / radius : Math.PI + total / (2 * radius) - along / radius;
    const base: Point = [cx + radius * Math.sin(phi), cy - radius * Math.cos(phi)];
    const xDir: Point = where === 'top' ? [Math.cos(phi), Math.sin(phi)] : [-Math.cos(phi), -Math.sin(phi)];
    const upDir: Point = where === 'top' ? [Math.sin(phi), -Math.cos(phi)] : [-Math.sin(phi), Math.cos(phi)];
    return glyph.contours.map((contour) => contour.map(([gx, gy]): Point => {
      const lx = gx - glyph.advance / 2;
      return [base[0] + lx * xDir[0] + gy * upDir[0], base[1] + lx * xDir[1] + gy * upDir[1]];
    }));
  });
}
