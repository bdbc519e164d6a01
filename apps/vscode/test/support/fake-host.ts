import type { ChoiceItem, DiffSide, Host, PendingChoice } from "../../src/host";

/** A call the controllers made on the editor, as the fake host recorded it. */
export type HostCall =
  | { kind: "info"; message: string }
  | { kind: "error"; message: string }
  | { kind: "modal"; message: string; detail: string; buttons: string[] }
  | { kind: "choose"; title: string; placeholder: string; items: ChoiceItem<string>[] }
  | { kind: "diff"; current: DiffSide; proposed: DiffSide; title: string }
  | { kind: "closeDiff"; title: string }
  | { kind: "cancelChoice"; title: string }
  | { kind: "document"; content: string; language: string }
  | { kind: "status"; text: string; tooltip: string }
  | { kind: "pickFile" };

interface OpenChoice {
  title: string;
  items: ChoiceItem<string>[];
  answer(value: string | undefined): void;
  cancelled: boolean;
}

/**
 * The editor, as a typed fake: records every call and lets a test play the user (answer a modal
 * with a scripted button, pick from an open choice). Everything else in the tests is real.
 */
export class FakeHost implements Host {
  readonly calls: HostCall[] = [];
  readonly choices: OpenChoice[] = [];
  folder: string | undefined;
  trusted = true;
  env: Record<string, string> = {};
  /** What the file picker answers (an @-mention). */
  pickedFile: string | undefined;
  /** Buttons the next modals answer with, in order; undefined cancels. */
  modalAnswers: Array<string | undefined> = [];

  constructor(folder?: string) {
    this.folder = folder;
  }

  workspaceFolder() {
    return this.folder;
  }
  isWorkspaceTrusted() {
    return this.trusted;
  }
  sessionEnv() {
    return this.env;
  }
  info(message: string) {
    this.calls.push({ kind: "info", message });
  }
  error(message: string) {
    this.calls.push({ kind: "error", message });
  }
  async modal<T extends string>(message: string, detail: string, buttons: T[]): Promise<T | undefined> {
    this.calls.push({ kind: "modal", message, detail, buttons });
    return this.modalAnswers.shift() as T | undefined;
  }
  choose<T extends string>(title: string, placeholder: string, items: ChoiceItem<T>[]): PendingChoice<T> {
    this.calls.push({ kind: "choose", title, placeholder, items });
    let answer!: (value: T | undefined) => void;
    const result = new Promise<T | undefined>((resolve) => {
      answer = resolve;
    });
    const open: OpenChoice = {
      title,
      items,
      cancelled: false,
      answer: (v) => answer(v as T | undefined),
    };
    this.choices.push(open);
    return {
      result,
      cancel: () => {
        open.cancelled = true;
        this.calls.push({ kind: "cancelChoice", title });
        answer(undefined);
      },
    };
  }
  async showDiff(current: DiffSide, proposed: DiffSide, title: string) {
    this.calls.push({ kind: "diff", current, proposed, title });
    return () => this.calls.push({ kind: "closeDiff", title });
  }
  async openDocument(content: string, language: "markdown" | "plaintext") {
    this.calls.push({ kind: "document", content, language });
  }
  async pickFile() {
    this.calls.push({ kind: "pickFile" });
    return this.pickedFile;
  }
  setStatus(text: string, tooltip: string) {
    this.calls.push({ kind: "status", text, tooltip });
  }

  of<K extends HostCall["kind"]>(kind: K): Extract<HostCall, { kind: K }>[] {
    return this.calls.filter((c): c is Extract<HostCall, { kind: K }> => c.kind === kind);
  }
}
