# shellcheck shell=bash disable=SC2154 # $logs and $started come from .ci/run
# Phases of a CI run (sourced by .ci/run): each runs with its output in its
# own log, is timed, and is written down as a row of the table the run ends
# with, next to its budget. Two lanes may run phases at once (see .ci/run), so
# a phase's log is printed whole when it ends, never line by line into the
# other lane's output.
#
# Needs: $logs (a folder of this run), $started (SECONDS at the start);
# $lane names the lane a phase runs in (set by whoever runs phases).
lane=${lane:-setup}

# The row file: name, lane, start (s since the run began), seconds, budget, status.
phases_file() { echo "$logs/phases.tsv"; }

# A file name for a phase's log and reports.
slug() { tr -c 'A-Za-z0-9.\n-' '-' <<<"$1" | tr -s '-' | sed 's/-$//'; }

# One line on the run's output, whichever lane says it.
say() { flock "$logs/.out" echo "== [$((SECONDS - started)) s] $*"; }

# phase NAME BUDGET COMMAND...: runs COMMAND with its output in the phase's
# log, prints the log when it ends, and records the row. Returns COMMAND's status.
phase() {
  local name=$1 budget=$2
  shift 2
  local log t0=$SECONDS status=ok rc=0
  log="$logs/$(slug "$name").log"
  say "$name: started"
  "$@" >"$log" 2>&1 || rc=$?
  [[ $rc == 0 ]] || status=FAILED
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$lane" "$((t0 - started))" "$((SECONDS - t0))" "$budget" "$status" >>"$(phases_file)"
  {
    flock 9
    echo "== [$((SECONDS - started)) s] $name: $status in $((SECONDS - t0)) s (budget $budget s); its output:"
    sed 's/^/  | /' "$log"
  } 9>>"$logs/.out"
  return "$rc"
}

# How long a number of seconds reads: 75 -> "1 min 15 s".
human() { (($1 >= 60)) && echo "$(($1 / 60)) min $(($1 % 60)) s" || echo "$1 s"; }

# The table: every phase in the order it started, the lane it ran in, its
# time against its budget; the total against the run's goal; then one
# warning line for each phase, and the total, past its budget. Warnings do
# not fail the run (a machine's speed varies); they show growth early.
phase_table() {
  local goal=$1 goal_name=$2 total=$((SECONDS - started))
  local name lane start secs budget status over=() w
  echo
  echo "phase times, in seconds (start: since the run began; the lanes overlap)"
  printf '%-40s %-13s %6s %6s %7s  %s\n' phase lane start time budget status
  while IFS=$'\t' read -r name lane start secs budget status; do
    printf '%-40s %-13s %6s %6s %7s  %s\n' "$name" "$lane" "$start" "$secs" "$budget" "$status"
    ((secs > budget)) && over+=("$name took $(human "$secs"), past its budget of $(human "$budget")")
  done < <(sort -t$'\t' -k3,3n "$(phases_file)")
  printf '%-40s %-13s %6s %6s %7s\n' "total ($goal_name)" "" 0 "$total" "$goal"
  for w in "${over[@]}"; do echo "warning: $w"; done
  ((total > goal)) && echo "warning: the whole run took $(human "$total"), past the $goal_name goal of $(human "$goal")"
  return 0
}
