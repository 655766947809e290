/**
 * Which image input a paste goes to when it happens outside every image input (focus on the page
 * body, a button, a label): the one the user focused last, or, when none was focused yet, the only
 * one that takes pastes. With several and none chosen, the paste is left alone: guessing would
 * fill the wrong input. A paste inside an image input always goes to that input (see use-paste.ts).
 */
export class PasteRouter {
  private readonly members: number[] = [];
  private last: number | null = null;

  /** An image input that takes pastes; the returned function removes it. */
  join(id: number): () => void {
    this.members.push(id);
    return () => {
      const at = this.members.indexOf(id);
      if (at >= 0) this.members.splice(at, 1);
      if (this.last === id && !this.members.includes(id)) this.last = null;
    };
  }

  /** The user focused or clicked into this input. */
  focus(id: number): void {
    if (this.members.includes(id)) this.last = id;
  }

  /** The input a page-level paste goes to, or null. */
  target(): number | null {
    if (this.last !== null) return this.last;
    const unique = new Set(this.members);
    return unique.size === 1 ? (this.members[0] ?? null) : null;
  }
}
