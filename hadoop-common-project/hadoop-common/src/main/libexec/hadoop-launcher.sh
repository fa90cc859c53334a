# Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
#
# Shared by the launchers of the container live-migration distribution: bin/hadoop,
# bin/hdfs, bin/mapred, bin/yarn (our own scripts; they are not Hadoop's). Sourced, never
# run. Each launcher maps its subcommands to classes and calls:
#
#   launcher_setup <tool> "$@"       --config, HADOOP_HOME, HADOOP_CONF_DIR, java, classpath;
#                                    leaves the remaining arguments in LAUNCHER_ARGS
#   launcher_run <tool> <kind> <class> <opts variable> [args...]
#                                    JVM options, logging, then exec java
#
# Environment (every launcher):
#   HADOOP_CONF_DIR   configuration directory (default <dist>/etc/hadoop); first on the
#                     classpath, so its *-site.xml and log4j.properties are the ones used
#   JAVA_HOME         JDK/JRE to use (default: the java on PATH)
#   HADOOP_HEAPSIZE_MB, <TOOL>_HEAPSIZE_MB   -Xmx of the JVM, in MB (tool's wins)
#   HADOOP_OPTS, <TOOL>_OPTS                 extra JVM options (every subcommand)
#   HADOOP_LOG_DIR, <TOOL>_LOG_DIR           log directory (default <dist>/logs)
#   HADOOP_ROOT_LOGGER, <TOOL>_ROOT_LOGGER   e.g. INFO,console (default) or INFO,RFA
#   HADOOP_LOGFILE, <TOOL>_LOGFILE           log file name of daemons
#   HADOOP_CLASSPATH, <TOOL>_USER_CLASSPATH  appended to the classpath
#   LAUNCHER_DRYRUN=1 (or YARN_LAUNCHER_DRYRUN=1)  print the java command instead of running it
# <TOOL> is YARN, HDFS or MAPRED (bin/hadoop reads only the HADOOP_ ones).

# Filled in by the build (hadoop-dist/pom.xml, from the root pom's hadoop.java17.opens).
JAVA17_OPENS="@HADOOP_JAVA17_OPENS@"
PROJECT_VERSION="@PROJECT_VERSION@"

# <TOOL>_<name> if set, else HADOOP_<name>, else $3
launcher_var() { # launcher_var <tool> <name> [default]
  local tool v
  tool="$(echo "$1" | tr '[:lower:]' '[:upper:]')"
  v="${tool}_$2"
  if [[ "$tool" != HADOOP && -n "${!v:-}" ]]; then echo "${!v}"; return; fi
  v="HADOOP_$2"
  if [[ -n "${!v:-}" ]]; then echo "${!v}"; return; fi
  echo "${3:-}"
}

launcher_die() { echo "$1: $2" >&2; exit 1; }

launcher_setup() { # launcher_setup <tool> "$@"
  local tool="$1"; shift
  local this
  this="$(readlink -f "${BASH_SOURCE[0]}")"
  HADOOP_HOME="$(cd "$(dirname "$this")/.." && pwd)"
  export HADOOP_HOME
  # The NodeManager passes these (yarn.nodemanager.env-whitelist) to containers, whose
  # classpath (yarn.application.classpath, mapreduce.application.classpath) is built
  # from them.
  export HADOOP_YARN_HOME="${HADOOP_YARN_HOME:-$HADOOP_HOME}"
  export HADOOP_COMMON_HOME="${HADOOP_COMMON_HOME:-$HADOOP_HOME}"
  export HADOOP_HDFS_HOME="${HADOOP_HDFS_HOME:-$HADOOP_HOME}"
  export HADOOP_MAPRED_HOME="${HADOOP_MAPRED_HOME:-$HADOOP_HOME}"

  if [[ "${1:-}" == "--config" ]]; then
    [[ -n "${2:-}" ]] || launcher_die "$tool" "--config needs a directory"
    HADOOP_CONF_DIR="$2"
    shift 2
  fi
  export HADOOP_CONF_DIR="${HADOOP_CONF_DIR:-$HADOOP_HOME/etc/hadoop}"
  [[ -d "$HADOOP_CONF_DIR" ]] || launcher_die "$tool" "HADOOP_CONF_DIR $HADOOP_CONF_DIR is not a directory"
  HADOOP_CONF_DIR="$(cd "$HADOOP_CONF_DIR" && pwd)"

  LIB_DIR="$HADOOP_HOME/share/hadoop/lib"
  [[ -d "$LIB_DIR" ]] || launcher_die "$tool" "$LIB_DIR is missing: is this a built distribution (mvn install)?"

  if [[ -n "${JAVA_HOME:-}" ]]; then
    JAVA="$JAVA_HOME/bin/java"
    [[ -x "$JAVA" ]] || launcher_die "$tool" "JAVA_HOME is $JAVA_HOME but $JAVA is not executable"
  else
    JAVA="$(command -v java)" || launcher_die "$tool" "JAVA_HOME is not set and there is no java on PATH"
    JAVA="$(readlink -f "$JAVA")"
    # containers started by the NodeManager run $JAVA_HOME/bin/java
    JAVA_HOME="$(dirname "$(dirname "$JAVA")")"
  fi
  export JAVA_HOME

  # share/hadoop/hdfs holds the HDFS daemons' webapps/ (found as classpath resources)
  CLASSPATH="$HADOOP_CONF_DIR:$LIB_DIR/*:$HADOOP_HOME/share/hadoop/hdfs"
  [[ -n "${HADOOP_CLASSPATH:-}" ]] && CLASSPATH="$CLASSPATH:$HADOOP_CLASSPATH"
  local user_cp
  user_cp="$(echo "$tool" | tr '[:lower:]' '[:upper:]')_USER_CLASSPATH"
  [[ -n "${!user_cp:-}" ]] && CLASSPATH="$CLASSPATH:${!user_cp}"
  LAUNCHER_ARGS=("$@")
}

# a subcommand that is none of the launcher's: a fully qualified class name, run as is
launcher_class_name() { # launcher_class_name <tool> <command>: prints the class, or fails
  case "$2" in
    -*) echo "$1: unknown option $2" >&2; return 1 ;;
  esac
  if [[ "$2" =~ ^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)+$ ]]; then
    echo "$2"
  else
    echo "$1: unknown command $2" >&2
    return 1
  fi
}

launcher_java_major() {
  local v
  v="$("$JAVA" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -1)"
  case "$v" in
    1.*) v="${v#1.}"; echo "${v%%.*}" ;;
    *)   v="${v%%[.+-]*}"; echo "${v:-0}" ;;
  esac
}

# launcher_run <tool> <kind> <class> <opts variable, or ""> [args...]
# kind "client" for tools, the daemon's name otherwise (its log file is named after it).
launcher_run() {
  local tool="$1" kind="$2" class="$3" kind_opts="$4"; shift 4
  local log_dir root_logger log_file heap tool_opts
  log_dir="$(launcher_var "$tool" LOG_DIR "$HADOOP_HOME/logs")"
  root_logger="$(launcher_var "$tool" ROOT_LOGGER INFO,console)"
  log_file="$(launcher_var "$tool" LOGFILE \
    "$tool-$(id -un 2>/dev/null || echo user)-$kind-$(hostname 2>/dev/null || echo localhost).log")"
  heap="$(launcher_var "$tool" HEAPSIZE_MB)"
  [[ "$kind" != client ]] && mkdir -p "$log_dir" 2>/dev/null

  local opts=()
  if [[ "$(launcher_java_major)" -ge 9 ]]; then
    # shellcheck disable=SC2206
    opts+=($JAVA17_OPENS)
  fi
  [[ -n "$heap" ]] && opts+=("-Xmx${heap}m")
  opts+=(
    "-Dhadoop.log.dir=$log_dir" "-Dyarn.log.dir=$log_dir"
    "-Dhadoop.log.file=$log_file" "-Dyarn.log.file=$log_file"
    "-Dhadoop.home.dir=$HADOOP_HOME" "-Dyarn.home.dir=$HADOOP_HOME"
    "-Dhadoop.root.logger=$root_logger" "-Dyarn.root.logger=$root_logger"
    "-Dhadoop.id.str=$(id -un 2>/dev/null)" "-Dyarn.id.str=$(id -un 2>/dev/null)"
    "-Dhadoop.policy.file=hadoop-policy.xml" "-Dyarn.policy.file=hadoop-policy.xml"
  )
  if [[ -f "$HADOOP_CONF_DIR/log4j.properties" ]]; then
    opts+=("-Dlog4j.configuration=file:$HADOOP_CONF_DIR/log4j.properties")
  fi
  tool_opts="$(echo "$tool" | tr '[:lower:]' '[:upper:]')_OPTS"
  # Word-split on purpose: these are lists of options, as in Hadoop's own scripts.
  # shellcheck disable=SC2206
  opts+=(${HADOOP_OPTS:-})
  if [[ "$tool_opts" != HADOOP_OPTS ]]; then
    # shellcheck disable=SC2206
    opts+=(${!tool_opts:-})
  fi
  if [[ -n "$kind_opts" ]]; then
    # shellcheck disable=SC2206
    opts+=(${!kind_opts:-})
  fi

  local cmd=("$JAVA" "${opts[@]}" -classpath "$CLASSPATH" "$class" "$@")
  if [[ -n "${LAUNCHER_DRYRUN:-}${YARN_LAUNCHER_DRYRUN:-}" ]]; then
    printf '%q ' "${cmd[@]}"
    echo
    exit 0
  fi
  if [[ "$class" == org.apache.hadoop.util.VersionInfo ]]; then
    "${cmd[@]}" || exit $?
    echo "YARN container live migration $PROJECT_VERSION"
    exit 0
  fi
  # exec: the daemon's PID is the launcher's PID (pid files, signals)
  exec "${cmd[@]}"
}
