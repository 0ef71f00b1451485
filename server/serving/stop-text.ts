// Stop sequences over a growing decoded text: where the answer ends, and how much of it is safe to stream
// (a tail that may still become a stop sequence, or half a multi-byte character, is held back).

/** Index of the earliest stop sequence in `text` (searching from `from`), or -1. */
export function findStop(text: string, stops: readonly string[], from = 0): number {
  let first = -1;
  for (const stop of stops) {
    const at = text.indexOf(stop, from);
    if (at !== -1 && (first === -1 || at < first)) first = at;
  }
  return first;
}

/** Length of the prefix of `text` that can be sent now: no suffix of it may be the start of a stop sequence. */
export function safeLength(text: string, stops: readonly string[]): number {
  let hold = 0;
  for (const stop of stops) {
    for (let k = Math.min(stop.length - 1, text.length); k > hold; k--) {
      if (text.endsWith(stop.slice(0, k))) {
        hold = k;
        break;
      }
    }
  }
  // an incomplete UTF-8 sequence decodes to U+FFFD until its last byte arrives (BPE tokens split characters)
  while (hold < text.length && text[text.length - 1 - hold] === '\uFFFD') hold++;
  return text.length - hold;
}
