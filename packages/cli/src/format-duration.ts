/**
 * Durations for people: "expired 4 minutes ago", "expires in 59 minutes".
 *
 * @module
 */

const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'}`;

/**
 * Formats a number of seconds in its largest fitting unit, rounded down: seconds under a minute,
 * minutes under an hour, hours under two days, then days. The sign is ignored.
 *
 * @example
 * ```ts
 * formatDuration(59)    // '59 seconds'
 * formatDuration(3599)  // '59 minutes'
 * formatDuration(-7200) // '2 hours'
 * ```
 */
export function formatDuration(seconds: number): string {
  const total = Math.floor(Math.abs(seconds));
  if (total < 60) return plural(total, 'second');
  if (total < 3600) return plural(Math.floor(total / 60), 'minute');
  if (total < 2 * 86_400) return plural(Math.floor(total / 3600), 'hour');
  return plural(Math.floor(total / 86_400), 'day');
}

/**
 * Describes an `exp` claim relative to `now` (both in seconds since the epoch).
 * Does NOT apply any clock tolerance: the caller decides whether the token is accepted.
 *
 * @example
 * ```ts
 * describeExpiry(1000, 1240) // 'expired 4 minutes ago'
 * describeExpiry(4600, 1001) // 'expires in 59 minutes'
 * ```
 */
export function describeExpiry(exp: number, now: number): string {
  const delta = exp - now;
  return delta <= 0 ? `expired ${formatDuration(delta)} ago` : `expires in ${formatDuration(delta)}`;
}
