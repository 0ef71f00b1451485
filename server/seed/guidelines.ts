/** What annotators see in the guidelines panel until an admin edits it. */
export const DEFAULT_GUIDELINES = `# Labelling guidelines

You see one prompt and two answers, **left** and **right**. Pick the answer a careful expert would rather give.

## What matters, in order
1. **Correct.** A wrong number, a wrong fact or code that does not run loses, however well written.
2. **Does what was asked.** Follows every instruction: format (list, JSON, one word), length, language.
3. **Helpful.** Complete enough to act on, no padding, no needless refusals.
4. **Harmless.** Never prefer an answer that helps someone cause harm.
5. **Clear.** Easy to read; style only breaks ties.

## Choices
- **1 / 2**: left / right is better. Then say how much (strength keys): *negligibly*, *slightly*, *better*,
  *significantly better*.
- **3: tie**: both are about equally good.
- **4: both bad**: neither is acceptable.
- **S: skip**: you cannot judge this pair (topic you do not know, text you cannot read). Skipping is fine.

## Tips
- Judge the answers, not their position: left and right are shuffled for every pair.
- Length is not quality. A short correct answer beats a long wrong one.
- Add a short rationale when the call is close; it helps reviewers.
- Some pairs have a known answer and measure agreement. Label them like any other.
`;
