// Which variable assignments are harmless. Leading `VAR=value` assignments of known-safe
// variables are stripped before allow matching (reference §2.2); assignments to variables that
// change what programs run, how the shell parses, or where tools look for code always ask.
import { own } from "../own.js";

const SAFE = new Set([
  "NODE_ENV",
  "CI",
  "DEBUG",
  "RUST_BACKTRACE",
  "RUST_LOG",
  "LANG",
  "LANGUAGE",
  "LC_ALL",
  "TZ",
  "NO_COLOR",
  "FORCE_COLOR",
  "CLICOLOR",
  "CLICOLOR_FORCE",
  "COLORTERM",
  "TERM",
  "COLUMNS",
  "LINES",
  "PYTHONUNBUFFERED",
  "PYTHONDONTWRITEBYTECODE",
  "PYTHONIOENCODING",
  "GOOS",
  "GOARCH",
  "CGO_ENABLED",
  "NODE_NO_WARNINGS",
  "VERBOSE",
  "LOG_LEVEL",
  "HUSKY",
  "TF_IN_AUTOMATION",
]);

/** Variables whose usual values are harmless but others run code: safe only with these values. */
const SAFE_VALUES: Record<string, ReadonlySet<string>> = {
  GIT_PAGER: new Set(["cat", ""]),
  PAGER: new Set(["cat", ""]),
  MANPAGER: new Set(["cat"]),
  GIT_TERMINAL_PROMPT: new Set(["0"]),
};

const DANGEROUS = [
  /^(PATH|IFS|ENV|BASH_ENV|SHELLOPTS|BASHOPTS|CDPATH|GLOBIGNORE|EXECIGNORE|FIGNORE|HISTFILE|HOME|SHELL|ZDOTDIR)$/,
  /^(PS[0-4]|PROMPT_COMMAND|TEXTDOMAIN|TEXTDOMAINDIR|INPUTRC|BASH_XTRACEFD|BASH_COMPAT|POSIXLY_CORRECT|TMOUT)$/,
  /^BASH_FUNC_/,
  /^(LD|DYLD)_/,
  /^GIT_/,
  /^(NODE_OPTIONS|NODE_PATH|NODE_TLS_REJECT_UNAUTHORIZED|NODE_EXTRA_CA_CERTS)$/,
  /^PYTHON/,
  /^(PERL5LIB|PERL5OPT|PERLLIB|PERL5DB|RUBYOPT|RUBYLIB|GEM_HOME|GEM_PATH|BUNDLE_GEMFILE)$/,
  /^(JAVA_TOOL_OPTIONS|_JAVA_OPTIONS|JDK_JAVA_OPTIONS|CLASSPATH|MAVEN_OPTS|GRADLE_OPTS)$/,
  /^(EDITOR|VISUAL|PAGER|MANPAGER|LESSOPEN|LESSCLOSE|LESS|BROWSER)$/,
  /_PAGER$/,
  /_ASKPASS$/,
  /^(npm_config_|NPM_CONFIG_|YARN_|PNPM_|BUN_|DENO_|PIP_|UV_|POETRY_|CARGO_|RUSTC|RUSTFLAGS|RUSTDOCFLAGS)/,
  /^(GCONV_PATH|LOCPATH|NLSPATH|MALLOC_|HOSTALIASES|RESOLV_HOST_CONF|TERMINFO|TERMCAP|GNUPGHOME)/,
  /^XDG_/,
  /^(http_proxy|https_proxy|all_proxy|no_proxy|HTTP_PROXY|HTTPS_PROXY|ALL_PROXY|NO_PROXY|FTP_PROXY|ftp_proxy)$/,
  /^(SSL_CERT_FILE|SSL_CERT_DIR|CURL_CA_BUNDLE|REQUESTS_CA_BUNDLE)$/,
  /^(CC|CXX|CPP|LD|AR|AS|NM|RANLIB|STRIP|MAKEFLAGS|MAKE|MFLAGS|GOFLAGS|GOPROXY|GONOSUMDB|GOPRIVATE|CFLAGS|CXXFLAGS|LDFLAGS)$/,
  /^(DOCKER_HOST|DOCKER_CONTEXT|DOCKER_CONFIG|KUBECONFIG|CONTAINER_HOST)$/,
  // Program-running variables of build tools (shell/program-options.ts).
  /^(MAKEFILES|GOTOOLCHAIN|GOENV|MAVEN_ARGS|JAVA_HOME|GRADLE_USER_HOME|KUBE_EDITOR|KUBECTL_EXTERNAL_DIFF|TF_PLUGIN_CACHE_DIR)$/,
  /^TF_CLI_/,
  /^(SUDO_|SSH_|GPG_|AWS_|GOOGLE_APPLICATION_CREDENTIALS|ANTHROPIC_|CLAUDE_|BERTH_)/,
];

export function isDangerousVariable(name: string, value?: string): boolean {
  const safe = own(SAFE_VALUES, name);
  if (safe && value !== undefined && safe.has(value)) return false;
  return DANGEROUS.some((re) => re.test(name));
}

/** Safe to strip before allow matching: a known-harmless variable with a literal value. */
export function isStrippableVariable(name: string, value: string | null): boolean {
  if (value === null) return false;
  if (SAFE.has(name) || /^LC_[A-Z]+$/.test(name)) return true;
  const safe = own(SAFE_VALUES, name);
  return safe?.has(value) === true;
}
