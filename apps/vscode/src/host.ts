/**
 * What the controllers need from the editor. The extension implements it with the `vscode` API
 * (vscode-host.ts); tests implement it with a recording fake. Keeping the controllers behind
 * this interface is what lets them run against a real daemon without a real VS Code.
 */
export interface ChoiceItem<T extends string> {
  label: string;
  detail?: string;
  value: T;
}

export interface PendingChoice<T extends string> {
  /** The user's pick, or undefined when dismissed or cancelled. */
  result: Promise<T | undefined>;
  /** Withdraws the question (another client answered first). */
  cancel(): void;
}

export interface DiffSide {
  /** A label such as the file's path. */
  title: string;
  content: string;
}

export interface Host {
  /** The first workspace folder's path, if a folder is open. */
  workspaceFolder(): string | undefined;
  /** VS Code's Workspace Trust: false in Restricted Mode. */
  isWorkspaceTrusted(): boolean;
  /** The environment sessions are created with (provider credentials, proxies). */
  sessionEnv(): Record<string, string>;
  info(message: string): void;
  error(message: string): void;
  /** A modal dialog; resolves to the chosen button or undefined when cancelled. */
  modal<T extends string>(message: string, detail: string, buttons: T[]): Promise<T | undefined>;
  /** A native pick list that stays open until answered or cancelled. */
  choose<T extends string>(title: string, placeholder: string, items: ChoiceItem<T>[]): PendingChoice<T>;
  /** Opens the diff editor, current on the left and proposed on the right; returns a closer. */
  showDiff(current: DiffSide, proposed: DiffSide, title: string): Promise<() => void>;
  /** Opens an untitled document with this content. */
  openDocument(content: string, language: "markdown" | "plaintext"): Promise<void>;
  setStatus(text: string, tooltip: string): void;
  /** A workspace file picked by the user (path relative to the folder), for an @-mention. */
  pickFile(): Promise<string | undefined>;
}
