// Workspace code the cost benchmarks drive in-process: seeding the usage ledger, the report
// query, the daemon's spend tracker, and one SDK request to the fake model as a baseline.
import Anthropic from "@anthropic-ai/sdk";
import { openStore } from "../../../packages/store/src/index.ts";
import { startFakeAnthropic, text, turn } from "../../../packages/testkit/src/index.ts";
import { SpendTracker } from "../../../apps/daemon/src/spend/spend-tracker.ts";
export { localDays } from "../../../apps/daemon/src/spend/local-period.ts";

const DAY = 24 * 60 * 60 * 1000;
const MODELS = ["claude-sonnet-4-5-20250929", "claude-opus-4-5-20251101", "claude-haiku-4-5", "gateway-x"];

export const now = () => performance.now();

/** `rows` ledger rows spread evenly over the last `days` days, over 4 models, 20 projects, 5 keys. */
export function seedUsage(dbPath, { rows, days }) {
  const store = openStore({ path: dbPath });
  const end = Date.now();
  const step = (days * DAY) / rows;
  store.transaction(() => {
    for (let i = 0; i < rows; i++) {
      const model = MODELS[i % MODELS.length];
      store.recordUsage({
        model,
        provider: "anthropic",
        project: `/work/project-${i % 20}`,
        credentialId: `${(i % 5).toString(16).padStart(8, "0")}`,
        credentialLabel: "env:ANTHROPIC_API_KEY",
        inputTokens: 1000 + (i % 700),
        outputTokens: 200 + (i % 300),
        cacheReadInputTokens: i % 3 === 0 ? 5000 : 0,
        costUsd: model === "gateway-x" ? 0 : 0.01 + (i % 7) / 1000,
        priced: model !== "gateway-x",
        createdAt: Math.round(end - days * DAY + i * step),
      });
    }
  });
  store.close();
}

export function openLedger(dbPath) {
  return openStore({ path: dbPath });
}

/** A tracker over the real ledger with `sessions` registered sessions, each under 4 limits. */
export function spendTracker(store, sessions) {
  const tracker = new SpendTracker({ store, publish: () => undefined });
  const limits = {
    limits: [
      { key: "dailyUsd", usd: 1e6, layer: "managed", file: "/etc/claude-code/managed-settings.json" },
      { key: "monthlyUsd", usd: 1e7, layer: "managed", file: "/etc/claude-code/managed-settings.json" },
      { key: "sessionUsd", usd: 1e5, layer: "user", file: "/home/u/.berth/settings.json" },
    ],
    warnAtFraction: 0.8,
  };
  const ids = Array.from({ length: sessions }, (_, i) => `session-${i}`);
  for (const id of ids) tracker.register(id, { limits: () => limits, maxBudgetUsd: 1e5 });
  return { tracker, ids };
}

/** A fake model with no latency and an SDK client pointed at it: one request = one baseline. */
export async function fakeModel() {
  const fake = await startFakeAnthropic({ responder: () => turn(text("ok")) });
  const client = new Anthropic({ baseURL: fake.url, apiKey: "bench", maxRetries: 0 });
  const request = () =>
    client.messages
      .stream({ model: "claude-test", max_tokens: 64, messages: [{ role: "user", content: "hi" }] })
      .finalMessage();
  return { request, close: () => fake.close() };
}
