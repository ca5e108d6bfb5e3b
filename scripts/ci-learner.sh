#!/usr/bin/env bash
# Creates the unprivileged test user the end-to-end suites run the workshop as
# ("a learner": an ordinary account whose sudo asks for a password), for CI
# and for test machines only - never run this on a machine you care about:
# the account's password is written right here.
#
#   sudo bash scripts/ci-learner.sh      (idempotent; prints the user's name)
#
# The tests copy the built app and the binary cache into the user's home
# (root's home is not readable by it) and type the password into sudo's or
# demystify's prompt, as a learner would.
set -euo pipefail
USER_NAME=${DEMYSTIFY_TEST_LEARNER:-demystify-learner}
PASSWORD=${DEMYSTIFY_TEST_LEARNER_PASSWORD:-learn-kubernetes-by-hand}

[[ $EUID -eq 0 ]] || { echo "ci-learner: run as root" >&2; exit 1; }
command -v sudo >/dev/null || { echo "ci-learner: sudo is not installed (scripts/install-host-deps.sh installs it)" >&2; exit 1; }

if ! id "$USER_NAME" >/dev/null 2>&1; then
  useradd --create-home --shell /bin/bash "$USER_NAME"
fi
echo "$USER_NAME:$PASSWORD" | chpasswd
# A sudo rule that asks for the password, the usual kind.
rule=/etc/sudoers.d/demystify-test-learner
printf '%s ALL=(ALL:ALL) ALL\n' "$USER_NAME" >"$rule.tmp"
chmod 0440 "$rule.tmp"
visudo -cf "$rule.tmp" >/dev/null
mv "$rule.tmp" "$rule"
echo "$USER_NAME"
