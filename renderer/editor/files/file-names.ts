/** How a project file is named in the title, the toolbar and the recent list. */

/** `/home/a/demos/greet/project.json` → `greet/project.json`; null → `Untitled`. */
export function shortFileName(path: string | null): string {
  if (path === null) return 'Untitled';
  const parts = path.split(/[\\/]/).filter((part) => part !== '');
  return parts.slice(-2).join('/') || path;
}

/** The folder part of a path, for a Save As suggestion: `/a/b/project.json` → `/a/b`. */
export function folderOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut > 0 ? path.slice(0, cut) : path;
}

/** The browser tab's title: a dot while there are unsaved changes (as editors do). */
export function documentTitle(name: string, path: string | null, dirty: boolean): string {
  return `${dirty ? '● ' : ''}${name || shortFileName(path)} · ${shortFileName(path)} · demo-desktop editor`;
}
