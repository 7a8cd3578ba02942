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
  # The commit's hash and time go into the Lambda jar's version file (GET /api/v2/version);
  # never the build's time, so building the same commit again gives the same jar, and
  # CloudFormation publishes no new SnapStart versions for it. Empty outside a git checkout.
  commit=$(git rev-parse HEAD 2>/dev/null || true)
  commit_time=$(TZ=UTC0 git log -1 --format=%cd --date=format-local:%Y-%m-%dT%H:%M:%SZ 2>/dev/null || true)
  # ./dev runs Maven from the repository root, so the module list is relative to it.
  ../dev mvn -B -q -pl lambdas,sftp-fargate,cdk -am package -DskipTests \
    "-Dsluice.commit=$commit" "-Dsluice.commitTime=$commit_time" 1>&2
fi
java_home=$(../dev java-home)
exec "$java_home/bin/java" -cp "target/classes:$(cat target/app-classpath.txt)" dev.sluice.cdk.SluiceApp
