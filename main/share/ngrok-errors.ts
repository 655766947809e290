import { TunnelError, type TunnelStep } from './tunnel.js';

/** What an ngrok connection attempt was doing when it failed. */
export type NgrokPhase = 'dns' | 'session' | 'listen';

const AUTH = /authtoken|authentication failed|ERR_NGROK_10[5-7]\b|ERR_NGROK_4018\b/i;

function fields(error: unknown): { message: string; errorCode?: string; code?: string } {
  if (typeof error !== 'object' || error === null) return { message: String(error) };
  const record = error as { message?: unknown; errorCode?: unknown; code?: unknown };
  return {
    message: typeof record.message === 'string' ? record.message : JSON.stringify(error),
    ...(typeof record.errorCode === 'string' ? { errorCode: record.errorCode } : {}),
    ...(typeof record.code === 'string' ? { code: record.code } : {}),
  };
}

function stepFor(phase: NgrokPhase, message: string, code: string | undefined): TunnelStep {
  if (phase === 'dns') return 'dns';
  if (AUTH.test(message)) return 'auth';
  if (phase === 'listen') return 'forward';
  return code === 'ENOTFOUND' ? 'dns' : 'connect';
}

function advice(step: TunnelStep, serverAddr: string, message: string): string {
  switch (step) {
    case 'dns':
      return `Cannot resolve ngrok's server ${serverAddr} (${message}). Check this machine's network and DNS.`;
    case 'auth':
      return `ngrok refused the authtoken (${message}). Check --ngrok-authtoken or NGROK_AUTHTOKEN: copy it again from https://dashboard.ngrok.com/get-started/your-authtoken.`;
    case 'forward':
      return `ngrok refused the public endpoint (${message}). Your ngrok account may not allow it, or it is in use by another agent session.`;
    default:
      return /tls/i.test(message)
        ? `Cannot connect to ngrok at ${serverAddr} (${message}): what answered there does not speak ngrok's TLS; a proxy or firewall may intercept the connection.`
        : `Cannot connect to ngrok at ${serverAddr} (${message}). Check the network; a firewall may block outgoing connections to port 443.`;
  }
}

/** Turns what @ngrok/ngrok threw during `phase` into a TunnelError naming the step and what to do. */
export function classifyNgrokError(error: unknown, phase: NgrokPhase, serverAddr: string): TunnelError {
  if (error instanceof TunnelError) return error;
  const { message, errorCode, code } = fields(error);
  const detail = errorCode && !message.includes(errorCode) ? `${errorCode}: ${message}` : message;
  const step = stepFor(phase, detail, code);
  return new TunnelError(step, advice(step, serverAddr, detail), { cause: error });
}
