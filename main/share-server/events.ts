/** What a running share server reports (tests wait on these; an admin page could show them). */
// A type alias, not an interface: TypedEvents needs a type with no index signature of its own.

export type ShareServerEvents = {
  /** A name's tunnel came online or went offline. */
  tunnel: { readonly name: string; readonly state: 'online' | 'offline' };
  /** An SSH connection ended (after its tunnels went offline); `owner` is its key's fingerprint once signed in. */
  disconnected: { readonly owner: string | undefined };
};
