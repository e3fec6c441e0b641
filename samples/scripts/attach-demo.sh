#!/usr/bin/env bash
# The attach walkthrough in one go: start the demo service, find its pid, trace one of its private
# methods by pid, play the recording back and export it. Run from the repository's root after
# ./mvnw -q -DskipTests package; the demo service is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=tracer-agent/target/smarttracer.jar
[ -f "$jar" ] || { echo "build first: ./mvnw -q -DskipTests package" >&2; exit 2; }

java -cp samples/target/classes:sample-app/target/classes dev.smarttracer.samples.DemoService > /dev/null &
pid=$!
trap 'kill "$pid" 2>/dev/null' EXIT
for _ in $(seq 50); do java -jar "$jar" jvms | grep -q "^$pid " && break; sleep 0.2; done

set -x
java -jar "$jar" jvms
# --yes: on JDK 17-22 the first agent loaded into a running JVM makes it recompile its code; see README.
java -jar "$jar" trace "$pid" 'com.acme.shop.Pricing#discount' 5 --return --local --record --yes
java -jar "$jar" trace "$pid" 'com.acme.shop.Receipts#greeting' 5 --return
java -jar "$jar" playback "$pid"
java -jar "$jar" playback "$pid" --json --out samples/target/calls.jsonl
java -jar "$jar" status "$pid"
