#!/usr/bin/env bash
# Installs Berth for one user: checks Node.js, installs the `berth` command from a packed
# tarball, runs the daemon as a login service, and (for an organisation) drops a managed settings
# file and a CLAUDE.md template. Safe to run again: each step leaves things as they should be.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: install.sh [options]

  --from SRC               berth tarball (path or https URL); default: pack this checkout
  --prefix DIR             npm prefix to install into (default: npm's global prefix when
                           writable, else ~/.local)
  --no-service             do not install the daemon as a login service
  --managed-settings SRC   organisation policy (path or URL) to install as managed-settings.json
  --claude-md SRC          organisation CLAUDE.md template (path or URL) installed beside it
  --managed-dir DIR        where those two go (default: /etc/claude-code; needs root)
  --uninstall              remove the command and the service; history and settings are kept
  --purge                  with --uninstall: also delete the Berth home (all history)
  -h, --help               this help

Environment: BERTH_HOME (default ~/.berth) is the home the service serves and --purge deletes.
USAGE
}

say() { printf 'berth-install: %s\n' "$*"; }
die() { printf 'berth-install: error: %s\n' "$*" >&2; exit 1; }

FROM="" PREFIX="" SERVICE=1 MANAGED="" CLAUDE_MD="" MANAGED_DIR="/etc/claude-code" UNINSTALL=0 PURGE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --from) FROM="${2:?--from needs a value}"; shift 2 ;;
    --prefix) PREFIX="${2:?--prefix needs a value}"; shift 2 ;;
    --no-service) SERVICE=0; shift ;;
    --managed-settings) MANAGED="${2:?--managed-settings needs a value}"; shift 2 ;;
    --claude-md) CLAUDE_MD="${2:?--claude-md needs a value}"; shift 2 ;;
    --managed-dir) MANAGED_DIR="${2:?--managed-dir needs a value}"; shift 2 ;;
    --uninstall) UNINSTALL=1; shift ;;
    --purge) PURGE=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done
[ "$PURGE" = 1 ] && [ "$UNINSTALL" = 0 ] && die "--purge only goes with --uninstall"

# --- Node.js ------------------------------------------------------------------------------
command -v node >/dev/null 2>&1 || die "Node.js 20.19 or newer is needed: install it from your package manager or nodejs.org"
command -v npm >/dev/null 2>&1 || die "npm is needed (it comes with Node.js)"
node -e '
  const [maj, min] = process.versions.node.split(".").map(Number);
  if (maj < 20 || (maj === 20 && min < 19)) { console.error(process.versions.node); process.exit(1); }
' 2>/dev/null || die "Node.js $(node --version) is too old: Berth needs 20.19 or newer"

if [ -z "$PREFIX" ]; then
  PREFIX="$(npm prefix -g 2>/dev/null || true)"
  if [ -z "$PREFIX" ] || ! [ -w "$PREFIX" ]; then PREFIX="$HOME/.local"; fi
fi
BERTH="$PREFIX/bin/berth"
BERTH_HOME_DIR="${BERTH_HOME:-$HOME/.berth}"

# --- Uninstall ----------------------------------------------------------------------------
if [ "$UNINSTALL" = 1 ]; then
  if [ -x "$BERTH" ]; then
    "$BERTH" daemon uninstall || true
    "$BERTH" daemon stop || true
  fi
  npm uninstall -g --prefix "$PREFIX" berth >/dev/null 2>&1 || true
  say "removed the berth command from $PREFIX"
  if [ "$PURGE" = 1 ]; then
    rm -rf -- "$BERTH_HOME_DIR"
    say "deleted $BERTH_HOME_DIR (history, settings, stored key)"
  else
    say "kept your history and settings in $BERTH_HOME_DIR (--purge deletes them)"
  fi
  exit 0
fi

# --- Fetch a file from a path or URL ------------------------------------------------------
fetch() { # fetch SRC DEST
  case "$1" in
    https://*|http://*)
      if command -v curl >/dev/null 2>&1; then curl -fsSL "$1" -o "$2"
      elif command -v wget >/dev/null 2>&1; then wget -q "$1" -O "$2"
      else die "neither curl nor wget is installed to download $1"; fi ;;
    *) [ -f "$1" ] || die "no such file: $1"; cp -- "$1" "$2" ;;
  esac
}

WORK="$(mktemp -d)"
trap 'rm -rf -- "$WORK"' EXIT

# --- Organisation files: fetched and checked before anything is installed ------------------
if [ -n "$MANAGED" ]; then
  fetch "$MANAGED" "$WORK/managed-settings.json"
  # A broken policy file would lock every session down: refuse it here, with the reason.
  node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$WORK/managed-settings.json" 2>"$WORK/json.err" ||
    die "$MANAGED is not valid JSON: $(grep -m1 -E 'SyntaxError' "$WORK/json.err" || tail -n 1 "$WORK/json.err")"
fi
[ -z "$CLAUDE_MD" ] || fetch "$CLAUDE_MD" "$WORK/CLAUDE.md"
if [ -n "$MANAGED$CLAUDE_MD" ]; then
  mkdir -p "$MANAGED_DIR" 2>/dev/null && [ -w "$MANAGED_DIR" ] ||
    die "cannot write to $MANAGED_DIR (run as root, or pass --managed-dir)"
fi

# --- The package --------------------------------------------------------------------------
if [ -z "$FROM" ]; then
  HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  [ -f "$HERE/scripts/release/pack.mjs" ] || die "pass --from with a berth tarball (this is not a Berth checkout)"
  say "packing Berth from $HERE"
  TARBALL="$(node "$HERE/scripts/release/pack.mjs" --out "$WORK")"
else
  TARBALL="$WORK/berth.tgz"
  fetch "$FROM" "$TARBALL"
fi
say "installing into $PREFIX (native modules build from source; this takes a minute)"
mkdir -p "$PREFIX"
npm install -g --prefix "$PREFIX" --no-fund --no-audit "$TARBALL" >"$WORK/npm.log" 2>&1 || {
  tail -n 30 "$WORK/npm.log" >&2
  die "npm could not install Berth (log above)"
}
"$BERTH" --version >/dev/null || die "the installed berth does not run: $BERTH"
say "installed $("$BERTH" --version)"
case ":$PATH:" in *":$PREFIX/bin:"*) ;; *) say "add $PREFIX/bin to your PATH" ;; esac

# --- Organisation policy ------------------------------------------------------------------
if [ -n "$MANAGED" ]; then
  install -m 0644 "$WORK/managed-settings.json" "$MANAGED_DIR/managed-settings.json"
  say "installed managed policy $MANAGED_DIR/managed-settings.json"
fi
if [ -n "$CLAUDE_MD" ]; then
  install -m 0644 "$WORK/CLAUDE.md" "$MANAGED_DIR/CLAUDE.md"
  say "installed organisation memory $MANAGED_DIR/CLAUDE.md"
fi

# --- The service --------------------------------------------------------------------------
if [ "$SERVICE" = 1 ]; then
  "$BERTH" daemon install || say "the service could not be started here; berth starts the daemon on demand instead"
fi
say "done: run \`berth doctor\`, then \`berth\` in a project folder"
