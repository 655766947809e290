import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Constant-time comparison that does not leak the length either: both sides are hashed to 32
 * bytes first, so timingSafeEqual always compares equal-length buffers.
 */
export function secretMatches(sent: string | undefined, expected: string): boolean {
  if (sent === undefined || expected === '') return false;
  const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(sent), digest(expected));
}
