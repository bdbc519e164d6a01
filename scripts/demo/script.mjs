// The fake model's script for the offline demo. Paths are absolute, so the script is
// built for the throwaway project the demo creates.
import { join } from "node:path";

export const DEMO_FILE = "greet.js";
export const DEMO_SOURCE = `function greet(name) {\n  return "Goodbye, " + name + "!";\n}\n\nconsole.log(greet("Berth"));\n`;

export function demoScript(project) {
  const file = join(project, DEMO_FILE);
  return {
    turns: [
      {
        content: [
          { type: "text", text: "Let me look at greet.js first." },
          { type: "tool_use", name: "Read", input: { file_path: file } },
        ],
      },
      {
        content: [
          { type: "text", text: 'The function says "Goodbye" where it should greet. I\'ll fix that line.' },
          {
            type: "tool_use",
            name: "Edit",
            input: { file_path: file, old_string: '"Goodbye, "', new_string: '"Hello, "' },
          },
        ],
      },
      {
        content: [
          { type: "text", text: "Now let me run it to check." },
          {
            type: "tool_use",
            name: "Bash",
            input: { command: "node greet.js", description: "Run the greeter" },
          },
        ],
      },
      {
        content: [
          {
            type: "text",
            text: 'Fixed: `greet` now returns "Hello, <name>!" and `node greet.js` prints "Hello, Berth!".',
          },
        ],
      },
    ],
  };
}
