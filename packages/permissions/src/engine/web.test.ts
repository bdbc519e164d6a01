// The WebFetch domain cases the web tools rely on (issue #8): a deny for one subdomain beats an
// allow for all of them, whichever file each rule comes from, and what the tool will actually
// request (http upgraded to https) is decided by the same host.
import { beforeAll, describe, expect, it } from "vitest";
import { ctx, engine, makeProject, type Project, tool } from "../testing/fixtures.js";

let p: Project;
beforeAll(async () => {
  p = makeProject();
  await engine();
});

const fetch = (c: ReturnType<typeof ctx>, url: string) => tool(c, "WebFetch", { url, prompt: "summarise" });

describe("WebFetch subdomain rules", () => {
  it("a deny for a subdomain beats an allow for every subdomain", async () => {
    const c = ctx(p, {
      allow: ["WebFetch(domain:*.example.com)"],
      deny: ["WebFetch(domain:evil.example.com)"],
    });
    expect((await fetch(c, "https://evil.example.com/x")).behavior).toBe("deny");
    expect((await fetch(c, "http://EVIL.example.com./x")).behavior).toBe("deny");
    expect((await fetch(c, "https://docs.example.com/x")).behavior).toBe("allow");
    expect((await fetch(c, "https://a.b.example.com/x")).behavior).toBe("allow");
    expect((await fetch(c, "https://example.com/x")).behavior).toBe("ask");
  });

  it("a deny for every subdomain beats an allow naming one of them", async () => {
    const c = ctx(p, {
      allow: ["WebFetch(domain:docs.example.com)"],
      deny: ["WebFetch(domain:*.example.com)"],
    });
    expect((await fetch(c, "https://docs.example.com/")).behavior).toBe("deny");
    expect((await fetch(c, "https://example.com/")).behavior).toBe("ask");
  });

  it("an http URL is decided by its host, which is what the upgraded https request reaches", async () => {
    const c = ctx(p, { allow: ["WebFetch(domain:docs.example.com)"] });
    expect((await fetch(c, "http://docs.example.com/guide")).behavior).toBe("allow");
  });
});
