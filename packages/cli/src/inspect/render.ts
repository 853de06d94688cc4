/**
 * `inspect`'s output: a table for people, JSON for scripts.
 *
 * @module
 */
import { describeExpiry } from '../format-duration.js';
import { escapeJson, escapeLine } from '../terminal-text.js';
import type { Check, Diagnosis } from './diagnosis.js';

const statusLabel: Record<Check['status'], string> = { pass: 'pass', fail: 'FAIL', skip: 'skip' };
const verdictLabel: Record<Diagnosis['verdict'], string> = {
  valid: 'VALID',
  rejected: 'REJECTED',
  'not-verified': 'NOT VERIFIED',
  decoded: 'DECODED',
};
const shownClaims = ['iss', 'sub', 'client_id', 'aud', 'organization_id', 'scope'];

function describeToken(diagnosis: Diagnosis, now: number): string[] {
  const { header, claims } = diagnosis;
  if (header === null || claims === null) return [`Token: ${diagnosis.kind}`];
  const kind = diagnosis.kind.replace('-', ' ');
  const lines = [
    `Token: ${kind}, alg ${String(header.alg)}, typ ${String(header.typ ?? 'absent')} (decoded, not trusted)`,
  ];
  const rows: [string, string][] = shownClaims
    .filter((name) => claims[name] !== undefined)
    .map((name) => [name, typeof claims[name] === 'string' ? claims[name] : JSON.stringify(claims[name])]);
  if (typeof claims.exp === 'number') rows.push(['exp', `${describeExpiry(claims.exp, now)}`]);
  const width = Math.max(...rows.map(([name]) => name.length));
  return [...lines, ...rows.map(([name, value]) => `  ${name.padEnd(width)}  ${value}`)];
}

/**
 * Renders the report as a table: the decoded token, one row per check with its hint below it, then
 * the verdict. Plain text, no colours; control and bidi characters of the token are shown escaped.
 *
 * @example
 * ```ts
 * io.out(renderTable(await diagnose(token, settings)))
 * ```
 */
export function renderTable(diagnosis: Diagnosis, now: number = Date.now()): string {
  const nameWidth = Math.max(5, ...diagnosis.checks.map((check) => check.name.length));
  const indent = ' '.repeat(nameWidth + 10);
  const rows = diagnosis.checks.flatMap((check) => [
    `${check.name.padEnd(nameWidth)}  ${statusLabel[check.status].padEnd(6)}  ${check.detail}`,
    ...(check.hint === undefined ? [] : [`${indent}hint: ${check.hint}`]),
  ]);
  const code = diagnosis.code === null ? '' : ` (${diagnosis.code})`;
  // Every line is escaped on its own: claim and header values come from an untrusted token, and a
  // control character in one must neither drive the terminal nor start a line that looks like ours.
  return [
    ...describeToken(diagnosis, Math.floor(now / 1000)),
    '',
    `${'CHECK'.padEnd(nameWidth)}  STATUS  DETAIL`,
    ...rows,
    '',
    `${verdictLabel[diagnosis.verdict]}${code}: ${diagnosis.message}`,
  ]
    .map(escapeLine)
    .join('\n');
}

/**
 * Renders the report as JSON (two-space indent): every field of {@link Diagnosis}, hints included, with
 * the control and bidi characters JSON leaves raw written as `\uXXXX`.
 *
 * @example
 * ```ts
 * const { valid, code } = JSON.parse(renderJson(report))
 * ```
 */
export function renderJson(diagnosis: Diagnosis): string {
  return escapeJson(JSON.stringify(diagnosis, null, 2));
}
