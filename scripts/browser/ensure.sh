# Headless Chromium and playwright-core for the browser checks, sourced by scripts/test after
# scripts/venv.sh (it uses `say` and `cache_root` from there).
#
# Chromium is Debian's `chromium` package: installed with apt-get when it is missing and we are
# root (CI machines are), otherwise the run stops and says what to install. playwright-core (the
# driver only: it never downloads a browser of its own) is installed with `npm ci` from the
# pinned lock file into ${cache_root}/browser-<hash>/, keyed like the venvs, so fresh clones reuse
# it. Exports MENTORMAIL_CHROMIUM and MENTORMAIL_BROWSER_MODULES for tests/it/browser.rs.

browser_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

ensure_chromium() {
    local chromium="${MENTORMAIL_CHROMIUM:-$(command -v chromium || true)}"
    if [[ -z "$chromium" ]]; then
        if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
            echo "the browser checks need Chromium: install Debian's 'chromium' package (apt-get install chromium) or set MENTORMAIL_CHROMIUM" >&2
            return 1
        fi
        say "installing Debian's chromium (first run only)"
        DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium >/dev/null
        chromium=$(command -v chromium)
    fi
    export MENTORMAIL_CHROMIUM="$chromium"
}

ensure_browser_modules() {
    if ! command -v npm >/dev/null; then
        echo "the browser checks need Node.js and npm (Debian's nodejs and npm packages)" >&2
        return 1
    fi
    local key dir lock_fd
    key=$({ node --version; cat "$browser_dir/package-lock.json"; } | sha256sum | cut -c1-16)
    dir="$cache_root/browser-$key"
    mkdir -p "$cache_root"
    exec {lock_fd}>"$dir.lock"
    flock "$lock_fd"
    if [[ ! -f "$dir/.mentormail-complete" ]]; then
        say "installing playwright-core into $dir (first run only)"
        rm -rf "$dir"
        mkdir -p "$dir"
        cp "$browser_dir/package.json" "$browser_dir/package-lock.json" "$dir/"
        (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
        touch "$dir/.mentormail-complete"
    fi
    flock --unlock "$lock_fd"
    exec {lock_fd}>&-
    export MENTORMAIL_BROWSER_MODULES="$dir/node_modules"
}

ensure_browser() {
    ensure_chromium && ensure_browser_modules
}
