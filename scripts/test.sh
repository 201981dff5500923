#!/usr/bin/env bash
# Set up petnet (scripts/setup.sh) and run the test suite with ctest. Extra arguments
# go to ctest, e.g.
#
#   scripts/test.sh -R nn_           only the tests whose name matches
#   scripts/test.sh -L cli           only the driver (command-line) tests
#
# The exit status is ctest's; a build with no tests at all fails (--no-tests=error).
set -euo pipefail

# shellcheck source=scripts/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
petnet_setup

# Tests declare how many ranks they use (PROCESSORS), so -j by core count does not
# oversubscribe the machine.
exec ctest --test-dir "$PETNET_ROOT/$PETNET_BUILD_DIR" --output-on-failure --no-tests=error \
  -j "$(nproc)" "$@"
