import { useState, type ReactNode } from 'react';
import { useNow } from '../use-now.js';
import { QrCode } from './QrCode.js';
import type { ShareStatus } from './share-api.js';
import { clockTime, timeLeft } from './share-format.js';

interface ShareLiveProps {
  readonly status: ShareStatus;
  readonly busy: boolean;
  readonly onRevoke: () => void;
  readonly onStop: () => void;
}

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false; // no clipboard (insecure context, denied): the field stays selected for Ctrl-C
  }
}

/** A share in place: its link (copy, QR code), when it expires, and revoke / stop. */
export function ShareLive({ status, busy, onRevoke, onStop }: ShareLiveProps): ReactNode {
  const now = useNow(status.expiresAt !== null, 30_000);
  const [copied, setCopied] = useState<string | null>(null);
  const link = status.link;
  return (
    <section className="share-section" aria-label="Share link">
      {link === null ? (
        <p className="share-muted">The link appears here once the share server has answered.</p>
      ) : (
        <>
          <label className="share-label" htmlFor="share-link">
            Private link
          </label>
          <div className="share-copy-row">
            <input
              id="share-link"
              className="share-input share-link"
              data-testid="share-link"
              readOnly
              value={link}
              onFocus={(event) => event.target.select()}
            />
            <button
              type="button"
              className="share-button share-button--primary"
              data-testid="share-copy"
              onClick={() => {
                void copyText(link).then((ok) => setCopied(ok ? link : null));
              }}
            >
              {copied === link ? 'Copied' : 'Copy'}
            </button>
          </div>
          <div className="share-link-block">
            <QrCode text={link} label="QR code of the share link" />
            <div className="share-link-main">
              {status.expiresAt !== null ? (
                <p className="share-expiry" data-testid="share-expiry">
                  {status.expiresAt <= now ? 'Expired' : `Expires in ${timeLeft(status.expiresAt, now)}`}
                  <span className="share-muted share-when">{clockTime(status.expiresAt, true)}</span>
                </p>
              ) : null}
              <p className="share-help">
                Anyone with this link can use the demo{status.passcode ? '; others are asked for the passcode' : ''}. A browser trades the
                key for a cookie on its first visit. Scan the code to open it on a phone.
              </p>
            </div>
          </div>
        </>
      )}
      <div className="share-actions">
        <button
          type="button"
          className="share-button"
          data-testid="share-revoke"
          disabled={busy || link === null}
          title="Make a new key: the old link and every visitor's cookie stop working at once."
          onClick={onRevoke}
        >
          New link (revoke old)
        </button>
        <button type="button" className="share-button share-button--danger" data-testid="share-stop" disabled={busy} onClick={onStop}>
          Stop sharing
        </button>
      </div>
    </section>
  );
}
