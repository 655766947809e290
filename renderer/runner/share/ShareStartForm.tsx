import { useId, useState, type ReactNode } from 'react';
import { EXPIRY_CHOICES, type ShareStartBody, type ShareStatus } from './share-api.js';

interface ShareStartFormProps {
  readonly status: ShareStatus;
  readonly busy: boolean;
  readonly onStart: (body: ShareStartBody) => void;
}

/** Where to share through (remembered from the last share), how long, and an optional passcode. */
export function ShareStartForm({ status, busy, onStart }: ShareStartFormProps): ReactNode {
  const id = useId();
  const [server, setServer] = useState(status.server ?? '');
  const [hours, setHours] = useState(status.expiresHours);
  const [askPasscode, setAskPasscode] = useState(false);
  const [passcode, setPasscode] = useState('');
  const passcodeOk = !askPasscode || passcode.length >= 4;
  return (
    <form
      className="share-section share-form"
      onSubmit={(event) => {
        event.preventDefault();
        onStart({ server: server.trim(), expiresHours: hours, ...(askPasscode ? { passcode } : {}) });
      }}
    >
      <p className="share-intro">
        Get a private link to this demo that works from anywhere. Only people with the link can use it, and only the demo: nothing else on
        this computer.
      </p>
      <label className="share-label" htmlFor={`${id}-server`}>
        Share server
      </label>
      <input
        id={`${id}-server`}
        className="share-input"
        data-testid="share-server"
        value={server}
        onChange={(event) => setServer(event.target.value)}
        placeholder="share://share.example.com"
        spellCheck={false}
        autoComplete="off"
        required
        aria-describedby={`${id}-server-help`}
      />
      <p id={`${id}-server-help`} className="share-help">
        A share server passes visitors’ requests to this computer. Use <code>share://[token@]host[:port]</code> for a server running{' '}
        <code>demo-desktop share-server</code> (yours or your team’s), or <code>ssh://user@host</code> for any SSH server that allows remote
        forwarding. It is remembered for next time. Setting one up: <code>docs/share-server.md</code>.
      </p>
      <div className="share-row">
        <label className="share-label" htmlFor={`${id}-expiry`}>
          Link expires after
        </label>
        <select
          id={`${id}-expiry`}
          className="share-input share-select"
          data-testid="share-expiry-choice"
          value={hours}
          onChange={(event) => setHours(Number(event.target.value))}
        >
          {EXPIRY_CHOICES.map((choice) => (
            <option key={choice.hours} value={choice.hours}>
              {choice.label}
            </option>
          ))}
        </select>
      </div>
      <label className="share-check">
        <input type="checkbox" checked={askPasscode} onChange={(event) => setAskPasscode(event.target.checked)} /> Ask visitors without the
        link’s key for a passcode
      </label>
      {askPasscode ? (
        <input
          className="share-input"
          type="password"
          aria-label="Passcode (at least 4 characters)"
          placeholder="Passcode (at least 4 characters)"
          value={passcode}
          minLength={4}
          maxLength={128}
          onChange={(event) => setPasscode(event.target.value)}
        />
      ) : null}
      <button type="submit" className="share-button share-button--primary" disabled={busy || server.trim() === '' || !passcodeOk}>
        {busy ? 'Starting…' : 'Start sharing'}
      </button>
    </form>
  );
}
