#!/usr/bin/env bash
# The command cdk.json runs for `cdk synth` / `cdk deploy` (from this directory).
# Builds the modules the app needs with the project's Maven wrapper and JDK (the Lambda jar,
# the SFTP server for its Docker image, this module and its class path), then runs the app
# with plain `java -cp`: no exec plugin, nothing fetched at synthesis time once Maven's
# repository is warm. Build output goes to stderr; the CLI reads the app's cloud assembly
# from the directory it passes in CDK_OUTDIR.
set -euo pipefail
cd "$(dirname "$0")"
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="${JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION:-20}"
if [ "${SLUICE_CDK_SKIP_BUILD:-}" != "1" ]; then
  # ./dev runs Maven from the repository root, so the module list is relative to it.
  ../dev mvn -B -q -pl lambdas,sftp-fargate,cdk -am package -DskipTests 1>&2
fi
java_home=$(../dev java-home)
exec "$java_home/bin/java" -cp "target/classes:$(cat target/app-classpath.txt)" dev.sluice.cdk.SluiceApp
