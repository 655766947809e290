/**
 * The one message main sends to a window: a menu command the page carries out itself (File > Save
 * in the editor saves its document). Main → renderer only; the page cannot send it back. No zod
 * here, so the preload bundle stays small.
 */
export const MENU_COMMAND_CHANNEL = 'menu:command';
export const PAGE_MENU_COMMANDS = ['save'] as const;
export type PageMenuCommand = (typeof PAGE_MENU_COMMANDS)[number];
