import { useMemo, useRef, type ReactNode } from 'react';
import { SELECT } from '../actions/editor-actions.js';
import type { AreaProps } from '../area-props.js';
import { IssueList } from '../issues/IssueList.js';
import { selectionForPath } from '../issues/issue-selection.js';
import type { Selection } from '../state/editor-state.js';
import { lineIn, valueOffsets } from './json-lines.js';
import { useJsonText } from './use-json-text.js';

interface LineMark {
  readonly line: number;
  readonly column?: number;
  readonly message: string;
  readonly path: string;
}

/**
 * The document as JSON text: edit it and the canvas follows; edit elsewhere and the text follows.
 * A parse error or a schema issue is marked at its line (red number, a wavy line, the message at
 * the line's end) and listed below. A plain textarea over a backdrop that draws the marks.
 */
export function JsonView(props: AreaProps): ReactNode {
  const { state, dispatch } = props;
  const json = useJsonText(state, dispatch);
  const area = useRef<HTMLTextAreaElement>(null);
  const lines = useMemo(() => json.text.split('\n'), [json.text]);
  const marks = useMemo((): LineMark[] => {
    if (json.parseError) {
      const { line, column, message } = json.parseError;
      return [{ line, column, message, path: '' }];
    }
    let offsets: Map<string, number>;
    try {
      offsets = valueOffsets(json.text);
      JSON.parse(json.text);
    } catch {
      return []; // typed but not parsed yet: the marks come with the next parse
    }
    return state.issues.map((issue) => ({ line: lineIn(json.text, offsets, issue.path), message: issue.message, path: issue.path }));
  }, [json.text, json.parseError, state.issues]);
  const byLine = useMemo(() => {
    const map = new Map<number, LineMark[]>();
    for (const mark of marks) map.set(mark.line, [...(map.get(mark.line) ?? []), mark]);
    return map;
  }, [marks]);
  const widest = lines.reduce((max, line) => Math.max(max, line.length), 0);

  const reveal = (line: number): void => {
    const textarea = area.current;
    if (!textarea) return;
    const offset = lines.slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0);
    textarea.focus();
    textarea.setSelectionRange(offset, offset + (lines[line - 1]?.length ?? 0));
    textarea.closest('.json-view-scroll')?.querySelector(`[data-line="${line}"]`)?.scrollIntoView({ block: 'center' });
  };

  return (
    <div className="json-view" data-testid="json-view">
      <JsonStatus parseError={json.parseError !== null} issues={marks.length} />
      <div className="json-view-scroll">
        <div className="json-view-gutter" aria-hidden="true">
          {lines.map((_, index) => (
            <div key={index} data-line={index + 1} className={byLine.has(index + 1) ? 'json-gutter-line has-mark' : 'json-gutter-line'}>
              {index + 1}
            </div>
          ))}
        </div>
        <div className="json-view-code" style={{ minWidth: `calc(${widest + 2}ch + 32px)` }}>
          <div className="json-view-backdrop" aria-hidden="true">
            {lines.map((line, index) => {
              const here = byLine.get(index + 1);
              return (
                <div key={index} className={here ? 'json-line has-mark' : 'json-line'}>
                  <span className="json-line-text">{line}</span>
                  {here && <span className="json-lens">{here.map((mark) => mark.message).join(' · ')}</span>}
                </div>
              );
            })}
          </div>
          <textarea
            ref={area}
            className="json-view-text"
            aria-label="Project JSON"
            aria-invalid={marks.length > 0}
            aria-describedby="json-view-problems"
            spellCheck={false}
            autoCapitalize="off"
            autoComplete="off"
            wrap="off"
            rows={lines.length}
            value={json.text}
            onChange={(event) => json.change(event.target.value)}
            onBlur={json.flush}
            onScroll={(event) => {
              // The textarea is as big as its text; the view around it scrolls (with the gutter).
              event.currentTarget.scrollTop = 0;
              event.currentTarget.scrollLeft = 0;
            }}
          />
        </div>
      </div>
      <div id="json-view-problems">
        {marks.length > 0 && (
          <IssueList
            issues={marks}
            label="Problems in the JSON"
            testId="json-problems"
            where={(mark) => (mark.column === undefined ? `Line ${mark.line}` : `Line ${mark.line}, column ${mark.column}`)}
            onSelect={(mark) => {
              reveal(mark.line);
              if (mark.path) dispatch<Selection>(SELECT, selectionForPath(mark.path, state.doc));
            }}
          />
        )}
      </div>
    </div>
  );
}

function JsonStatus(props: { readonly parseError: boolean; readonly issues: number }): ReactNode {
  if (props.parseError) {
    return (
      <p className="json-view-status is-error" role="status">
        Not valid JSON: the design keeps the last valid version until this parses.
      </p>
    );
  }
  return (
    <p className={props.issues > 0 ? 'json-view-status is-warning' : 'json-view-status'} role="status">
      {props.issues > 0
        ? `Valid JSON · ${props.issues} ${props.issues === 1 ? 'issue' : 'issues'} with the project`
        : 'Valid JSON · in sync with the design'}
    </p>
  );
}
