// Writes a real apiKeyHelper script into a temp folder. Each run bumps a counter file, logs a
// line, and prints `key-<n>`; HELPER_DELAY (seconds) widens the window for concurrency tests.
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface HelperScript {
  dir: string;
  command: string;
  runs(): number;
}

export function writeHelperScript(body?: string): HelperScript {
  const dir = mkdtempSync(join(tmpdir(), "berth-helper-"));
  const script = join(dir, "helper.sh");
  writeFileSync(
    script,
    body ??
      [
        "#!/bin/sh",
        'dir=$(dirname "$0")',
        'n=$(cat "$dir/count" 2>/dev/null || echo 0)',
        "n=$((n + 1))",
        'echo "$n" > "$dir/count"',
        'echo "run $n" >> "$dir/runs.log"',
        'if [ -n "$HELPER_DELAY" ]; then sleep "$HELPER_DELAY"; fi',
        'echo "  key-$n  "',
        "",
      ].join("\n"),
  );
  chmodSync(script, 0o755);
  const log = join(dir, "runs.log");
  return {
    dir,
    command: script,
    runs: () => (existsSync(log) ? readFileSync(log, "utf8").split("\n").filter(Boolean).length : 0),
  };
}
