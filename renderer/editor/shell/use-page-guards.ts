import { useCallback, useEffect, useRef, useState } from 'react';
import type { Notice } from '../files/use-files.js';
import { documentTitle } from '../files/file-names.js';

/** The tab's title follows the project's name, its file and the unsaved dot. */
export function useDocumentTitle(name: string, path: string | null, dirty: boolean): void {
  useEffect(() => {
    document.title = documentTitle(name, path, dirty);
  }, [name, path, dirty]);
}

/** With unsaved changes, closing or reloading the tab asks first (the browser's own prompt). */
export function useBeforeUnload(dirty: boolean): void {
  useEffect(() => {
    if (!dirty) return undefined;
    const onBeforeUnload = (event: BeforeUnloadEvent): void => {
      // Chromium 119+ (and so Electron 39) asks on preventDefault alone; returnValue is deprecated.
      event.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);
}

/** The status bar's message: an info goes after a few seconds, an error stays until the next. */
export function useNotice(infoMs = 5000): [Notice | null, (notice: Notice) => void] {
  const [notice, setNotice] = useState<Notice | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const notify = useCallback(
    (next: Notice) => {
      if (timer.current) clearTimeout(timer.current);
      setNotice(next);
      if (next.kind === 'info') timer.current = setTimeout(() => setNotice(null), infoMs);
    },
    [infoMs],
  );
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return [notice, notify];
}
