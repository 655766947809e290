import { useEffect, useRef } from 'react';
import { commandForShortcut, isTextTarget, type Command } from './command.js';
import { eventShortcut } from './shortcut.js';

/**
 * Runs the command whose shortcut was pressed, anywhere on the page. While typing in a text field
 * only global commands fire (Save, the palette), so Ctrl+Z there stays the field's own undo.
 * `enabled` false (a dialog is open) turns all of them off.
 */
export function useShortcuts(commands: readonly Command[], mac: boolean, enabled: boolean): void {
  const latest = useRef(commands);
  latest.current = commands;
  useEffect(() => {
    if (!enabled) return undefined;
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.isComposing) return;
      const pressed = eventShortcut(event, mac);
      if (!pressed) return;
      const command = commandForShortcut(latest.current, pressed, isTextTarget(event.target), mac);
      if (!command) return;
      event.preventDefault();
      command.run();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [mac, enabled]);
}
