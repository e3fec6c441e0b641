#!/usr/bin/env bash
# From a trace command's start to its first event line, java -jar smarttracer.jar against the
# smarttracer launcher, runs alternating, on the demo service with the agent loaded at start-up
# (attached) or, with --first-attach, on a fresh demo service each run that the command loads the
# agent into. Prints every run and the medians.
#
#   benchmarks/start/first-event.sh [--runs N] [--jdk JDK_HOME] [--first-attach] [--busy]
#
# --busy: the demo service handles orders without pause (one core busy), as a loaded service.
# Run from the repository's root after ./mvnw -q -DskipTests package. The launcher's archive is
# made beforehand in a cache of this run's own (its first run is not counted).
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=10 jdk=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")} first_attach=0 interval=1
while [ $# -gt 0 ]; do
    case $1 in
        --runs) runs=$2; shift 2 ;;
        --jdk) jdk=$2; shift 2 ;;
        --first-attach) first_attach=1; shift ;;
        --busy) interval=0; shift ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
jar=$PWD/tracer-agent/target/smarttracer.jar
launcher=$PWD/tracer-agent/target/smarttracer
[ -x "$launcher" ] || { echo "build first: ./mvnw -q -DskipTests package" >&2; exit 2; }
work=$(mktemp -d)
export JAVA_HOME=$jdk SMARTTRACER_CACHE=$work/cache
unset SMARTTRACER_JAVA_OPTIONS
cp "$jar" "$work/agent.jar"   # the target's agent: a rebuild meanwhile must not pull it away
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

start_target() { # $1: extra JVM option or ""
    "$jdk/bin/java" ${1:+"$1"} -cp samples/target/classes:sample-app/target/classes \
        dev.smarttracer.samples.DemoService --interval-ms "$interval" < /dev/null > "$work/target.out" 2>&1 &
    target=$!
    pids+=("$target")
    for _ in $(seq 100); do grep -q "DemoService pid" "$work/target.out" 2>/dev/null && return; sleep 0.1; done
    echo "the demo service did not start" >&2; exit 1
}
yes=()
[ "$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')" -lt 23 ] && yes=(--yes)

first_event() { # the command, then its arguments; prints ms to the first event line
    local start end
    start=$(date +%s%N)
    "$@" trace "$target" 'com.acme.shop.Pricing#price' 1 "${yes[@]}" 2>/dev/null | {
        IFS= read -r line || true
        end=$(date +%s%N)
        case $line in *"is being called with"*) echo $(( (end - start) / 1000000 )) ;; *) echo "no event: $line" >&2; echo -1 ;; esac
        cat > /dev/null
    }
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

agent_option=-javaagent:$work/agent.jar
[ "$first_attach" = 1 ] && agent_option=
start_target "$agent_option"
# The launcher's first command writes its jar of classes, the trace command's first run from it the archive.
first_event "$launcher" > /dev/null
first_event "$launcher" > /dev/null
jar_ms=() launcher_ms=()
for i in $(seq "$runs"); do
    for tool in jar launcher; do
        if [ "$first_attach" = 1 ]; then kill "$target"; start_target ""; fi
        if [ $tool = jar ]; then ms=$(first_event "$jdk/bin/java" -jar "$jar"); jar_ms+=("$ms")
        else ms=$(first_event "$launcher"); launcher_ms+=("$ms"); fi
    done
done
echo "JDK $("$jdk/bin/java" -version 2>&1 | head -1), $([ "$first_attach" = 1 ] && echo 'first attach' || echo 'agent loaded at start-up'), demo service $([ "$interval" = 0 ] && echo busy || echo 'an order a ms')"
echo "java -jar smarttracer.jar: ${jar_ms[*]} ms; median $(printf '%s\n' "${jar_ms[@]}" | median)"
echo "smarttracer (launcher):    ${launcher_ms[*]} ms; median $(printf '%s\n' "${launcher_ms[@]}" | median)"
