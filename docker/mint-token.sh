#!/usr/bin/env sh
# Creates a SCIM API token in a running Keycloak and prints the SCIM base URL and the token. The token is
# shown this once: Keycloak keeps only its hash. Needs curl.
#
#   docker/mint-token.sh [KEYCLOAK_URL] [REALM] [TOKEN_NAME]
#   (defaults: http://localhost:8080, acme, okta-<date and time>)
#
# The admin of the master realm: KEYCLOAK_ADMIN (admin) and KEYCLOAK_ADMIN_PASSWORD (admin).
set -eu
url="${1:-http://localhost:8080}"
realm="${2:-acme}"
name="${3:-okta-$(date -u +%Y%m%dT%H%M%SZ)}"

json_field() { sed -n "s/.*\"$1\" *: *\"\([^\"]*\)\".*/\1/p"; }

access=$(curl -sS --fail-with-body -X POST "$url/realms/master/protocol/openid-connect/token" \
  --data-urlencode grant_type=password --data-urlencode client_id=admin-cli \
  --data-urlencode "username=${KEYCLOAK_ADMIN:-admin}" --data-urlencode "password=${KEYCLOAK_ADMIN_PASSWORD:-admin}" \
  | json_field access_token)
created=$(curl -sS --fail-with-body -X POST "$url/admin/realms/$realm/provisioning/tokens" \
  -H "Authorization: Bearer $access" -H "Content-Type: application/json" -d "{\"name\":\"$name\"}")
token=$(printf '%s' "$created" | json_field token)
if [ -z "$token" ]; then
  echo "Keycloak answered: $created" >&2
  exit 1
fi
echo "SCIM base URL: $url/realms/$realm/provisioning/scim/v2"
echo "Token ($name): $token"
