/**
 * The colour theme. By default the system's (prefers-color-scheme, in CSS: styles.css picks each colour with
 * light-dark()); the top bar's toggle can pin one, kept in localStorage and set as <html data-theme="…">.
 */
export type Theme = 'light' | 'dark';

const KEY = 'prefloop.theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

export function storedTheme(): Theme | null {
  try {
    const value = localStorage.getItem(KEY);
    return value === 'light' || value === 'dark' ? value : null;
  } catch {
    return null; // storage blocked: follow the system
  }
}

export const systemTheme = (): Theme => (window.matchMedia(DARK_QUERY).matches ? 'dark' : 'light');

/** Pins `theme` (null: follow the system again) on the page and in storage. */
export function setTheme(theme: Theme | null): void {
  applyTheme(theme);
  try {
    if (theme) localStorage.setItem(KEY, theme);
    else localStorage.removeItem(KEY);
  } catch {
    // storage blocked: the choice lasts as long as the page
  }
}

/** Sets (or clears) the pinned theme on <html>; main.tsx applies the stored one before the first render. */
export function applyTheme(theme: Theme | null): void {
  if (theme) document.documentElement.dataset.theme = theme;
  else delete document.documentElement.dataset.theme;
}

/** Calls `listener` when the system theme changes; returns the unsubscribe. */
export function onSystemThemeChange(listener: () => void): () => void {
  const query = window.matchMedia(DARK_QUERY);
  query.addEventListener('change', listener);
  return () => query.removeEventListener('change', listener);
}
