import { describe, expect, it } from 'vitest';
import { describeExpiry, formatDuration } from '../src/format-duration.js';

describe('formatDuration', () => {
  it.each([
    [0, '0 seconds'],
    [1, '1 second'],
    [59, '59 seconds'],
    [60, '1 minute'],
    [3599, '59 minutes'],
    [3600, '1 hour'],
    [2 * 86_400 - 1, '47 hours'],
    [-3 * 86_400, '3 days'],
  ])('formats %d s as %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('describeExpiry', () => {
  it('says how long ago a token expired, or how long it has left', () => {
    expect(describeExpiry(1000, 1240)).toBe('expired 4 minutes ago');
    expect(describeExpiry(1000, 1000)).toBe('expired 0 seconds ago');
    expect(describeExpiry(4600, 1001)).toBe('expires in 59 minutes');
  });
});
