import type { PartialTurn, SessionEvent } from "@berth/protocol";

/**
 * Follows the events of the turn in flight so a snapshot can show a late joiner what is being
 * written right now: complete messages come from the store, the half-streamed one only from here.
 */
export class TurnTracker {
  private current: PartialTurn | null = null;

  observe(event: SessionEvent): void {
    switch (event.type) {
      case "turn_started":
        this.current = { turnId: event.turnId, messageId: null, text: "", tool: null };
        return;
      case "assistant_text_delta": {
        const turn = this.ensure(event.turnId);
        // A new assistant message in the same turn starts a new partial text.
        if (turn.messageId !== event.messageId) {
          turn.messageId = event.messageId;
          turn.text = "";
        }
        turn.text += event.text;
        return;
      }
      case "assistant_message":
        // Complete now, and stored as a message: the snapshot's recentMessages carry it.
        if (this.current) {
          this.current.messageId = null;
          this.current.text = "";
        }
        return;
      case "tool_use":
        this.ensure(event.turnId).tool = { toolUseId: event.toolUseId, name: event.name };
        return;
      case "tool_result":
        if (this.current?.tool?.toolUseId === event.toolUseId) this.current.tool = null;
        return;
      case "turn_completed":
      case "turn_failed":
      case "turn_interrupted":
        this.current = null;
        return;
      default:
        return;
    }
  }

  partial(): PartialTurn | null {
    return this.current ? { ...this.current, tool: this.current.tool && { ...this.current.tool } } : null;
  }

  private ensure(turnId: string): PartialTurn {
    if (this.current?.turnId !== turnId) this.current = { turnId, messageId: null, text: "", tool: null };
    return this.current;
  }
}
