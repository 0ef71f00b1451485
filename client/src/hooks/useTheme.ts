import { useCallback, useEffect, useState } from 'react';
import { onSystemThemeChange, setTheme, storedTheme, systemTheme, type Theme } from '../theme';

const current = (): Theme => storedTheme() ?? systemTheme();

/**
 * The theme on screen and a toggle to the other one. Picking the system's own theme forgets the pinned one, so
 * the page follows the system again from then on.
 */
export function useTheme() {
  const [theme, setShown] = useState<Theme>(current);

  useEffect(() => onSystemThemeChange(() => setShown(current())), []);

  const toggle = useCallback(() => {
    const next: Theme = current() === 'dark' ? 'light' : 'dark';
    setTheme(next === systemTheme() ? null : next);
    setShown(next);
  }, []);

  return { theme, toggle };
}
