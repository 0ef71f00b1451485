/** `policy:v3` → "v3", `model:gpt-4o` → "gpt-4o". */
export const playerLabel = (id: string): string => (id.startsWith('policy:') ? id.slice('policy:'.length) : id.slice('model:'.length));

/** A signed Elo score: "+42", "−7", "0". */
export const signed = (x: number): string => {
  const r = Math.round(x);
  return r > 0 ? `+${r}` : r < 0 ? `−${-r}` : '0';
};

export const percent = (x: number): string => `${(100 * x).toFixed(1)} %`;
