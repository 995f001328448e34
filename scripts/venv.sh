# Cached Python venvs for the project's tools, sourced by scripts/test and infra/build-lambdas.sh.
#
# A venv lives outside the repository in ${XDG_CACHE_HOME:-~/.cache}/mentormail/, named by a hash
# of its pinned requirements file and of the interpreter's version (a venv is bound to the
# Python that made it), so fresh clones (CI) reuse it and an edited requirements file gets a new
# one. MENTORMAIL_PYTHON picks the interpreter (default python3.11, else python3).

cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/mentormail"
python="${MENTORMAIL_PYTHON:-$(command -v python3.11 || command -v python3 || true)}"
if [[ -z "$python" ]]; then
    echo "needs Python 3 (python3.11 or python3 on PATH, or MENTORMAIL_PYTHON)" >&2
    exit 1
fi

say() { printf '==> %s\n' "$*" >&2; }

# venv_path REQUIREMENTS NAME: where the venv for that requirements file lives.
venv_path() {
    local requirements=$1 name=$2 key
    key=$({ "$python" -c 'import sys; print(sys.version)'; cat "$requirements"; } | sha256sum | cut -c1-16)
    printf '%s/venv-%s-%s\n' "$cache_root" "$name" "$key"
}

# ensure_venv REQUIREMENTS VENV: builds the venv unless a complete one is there. A lock keeps two
# concurrent runs from building the same venv; the marker is written last, so a venv whose build
# was interrupted is rebuilt rather than trusted.
ensure_venv() {
    local requirements=$1 venv=$2
    local marker="$venv/.mentormail-complete"
    local lock_fd started
    mkdir -p "$cache_root"
    exec {lock_fd}>"$venv.lock"
    flock "$lock_fd"
    if [[ ! -f "$marker" ]]; then
        say "building $venv from $requirements (first run only)"
        started=$SECONDS
        rm -rf "$venv"
        "$python" -m venv "$venv"
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
            --requirement "$requirements"
        touch "$marker"
        say "built $(basename "$venv") in $((SECONDS - started)) s"
    fi
    flock --unlock "$lock_fd"
    exec {lock_fd}>&-
}
