// `fake-model`: the fake Messages API as a process, for the demo, benchmarks and manual runs.
// Contract for scripts that start it: exactly one line on stdout (the URL), everything else on
// stderr; exit 2 on bad flags or a bad script; exit 0 on SIGTERM/SIGINT.
import { lastUserText } from "../captured.js";
import { ScriptError, type ScriptTurn } from "../schemas.js";
import { loadScriptFile } from "../script-file.js";
import { startFakeAnthropic } from "../server.js";
import type { Responder } from "../turn-source.js";
import { parseFakeModelArgs, USAGE, UsageError } from "./args.js";

const echoResponder: Responder = (request) => ({
  content: [{ type: "text", text: lastUserText(request) || "(no text in the last user message)" }],
});

async function main(): Promise<void> {
  let args: ReturnType<typeof parseFakeModelArgs>;
  let script: ScriptTurn[] = [];
  try {
    args = parseFakeModelArgs(process.argv.slice(2));
    if (args.help) {
      process.stdout.write(USAGE);
      return;
    }
    if (args.script !== undefined) script = await loadScriptFile(args.script);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ScriptError) {
      process.stderr.write(`fake-model: ${error.message}\n`);
      if (error instanceof UsageError) process.stderr.write(`\n${USAGE}`);
      process.exit(2);
    }
    throw error;
  }

  const fake = await startFakeAnthropic({
    script,
    ...(args.echo ? { responder: echoResponder } : {}),
    latencyMs: args.latencyMs,
    chunkSize: args.chunkSize,
    port: args.port,
    ...(args.model !== undefined ? { model: args.model } : {}),
    ...(args.expectApiKey !== undefined ? { expectApiKey: args.expectApiKey } : {}),
    log: (line) => process.stderr.write(`fake-model: ${line}\n`),
  });
  process.stdout.write(`${fake.url}\n`);
  process.stderr.write(
    `fake-model: listening on ${fake.url} (${script.length} scripted turns${args.echo ? ", then echo" : ""})\n`,
  );

  const stop = (signal: string) => {
    process.stderr.write(`fake-model: ${signal}, shutting down\n`);
    void fake.close().then(() => process.exit(0));
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
}

main().catch((error: unknown) => {
  // System errors (a port already in use) need their message, not a stack trace.
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const detail =
    error instanceof Error ? (code ? error.message : (error.stack ?? error.message)) : String(error);
  process.stderr.write(`fake-model: ${detail}\n`);
  process.exit(1);
});
