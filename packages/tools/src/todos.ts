// The in-memory todo list a session owns. TodoWrite replaces it wholesale, which is how the model
// uses it: it always sends the complete, updated list.
import type { TodoItem, TodoStore } from "./types.js";

export function createTodoStore(onChange?: (todos: TodoItem[]) => void): TodoStore {
  let todos: TodoItem[] = [];
  return {
    get: () => todos.map((t) => ({ ...t })),
    set(next) {
      todos = next.map((t) => ({ ...t }));
      onChange?.(todos.map((t) => ({ ...t })));
    },
  };
}
