import { useMemo, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Modal } from '../shell/Modal.js';
import type { Command } from './command.js';
import { fuzzyFilter } from './fuzzy.js';
import { formatShortcut } from './shortcut.js';

/**
 * Ctrl+K: every command (registered actions and the shell's), filtered fuzzily as you type, run
 * with Enter; ↑/↓ (and Ctrl+N/P) move, Escape closes. Disabled commands show but do not run.
 */
export function CommandPalette(props: {
  readonly commands: readonly Command[];
  readonly mac: boolean;
  readonly onClose: () => void;
}): ReactNode {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const matches = useMemo(
    () =>
      fuzzyFilter(
        props.commands,
        query,
        (command) => command.label,
        (command) => [command.group, ...(command.keywords ?? [])],
      ),
    [props.commands, query],
  );
  const current = Math.min(active, Math.max(0, matches.length - 1));
  const runAt = (index: number): void => {
    const command = matches[index]?.item;
    if (!command?.enabled) return;
    props.onClose();
    command.run();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    const move =
      event.key === 'ArrowDown' || (event.ctrlKey && event.key === 'n')
        ? 1
        : event.key === 'ArrowUp' || (event.ctrlKey && event.key === 'p')
          ? -1
          : 0;
    if (move !== 0 && matches.length > 0) {
      event.preventDefault();
      setActive((current + move + matches.length) % matches.length);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      runAt(current);
    }
  };
  const listId = 'command-palette-list';
  return (
    <Modal title="Command palette" onClose={props.onClose} testId="command-palette">
      <input
        className="editor-palette-input"
        type="text"
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={matches.length > 0 ? `command-${current}` : undefined}
        aria-label="Type a command"
        placeholder="Type a command…"
        autoFocus
        spellCheck={false}
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <ul className="editor-palette-list" id={listId} role="listbox" aria-label="Commands">
        {matches.length === 0 && <li className="editor-muted editor-palette-empty">No command matches “{query}”.</li>}
        {matches.map((match, index) => (
          <li
            key={match.item.id}
            id={`command-${index}`}
            role="option"
            aria-selected={index === current}
            aria-disabled={!match.item.enabled}
            className={index === current ? 'editor-palette-item is-active' : 'editor-palette-item'}
            onMouseMove={() => setActive(index)}
            onClick={() => runAt(index)}
            ref={index === current ? (node) => node?.scrollIntoView({ block: 'nearest' }) : undefined}
          >
            <span className="editor-palette-group">{match.item.group}</span>
            <Highlighted text={match.item.label} indexes={match.indexes} />
            {match.item.shortcut && <kbd>{formatShortcut(match.item.shortcut, props.mac)}</kbd>}
          </li>
        ))}
      </ul>
    </Modal>
  );
}

function Highlighted(props: { readonly text: string; readonly indexes: readonly number[] }): ReactNode {
  // Runs of matched and unmatched characters, cut at the matcher's UTF-16 indexes.
  const marked = new Set(props.indexes);
  const runs: { text: string; marked: boolean }[] = [];
  for (let index = 0; index < props.text.length; index++) {
    const last = runs.at(-1);
    const char = props.text.charAt(index);
    if (last?.marked === marked.has(index)) last.text += char;
    else runs.push({ text: char, marked: marked.has(index) });
  }
  return (
    <span className="editor-palette-label">
      {runs.map((run, index) => (run.marked ? <mark key={index}>{run.text}</mark> : <span key={index}>{run.text}</span>))}
    </span>
  );
}
