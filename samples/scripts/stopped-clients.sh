#!/usr/bin/env bash
# The agent at production load: three tracing commands stopped (kill -STOP) against the demo
# service in a 128 MiB heap, ordering as fast as it can. Prints what the agent held for them at
# worst, the target's live heap, how the traces ended and what each command said once resumed.
# Run from the repository's root after ./mvnw -q -DskipTests package; everything it starts is
# stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=tracer-agent/target/smarttracer.jar
[ -f "$jar" ] || { echo "build first: ./mvnw -q -DskipTests package" >&2; exit 2; }
work=$(mktemp -d)
commands=()
java -Xmx128m -XX:+UseSerialGC -cp samples/target/classes:sample-app/target/classes dev.smarttracer.samples.DemoService \
    --interval-ms 0 --report-ms 1000 > "$work/target.out" 2>&1 &
pid=$!
cleanup() {
  for c in "${commands[@]}"; do kill -CONT "$c" 2>/dev/null || true; kill "$c" 2>/dev/null || true; done
  kill "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 50); do grep -q "DemoService pid" "$work/target.out" && break; sleep 0.2; done
live() { jmap -histo:live "$pid" | awk '/^Total/ {print $3}'; }
echo "live heap before tracing: $(live) bytes"

for i in 1 2 3; do
  java -jar "$jar" trace "$pid" 'com.acme.shop.Inventory#reserve' 5000000 --return --yes \
      > "$work/out$i" 2> "$work/err$i" &
  commands+=($!)
  for _ in $(seq 600); do grep -q "returns:" "$work/out$i" 2>/dev/null && break; sleep 0.05; done
  kill -STOP "${commands[$((i - 1))]}"
done
for _ in $(seq 300); do
  status=$(java -jar "$jar" status "$pid" --json)
  grep -q '"state"' <<< "$status" || break
done
echo "held for the stopped commands at worst: $(grep -o '"peak":[0-9]*' <<< "$status" | cut -d: -f2) bytes of a 16 MiB budget (status's peak)"
echo "live heap once the traces ended, commands still stopped: $(live) bytes"
java -jar "$jar" status "$pid"
echo "orders per second meanwhile: $(grep WINDOW "$work/target.out" | tail -3 | awk '{print $3}' | xargs)"
for c in "${commands[@]}"; do kill -CONT "$c"; done
for i in 1 2 3; do
  code=0
  wait "${commands[$((i - 1))]}" || code=$?
  echo "command $i exited $code: $(grep -v 'runs OpenJDK' "$work/err$i" | tail -1) $(tail -1 "$work/out$i")"
done
commands=()
echo "OutOfMemoryError lines in the target's output: $(grep -c OutOfMemoryError "$work/target.out" || true)"
