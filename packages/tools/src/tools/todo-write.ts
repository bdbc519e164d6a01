// TodoWrite: the model's task list for the session. It only touches the session's in-memory list
// (never the user's files or system), so it is read-only as far as permissions are concerned.
import { z } from "zod";
import { defineTool } from "../define.js";

const schema = z.object({
  todos: z
    .array(
      z.object({
        content: z.string().min(1).describe('The task, in imperative form ("Run the tests")'),
        status: z.enum(["pending", "in_progress", "completed"]),
        activeForm: z
          .string()
          .min(1)
          .describe('The task in present continuous form, shown while it runs ("Running the tests")'),
      }),
    )
    .describe("The complete, updated todo list"),
});

export const todoWriteTool = defineTool({
  name: "TodoWrite",
  readOnly: true,
  schema,
  description: `Creates and updates the structured task list for the current session. It helps track progress on multi-step work and shows the user what is happening.

When to use it:
- Tasks with three or more distinct steps, or that need careful planning.
- When the user gives several tasks at once, or asks for a todo list.
- After new instructions arrive: capture them as todos.
Skip it for a single trivial task or a purely conversational request.

How to use it:
- Always send the complete list; it replaces the previous one.
- Each item has content (imperative: "Fix the login bug"), activeForm (present continuous: "Fixing the login bug") and status: pending, in_progress or completed.
- Keep exactly one item in_progress while working; mark it in_progress before starting.
- Mark an item completed as soon as it is fully done (tests passing, nothing left unresolved); do not batch completions. If blocked, keep it in_progress and add a todo for the blocker.
- Remove items that are no longer relevant.`,
  async run(input, ctx) {
    const before = ctx.todos.get();
    ctx.todos.set(input.todos);
    const counts = { pending: 0, in_progress: 0, completed: 0 };
    for (const t of input.todos) counts[t.status]++;
    return {
      content:
        "Todos have been modified successfully. Ensure that you continue to use the todo list to track your progress. Please proceed with the current tasks if applicable.",
      display: { oldTodos: before, newTodos: input.todos, counts },
    };
  },
});
