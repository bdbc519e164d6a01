// Flag parsing for the fake-model command, separate from its side effects so it can be tested.
import { parseArgs } from "node:util";

export const USAGE = `Usage: fake-model (--script <file> | --echo) [options]

Serves a fake Anthropic Messages API on 127.0.0.1 and prints its URL (one line) on stdout.
Point the SDK or ANTHROPIC_BASE_URL at that URL. Logs go to stderr.

  --script <file>         JSON script: {"turns": [...]} or an array of turns
  --echo                  reply with the last user text (after the script, if both are given)
  --port <n>              port to listen on (default 0: any free port)
  --latency-ms <n>        delay between streamed events (default 0)
  --chunk-size <n>        characters per text delta (default 8)
  --model <name>          report this model instead of echoing the request's
  --expect-api-key <key>  answer 401 unless x-api-key or Bearer token matches
  --help                  show this help
`;

export interface FakeModelArgs {
  help: boolean;
  script?: string;
  echo: boolean;
  port: number;
  latencyMs: number;
  chunkSize: number;
  model?: string;
  expectApiKey?: string;
}

export class UsageError extends Error {}

export function parseFakeModelArgs(argv: string[]): FakeModelArgs {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const args: FakeModelArgs = {
    help: values.help === true,
    echo: values.echo === true,
    port: integerFlag("port", values.port, 0, 65535) ?? 0,
    latencyMs: integerFlag("latency-ms", values["latency-ms"], 0, 600_000) ?? 0,
    chunkSize: integerFlag("chunk-size", values["chunk-size"], 1, 1_000_000) ?? 8,
  };
  if (values.script !== undefined) args.script = values.script;
  if (values.model !== undefined) args.model = values.model;
  if (values["expect-api-key"] !== undefined) args.expectApiKey = values["expect-api-key"];
  if (!args.help && args.script === undefined && !args.echo) {
    throw new UsageError("either --script <file> or --echo is required");
  }
  return args;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      help: { type: "boolean", short: "h" },
      script: { type: "string" },
      echo: { type: "boolean" },
      port: { type: "string" },
      "latency-ms": { type: "string" },
      "chunk-size": { type: "string" },
      model: { type: "string" },
      "expect-api-key": { type: "string" },
    },
  });
}

function integerFlag(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || parsed < min || parsed > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got "${value}"`);
  }
  return parsed;
}
