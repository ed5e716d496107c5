#!/bin/sh
# train: reads REELSTREAM_DATA_DIR and REELSTREAM_MODELS_DIR itself (TrainerConfig keys data.dir and
# models.dir), writes models/run_<UTC ts>/ and models/LATEST.
# publish: writes the LATEST run to item-embeddings and user-seeds on REELSTREAM_BOOTSTRAP_SERVERS.
set -eu
: "${REELSTREAM_DATA_DIR:=/data/ml-latest-small}"
: "${REELSTREAM_MODELS_DIR:=/models}"
: "${REELSTREAM_BOOTSTRAP_SERVERS:=kafka:29092}"
: "${REELSTREAM_PUBLISH_PARTITIONS:=4}"
export REELSTREAM_DATA_DIR REELSTREAM_MODELS_DIR

java -jar /app/offline-trainer.jar train --no-progress
java -jar /app/offline-trainer.jar publish \
    --models "$REELSTREAM_MODELS_DIR" \
    --bootstrap-servers "$REELSTREAM_BOOTSTRAP_SERVERS" \
    --partitions "$REELSTREAM_PUBLISH_PARTITIONS" \
    --timeout 120
