#!/usr/bin/env bash
# CI: `docker compose -f docker/compose.yaml up` with the stand-in images, then what the README tells a user to
# do: mint a token with docker/mint-token.sh and call the SCIM API through the container. Needs the JAR
# (./mvnw package) and .ci/docker/base-images.sh. Uses Debian's docker-compose (v1) where the v2 plugin is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
if docker compose version >/dev/null 2>&1; then COMPOSE=(docker compose); else COMPOSE=(docker-compose); fi
export POSTGRES_IMAGE="${POSTGRES_IMAGE:-local/postgres:15}"

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}
export KEYCLOAK_PORT="${KEYCLOAK_PORT:-$(free_port)}"
export KEYCLOAK_MANAGEMENT_PORT="${KEYCLOAK_MANAGEMENT_PORT:-$(free_port)}"
PROJECT="kcscim-ci-$$"
compose() { "${COMPOSE[@]}" -p "$PROJECT" -f docker/compose.yaml "$@"; }
cleanup() {
  status=$?
  if [ $status -ne 0 ]; then compose logs --tail=80 keycloak || true; fi
  compose down -v >/dev/null 2>&1 || true
  exit $status
}
trap cleanup EXIT

echo "\$ ${COMPOSE[*]} -f docker/compose.yaml up -d --build   (POSTGRES_IMAGE=$POSTGRES_IMAGE, port $KEYCLOAK_PORT)"
compose up -d --build
url="http://localhost:$KEYCLOAK_PORT"
for _ in $(seq 1 100); do
  curl -sf "http://localhost:$KEYCLOAK_MANAGEMENT_PORT/health/ready" >/dev/null && break
  sleep 3
done
curl -sf "http://localhost:$KEYCLOAK_MANAGEMENT_PORT/health/ready" >/dev/null
# The realm import runs as the server starts; the demo realm answers once it is done.
for _ in $(seq 1 60); do
  curl -sf "$url/realms/acme" >/dev/null && break
  sleep 2
done

echo "\$ docker/mint-token.sh $url"
minted=$(docker/mint-token.sh "$url")
echo "$minted" | sed 's/^\(Token[^:]*: kcscim_.\{6\}\).*/\1… (shown once)/'
token=$(echo "$minted" | sed -n 's/^Token[^:]*: //p')
base="$url/realms/acme/provisioning/scim/v2"

echo "\$ curl -H 'Authorization: Bearer …' $base/ServiceProviderConfig"
config=$(curl -sS --fail-with-body -H "Authorization: Bearer $token" "$base/ServiceProviderConfig")
echo "$config" | head -c 300; echo " …"
echo "$config" | grep -q '"patch":{"supported":true}'

anonymous=$(curl -s -o /dev/null -w '%{http_code}' "$base/ServiceProviderConfig")
[ "$anonymous" = 401 ] || { echo "without a token: $anonymous, expected 401"; exit 1; }
echo "without a token: 401"

created=$(curl -sS --fail-with-body -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/scim+json' \
  "$base/Users" -d '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ada@acme.example",
  "name":{"givenName":"Ada","familyName":"Lovelace"},"emails":[{"value":"ada@acme.example","primary":true}],"active":true}')
echo "$created" | grep -q '"userName":"ada@acme.example"'
echo "POST /Users through the container: created ada@acme.example"
# The imported realm's own administrator sees provisioning on (what the Provisioning page shows).
acme_admin=$(curl -sS --fail-with-body -X POST "$url/realms/acme/protocol/openid-connect/token" \
  -d grant_type=password -d client_id=admin-cli -d username=acme-admin -d password=acme-admin \
  | sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p')
settings=$(curl -sS --fail-with-body -H "Authorization: Bearer $acme_admin" "$url/admin/realms/acme/provisioning/settings")
echo "$settings" | grep -q '"enabled":true'
echo "acme-admin reads the imported settings: $(echo "$settings" | head -c 120) …"
echo "compose check passed"
