import type { ReactNode } from 'react';

export interface Source {
  readonly key: string;
  readonly label: string;
  readonly icon: ReactNode;
  /** The source in use (a toggle's pressed state), when the bar shows one. */
  readonly pressed?: boolean;
  readonly onPick: () => void;
}

/** Gradio's source buttons under a media input: where the value comes from (upload, webcam, clipboard). */
export function SourceBar({ label, sources }: { readonly label: string; readonly sources: readonly Source[] }): ReactNode {
  return (
    <div className="source-bar" role="group" aria-label={label}>
      {sources.map((source) => (
        <button
          key={source.key}
          type="button"
          className="source-btn"
          aria-pressed={source.pressed}
          onClick={source.onPick}
          data-testid={`source-${source.key}`}
        >
          {source.icon}
          <span>{source.label}</span>
        </button>
      ))}
    </div>
  );
}
