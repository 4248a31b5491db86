# Sourced by .ci/run and ./janus: finds a JDK >= 25 and exports JAVA_HOME and PATH.
# shellcheck shell=bash

# Major version of the JDK at $1 (a JAVA_HOME), or nothing if it is not a JDK.
jdk_major() {
    local home="$1"
    [[ -x "$home/bin/java" && -x "$home/bin/javac" ]] || return 0
    "$home/bin/java" -version 2>&1 | sed -nE '1s/.*version "([0-9]+).*/\1/p'
}

is_jdk25() {
    local major
    major="$(jdk_major "$1")"
    [[ -n "$major" && "$major" -ge 25 ]]
}

find_jdk() {
    local preferred=/usr/lib/jvm/temurin-25-jdk-amd64 candidate
    if is_jdk25 "$preferred"; then
        echo "$preferred"
        return 0
    fi
    for candidate in /usr/lib/jvm/*; do
        if is_jdk25 "$candidate"; then
            echo "$candidate"
            return 0
        fi
    done
    if command -v java >/dev/null 2>&1; then
        # java on PATH may be a symlink chain (/usr/bin/java -> alternatives -> JDK/bin/java)
        candidate="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
        if is_jdk25 "$candidate"; then
            echo "$candidate"
            return 0
        fi
    fi
    return 1
}

if ! JAVA_HOME="$(find_jdk)"; then
    echo "error: no JDK 25 or newer found (looked at /usr/lib/jvm/temurin-25-jdk-amd64, /usr/lib/jvm/*, java on PATH)" >&2
    exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"

