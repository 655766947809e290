import { describe, expect, it } from 'vitest';
import {
  USER_ACTIVATION_MS,
  decidePermissionCheck,
  decidePermissionRequest,
  type PermissionRequestInput,
} from '../../main/shell-policy/permissions.js';

const demo = 'http://127.0.0.1:53124';
const app = 'http://127.0.0.1:40000';
const now = 1_000_000;
const camera: PermissionRequestInput = {
  permission: 'media',
  requestingUrl: `${demo}/?__theme=dark`,
  securityOrigin: `${demo}/`,
  mediaTypes: ['video'],
  appOrigins: new Set([demo, app]),
  lastUserInputAt: now - 200,
  now,
};

describe('decidePermissionRequest', () => {
  it("grants the camera and microphone to an app page that asks for itself right after the user's click", () => {
    expect(decidePermissionRequest(camera)).toEqual({ grant: true });
    expect(decidePermissionRequest({ ...camera, mediaTypes: ['audio', 'video'] })).toEqual({ grant: true });
    expect(decidePermissionRequest({ ...camera, lastUserInputAt: now - USER_ACTIVATION_MS })).toEqual({ grant: true });
  });

  it('denies media without a recent user gesture', () => {
    for (const lastUserInputAt of [undefined, now - USER_ACTIVATION_MS - 1, now + 10_000]) {
      expect(decidePermissionRequest({ ...camera, lastUserInputAt }), String(lastUserInputAt)).toMatchObject({
        grant: false,
        reason: expect.stringContaining('right after a click'),
      });
    }
  });

  it('denies media to pages that are not the app, and to a page asking for another origin', () => {
    for (const requestingUrl of [
      'https://example.com/',
      'http://127.0.0.1:9/',
      'http://localhost:53124/',
      'file:///x.html',
      'data:text/html,x',
      '',
    ]) {
      expect(decidePermissionRequest({ ...camera, requestingUrl, securityOrigin: undefined }), requestingUrl).toMatchObject({
        grant: false,
      });
    }
    expect(decidePermissionRequest({ ...camera, securityOrigin: app })).toMatchObject({
      grant: false,
      reason: expect.stringContaining('for another origin'),
    });
    expect(decidePermissionRequest({ ...camera, appOrigins: new Set(['null']), requestingUrl: 'about:blank' })).toMatchObject({
      grant: false,
    });
  });

  it('denies screen capture and empty media requests', () => {
    expect(decidePermissionRequest({ ...camera, mediaTypes: [] })).toMatchObject({ grant: false });
    expect(decidePermissionRequest({ ...camera, mediaTypes: undefined })).toMatchObject({ grant: false });
    expect(decidePermissionRequest({ ...camera, mediaTypes: ['video', 'screen'] })).toMatchObject({ grant: false });
    expect(decidePermissionRequest({ ...camera, permission: 'display-capture' })).toMatchObject({ grant: false });
  });

  it('grants clipboard writes and fullscreen to app pages without a gesture, and denies everything else', () => {
    expect(decidePermissionRequest({ ...camera, permission: 'clipboard-sanitized-write', lastUserInputAt: undefined })).toEqual({
      grant: true,
    });
    expect(decidePermissionRequest({ ...camera, permission: 'fullscreen', requestingUrl: `${app}/editor` })).toEqual({ grant: true });
    expect(decidePermissionRequest({ ...camera, permission: 'fullscreen', requestingUrl: 'https://example.com/' })).toMatchObject({
      grant: false,
    });
    for (const permission of [
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'midiSysex',
      'fileSystem',
      'hid',
      'serial',
      'usb',
      'unknown',
    ]) {
      expect(decidePermissionRequest({ ...camera, permission }), permission).toMatchObject({ grant: false });
    }
  });
});

describe('decidePermissionCheck', () => {
  const base = { appOrigins: new Set([demo, app]), mediaGrantedTo: new Set<string>() };
  it('says yes to media only where a request granted it in this run', () => {
    expect(decidePermissionCheck({ ...base, permission: 'media', requestingOrigin: demo })).toBe(false);
    expect(decidePermissionCheck({ ...base, permission: 'media', requestingOrigin: demo, mediaGrantedTo: new Set([demo]) })).toBe(true);
    expect(decidePermissionCheck({ ...base, permission: 'media', requestingOrigin: app, mediaGrantedTo: new Set([demo]) })).toBe(false);
  });

  it('says yes to the quiet permissions for app origins only', () => {
    expect(decidePermissionCheck({ ...base, permission: 'clipboard-sanitized-write', requestingOrigin: app })).toBe(true);
    expect(decidePermissionCheck({ ...base, permission: 'clipboard-sanitized-write', requestingOrigin: 'https://example.com' })).toBe(
      false,
    );
    expect(decidePermissionCheck({ ...base, permission: 'geolocation', requestingOrigin: app })).toBe(false);
  });
});
