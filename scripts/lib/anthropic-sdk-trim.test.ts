// The SDK trim rewrites two files of the installed @anthropic-ai/sdk at build time
// (scripts/lib/anthropic-sdk-trim.mjs). These tests run it on the real files, so an SDK upgrade
// that changes their shape fails here and in the build, not in a user's session.
import { mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module of the build scripts, without types
import { anthropicSdkTrim, dropUnusedImports, trimClient, trimErrorClasses } from "./anthropic-sdk-trim.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const sdk = realpathSync(join(root, "packages/providers/node_modules/@anthropic-ai/sdk"));
const read = (file: string) => readFileSync(join(sdk, file), "utf8");
const importsOf = (code: string) =>
  [...code.matchAll(/^import .* from ["']([^"']+)["'];/gm)].map((m) => m[1] ?? "");

describe("anthropic-sdk-trim", () => {
  it("cuts the full client and every import only it used, and keeps BaseAnthropic whole", () => {
    const source = read("client.mjs");
    const trimmed: string = trimClient(source);
    expect(importsOf(source)).toContain("./resources/index.mjs");
    const kept = importsOf(trimmed);
    expect(kept.filter((spec) => spec.startsWith("./resources/"))).toEqual([]);
    // What BaseAnthropic uses stays imported.
    for (const spec of ["./core/error.mjs", "./core/error-classes.mjs", "./internal/shims.mjs"])
      expect(kept).toContain(spec);
    const base = source.slice(
      source.indexOf("export var BaseAnthropic = "),
      source.indexOf("\nexport var Anthropic = "),
    );
    expect(trimmed).toContain(base);
    expect(trimmed).toMatch(/export var Anthropic = class Anthropic extends BaseAnthropic/);
    expect(trimmed).toContain("left out of this bundle (scripts/lib/anthropic-sdk-trim.mjs)");
  });

  it("maps the Messages API's and the shared error codes, and drops the other resources' classes", () => {
    const source = read("core/error-classes.mjs");
    const trimmed: string = trimErrorClasses(source);
    expect(importsOf(trimmed).sort()).toEqual([
      "../resources/messages/messages.mjs",
      "../resources/shared.mjs",
    ]);
    expect(trimmed).toMatch(/\['400 tool_name_conflict', ToolNameConflictError\]/);
    expect(trimmed).toMatch(/EnforcedSpendLimitReachedError\]/);
    expect(source).toMatch(/BetaCMEKNotApprovedError\]/);
    expect(trimmed).not.toMatch(/Beta\w+Error/);
    expect(trimmed).toMatch(/export const ERROR_CODE_CLASSES = /);
  });

  it("fails the build, naming itself, when an upgrade changes a file's shape", () => {
    expect(() => trimClient("export var BaseAnthropic = 1;\n", "client.mjs")).toThrow(
      /anthropic-sdk-trim\.mjs: client\.mjs no longer declares `export var Anthropic` once/,
    );
    const stillUsesApi =
      'import * as API from "./resources/index.mjs";\nexport var BaseAnthropic = API.x;\nexport var Anthropic = 1;\n';
    expect(() => trimClient(stillUsesApi)).toThrow(/still uses `resources\/index\.mjs`/);
    expect(() => trimErrorClasses('import { A } from "../resources/other.mjs";\n')).toThrow(
      /no longer imports its classes as expected/,
    );
  });

  it("bundles a client that still sends a Messages request and maps an error code to its class", async () => {
    // The textual checks above cannot see a binding the trim dropped but the code still uses
    // (a ReferenceError at run time): this runs the trimmed SDK for real.
    const out = mkdtempSync(join(tmpdir(), "berth-sdk-trim-"));
    const server = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        if (req.headers["x-fail"]) {
          res.writeHead(400, { "content-type": "application/json" });
          res.end(
            JSON.stringify({
              type: "error",
              error: {
                type: "invalid_request_error",
                message: "two tools",
                details: { error_code: "tool_name_conflict" },
              },
            }),
          );
          return;
        }
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            id: "msg_1",
            type: "message",
            role: "assistant",
            model: "m",
            content: [{ type: "text", text: `ua=${req.headers["user-agent"] ?? ""}` }],
            stop_reason: "end_turn",
            stop_sequence: null,
            usage: { input_tokens: 1, output_tokens: 1 },
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      await build({
        stdin: {
          contents: [
            'import { BaseAnthropic } from "@anthropic-ai/sdk/client";',
            'import { Messages } from "@anthropic-ai/sdk/resources/messages/messages";',
            'import { ToolNameConflictError } from "@anthropic-ai/sdk/resources/messages/messages";',
            "export { BaseAnthropic, Messages, ToolNameConflictError };",
          ].join("\n"),
          resolveDir: join(root, "packages/providers"),
          loader: "js",
        },
        bundle: true,
        platform: "node",
        format: "esm",
        mainFields: ["module", "main"],
        outfile: join(out, "sdk.mjs"),
        plugins: [anthropicSdkTrim],
        logLevel: "silent",
      });
      const { BaseAnthropic, Messages, ToolNameConflictError } = await import(
        pathToFileURL(join(out, "sdk.mjs")).href
      );
      const client = new BaseAnthropic({
        apiKey: "k",
        baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        maxRetries: 0,
      });
      const messages = new Messages(client);
      const params = { model: "m", max_tokens: 8, messages: [{ role: "user", content: "hi" }] };
      const answer = await messages.create(params);
      expect(answer.content[0].text).toMatch(/^ua=Anthropic\/JS /);
      const failed = await messages.create(params, { headers: { "x-fail": "1" } }).catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(ToolNameConflictError);
      expect((failed as { status: number }).status).toBe(400);
    } finally {
      server.close();
      rmSync(out, { recursive: true, force: true });
    }
  });

  it("keeps an import whose binding is used, and not one mentioned only in comments or strings", () => {
    const code = [
      'import { used } from "./a.mjs";',
      'import * as Gone from "./b.mjs";',
      'import { alsoGone as renamed } from "./c.mjs";',
      "/** Gone is documented here. */",
      "// renamed in a line comment",
      'export const x = used("Gone renamed") + other.Gone;',
    ].join("\n");
    const { code: out, dropped } = dropUnusedImports(code);
    expect(importsOf(out)).toEqual(["./a.mjs"]);
    expect(dropped).toEqual(["Gone", "renamed"]);
  });
});
