import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodePng, pngSize } from './png.ts';

describe('encodePng', () => {
  it('writes a PNG whose chunks and pixels an independent reader reads back', () => {
    const width = 3;
    const height = 2;
    const pixels = Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    const png = encodePng({ width, height, channels: 3, pixels });
    expect(pngSize(png)).toEqual({ width: 3, height: 2 });
    // Decode with Python's zlib + struct through the standard library as an independent reader.
    const dir = mkdtempSync(join(tmpdir(), 'png-'));
    const file = join(dir, 'x.png');
    writeFileSync(file, png);
    const script = 'import sys,zlib,struct\nd=open(sys.argv[1],"rb").read()\ni=8\nidat=b""\nwhile i<len(d):\n l,=struct.unpack(">I",d[i:i+4]);t=d[i+4:i+8];c=d[i+8:i+8+l]\n crc,=struct.unpack(">I",d[i+8+l:i+12+l])\n assert zlib.crc32(t+c)&0xffffffff==crc\n if t==b"IDAT": idat+=c\n i+=12+l\nraw=zlib.decompress(idat)\nprint(list(raw))';
    const decoded = JSON.parse(execFileSync('python3', ['-c', script, file]).toString()) as number[];
    expect(decoded).toEqual([0, 255, 0, 0, 0, 255, 0, 0, 0, 255, 0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
  });

  it('refuses a pixel buffer of the wrong size', () => {
    expect(() => encodePng({ width: 2, height: 2, channels: 1, pixels: new Uint8Array(3) })).toThrow(/expected 4/);
  });

  it('answers null for bytes that are not a PNG', () => {
    expect(pngSize(new Uint8Array(30))).toBeNull();
  });
});
