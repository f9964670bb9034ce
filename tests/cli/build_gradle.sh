#!/usr/bin/env bash
# build_gradle.sh — `samc build` of java with Gradle: gradlew found in the code folder, then the
# project folder, then gradle on PATH; the exact command, folder and environment; outputs kept
# out of the sources; classes, resources and runtime jars laid out as SAM CLI does; layers,
# manifest precedence over pom.xml, the cache and the errors. A stand-in gradlew plays Gradle.
set -euo pipefail
. "$(dirname "$0")/lib.bash"
command -v sha1sum >/dev/null 2>&1 || { echo "build_gradle: skipped, no sha1sum"; exit 77; }
proj=$tmp/gradle
code=$proj/hello
mkdir -p "$code/src/main/java/example" "$tmp/bin"
cat > "$proj/template.yaml" <<'YAML'
Resources:
  GradleFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: hello
      Handler: example.Handler::handleRequest
      Runtime: java21
YAML
cat > "$code/build.gradle" <<'GRADLE'
plugins { id 'java' }
dependencies { implementation 'com.amazonaws:aws-lambda-java-core:1.2.3' }
GRADLE
echo 'package example; public class Handler {}' > "$code/src/main/java/example/Handler.java"

# The stand-in records its folder, arguments and one inherited variable, keeps the init script,
# and writes what `gradle build` and that init script would: the project's build folder under
# <scratch>/<SHA-1 of the project folder>/build, the runtime jars in its samc-lib.
cat > "$tmp/fake-gradle" <<SH
#!/bin/sh
{ echo "cwd=\$(pwd)"; echo "argv=\$0 \$*"; echo "mark=\${GRADLE_TEST_MARK:-unset}"; } >> "$tmp/gradle.log"
[ "\$1" = build ] || exit 2
shift
while [ \$# -gt 0 ]; do
  case "\$1" in
    --project-cache-dir) cache=\$2; shift 2 ;;
    --init-script) init=\$2; shift 2 ;;
    -Dsamc.build.scratch-dir=*) scratch=\${1#*=}; shift ;;
    *) echo "unexpected argument \$1" >&2; exit 2 ;;
  esac
done
cp "\$init" "$tmp/init.gradle"
[ -n "\${GRADLE_FAKE_FAIL:-}" ] && { echo "FAILURE: Build failed with an exception."; exit 1; }
mkdir -p "\$cache"
b=\$scratch/\$(printf %s "\$(pwd -P)" | sha1sum | cut -c1-40)/build
mkdir -p "\$b/samc-lib" "\$b/libs"
echo dep > "\$b/samc-lib/aws-lambda-java-core-1.2.3.jar"
echo notes > "\$b/samc-lib/README.txt"
echo jar > "\$b/libs/hello-1.0.jar"
[ -n "\${GRADLE_FAKE_NO_CLASSES:-}" ] && exit 0
mkdir -p "\$b/classes/java/main/example" "\$b/classes/kotlin/main/example" "\$b/resources/main"
echo class > "\$b/classes/java/main/example/Handler.class"
echo kotlin > "\$b/classes/kotlin/main/example/Util.class"
echo 'greeting=hi' > "\$b/resources/main/app.properties"
SH
chmod +x "$tmp/fake-gradle"
cp "$tmp/fake-gradle" "$code/gradlew"
cat > "$tmp/bin/mvn" <<SH
#!/bin/sh
echo "mvn \$*" >> "$tmp/mvn.log"
exit 1
SH
chmod +x "$tmp/bin/mvn"
cd "$proj"
art=$proj/.aws-sam/build/GradleFunction
log=$tmp/gradle.log
expect_built() { if grep -qE "^ *$1 +(built|cached) +java21 java-gradle" "$tmp/out"; then pass; else fail "$1 not built with gradle"; cat "$tmp/out" >&2; fi; }

# ---- gradlew in the code folder, a pom.xml beside build.gradle (Gradle wins) ----
echo '<project/>' > "$code/pom.xml"
expect_exit 0 env GRADLE_TEST_MARK=on PATH="$tmp/bin:$PATH" "$SAMC" build
expect_built GradleFunction
[ ! -e "$tmp/mvn.log" ] && pass || fail "mvn ran although build.gradle is there"
[ "$(grep -c '^argv=' "$log")" = 1 ] && pass || fail "gradle ran $(grep -c '^argv=' "$log") times"
[ "$(sed -n 's/^cwd=//p' "$log")" = "$code" ] && pass || fail "gradle ran in $(sed -n 's/^cwd=//p' "$log")"
[ "$(sed -n 's/^mark=//p' "$log")" = on ] && pass || fail "the environment is not passed on"
argv=$(sed -n 's/^argv=//p' "$log")
scratch=$(printf '%s\n' "$argv" | sed -n 's/.* -Dsamc\.build\.scratch-dir=\([^ ]*\) .*/\1/p')
[ -n "$scratch" ] && pass || fail "no scratch folder in: $argv"
[ "$argv" = "$code/gradlew build --project-cache-dir $scratch/gradle-cache -Dsamc.build.scratch-dir=$scratch --init-script $scratch/samc-build-init.gradle" ] \
  && pass || fail "gradle command: $argv"
case "$scratch" in "$proj"*) fail "the scratch folder is inside the project" ;; *) pass ;; esac
[ ! -e "$scratch" ] && pass || fail "the scratch folder was left behind"
# the artifact: classes of every language and resources at the top, runtime jars in lib/
for f in example/Handler.class example/Util.class app.properties lib/aws-lambda-java-core-1.2.3.jar; do
  [ -f "$art/$f" ] && pass || fail "artifact lacks $f"
done
[ "$(find "$art" -type f | wc -l)" = 4 ] && pass || fail "artifact has extra files: $(find "$art" -type f)"
[ ! -e "$code/build" ] && [ ! -e "$code/.gradle" ] && pass || fail "gradle wrote into the sources"
grep -q "CodeUri: GradleFunction" .aws-sam/build/template.yaml && pass || fail "CodeUri points at the artifact"
# the init script moves every build folder into scratch and gathers the runtime classpath
for s in "System.getProperty('samc.build.scratch-dir')" "layout.buildDirectory.set" "MessageDigest.getInstance('SHA-1')" \
         "canonicalPath" "findByName('runtimeClasspath')" "'samc-lib'" "task.name != 'build'"; do
  grep -qF -- "$s" "$tmp/init.gradle" && pass || fail "init script lacks $s"
done

# ---- unchanged: from the cache, gradle not run ----
: > "$log"
expect_exit 0 env PATH="$tmp/bin:$PATH" "$SAMC" build
expect_out_contains "cached"
[ ! -s "$log" ] && pass || fail "a cached build ran gradle"
[ -f "$art/example/Handler.class" ] && pass || fail "cached artifact"
# a settings file in the project folder is part of the key: a change there builds again
echo "rootProject.name = 'hello'" > "$proj/settings.gradle"
: > "$log"
expect_exit 0 env PATH="$tmp/bin:$PATH" "$SAMC" build
[ -s "$log" ] && pass || fail "a changed settings.gradle in the project folder did not rebuild"
: > "$log"
expect_exit 0 env PATH="$tmp/bin:$PATH" "$SAMC" build
[ ! -s "$log" ] && pass || fail "an unchanged project folder rebuilt"
rm "$proj/settings.gradle"

# ---- gradlew in the project folder ----
mv "$code/gradlew" "$proj/gradlew"
: > "$log"
expect_exit 0 env PATH="$tmp/bin:$PATH" "$SAMC" build --no-cache
expect_built GradleFunction
grep -q "^argv=$proj/gradlew build " "$log" && pass || fail "project gradlew: $(grep argv= "$log")"
grep -q "^cwd=$code$" "$log" && pass || fail "project gradlew ran in $(grep cwd= "$log")"

# ---- no gradlew: gradle from PATH ----
mv "$proj/gradlew" "$tmp/bin/gradle"
: > "$log"
expect_exit 0 env PATH="$tmp/bin:$PATH" "$SAMC" build --no-cache
expect_built GradleFunction
grep -q "^argv=$tmp/bin/gradle build " "$log" && pass || fail "gradle from PATH: $(grep argv= "$log")"

# ---- neither: the error names the tool and both places ----
rm "$tmp/bin/gradle"
expect_exit 3 env PATH="$tmp/bin" "$SAMC" build --no-cache
expect_err_contains "GradleFunction: gradle: not found on PATH, and no gradlew in $code or $proj; install Gradle or add a gradlew wrapper"
[ ! -e .aws-sam/build/template.yaml ] && pass || fail "a failed build left a built template"
# a gradlew without its execute bit is named
cp "$tmp/fake-gradle" "$code/gradlew" && chmod -x "$code/gradlew"
expect_exit 3 env PATH="$tmp/bin" "$SAMC" build --no-cache
expect_err_contains "($code/gradlew is not executable: chmod +x it)"
chmod +x "$code/gradlew"

# ---- Gradle's failure is shown with its output ----
expect_exit 1 env GRADLE_FAKE_FAIL=1 PATH="$tmp/bin:$PATH" "$SAMC" build --no-cache
expect_err_contains "GradleFunction: '$code/gradlew build --project-cache-dir "
expect_err_contains "failed (exit status 1):"
expect_err_contains "FAILURE: Build failed with an exception."
# ---- a build that leaves no classes ----
expect_exit 1 env GRADLE_FAKE_NO_CLASSES=1 PATH="$tmp/bin:$PATH" "$SAMC" build --no-cache
expect_err_contains "'gradle build' produced no classes (no classes/<language>/main in its build folder"

# ---- a java layer: its jar and runtime jars in java/lib ----
cat >> template.yaml <<'YAML'
  GradleLayer:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: hello
    Metadata:
      BuildMethod: java21
YAML
expect_exit 0 env PATH="$tmp/bin:$PATH" "$SAMC" build
expect_built GradleLayer
[ -f .aws-sam/build/GradleLayer/java/lib/hello-1.0.jar ] && pass || fail "layer jar in java/lib"
[ -f .aws-sam/build/GradleLayer/java/lib/aws-lambda-java-core-1.2.3.jar ] && pass || fail "layer dependencies in java/lib"
[ "$(find .aws-sam/build/GradleLayer -type f | wc -l)" = 2 ] && pass || fail "layer has extra files"

# ---- manifest order: build.gradle.kts alone; build.gradle in the project folder over a pom.xml ----
mv "$code/build.gradle" "$code/build.gradle.kts"
expect_exit 0 env PATH="$tmp/bin:$PATH" "$SAMC" build --no-cache GradleFunction
expect_built GradleFunction
rm "$code/build.gradle.kts"
touch "$proj/build.gradle"
expect_exit 0 env PATH="$tmp/bin:$PATH" "$SAMC" build --no-cache GradleFunction
expect_built GradleFunction
[ ! -e "$tmp/mvn.log" ] && pass || fail "mvn ran although the project has a build.gradle"
# with only the pom.xml, Maven builds it
rm "$proj/build.gradle"
expect_exit 1 env PATH="$tmp/bin:$PATH" "$SAMC" build --no-cache GradleFunction
grep -q "^mvn clean install$" "$tmp/mvn.log" && pass || fail "pom.xml alone: maven"

# ---- with a real Gradle (when one is installed): the init script itself, offline ----
if command -v gradle >/dev/null 2>&1 && command -v javac >/dev/null 2>&1; then
  real=$tmp/real
  mkdir -p "$real/hello/src/main/java/example" "$real/hello/src/main/resources" "$real/common/src/main/java/common"
  echo "include 'hello', 'common'" > "$real/settings.gradle"
  echo 'org.gradle.daemon=false' > "$real/gradle.properties"
  printf "apply plugin: 'java'\ndependencies { implementation project(':common') }\n" > "$real/hello/build.gradle"
  echo "apply plugin: 'java'" > "$real/common/build.gradle"
  echo 'package common; public class Util { public static String hi() { return "hi"; } }' > "$real/common/src/main/java/common/Util.java"
  echo 'package example; public class Handler { public String handleRequest() { return common.Util.hi(); } }' > "$real/hello/src/main/java/example/Handler.java"
  echo 'greeting=hi' > "$real/hello/src/main/resources/app.properties"
  cat > "$real/template.yaml" <<'YAML'
Resources:
  Hello:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: hello
      Handler: example.Handler::handleRequest
      Runtime: java17
  Common:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: common
    Metadata:
      BuildMethod: java17
YAML
  expect_exit 0 env GRADLE_USER_HOME="$tmp/gradle-home" "$SAMC" build -t "$real/template.yaml" --build-dir "$real/.aws-sam/build" --no-parallel
  b=$real/.aws-sam/build
  [ "$(od -An -tx1 -N4 "$b/Hello/example/Handler.class" | tr -d ' ')" = cafebabe ] && pass || fail "real gradle: a compiled class at the top"
  [ -f "$b/Hello/app.properties" ] && pass || fail "real gradle: resources at the top"
  [ -f "$b/Hello/lib/common.jar" ] && pass || fail "real gradle: the project dependency in lib/"
  [ -f "$b/Common/java/lib/common.jar" ] && pass || fail "real gradle: the layer's jar in java/lib"
  [ ! -e "$real/hello/build" ] && [ ! -e "$real/.gradle" ] && [ ! -e "$real/hello/.gradle" ] && pass || fail "real gradle wrote into the sources"
else
  echo "build_gradle: no gradle and javac here, the real-Gradle part skipped"
fi
finish
