#!/usr/bin/env bash
# Builds the Lambda functions as SAM would deploy them: `sam build` with the template's BuildMethod
# rust-cargolambda (cargo lambda build --release --arm64, zig as the cross-linker). Every function
# runs the one `lambda` binary (its Handler chooses the function), so SAM builds it once and
# copies it to each function. Reports the build time and the size of each bootstrap. Not part of
# scripts/test: a clean release cross-build takes minutes on two cores (docs/deploy.md).
#
# Needs Rust, Python 3 and the aarch64-unknown-linux-gnu target (added here through rustup).
# Output: .aws-sam/build/ (sam deploy picks it up). Honours CARGO_TARGET_DIR.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"
# shellcheck source=scripts/venv.sh
source "$repo_root/scripts/venv.sh"

tools_venv=$(venv_path infra/requirements-test.txt tools)
build_venv=$(venv_path infra/requirements-build.txt build)
ensure_venv infra/requirements-test.txt "$tools_venv"
ensure_venv infra/requirements-build.txt "$build_venv"

if ! rustup target list --installed | grep -qx aarch64-unknown-linux-gnu; then
    say "rustup target add aarch64-unknown-linux-gnu"
    rustup target add aarch64-unknown-linux-gnu
fi

# cargo-lambda finds zig through the ziglang package's python -m ziglang, or a zig on PATH:
# put the build venv first so both resolve there.
export PATH="$build_venv/bin:$tools_venv/bin:$PATH"
export SAM_CLI_TELEMETRY=0

say "sam build (cargo lambda, release, arm64)"
started=$SECONDS
sam build --beta-features --template-file template.yaml
elapsed=$((SECONDS - started))

say "sam build took ${elapsed} s"
# One build shared by the functions: SAM names its folder <first function>-Shared.
for function_dir in .aws-sam/build/*Function .aws-sam/build/*Function-Shared; do
    bootstrap="$function_dir/bootstrap"
    if [[ -f "$bootstrap" ]]; then
        printf '%-28s %10d bytes  %s\n' "$(basename "$function_dir")" "$(stat -c %s "$bootstrap")" \
            "$(file -b "$bootstrap" | cut -d, -f1-2)"
    fi
done
