/**
 * The error every call still in progress gets when the server shuts down (docs/api.md). The
 * runner page reads it as a lost connection and reconnects, as for a dropped stream.
 */
export const SERVER_STOPPED_MESSAGE =
  'The server stopped before this call finished (it was shut down or is restarting). Call again once it is back.';
