import { hashString } from '../random';
import type { Split, VerifierSpec } from './types';

/** Share of the problem space reserved for held-out evaluation. */
export const HELDOUT_PERCENT = 20;

/**
 * The split is a function of the problem (the verifier spec, canonicalised), not of the wording: a held-out
 * problem never appears in training under any template, so held-out prompts never equal train prompts.
 */
export function splitOf(spec: VerifierSpec): Split {
  return hashString(canonicalJson(spec)) % 100 < HELDOUT_PERCENT ? 'heldout' : 'train';
}

/** JSON with object keys sorted at every depth. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
