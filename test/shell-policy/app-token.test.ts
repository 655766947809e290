import { describe, expect, it } from 'vitest';
import { APP_TOKEN_HEADER as SERVER_HEADER } from '../../main/server/gradio/context.js';
import { APP_TOKEN_HEADER, withAppToken } from '../../main/shell-policy/app-token.js';

const app = 'http://127.0.0.1:5000';
const project = 'http://127.0.0.1:5001';
const origins = new Set([app, project]);

describe('withAppToken', () => {
  it('adds the secret only for the origins of the app windows and never forwards a page-set one', () => {
    expect(APP_TOKEN_HEADER).toBe(SERVER_HEADER);
    expect(withAppToken(`${app}/gradio_api/queue/join`, origins, 's3cret', { Accept: '*/*' })).toEqual({
      Accept: '*/*',
      [APP_TOKEN_HEADER]: 's3cret',
    });
    expect(withAppToken(`${project}/`, origins, 's3cret', {})).toEqual({ [APP_TOKEN_HEADER]: 's3cret' });
    expect(withAppToken('https://evil.example/x', origins, 's3cret', { 'X-Demo-Desktop-App': 'forged' })).toEqual({});
    // Another local port (the editor's preview, anything else on loopback) is not an app window.
    expect(withAppToken('http://127.0.0.1:5002/', origins, 's3cret', {})).toEqual({});
    expect(withAppToken(`${app}/`, origins, undefined, {})).toEqual({});
  });

  it('never sends it to an opaque origin, even if one slipped into the set', () => {
    expect(withAppToken('file:///etc/passwd', new Set(['null']), 's3cret', {})).toEqual({});
    expect(withAppToken('data:text/html,x', new Set(['null']), 's3cret', {})).toEqual({});
  });
});
