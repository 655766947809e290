import { describe, expect, it } from 'vitest';
import { commandForShortcut, isTextTarget, type Command } from '../../../renderer/editor/commands/command.js';
import { eventShortcut, formatShortcut, normalizeShortcut, type KeyLike } from '../../../renderer/editor/commands/shortcut.js';

const key = (k: string, mods: Partial<Omit<KeyLike, 'key'>> = {}): KeyLike => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

const command = (id: string, shortcut: string, extra: Partial<Command> = {}): Command => ({
  id,
  label: id,
  group: 'Edit',
  shortcut,
  enabled: true,
  run: () => undefined,
  ...extra,
});

describe('shortcuts', () => {
  it('normalizes spelling and modifier order', () => {
    expect(normalizeShortcut('shift+mod+z')).toBe('Mod+Shift+Z');
    expect(normalizeShortcut('Mod+Shift+z')).toBe('Mod+Shift+Z');
    expect(normalizeShortcut('Ctrl+Y')).toBe('Mod+Y');
    expect(normalizeShortcut('Ctrl+Y', true)).toBe('Ctrl+Y');
    expect(normalizeShortcut('Cmd+K', true)).toBe('Mod+K');
    expect(normalizeShortcut('Del')).toBe('Delete');
    expect(normalizeShortcut('Mod++')).toBe('Mod++');
    expect(() => normalizeShortcut('Hyper+K')).toThrow(/Unknown modifier "hyper"/);
  });

  it('turns key events into the same form: Ctrl is Mod off macOS, Cmd is Mod on it', () => {
    expect(eventShortcut(key('z', { ctrlKey: true }))).toBe('Mod+Z');
    expect(eventShortcut(key('Z', { ctrlKey: true, shiftKey: true }))).toBe('Mod+Shift+Z');
    expect(eventShortcut(key('z', { metaKey: true }), true)).toBe('Mod+Z');
    expect(eventShortcut(key('z', { ctrlKey: true }), true)).toBe('Ctrl+Z');
    expect(eventShortcut(key('z', { metaKey: true }))).toBe('Meta+Z');
    expect(eventShortcut(key('Control', { ctrlKey: true }))).toBeNull();
    // Option+Z types Ω on a Mac: the physical key is what the shortcut means.
    expect(eventShortcut(key('Ω', { altKey: true, code: 'KeyZ' }), true)).toBe('Alt+Z');
    expect(eventShortcut(key('Enter', { ctrlKey: true }))).toBe('Mod+Enter');
  });

  it('shows Ctrl+… off macOS and symbols on it', () => {
    expect(formatShortcut('Mod+Shift+Z')).toBe('Ctrl+Shift+Z');
    expect(formatShortcut('Mod+Shift+Z', true)).toBe('⌘⇧Z');
    expect(formatShortcut('Alt+1')).toBe('Alt+1');
  });

  it('finds the command of a pressed shortcut, whatever spelling the command used', () => {
    const commands = [command('undo', 'mod+z'), command('redo', 'Shift+Mod+Z', { altShortcuts: ['Ctrl+Y'] })];
    expect(commandForShortcut(commands, 'Mod+Z', false)?.id).toBe('undo');
    expect(commandForShortcut(commands, 'Mod+Shift+Z', false)?.id).toBe('redo');
    expect(commandForShortcut(commands, 'Mod+Y', false)?.id).toBe('redo');
    // On macOS Ctrl+Y is the Control key, not Cmd: it is not Redo's Cmd+Y.
    expect(commandForShortcut(commands, 'Mod+Y', false, true)).toBeUndefined();
    expect(commandForShortcut(commands, 'Mod+X', false)).toBeUndefined();
  });

  it('while typing in a text field only global shortcuts fire (Save yes, Undo and Delete no)', () => {
    const commands = [command('save', 'Mod+S', { global: true }), command('undo', 'Mod+Z'), command('delete', 'Delete')];
    expect(commandForShortcut(commands, 'Mod+S', true)?.id).toBe('save');
    expect(commandForShortcut(commands, 'Mod+Z', true)).toBeUndefined();
    expect(commandForShortcut(commands, 'Delete', true)).toBeUndefined();
    expect(commandForShortcut(commands, 'Delete', false)?.id).toBe('delete');
  });

  it('a disabled command does not take its shortcut', () => {
    const commands = [command('delete', 'Delete', { enabled: false }), command('other', 'Delete')];
    expect(commandForShortcut(commands, 'Delete', false)?.id).toBe('other');
  });

  it('knows text fields from other inputs', () => {
    const element = (tagName: string, extra: Record<string, unknown> = {}) =>
      ({ tagName, isContentEditable: false, ...extra }) as unknown as EventTarget;
    expect(isTextTarget(element('TEXTAREA'))).toBe(true);
    expect(isTextTarget(element('INPUT', { type: 'text' }))).toBe(true);
    expect(isTextTarget(element('INPUT', { type: 'number' }))).toBe(true);
    expect(isTextTarget(element('INPUT', { type: 'checkbox' }))).toBe(false);
    expect(isTextTarget(element('DIV', { isContentEditable: true }))).toBe(true);
    expect(isTextTarget(element('BUTTON'))).toBe(false);
    expect(isTextTarget(null)).toBe(false);
  });
});
