/** Why a call to /api/editor failed: unreachable, refused (an HTTP error), or an answer off-contract. */
export type EditorApiErrorCode = 'unreachable' | 'refused' | 'bad-answer';

export class EditorApiError extends Error {
  constructor(
    readonly code: EditorApiErrorCode,
    readonly url: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'EditorApiError';
  }
}
