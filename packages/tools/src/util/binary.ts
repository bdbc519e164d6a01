// Telling text from binary the way git and ripgrep do: a NUL byte near the start means binary.

const SNIFF_BYTES = 8192;

export function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, SNIFF_BYTES);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
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
