// The clients attached to one live session: live event fan-out, out-of-band notices, and the
// drop of a client that cannot keep up.
import { type DaemonNotice, encodeNotification, type SessionEventNotification } from "@berth/protocol";

/** A client's subscription to one session's events. */
export interface Subscriber {
  readonly clientId: string;
  /** Returns false when the client cannot keep up; it is then dropped and may re-attach. */
  deliver(note: SessionEventNotification, frame?: string): boolean;
  dropped(reason: string): void;
  /** Out-of-band trouble about this session (e.g. the store refused a write). */
  notice?(notice: DaemonNotice): void;
}

export class Subscribers {
  private readonly byClient = new Map<string, Subscriber>();

  get size(): number {
    return this.byClient.size;
  }

  add(sub: Subscriber): void {
    this.byClient.set(sub.clientId, sub);
  }

  remove(clientId: string): void {
    this.byClient.delete(clientId);
  }

  /** Sends a committed event to every attached client; one that cannot keep up is dropped. */
  deliver(note: SessionEventNotification): void {
    if (this.byClient.size === 0) return;
    // Encoded once for every attached client: with ten clients, ten JSON.stringify calls per
    // streamed delta were most of the fan-out cost.
    const frame = encodeNotification("session/event", note);
    for (const [id, sub] of this.byClient) {
      if (!sub.deliver(note, frame)) {
        this.byClient.delete(id);
        sub.dropped("client fell too far behind; re-attach with the last seen seq");
      }
    }
  }

  notice(notice: DaemonNotice): void {
    for (const sub of this.byClient.values()) sub.notice?.(notice);
  }

  /** Ends every subscription (the session is unloading), telling each client why. */
  dropAll(reason: string): void {
    const subscribers = [...this.byClient.values()];
    this.byClient.clear();
    for (const sub of subscribers) sub.dropped(reason);
  }
}
