// Domain conflicts of a listener's VirtualServices, kept from one pass to the next: an edit that
// leaves every VirtualService's domains as they were (a route change) needs no new conflict search.
import { duplicateDomains, type ListenerMember } from './virtual-service-validator';

/** What duplicateDomains gives for the members of each listener, reused while the members' keys and domains are unchanged. */
export class SharedDomains {
  private last = new Map<string, { members: readonly ListenerMember[]; shared: ReadonlyMap<string, readonly string[]> | undefined }>();
  private next = new Map<string, { members: readonly ListenerMember[]; shared: ReadonlyMap<string, readonly string[]> | undefined }>();

  /** The domains claimed by more than one member of the listener named `listener` (see duplicateDomains). */
  of(listener: string, members: readonly ListenerMember[]): ReadonlyMap<string, readonly string[]> | undefined {
    const prev = this.next.get(listener) ?? this.last.get(listener);
    const shared = prev && sameDomains(prev.members, members) ? prev.shared : duplicateDomains(members);
    this.next.set(listener, { members, shared });
    return shared;
  }

  /** Keeps only the listeners of this pass. */
  endPass(): void {
    this.last = this.next;
    this.next = new Map();
  }
}

function sameDomains(a: readonly ListenerMember[], b: readonly ListenerMember[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x.key !== y.key || x.domainKeys.length !== y.domainKeys.length) return false;
    for (let j = 0; j < x.domainKeys.length; j++) if (x.domainKeys[j] !== y.domainKeys[j]) return false;
  }
  return true;
}
