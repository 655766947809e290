import { useEffect, useState, type ReactNode } from 'react';

type CopyState = 'idle' | 'copied' | 'failed';

/** Copies `text` to the clipboard; says how it went in the button and to screen readers. */
export function CopyButton({ text, label }: { readonly text: string; readonly label: string }): ReactNode {
  const [state, setState] = useState<CopyState>('idle');
  useEffect(() => {
    if (state === 'idle') return undefined;
    const timer = setTimeout(() => setState('idle'), 2_000);
    return () => clearTimeout(timer);
  }, [state]);
  const copy = (): void => {
    // The clipboard needs a secure context (127.0.0.1 counts) and may still be refused.
    navigator.clipboard.writeText(text).then(
      () => setState('copied'),
      () => setState('failed'),
    );
  };
  const shown = state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed: select the text' : 'Copy';
  return (
    <>
      <button type="button" className="btn btn--small" aria-label={label} onClick={copy}>
        {shown}
      </button>
      <span className="visually-hidden" role="status">
        {state === 'idle' ? '' : shown}
      </span>
    </>
  );
}
