import { connectOrStart } from "../connect";

/** Reads a secret without echoing it (or from stdin when piped, for scripts). */
async function readSecret(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8").trim();
  }
  process.stdout.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = "";
    const onData = (data: Buffer) => {
      for (const ch of data.toString("utf8")) {
        if (ch === "\r" || ch === "\n") {
          done();
          resolve(value.trim());
          return;
        }
        if (ch === "\u0003") {
          done();
          reject(new Error("Cancelled."));
          return;
        }
        if (ch === "\u007f" || ch === "\b") value = value.slice(0, -1);
        else if (ch >= " ") value += ch;
      }
    };
    const done = () => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stdout.write("\n");
    };
    stdin.on("data", onData);
  });
}

/** `berth login`: stores an API key for this user; used when no env key or helper is set. */
export async function runLogin(): Promise<number> {
  const apiKey = await readSecret("Anthropic API key (input hidden): ");
  if (!apiKey) throw new Error("No key given. Paste it at the prompt, or pipe it: `berth login < keyfile`.");
  const conn = await connectOrStart();
  try {
    const { location } = await conn.request("auth/login", { apiKey });
    process.stdout.write(
      `Saved. New sessions use this key when no ANTHROPIC_API_KEY or apiKeyHelper is set (${location}).\n`,
    );
    return 0;
  } finally {
    await conn.close();
  }
}

/** `berth logout`: removes the stored key. */
export async function runLogout(): Promise<number> {
  const conn = await connectOrStart();
  try {
    const { removed, location } = await conn.request("auth/logout", {});
    process.stdout.write(removed ? `Removed the stored API key (${location}).\n` : "No stored API key.\n");
    return 0;
  } finally {
    await conn.close();
  }
}
