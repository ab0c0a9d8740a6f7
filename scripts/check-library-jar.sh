#!/usr/bin/env bash
# Checks a library jar; the build runs it in `verify` for every library module:
#   check-library-jar.sh PACKAGING JAR DIR
# - its manifest names the Java module (Automatic-Module-Name), and every class lies in a package under that name,
#   so no package is split across two modules;
# - jdeps finds no use of a jar that the module does not declare as a direct compile or runtime dependency (a class
#   reached only through another library), and no use of a class that is on no classpath.
# DIR holds declared.txt (`dependency:list`, direct dependencies) and classpath.txt (`dependency:build-classpath`);
# the jdeps summary is written to DIR/summary.txt.
set -euo pipefail
packaging=$1 jar=$2 dir=$3
[ "$packaging" = jar ] || exit 0
if [ ! -f "$jar" ]; then
  echo "check-library-jar: $jar is missing: run the package phase first (mvn -B verify)" >&2
  exit 1
fi
name=$(basename "$jar")
status=0

# The JDK derives an automatic module from the jar: its name comes from Automatic-Module-Name, else from the file name.
description=$(jar --describe-module --file "$jar" 2>&1 || true)
module=$(sed -nE 's/^([^ @]+)@[^ ]* automatic$/\1/p' <<<"$description")
if ! [[ "$module" =~ ^dev\.chunkcluster(\.[a-z][a-z0-9]*)+$ ]]; then
  echo "check-library-jar: $name has no Automatic-Module-Name (the JDK derives '$module'): add" \
    "<automatic.module.name>dev.chunkcluster.NAME</automatic.module.name> to the module's <properties>," \
    "NAME being the package root the module owns" >&2
  exit 1
fi
outside=$(sed -nE 's/^contains (.*)$/\1/p' <<<"$description" | grep -vxE "${module//./\\.}(\\..*)?" || true)
if [ -n "$outside" ]; then
  echo "check-library-jar: $name (module $module) has packages outside its root: $(echo $outside);" \
    "move them under $module so that no package is split across modules" >&2
  status=1
fi
echo "module: $name is $module, packages: $(sed -nE 's/^contains (.*)$/\1/p' <<<"$description" | tr '\n' ' ')"

classpath=$(cat "$dir/classpath.txt")
summary=$(jdeps --multi-release 17 -summary -cp "$classpath" "$jar")
printf '%s\n' "$summary" > "$dir/summary.txt"
# groupId:artifactId:type:version:scope from dependency:list -> the file name of each declared dependency.
declared=$(sed -nE 's/^ +[^: ]+:([^: ]+):[^: ]+:([^: ]+):(compile|runtime).*$/\1-\2.jar/p' "$dir/declared.txt")
while read -r from arrow to _; do
  [ "$arrow" = "->" ] && [ "$from" = "$name" ] || continue
  case "$to" in
    java.*|jdk.*) echo "jdeps: $name -> $to (JDK)" ;;
    not)
      echo "check-library-jar: $name uses classes found on no classpath:" >&2
      jdeps --multi-release 17 -verbose:class -cp "$classpath" "$jar" | grep 'not found' | head -5 >&2
      status=1 ;;
    *)
      to=$(basename "$to")
      if grep -qxF "$to" <<<"$declared"; then
        echo "jdeps: $name -> $to (declared)"
      else
        echo "check-library-jar: $name uses $to, which its POM does not declare: declare it or stop using it" >&2
        status=1
      fi ;;
  esac
done <<<"$summary"
exit $status
