/**
 * Light and dark: the OS preference by default, or the user's choice, remembered in localStorage.
 * The choice is applied as `data-theme` on <html>; styles.css has the palettes.
 */

export type ThemeChoice = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

export const THEME_STORAGE_KEY = 'demo-desktop:theme';

export function parseThemeChoice(value: string | null): ThemeChoice {
  return value === 'light' || value === 'dark' ? value : 'system';
}

export function resolveTheme(choice: ThemeChoice, systemDark: boolean): Theme {
  return choice === 'system' ? (systemDark ? 'dark' : 'light') : choice;
}

/** The toggle flips what is shown now; choosing what the OS shows anyway goes back to "system". */
export function toggledChoice(current: Theme, systemDark: boolean): ThemeChoice {
  const next: Theme = current === 'dark' ? 'light' : 'dark';
  return next === (systemDark ? 'dark' : 'light') ? 'system' : next;
}
