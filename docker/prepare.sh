#!/usr/bin/env bash
# Builds the project and stages the jars the images copy into docker/build/:
#   docker/build/topology/topology.jar + lib/   (TopologyApp and its runtime classpath)
#   docker/build/trainer/offline-trainer.jar     (TrainerCli, shaded)
#   docker/build/connect/reelstream-connectors-plugin.jar (the Connect plugin)
#   docker/build/lifecycle/reelstream.jar       (the demo jar, every module: the lifecycle service and its trainer)
# Then: docker compose up --build
# --skip-build stages what the last `mvn package` left in the module target/ dirs.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" != "--skip-build" ]; then
  mvn -B -q -DskipTests package
fi
for jar in offline-trainer/target/offline-trainer.jar connectors/target/reelstream-connectors-plugin.jar demo/target/reelstream-demo.jar; do
  [ -f "$jar" ] || { echo "prepare: $jar missing; run without --skip-build" >&2; exit 1; }
done
mvn -B -q -pl topology dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$PWD/docker/build/topology/lib.new"

rm -rf docker/build/topology/lib docker/build/trainer docker/build/connect docker/build/lifecycle
mkdir -p docker/build/topology docker/build/trainer docker/build/connect docker/build/lifecycle
mv docker/build/topology/lib.new docker/build/topology/lib
topology_jar=$(ls topology/target/topology-*.jar | grep -v -e '-tests.jar' -e '-sources.jar' | head -1)
cp "$topology_jar" docker/build/topology/topology.jar
cp offline-trainer/target/offline-trainer.jar docker/build/trainer/offline-trainer.jar
cp connectors/target/reelstream-connectors-plugin.jar docker/build/connect/reelstream-connectors-plugin.jar
cp demo/target/reelstream-demo.jar docker/build/lifecycle/reelstream.jar
echo "staged: $(ls docker/build/topology/lib | wc -l) topology libs, $(du -sh docker/build | cut -f1) in docker/build"
