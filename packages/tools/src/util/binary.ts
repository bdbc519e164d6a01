// Telling text from binary the way git and ripgrep do: a NUL byte near the start means binary.
import { open } from "node:fs/promises";

const SNIFF_BYTES = 8192;

export function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, SNIFF_BYTES);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

/** Reads the first few KB of a file and checks them. */
export async function fileLooksBinary(path: string): Promise<boolean> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return looksBinary(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

const KNOWN_BINARY = new Set([
  "png",
  "jpg",
  "jpeg",
  "gif",
  "webp",
  "bmp",
  "ico",
  "tiff",
  "pdf",
  "zip",
  "gz",
  "tgz",
  "bz2",
  "xz",
  "7z",
  "rar",
  "jar",
  "class",
  "exe",
  "dll",
  "so",
  "dylib",
  "o",
  "a",
  "wasm",
  "mp3",
  "mp4",
  "mov",
  "avi",
  "wav",
  "flac",
  "ogg",
  "woff",
  "woff2",
  "ttf",
  "otf",
  "sqlite",
  "db",
  "pyc",
]);

/** Extension of a well-known binary format (lower case), or undefined. */
export function binaryKind(path: string): string | undefined {
  const dot = path.lastIndexOf(".");
  const ext = dot === -1 ? "" : path.slice(dot + 1).toLowerCase();
  return KNOWN_BINARY.has(ext) ? ext : undefined;
}
