// The Provisioning page of the admin console: turn SCIM on, create and revoke tokens, edit settings, for
// the realm or for one of its Keycloak Organizations (each organization is a tenant of its own).
//
// Plain ES modules with no build step. The stock console (theme keycloak.v2) loads this one through the
// "scripts" property of this theme. The page lives at #/{realm}/provisioning, or at
// #/{realm}/provisioning/organizations/{id} for an organization, and is drawn with the console's own PatternFly
// classes. Every action calls the extension's admin REST API (/admin/realms/{realm}/provisioning[/organizations/{id}]/...),
// which enforces Keycloak's admin permissions; the page only mirrors them (read-only for view-realm, hidden
// without access).
//
//   token.js    the page's own access token (silent authorization code with PKCE)
//   api.js      admin REST calls with it
//   dom.js      DOM helpers in PatternFly classes
//   page.js     one tenant's page: switch, base URL, tokens, settings
//   cards.js    its other cards: sign-in, attribute mapping, roles, activity, teams
//   console.js  where the page, its navigation entry, links, badges and panels go in the stock console

import { start } from "./console.js";

start();
