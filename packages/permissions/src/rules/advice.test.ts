import { describe, expect, it } from "vitest";
import { wrapperOnlyAdvice } from "./advice.js";

describe("advice on wrapper-only allow rules", () => {
  it("names the form that reaches the program behind a looked-through wrapper", () => {
    for (const rule of [
      "Bash(timeout:*)",
      "Bash(timeout 20 *)",
      "Bash(xargs:*)",
      "Bash(env *)",
      "Bash(nice -n 5:*)",
    ])
      expect(wrapperOnlyAdvice(rule), rule).toMatch(/name both \(Bash\(.+ <program>:\*\)\)/);
    expect(wrapperOnlyAdvice("Bash(timeout:*)")).toContain("Bash(timeout <seconds> <program>:*)");
  });

  it("says an exec wrapper rule never allows anything", () => {
    expect(wrapperOnlyAdvice("Bash(entr:*)")).toContain("never allows anything");
    expect(wrapperOnlyAdvice("Bash(sudo *)")).toContain("never allows anything");
  });

  it("stays quiet for rules that name a program, exact rules and other tools", () => {
    for (const rule of [
      "Bash(timeout 20 uv run python:*)",
      "Bash(xargs grep:*)",
      "Bash(timeout 5)",
      "Bash(npm:*)",
      "Read(./x)",
      "Bash",
    ])
      expect(wrapperOnlyAdvice(rule), rule).toBeNull();
  });
});
