#!/usr/bin/env bash
# CI only: gives this machine a Docker engine and local stand-ins for the public images that docker/ uses,
# because CI machines reach no container registry. A user's machine needs none of this: it pulls
# quay.io/keycloak/keycloak and postgres as usual.
#
#   .ci/docker/base-images.sh [KEYCLOAK_VERSION...]    (default: 26.7.3)
#
# Builds, and reuses when already there (a second run on the same machine takes seconds):
#   local/debian:bookworm                  a debootstrap minbase root, docker-imported
#   quay.io/keycloak/keycloak:<version>    Java 17 + keycloak-quarkus-dist from Maven Central, laid out as the
#                                          official image is (/opt/keycloak, user 1000, kc.sh entrypoint)
#   local/postgres:15                      Debian's PostgreSQL 15 with the official image's POSTGRES_* variables
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
VERSIONS=("$@")
[ ${#VERSIONS[@]} -gt 0 ] || VERSIONS=(26.7.3)
WORK="${KCSCIM_DOCKER_WORK:-/var/tmp/kcscim-docker}"
mkdir -p "$WORK"
export DEBIAN_FRONTEND=noninteractive
# The engine's own client: the one in /usr/local/bin may be newer than this daemon speaks.
DOCKER=/usr/bin/docker

need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing ${need[*]}"
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi

if ! $DOCKER info >/dev/null 2>&1; then
  echo "Starting dockerd (log: $WORK/dockerd.log)"
  nohup dockerd >"$WORK/dockerd.log" 2>&1 &
  for _ in $(seq 1 60); do
    $DOCKER info >/dev/null 2>&1 && break
    sleep 1
  done
  $DOCKER info >/dev/null
fi

has_image() { $DOCKER image inspect "$1" >/dev/null 2>&1; }
# A stand-in is rebuilt when its recipe changed: the image carries the recipe's hash as a label.
recipe() { cat "$@" | sha256sum | cut -c1-16; }
is_current() {
  [ "$($DOCKER image inspect -f '{{index .Config.Labels "kcscim.recipe"}}' "$1" 2>/dev/null)" = "$2" ]
}

if ! has_image local/debian:bookworm; then
  # The machine's own Debian mirror (deb822 .sources or a classic sources.list line).
  mirror=$( (grep -h '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}';
             grep -h '^deb ' /etc/apt/sources.list 2>/dev/null | awk '{print $2}') | grep -v security | head -1 || true)
  mirror=${mirror:-http://deb.debian.org/debian}
  echo "debootstrap bookworm from $mirror"
  rm -rf "$WORK/rootfs"
  debootstrap --variant=minbase bookworm "$WORK/rootfs" "$mirror" >"$WORK/debootstrap.log" 2>&1
  tar -C "$WORK/rootfs" -c . | $DOCKER import -c 'CMD ["bash"]' - local/debian:bookworm
  rm -rf "$WORK/rootfs"
fi

for version in "${VERSIONS[@]}"; do
  image="quay.io/keycloak/keycloak:$version"
  hash=$(recipe "$HERE/keycloak-base.Dockerfile")
  is_current "$image" "$hash" && continue
  echo "Building the stand-in $image"
  dist="$HOME/.m2/repository/org/keycloak/keycloak-quarkus-dist/$version/keycloak-quarkus-dist-$version.tar.gz"
  if [ ! -f "$dist" ]; then
    "$HERE/../../mvnw" -q -B dependency:get -Dartifact="org.keycloak:keycloak-quarkus-dist:$version:tar.gz" -Dtransitive=false
  fi
  context="$WORK/keycloak-$version"
  rm -rf "$context" && mkdir -p "$context"
  cp "$dist" "$context/keycloak.tar.gz"
  cp "$HERE/keycloak-base.Dockerfile" "$context/Dockerfile"
  $DOCKER build -q --label "kcscim.recipe=$hash" -t "$image" "$context"
  rm -rf "$context"
done

hash=$(recipe "$HERE/postgres.Dockerfile" "$HERE/postgres-entrypoint.sh")
if ! is_current local/postgres:15 "$hash"; then
  echo "Building the stand-in local/postgres:15"
  context="$WORK/postgres"
  rm -rf "$context" && mkdir -p "$context"
  cp "$HERE/postgres.Dockerfile" "$context/Dockerfile"
  cp "$HERE/postgres-entrypoint.sh" "$context/entrypoint.sh"
  $DOCKER build -q --label "kcscim.recipe=$hash" -t local/postgres:15 "$context"
  rm -rf "$context"
fi
$DOCKER images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E 'local/|quay.io/keycloak' || true
