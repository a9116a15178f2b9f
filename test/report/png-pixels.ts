/**
 * A minimal PNG decoder for the browser tests' screenshots: 8-bit RGB or RGBA, non-interlaced (what Chromium
 * writes), inflated with node:zlib and unfiltered per scanline (PNG specification, section 9). Anything else
 * is rejected, not guessed.
 */
import { inflateSync } from 'node:zlib';

export interface Pixels {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel, row by row. */
  rgba: Uint8Array;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function paeth(left: number, up: number, upLeft: number): number {
  const estimate = left + up - upLeft;
  const distanceLeft = Math.abs(estimate - left);
  const distanceUp = Math.abs(estimate - up);
  const distanceUpLeft = Math.abs(estimate - upLeft);
  if (distanceLeft <= distanceUp && distanceLeft <= distanceUpLeft) return left;
  return distanceUp <= distanceUpLeft ? up : upLeft;
}

export function decodePng(png: Buffer): Pixels {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG file');
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const data: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [bitDepth, colourType, , , interlace] = [body[8], body[9], body[10], body[11], body[12]];
      if (bitDepth !== 8 || (colourType !== 2 && colourType !== 6) || interlace !== 0) {
        throw new Error(
          `unsupported PNG: bit depth ${bitDepth}, colour type ${colourType}, interlace ${interlace}`,
        );
      }
      channels = colourType === 6 ? 4 : 3;
    } else if (type === 'IDAT') {
      data.push(body);
    } else if (type === 'IEND') {
      break;
    }
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const rows = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const source = y * (stride + 1) + 1;
    for (let x = 0; x < stride; x++) {
      const value = raw[source + x] ?? 0;
      const left = x >= channels ? (rows[y * stride + x - channels] ?? 0) : 0;
      const up = y > 0 ? (rows[(y - 1) * stride + x] ?? 0) : 0;
      const upLeft = y > 0 && x >= channels ? (rows[(y - 1) * stride + x - channels] ?? 0) : 0;
      let predictor: number;
      switch (filter) {
        case 0:
          predictor = 0;
          break;
        case 1:
          predictor = left;
          break;
        case 2:
          predictor = up;
          break;
        case 3:
          predictor = (left + up) >> 1;
          break;
        case 4:
          predictor = paeth(left, up, upLeft);
          break;
        default:
          throw new Error(`bad PNG filter type ${filter} on row ${y}`);
      }
      rows[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  const rgba = new Uint8Array(width * height * 4);
  for (let pixel = 0; pixel < width * height; pixel++) {
    rgba[pixel * 4] = rows[pixel * channels] ?? 0;
    rgba[pixel * 4 + 1] = rows[pixel * channels + 1] ?? 0;
    rgba[pixel * 4 + 2] = rows[pixel * channels + 2] ?? 0;
    rgba[pixel * 4 + 3] = channels === 4 ? (rows[pixel * channels + 3] ?? 255) : 255;
  }
  return { width, height, rgba };
}

/** Pixels that are not (nearly) white. */
export function countNonWhite(pixels: Pixels, threshold = 240): number {
  let count = 0;
  for (let pixel = 0; pixel < pixels.width * pixels.height; pixel++) {
    const [red, green, blue] = [
      pixels.rgba[pixel * 4] ?? 0,
      pixels.rgba[pixel * 4 + 1] ?? 0,
      pixels.rgba[pixel * 4 + 2] ?? 0,
    ];
    if (red < threshold || green < threshold || blue < threshold) count++;
  }
  return count;
}

/** Pixels within `tolerance` (per channel) of a colour given as '#rrggbb'. */
export function countColour(pixels: Pixels, colour: string, tolerance = 40): number {
  const target = [1, 3, 5].map((start) => Number.parseInt(colour.slice(start, start + 2), 16));
  let count = 0;
  for (let pixel = 0; pixel < pixels.width * pixels.height; pixel++) {
    const near = target.every(
      (value, channel) => Math.abs((pixels.rgba[pixel * 4 + channel] ?? 0) - value) <= tolerance,
    );
    if (near) count++;
  }
  return count;
}
