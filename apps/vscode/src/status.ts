import type { Header } from "./messages";

/** The status bar's text and tooltip for a session header (or none open). */
export function statusText(header: Header | undefined): { text: string; tooltip: string } {
  if (!header) return { text: "$(hubot) Berth", tooltip: "Berth: no session open. Click to start one." };
  const state = header.connected ? header.status.replace("_", " ") : "disconnected";
  return {
    text: `$(hubot) ${state} · ${header.mode} · ${formatCost(header.costUsd)}`,
    tooltip: `Berth session ${header.title} (${header.sessionId}). Click to open the chat panel.`,
  };
}

export function formatCost(usd: number): string {
  return usd < 0.01 && usd > 0 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}
