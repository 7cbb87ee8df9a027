# Sourced (POSIX sh) by ./mvnw, ./panel and .ci/run: makes JAVA_HOME point at a JDK 21 or
# newer. Order: JAVA_HOME, the javac on PATH, then the usual install folders. Prints what to
# install and returns 1 when there is none, so callers stop with a clear message.
talon_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = //p' | head -n 1 | cut -d. -f1
}
talon_jdk_ok() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  talon_major=$(talon_java_major "$1/bin/java")
  [ -n "$talon_major" ] && [ "$talon_major" -ge 21 ] 2>/dev/null
}
talon_find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && talon_jdk_ok "$JAVA_HOME"; then return 0; fi
  if command -v javac >/dev/null 2>&1; then
    talon_c=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    if talon_jdk_ok "$talon_c"; then JAVA_HOME=$talon_c; export JAVA_HOME; return 0; fi
  fi
  for talon_c in /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk* \
      "$HOME"/.sdkman/candidates/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    if [ -d "$talon_c" ] && talon_jdk_ok "$talon_c"; then JAVA_HOME=$talon_c; export JAVA_HOME; return 0; fi
  done
  echo "Talon needs a JDK 21 or newer (java and javac), and none was found." >&2
  echo "Install one (for example 'apt-get install openjdk-21-jdk', or Temurin 21+ from adoptium.net)," >&2
  echo "then run again, or set JAVA_HOME to its folder." >&2
  return 1
}
