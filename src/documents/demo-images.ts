import { openFont } from './glyphs.ts';
import { arcTextPolygons, Canvas, circle, rect, ring, textPolygons, textWidth, type Point, type Rgb } from './raster.ts';

/**
 * Letterhead and Dienstsiegel images for the demo municipality, drawn in code: a real
 * municipality uploads its own (PUT /api/settings/profile). The emblem is a plain shield with an
 * open book — a nod to Bochum's arms, not a copy of them.
 */
const blue: Rgb = [0, 70, 140];
const ink: Rgb = [40, 52, 140];

function shield(x: number, y: number, w: number, h: number): Point[] {
  // Straight sides down to 55 %, then quarter curves meeting in the point at the bottom centre.
  const rightCurve: Point[] = [];
  for (let i = 0; i <= 16; i += 1) {
    const t = (i / 16) * (Math.PI / 2);
    rightCurve.push([x + w / 2 + (w / 2) * Math.cos(t), y + h * 0.55 + h * 0.45 * Math.sin(t)]);
  }
  const leftCurve = rightCurve.slice(0, -1).reverse().map(([px, py]): Point => [2 * x + w - px, py]);
  return [[x, y], [x + w, y], ...rightCurve, ...leftCurve];
}

function emblem(canvas: Canvas, x: number, y: number, w: number, h: number, colour: Rgb): void {
  canvas.fill([shield(x, y, w, h)], colour);
  // An open book in white: two pages meeting at the spine.
  const cx = x + w / 2;
  const top = y + h * 0.3;
  const pageW = w * 0.3;
  const pageH = h * 0.3;
  canvas.fill([[[cx - 2, top + pageH * 0.1], [cx - pageW, top], [cx - pageW, top + pageH], [cx - 2, top + pageH * 1.1]]], [255, 255, 255]);
  canvas.fill([[[cx + 2, top + pageH * 0.1], [cx + pageW, top], [cx + pageW, top + pageH], [cx + 2, top + pageH * 1.1]]], [255, 255, 255]);
}

/** A 2400 × 420 px letterhead (170 × 30 mm at ~360 dpi): name and address left, emblem right. */
export function drawLetterheadPng(profile: { name: string; authorityName: string; addressLines: string[] }): Uint8Array {
  const canvas = new Canvas(2400, 420);
  const bold = openFont('bold');
  const regular = openFont('regular');
  canvas.fill(textPolygons(bold, `Stadt ${profile.name}`, 150, 0, 190), blue);
  const unit = profile.authorityName.includes('–') ? profile.authorityName.split('–').slice(1).join('–').trim() : profile.authorityName;
  canvas.fill(textPolygons(regular, unit, 64, 4, 285), [40, 40, 40]);
  canvas.fill(textPolygons(regular, profile.addressLines.join(' · '), 46, 4, 360), [90, 90, 90]);
  emblem(canvas, 2400 - 250, 30, 220, 270, blue);
  canvas.fill([rect(0, 400, 2400, 8)], blue);
  return canvas.png();
}

/** A round 600 × 600 px seal: two rings, the authority around, the emblem in the middle. */
export function drawSealPng(seal: { top: string; bottom: string }): Uint8Array {
  const size = 600;
  const c = size / 2;
  const canvas = new Canvas(size, size);
  const bold = openFont('bold');
  canvas.fill(ring(c, c, 292, 280), ink);
  canvas.fill(ring(c, c, 196, 188), ink);
  // Letters sit between the rings: the top text's baseline on the inner side, the bottom's on the outer side.
  const fit = (text: string, radius: number, maxAngle: number) => {
    let fontSize = 56;
    while (fontSize > 20 && textWidth(bold, text, fontSize) + text.length * 6 > radius * maxAngle) fontSize -= 2;
    return fontSize;
  };
  canvas.fill(arcTextPolygons(bold, seal.top.toUpperCase(), fit(seal.top.toUpperCase(), 215, 2.6), c, c, 215, 'top', 6), ink);
  canvas.fill(arcTextPolygons(bold, seal.bottom.toUpperCase(), fit(seal.bottom.toUpperCase(), 262, 1.8), c, c, 262, 'bottom', 6), ink);
  // Two stars separate the texts on either side.
  for (const side of [-1, 1]) canvas.fill([circle(c + side * 236, c + 20, 9)], ink);
  emblem(canvas, c - 90, c - 110, 180, 220, ink);
  return canvas.png();
}
