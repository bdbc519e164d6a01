// Every test runs against a throwaway home with no provider credentials, so a
// developer's real keys, settings and daemon can never leak into (or be touched by) a test.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const home = mkdtempSync(join(tmpdir(), "berth-test-home-"));
process.env.BERTH_HOME = join(home, ".berth");
process.env.HOME = home;
for (const key of [
  "ANTHROPIC_API_KEY",
  "ANTHROPIC_AUTH_TOKEN",
  "ANTHROPIC_BASE_URL",
  "ANTHROPIC_MODEL",
  "CLAUDE_CODE_USE_BEDROCK",
  "CLAUDE_CODE_USE_VERTEX",
  "AWS_BEARER_TOKEN_BEDROCK",
  "BERTH_MANAGED_SETTINGS_PATH",
]) {
  delete process.env[key];
}
