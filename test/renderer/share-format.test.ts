import { describe, expect, it } from 'vitest';
import { qrPath } from '../../renderer/runner/share/qr-matrix.js';
import { duration, plural, timeLeft } from '../../renderer/runner/share/share-format.js';
import QRCode from 'qrcode';

describe('the Share panel’s text', () => {
  it('says how long a link has left', () => {
    const now = 1_000_000;
    expect(timeLeft(now + 72 * 3_600_000, now)).toBe('3 d 0 h');
    expect(timeLeft(now + 23 * 3_600_000 + 59 * 60_000 + 30_000, now)).toBe('23 h 59 min');
    expect(timeLeft(now + 5 * 60_000, now)).toBe('5 min');
    expect(timeLeft(now + 30_000, now)).toBe('under a minute');
    expect(timeLeft(now, now)).toBe('expired');
  });

  it('says how long a request took, streams included', () => {
    expect(duration(3.4)).toBe('3 ms');
    expect(duration(1250)).toBe('1.3 s');
    expect(duration(185_000)).toBe('3 min 5 s');
    expect(plural(1, 'visitor', 'visitors')).toBe('1 visitor');
    expect(plural(0, 'visitor', 'visitors')).toBe('0 visitors');
  });
});

describe('the QR code path', () => {
  it('draws exactly the dark modules of the qrcode matrix, one unit square each', () => {
    const text = 'https://x7k2q9.share.example.com/?key=PAjIsF1bgl2XHMmxNlE89YOwfcv4vhlAO4-wRg9xFO8';
    const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
    const { size, d } = qrPath(text);
    expect(size).toBe(modules.size);
    const squares = d.match(/M\d+ \d+h1v1h-1z/g) ?? [];
    expect(squares.join('')).toBe(d);
    let dark = 0;
    for (let row = 0; row < size; row++) for (let col = 0; col < size; col++) if (modules.get(row, col)) dark++;
    expect(squares).toHaveLength(dark);
    // The finder pattern's corner (top left) is dark, the module inside its white ring is not.
    expect(d.startsWith('M0 0h1v1h-1z')).toBe(true);
    expect(d).not.toContain('M1 1h1v1h-1z');
  });
});
