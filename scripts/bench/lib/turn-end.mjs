// The end of a turn as a client sees it, for benchmark drivers: resolves with the
// turn_completed / turn_failed / turn_interrupted event; `onEvent` sees every event before.
export function turnEnd(view, onEvent = () => {}) {
  return new Promise((resolve) => {
    view.on("event", ({ event }) => {
      onEvent(event);
      if (
        event.type === "turn_completed" ||
        event.type === "turn_failed" ||
        event.type === "turn_interrupted"
      )
        resolve(event);
    });
  });
}
