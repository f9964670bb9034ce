#!/usr/bin/env bash
# build_java.sh — `samc build` of a java function with Maven: the two mvn runs in a scratch
# copy, classes at the top of the artifact and runtime dependencies in lib/ (a stand-in mvn on
# PATH plays Maven, so no network is needed), a build.gradle taking precedence, a missing mvn named.
set -euo pipefail
. "$(dirname "$0")/lib.bash"
proj=$tmp/java
cp -r "$SAMC_TEST_DATA/build/java" "$proj"
mkdir "$tmp/bin"
# The stand-in records its arguments and folder, and writes what Maven's goals would.
cat >"$tmp/bin/mvn" <<SH
#!/bin/sh
echo "\$(pwd) \$*" >> "$tmp/mvn.log"
case "\$1" in
  clean) [ -f pom.xml ] || exit 1; mkdir -p target/classes/example && echo class > target/classes/example/Handler.class && echo jar > target/java-function-1.0.jar ;;
  dependency:copy-dependencies) mkdir -p target/dependency && echo dep > target/dependency/org.example.dep-1.jar ;;
esac
SH
chmod +x "$tmp/bin/mvn"
cd "$proj"

expect_exit 0 env PATH="$tmp/bin:$PATH" "$SAMC" build
expect_out_contains "JavaFunction                     built    java21 java-maven"
[ -f .aws-sam/build/JavaFunction/example/Handler.class ] && pass || fail "classes at the top of the artifact"
[ -f .aws-sam/build/JavaFunction/lib/org.example.dep-1.jar ] && pass || fail "dependencies in lib/"
[ ! -e .aws-sam/build/JavaFunction/pom.xml ] && pass || fail "sources are not shipped"
[ ! -e target ] && pass || fail "maven ran in the source folder"
grep -q " clean install$" "$tmp/mvn.log" && pass || fail "mvn clean install"
grep -q " dependency:copy-dependencies -DincludeScope=runtime -Dmdep.prependGroupId=true$" "$tmp/mvn.log" && pass || fail "mvn copy-dependencies"
if grep -q "^$proj " "$tmp/mvn.log"; then fail "mvn ran in the source folder"; else pass; fi
# a java layer: its jar and dependencies under java/lib
cat >> template.yaml <<'YAML'
  JavaLayer:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: .
    Metadata:
      BuildMethod: java21
YAML
expect_exit 0 env PATH="$tmp/bin:$PATH" "$SAMC" build
expect_out_contains "JavaLayer                        built    java21 java-maven"
[ -f .aws-sam/build/JavaLayer/java/lib/java-function-1.0.jar ] && pass || fail "layer jar in java/lib"
[ -f .aws-sam/build/JavaLayer/java/lib/org.example.dep-1.jar ] && pass || fail "layer dependencies in java/lib"

# mvn missing from PATH
expect_exit 3 env PATH=/nonexistent "$SAMC" build --no-cache JavaFunction
expect_err_contains "'mvn' was not found on PATH"

# a build.gradle beside the pom.xml: Gradle is chosen (as SAM CLI does), and it is not here
touch build.gradle
: > "$tmp/mvn.log"
expect_exit 3 env PATH="$tmp/bin" "$SAMC" build --no-cache JavaFunction
expect_err_contains "JavaFunction: gradle: not found on PATH, and no gradlew in $proj; install Gradle or add a gradlew wrapper"
[ ! -s "$tmp/mvn.log" ] && pass || fail "mvn ran although build.gradle is there"
finish
