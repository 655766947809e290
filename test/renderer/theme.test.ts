import { describe, expect, it } from 'vitest';
import { parseThemeChoice, resolveTheme, toggledChoice } from '../../renderer/runner/theme.js';

describe('theme', () => {
  it('reads a stored choice, anything unknown meaning "follow the OS"', () => {
    expect(parseThemeChoice('dark')).toBe('dark');
    expect(parseThemeChoice('light')).toBe('light');
    expect(parseThemeChoice(null)).toBe('system');
    expect(parseThemeChoice('purple')).toBe('system');
  });

  it('resolves "system" from the OS preference', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
  });

  it('toggles to the other theme, back to "system" when that is what the OS shows', () => {
    expect(toggledChoice('light', false)).toBe('dark');
    expect(toggledChoice('dark', false)).toBe('system');
    expect(toggledChoice('dark', true)).toBe('light');
    expect(toggledChoice('light', true)).toBe('system');
  });
});
