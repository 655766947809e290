/** Types of socket-trace.mjs (plain JavaScript, imported before anything opens a socket). */
export interface TracedSocketEvent {
  readonly t: number;
  readonly kind: 'write' | 'read' | 'request' | 'body';
  readonly bytes: number;
  readonly head: string;
  readonly msgs: readonly string[];
}
export declare const socketEvents: TracedSocketEvent[];
export declare function record(enabled: boolean): void;
export declare function takeSocketEvents(): TracedSocketEvent[];
