#!/usr/bin/env bash
# Side by side: SmartTracer's command-line tool, Arthas, JDK Flight Recorder's method tracing and
# async-profiler, each tracing the same method of a paced target JVM, on JDK 25 and JDK 17.
#
#   benchmarks/compare/compare.sh [--quick] [--smarttracer-jar PATH] [--jdk JDK_HOME]...
#                                 [--tools smarttracer,arthas,jfr,async-profiler] [--no-build]
#                                 [any other option of dev.smarttracer.benchmarks.compare.Comparison]
#
# Fetches Arthas and async-profiler from Maven Central with Maven into benchmarks/compare/work/tools
# (ignored by git), builds benchmarks/target/benchmarks.jar, and runs the comparison; tables go to
# benchmarks/compare/work/runs/<time>/results.md, the full log next to them. Every process the run
# starts is stopped when it ends, also on Ctrl-C. Versions: ARTHAS_VERSION, ASYNC_PROFILER_VERSION.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
work="$root/benchmarks/compare/work"
arthas_version=${ARTHAS_VERSION:-4.1.5}
async_profiler_version=${ASYNC_PROFILER_VERSION:-4.6}
build=yes
args=()
for arg in "$@"; do
  if [[ $arg == --no-build ]]; then build=no; else args+=("$arg"); fi
done

cd "$root"
mkdir -p "$work/tools"

arthas_home="$work/tools/arthas-$arthas_version"
if [[ ! -f $arthas_home/arthas-boot.jar ]]; then
  ./mvnw -q -B -N dependency:copy -Dartifact="com.taobao.arthas:arthas-packaging:$arthas_version:zip:bin" \
    -DoutputDirectory="$work/tools"
  mkdir -p "$arthas_home"
  (cd "$arthas_home" && jar xf "$work/tools/arthas-packaging-$arthas_version-bin.zip")
fi

async_profiler_lib="$work/tools/async-profiler-$async_profiler_version/linux-x64/libasyncProfiler.so"
if [[ ! -f $async_profiler_lib ]]; then
  ./mvnw -q -B -N dependency:copy -Dartifact="tools.profiler:async-profiler:$async_profiler_version" \
    -DoutputDirectory="$work/tools"
  mkdir -p "$work/tools/async-profiler-$async_profiler_version"
  (cd "$work/tools/async-profiler-$async_profiler_version" \
    && jar xf "$work/tools/async-profiler-$async_profiler_version.jar" linux-x64/libasyncProfiler.so)
fi

if [[ $build == yes || ! -f benchmarks/target/benchmarks.jar ]]; then
  ./mvnw -q -B -DskipTests -pl benchmarks -am package
fi

# The harness runs in a process group of its own, so that whatever is left of it can be ended by
# that group's id when this script is interrupted; the harness itself kills its children on exit.
harness=
stop_harness() {
  if [[ -n $harness ]] && kill -0 "$harness" 2>/dev/null; then
    kill -TERM "$harness" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$harness" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$harness" 2>/dev/null || true
  fi
}
trap 'stop_harness; exit 130' INT TERM
trap stop_harness EXIT

setsid java -cp benchmarks/target/benchmarks.jar dev.smarttracer.benchmarks.compare.Comparison \
  --arthas-home "$arthas_home" --arthas-version "$arthas_version" \
  --async-profiler-lib "$async_profiler_lib" --async-profiler-version "$async_profiler_version" \
  ${args[@]+"${args[@]}"} &
harness=$!
wait "$harness"
