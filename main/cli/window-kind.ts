import type { ShownIn } from '../desk/window-host.js';
import { thisMachineChoice } from '../app-window/this-machine.js';
import { describeChoice, type WindowChoice } from '../app-window/window-choice.js';
import { desktopEntry, findElectron } from './electron-launcher.js';

/**
 * Which window `open` (and `demo-desktop` alone) gives on this machine, computed from what is
 * installed, for --help: Electron's window, an app window of a Chromium-family browser, the
 * default browser, or a printed URL.
 */

export interface MachineWindow {
  readonly kind: ShownIn;
  /** "an app window of Chromium (/usr/bin/chromium)". */
  readonly text: string;
  /** The choice without Electron (what `open --browser`-less runs fall back to). */
  readonly choice: WindowChoice;
}

export function machineWindow(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): MachineWindow {
  const choice = thisMachineChoice(env, platform);
  const electron = findElectron();
  if (electron && desktopEntry()) return { kind: 'electron', text: `the desktop app's own window (Electron: ${electron})`, choice };
  return { kind: choice.kind, text: describeChoice(choice), choice };
}

/** The --help line. */
export function windowHelpLine(window: MachineWindow = machineWindow()): string {
  return `Window on this machine: ${window.text}.`;
}
