import { findChromiumBrowser } from './find-browser.js';
import { systemLookup, whichIn } from './system-lookup.js';
import { chooseWindow, type WindowChoice } from './window-choice.js';

/** The window choice of this machine, from its real PATH, files and display (window-choice.ts). */
export function thisMachineChoice(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): WindowChoice {
  const lookup = systemLookup(env, platform);
  // macOS `open` and Windows `start` are always there; Linux needs xdg-open (main/cli/browser.ts).
  const hasOpener = platform === 'darwin' || platform === 'win32' || whichIn('xdg-open', env, platform) !== undefined;
  return chooseWindow({ platform, env, search: findChromiumBrowser(lookup), hasOpener });
}
