import { describe, expect, it } from 'vitest';
import { APP_TOKEN_HEADER as SERVER_HEADER } from '../../main/server/gradio/context.js';
import { APP_TOKEN_HEADER, withAppToken } from '../../main/shell-policy/app-token.js';

describe('withAppToken', () => {
  it('adds the secret only for the local server origin and never forwards a page-set one', () => {
    expect(APP_TOKEN_HEADER).toBe(SERVER_HEADER);
    expect(withAppToken('http://127.0.0.1:5000/gradio_api/queue/join', 'http://127.0.0.1:5000', 's3cret', { Accept: '*/*' })).toEqual({
      Accept: '*/*',
      [APP_TOKEN_HEADER]: 's3cret',
    });
    expect(withAppToken('https://evil.example/x', 'http://127.0.0.1:5000', 's3cret', { 'X-Demo-Desktop-App': 'forged' })).toEqual({});
    expect(withAppToken('http://127.0.0.1:5000/', 'http://127.0.0.1:5000', undefined, {})).toEqual({});
  });
});
