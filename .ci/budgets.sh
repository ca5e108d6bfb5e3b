# shellcheck shell=bash disable=SC2034 # sourced by .ci/run, which uses these
# What each phase of a CI run may take, in seconds, before the run's table
# warns about it (sourced by .ci/run). CI is given 90 minutes; the goals are
# half of that and less: a fresh machine (nothing built, nothing installed)
# under 55 minutes, a warm one (Go build cache and binaries in place) under
# 35. Each budget is about a quarter above what the phase took on our 2-core
# machine while other work ran on it; a warning is a sign of growth, not a
# failure. When a phase grows for a good reason (a new chapter, a new test),
# raise its budget here in the same change, so the growth is seen in review.

# Installs: a fresh machine pays them once; a warm one in seconds.
BUDGET_HOST_PACKAGES=180
BUDGET_LEARNER=15
BUDGET_GO_FRESH=1800
BUDGET_GO_WARM=30
BUDGET_NODE_LINES=180
BUDGET_NPM=180
BUDGET_BUILD=240
BUDGET_NPM_CHECK=60

# On each Node.js line.
BUDGET_UNIT=180
BUDGET_INTEGRATION_ISOLATED=180
BUDGET_E2E_ISOLATED=300
BUDGET_INTEGRATION=120
BUDGET_E2E=60

# Once per run.
BUDGET_ONCE_INTEGRATION_ISOLATED=120
BUDGET_ONCE_E2E_ISOLATED=60
BUDGET_ONCE_INTEGRATION=180
BUDGET_ONCE_E2E=600
BUDGET_SOAK=200
BUDGET_HOST=900

GOAL_FRESH=$((55 * 60))
GOAL_WARM=$((35 * 60))
