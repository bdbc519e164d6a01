// Applies the session's Anthropic credential to every HTTP attempt, and implements the
// apiKeyHelper refresh rule (reference §3.2): on a 401, re-run the helper and retry the request
// once with the new key. Done as SDK middleware, per attempt, because that is the only layer
// that sees a 401 before a streaming call has handed anything to the caller, and because the
// SDK's own retries (429/5xx) then pick up a refreshed key too.
import type { Middleware } from "@anthropic-ai/sdk/client";
import {
  type AnthropicCredential,
  authHeadersFor,
  credentialKey,
} from "../credentials/anthropic-credential.js";
import type { ProviderLogger } from "../logger.js";

function apply(headers: Headers, credential: AnthropicCredential, key: string): void {
  headers.delete("x-api-key");
  headers.delete("authorization");
  for (const [name, value] of Object.entries(authHeadersFor(credential, key))) headers.set(name, value);
}

export function authMiddleware(credential: AnthropicCredential, logger: ProviderLogger): Middleware {
  return async (request, next) => {
    const key = await credentialKey(credential);
    apply(request.headers, credential, key);
    const response = await next(request);
    if (response.status !== 401 || credential.kind !== "helper") return response;

    // Release the refused response before asking again.
    await response.body?.cancel().catch(() => {});
    logger.info("model API answered 401; refreshing the apiKeyHelper key and retrying once", {
      command: credential.helper.command,
    });
    credential.helper.invalidate(key);
    const fresh = await credential.helper.get();
    apply(request.headers, credential, fresh);
    return next(request);
  };
}
