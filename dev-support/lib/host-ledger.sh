# Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
#
# The host ledger: what this project's runs (test JVMs, the pseudo cluster, the demo) make
# on this machine that `mvn clean` does not remove -- processes, freezer cgroups, network
# namespaces, links, mounts -- recorded where a later run finds it, even after a SIGKILL.
# Sourced, never run. dev-support/bin/clean-host reads it; the Java side of the same format
# is TestBounds (hadoop-criu test-jar).
#
# Layout: $LEDGER_DIR/<run>/record, one line per fact, appended as things are made:
#   owner <pid> <starttime>   the run is live while any owner lives (same pid, same start)
#   desc <text>               what the run is (for clean-host's report)
#   root <abs dir>            processes whose cwd is under it, or whose command line names
#                             a path under it, and the freezer cgroups holding them, are the run's
#   pid <pid> <starttime>     a process the run started
#   netns <name>              a network namespace (/run/netns/<name>) it made
#   link <name>               a network link (bridge, veth) it made in the root namespace
#   cgroup <abs dir>          a cgroup it made
#   mount <abs dir>           a mount point it made in the root mount namespace
# <starttime> is field 22 of /proc/<pid>/stat (clock ticks since boot): a pid reused by
# another process never matches.

LEDGER_DIR="${HADOOP_MIGRATION_LEDGER:-/run/hadoop-yarn-migration/ledger}"

# ledger_starttime <pid>: its start time, or nothing when it does not run
ledger_starttime() {
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 0
  stat="${stat##*) }"
  # fields after "comm)" start at field 3 (state); starttime is field 22
  awk '{print $20}' <<<"$stat"
}

# ledger_new_run <desc> <owner pid>...: makes a run, prints its directory
ledger_new_run() {
  local desc="$1" run p st
  shift
  mkdir -p "$LEDGER_DIR" || return 1
  chmod 700 "$LEDGER_DIR" 2>/dev/null || true
  run="$(mktemp -d "$LEDGER_DIR/run.$1.XXXXXX")" || return 1
  {
    echo "desc $desc"
    for p in "$@"; do
      st="$(ledger_starttime "$p")"
      [[ -n "$st" ]] && echo "owner $p $st"
    done
  } >>"$run/record"
  echo "$run"
}

# ledger_add <run> <kind> <value...>: records one fact (no-op without a run)
ledger_add() {
  local run="$1"
  shift
  [[ -n "$run" && -d "$run" ]] || return 0
  echo "$*" >>"$run/record"
}

# ledger_add_pid <run> <kind: pid|owner> <pid>: records a process with its start time
ledger_add_pid() {
  local st
  st="$(ledger_starttime "$3")"
  [[ -n "$st" ]] && ledger_add "$1" "$2" "$3" "$st"
  return 0
}

# ledger_alive <run>: true while one of its owners runs
ledger_alive() {
  local kind p st
  while read -r kind p st _; do
    [[ "$kind" == owner ]] || continue
    [[ -n "$st" && "$(ledger_starttime "$p")" == "$st" ]] && return 0
  done <"$1/record" 2>/dev/null
  return 1
}
