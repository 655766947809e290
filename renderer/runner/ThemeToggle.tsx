import { useEffect, useState, type ReactNode } from 'react';
import { parseThemeChoice, resolveTheme, THEME_STORAGE_KEY, toggledChoice, type Theme, type ThemeChoice } from './theme.js';

const DARK_QUERY = '(prefers-color-scheme: dark)';

function systemDark(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia(DARK_QUERY).matches;
}

function storedChoice(): ThemeChoice {
  try {
    return parseThemeChoice(window.localStorage.getItem(THEME_STORAGE_KEY));
  } catch {
    return 'system'; // storage blocked (private mode, sandboxed frame)
  }
}

function storeChoice(choice: ThemeChoice): void {
  try {
    if (choice === 'system') window.localStorage.removeItem(THEME_STORAGE_KEY);
    else window.localStorage.setItem(THEME_STORAGE_KEY, choice);
  } catch {
    // Not remembered; the choice still holds for this page.
  }
}

/** Sets `data-theme` on <html> from the stored choice; main.tsx calls it before the first render. */
export function applyTheme(choice: ThemeChoice = storedChoice()): Theme {
  const theme = resolveTheme(choice, systemDark());
  document.documentElement.dataset.theme = theme;
  return theme;
}

/** A button that switches between light and dark; follows the OS until the user picks. */
export function ThemeToggle(): ReactNode {
  const [choice, setChoice] = useState<ThemeChoice>(storedChoice);
  const [theme, setTheme] = useState<Theme>(() => resolveTheme(choice, systemDark()));
  useEffect(() => {
    setTheme(applyTheme(choice));
    if (choice !== 'system' || typeof window.matchMedia !== 'function') return undefined;
    const query = window.matchMedia(DARK_QUERY);
    const onChange = (): void => setTheme(applyTheme('system'));
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, [choice]);
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      className="theme-toggle"
      aria-label={`Switch to ${next} theme`}
      title={`Switch to ${next} theme`}
      data-testid="theme-toggle"
      onClick={() => {
        const updated = toggledChoice(theme, systemDark());
        storeChoice(updated);
        setChoice(updated);
        setTheme(applyTheme(updated));
      }}
    >
      <span aria-hidden="true">{theme === 'dark' ? '☀' : '☾'}</span>
      <span className="theme-toggle-text">{theme === 'dark' ? 'Light' : 'Dark'}</span>
    </button>
  );
}
