// The cards of the Provisioning page beside the switch and the tokens: sign-in (SSO), attribute mapping, roles,
// the activity log and the teams overview. Each gets the tenant's settings and renders itself; saving goes
// through the admin API and re-renders the page (show).

import { adminCall, api } from "./api.js";
import { alert, button, card, cell, formField, h, table, when } from "./dom.js";

// "Sign-in (SSO)": which identity provider provisioned accounts are linked to, so that a person's first sign-in
// through it lands in the account SCIM made; and the action that links accounts pushed before linking was on.
export function signInCard(realm, tenant, settings, canManage, show, isOrganization) {
  const alias = h("select", { className: "pf-v5-c-form-control", id: "kcscim-idp-alias", disabled: !canManage, "data-testid": "kcscim-idp-alias" },
    h("option", { value: "" }, isOrganization ? "Automatic: the organization's linked identity provider" : "No linking"),
    (settings.identityProviders || []).map((p) => h("option", { value: p.alias },
      `${p.displayName || p.alias} (${p.alias}, ${p.providerId}${p.domain ? `, ${p.domain}` : ""})`)));
  alias.value = settings.identityProviderAlias || "";
  const subject = h("select", { className: "pf-v5-c-form-control", id: "kcscim-idp-subject", disabled: !canManage, "data-testid": "kcscim-idp-subject" },
    h("option", { value: "externalId" }, "externalId (OIDC: Okta's user id, the sub of its tokens)"),
    h("option", { value: "userName" }, "userName (SAML: Okta's NameID, the application username)"));
  subject.value = settings.identityProviderSubject || "externalId";
  const report = h("div", { "data-testid": "kcscim-link-report", "aria-live": "polite" });
  const inUse = h("p", { className: "pf-v5-c-form__helper-text", "data-testid": "kcscim-idp-in-use" }, settings.identityProviderInUse || "");
  async function linkAccounts() {
    try {
      const result = await api(realm, "POST", `${tenant}/link-accounts`);
      const skipped = result.skippedAccounts.slice(0, 20).map((s) => h("li", {}, `${s.userName}: ${s.reason}`));
      report.replaceChildren(alert(result.skipped ? "warning" : "success",
        `Linked ${result.linked}, already linked ${result.alreadyLinked}, skipped ${result.skipped}.`),
        skipped.length ? h("ul", { className: "pf-v5-c-list pf-v5-u-mt-sm" }, skipped) : null);
    } catch (e) {
      report.replaceChildren(alert("danger", e.message));
    }
  }
  return card("Sign-in (SSO)", h("form", { className: "pf-v5-c-form", onSubmit: (e) => e.preventDefault() },
    h("p", {}, "Link every provisioned account to the identity provider its person signs in with. Keycloak then finds the account on the first sign-in, with no \"Account already exists\" step."),
    formField("kcscim-idp-alias", "Identity provider", alias, isOrganization ? "Only identity providers linked to this organization are offered." : null),
    formField("kcscim-idp-subject", "The person's id at the identity provider", subject),
    inUse,
    canManage ? h("div", { className: "pf-v5-c-form__actions" },
      button("Save sign-in", "primary", async () => {
        try {
          const saved = await api(realm, "PUT", `${tenant}/settings`, { identityProviderAlias: alias.value || null, identityProviderSubject: subject.value });
          inUse.textContent = saved.identityProviderInUse || "";
          show("success", "Sign-in settings saved.");
        } catch (e) {
          show("danger", e.message);
        }
      }, { "data-testid": "kcscim-idp-save" }),
      button("Link provisioned accounts", "secondary", linkAccounts, { "data-testid": "kcscim-link-accounts" })) : null,
    report));
}

// "Request limits": how much SCIM work this tenant may give one Keycloak node, so that a provisioning storm never
// slows sign-in. An empty field takes the server's default for tenants, shown as its placeholder.
export function admissionCard(realm, tenant, settings, canManage, show) {
  const defaults = settings.admissionDefaults || {};
  const input = (id, name) => {
    const control = h("input", { className: "pf-v5-c-form-control", id, type: "number", min: "0", step: "1", disabled: !canManage,
      placeholder: `${defaults[name] ?? ""} (default)`, "data-testid": id });
    control.value = settings[name] ?? "";
    return control;
  };
  const concurrent = input("kcscim-admission-concurrent", "maxConcurrentRequests");
  const rate = input("kcscim-admission-rate", "requestsPerSecond");
  const burst = input("kcscim-admission-burst", "burst");
  const value = (control) => (control.value.trim() === "" ? null : Number(control.value));
  const processors = defaults.serverProcessors
    ? `, and lets provisioning use at most ${Math.round(defaults.serverProcessors * 100) / 100} processors' worth of time (less while people sign in)`
    : "";
  const server = `This server runs at most ${defaults.serverMaxConcurrentRequests || "unlimited"} SCIM requests at once and `
    + `${defaults.serverRequestsPerSecond || "unlimited"} per second over all tenants, shared fairly${processors}. 0 means no limit.`;
  const waits = defaults.maxWaitMillis ? `A request over a limit waits up to ${defaults.maxWaitMillis / 1000} s for its turn; past that it is` : "A request over a limit is";
  return card("Request limits", h("form", { className: "pf-v5-c-form", onSubmit: (e) => e.preventDefault() },
    h("p", {}, `${waits} answered 429 with Retry-After, which Okta and Entra wait for before they retry. Nothing of it is written.`),
    formField("kcscim-admission-concurrent", "Requests at once (per server)", concurrent),
    formField("kcscim-admission-rate", "Requests per second (per server; each operation of a /Bulk counts)", rate),
    formField("kcscim-admission-burst", "Burst", burst, server),
    canManage ? h("div", { className: "pf-v5-c-form__actions" },
      button("Save limits", "primary", async () => {
        try {
          await api(realm, "PUT", `${tenant}/settings`, { maxConcurrentRequests: value(concurrent), requestsPerSecond: value(rate), burst: value(burst) });
          show("success", "Request limits saved.");
        } catch (e) {
          show("danger", e.message);
        }
      }, { "data-testid": "kcscim-admission-save" })) : null));
}

const KEYCLOAK_SCHEMA = "urn:ietf:params:scim:schemas:extension:keycloak:2.0:User";
const DIRECTIONS = [["both", "Both ways"], ["toKeycloak", "Identity provider to Keycloak"], ["fromKeycloak", "Keycloak to identity provider (read-only)"]];

// "Attribute mapping": User Profile attributes the identity provider reads and writes, beside the built-in ones.
export function mappingCard(realm, tenant, settings, canManage, show) {
  const rows = h("tbody", { className: "pf-v5-c-table__tbody" });
  const profile = h("datalist", { id: "kcscim-profile-attributes" });
  adminCall(realm, "GET", "/users/profile").then((config) => {
    profile.replaceChildren(...(config.attributes || []).map((a) => h("option", { value: a.name }, a.displayName || a.name)));
  }, () => {});
  function addRow(mapping = { attribute: "", scimPath: "", direction: "both" }) {
    const attribute = h("input", { type: "text", list: "kcscim-profile-attributes", disabled: !canManage,
      "aria-label": "User Profile attribute", "data-testid": "kcscim-mapping-attribute" });
    attribute.value = mapping.attribute;
    const path = h("input", { type: "text", disabled: !canManage, "aria-label": "SCIM path",
      placeholder: `${KEYCLOAK_SCHEMA}:costCenterCode`, "data-testid": "kcscim-mapping-path" });
    path.value = mapping.scimPath;
    attribute.addEventListener("change", () => {
      if (!path.value && attribute.value) path.value = `${KEYCLOAK_SCHEMA}:${attribute.value.replace(/[^A-Za-z0-9_-]/g, "")}`;
    });
    const direction = h("select", { disabled: !canManage, "aria-label": "Direction", "data-testid": "kcscim-mapping-direction" },
      DIRECTIONS.map(([value, label]) => h("option", { value }, label)));
    direction.value = mapping.direction;
    const control = (element) => h("span", { className: "pf-v5-c-form-control" }, element);
    const row = h("tr", { className: "pf-v5-c-table__tr", "data-testid": "kcscim-mapping-row" },
      cell("User Profile attribute", control(attribute)), cell("SCIM path", control(path)), cell("Direction", control(direction)),
      cell("", canManage ? button("Remove", "link", () => row.remove(), { "data-testid": "kcscim-mapping-remove" }) : null));
    row.read = () => ({ attribute: attribute.value.trim(), scimPath: path.value.trim(), direction: direction.value });
    rows.append(row);
  }
  (settings.attributeMappings || []).forEach((m) => addRow(m));
  const skipped = (settings.skippedAnnotations || []).length === 0 ? null
    : alert("warning", "Some User Profile annotations (kc.scim.schema.attribute) were not used", settings.skippedAnnotations.join(" "));
  return card("Attribute mapping",
    h("p", {}, "Map User Profile attributes to SCIM: a core or enterprise attribute such as title (which the mapping then takes over), or a new attribute of ",
      h("code", {}, KEYCLOAK_SCHEMA), ". The identity provider finds them in /Schemas."),
    skipped, profile,
    h("table", { className: "pf-v5-c-table pf-m-compact", role: "grid", "aria-label": "Attribute mapping", "data-testid": "kcscim-mappings",
      style: "table-layout: fixed; width: 100%" },
      h("colgroup", {}, ["22%", "46%", "22%", "10%"].map((width) => h("col", { style: `width: ${width}` }))),
      h("thead", { className: "pf-v5-c-table__thead" }, h("tr", { className: "pf-v5-c-table__tr" },
        ["User Profile attribute", "SCIM path", "Direction", ""].map((title) => h("th", { className: "pf-v5-c-table__th", scope: "col" }, title)))),
      rows),
    canManage ? h("div", { className: "pf-v5-c-form__actions pf-v5-u-mt-md" },
      button("Add mapping", "secondary", () => addRow(), { "data-testid": "kcscim-mapping-add" }),
      button("Save mappings", "primary", async () => {
        try {
          await api(realm, "PUT", `${tenant}/settings`, { attributeMappings: [...rows.children].map((r) => r.read()).filter((m) => m.attribute || m.scimPath) });
          show("success", "Attribute mappings saved.");
        } catch (e) {
          show("danger", e.message);
        }
      }, { "data-testid": "kcscim-mapping-save" })) : null);
}

// "Roles": which Keycloak roles the identity provider may grant (Okta entitlements), and roles every team carries.
export function rolesCard(realm, tenant, settings, canManage, show, isOrganization) {
  const source = h("select", { className: "pf-v5-c-form-control", id: "kcscim-roles-source", disabled: !canManage, "data-testid": "kcscim-roles-source" },
    h("option", { value: "none" }, "None (default)"),
    h("option", { value: "realm" }, "Realm roles with the attribute scimProvisionable = true"),
    h("option", { value: "client" }, "The roles of one client"));
  source.value = settings.rolesSource || "none";
  const client = h("input", { className: "pf-v5-c-form-control", type: "text", id: "kcscim-roles-client", disabled: !canManage, placeholder: "client id",
    "data-testid": "kcscim-roles-client" });
  client.value = settings.rolesClient || "";
  const teamRoles = h("input", { className: "pf-v5-c-form-control", type: "text", id: "kcscim-team-roles", disabled: !canManage,
    placeholder: "member, my-app/reader", "data-testid": "kcscim-team-roles" });
  teamRoles.value = (settings.teamRoles || []).map((r) => (r.client ? `${r.client}/${r.role}` : r.role)).join(", ");
  return card("Roles", h("form", { className: "pf-v5-c-form", onSubmit: (e) => e.preventDefault() },
    formField("kcscim-roles-source", "Roles the identity provider may grant", source, "Listed at /Roles for Okta's entitlement discovery; a user's roles are granted and revoked within this set only."),
    formField("kcscim-roles-client", "Client (for client roles)", client),
    // Keycloak keeps an organization group's role mappings out of its members' tokens: only the realm's teams carry roles.
    isOrganization ? null : formField("kcscim-team-roles", "Roles every team carries", teamRoles, "Comma-separated realm roles, or client/role. Members hold them while they are in the team."),
    canManage ? h("div", { className: "pf-v5-c-form__actions" }, button("Save roles", "primary", async () => {
      try {
        const refs = teamRoles.value.split(",").map((t) => t.trim()).filter(Boolean).map((t) => {
          const slash = t.lastIndexOf("/");
          return slash > 0 ? { client: t.slice(0, slash), role: t.slice(slash + 1) } : { role: t };
        });
        const changed = { rolesSource: source.value, rolesClient: client.value.trim() || null };
        if (!isOrganization) changed.teamRoles = refs;
        await api(realm, "PUT", `${tenant}/settings`, changed);
        show("success", "Role settings saved.");
      } catch (e) {
        show("danger", e.message);
      }
    }, { "data-testid": "kcscim-roles-save" })) : null));
}


// The last SCIM requests of this tenant (the server keeps a bounded number), newest first, with filters.
export function activityCard(realm, tenant, tokenList) {
  const errorsOnly = h("input", { className: "pf-v5-c-check__input", type: "checkbox", id: "kcscim-activity-errors", "data-testid": "kcscim-activity-errors" });
  const token = h("select", { id: "kcscim-activity-token", "data-testid": "kcscim-activity-token", "aria-label": "Token" },
    h("option", { value: "" }, "All tokens"), tokenList.map((t) => h("option", { value: t.name }, t.name)));
  const body = h("div", {}, h("p", {}, "Loading…"));
  async function load() {
    const query = new URLSearchParams({ max: "50" });
    if (errorsOnly.checked) query.set("status", "errors");
    if (token.value) query.set("token", token.value);
    try {
      const entries = await api(realm, "GET", `${tenant}/activity?${query}`);
      body.replaceChildren(entries.length === 0 ? h("p", {}, "No SCIM requests yet.") : table("SCIM activity",
        ["Time", "Token", "Request", "Status", "Duration", "Detail"],
        entries.map((e) => h("tr", { className: "pf-v5-c-table__tr", "data-testid": "kcscim-activity-row", "data-status": String(e.status) },
          cell("Time", when(e.time)), cell("Token", e.token || "—"), cell("Request", `${e.method} ${e.path}`),
          cell("Status", h("span", { className: `pf-v5-c-label pf-m-compact pf-m-${e.status >= 400 ? "red" : "green"}` },
            h("span", { className: "pf-v5-c-label__content" }, String(e.status)))),
          cell("Duration", `${e.durationMs} ms`), cell("Detail", e.detail || ""))), "kcscim-activity"));
    } catch (e) {
      body.replaceChildren(alert("danger", e.message));
    }
  }
  errorsOnly.addEventListener("change", load);
  token.addEventListener("change", load);
  load();
  return card("Activity",
    h("div", { className: "pf-v5-l-flex pf-m-align-items-center pf-v5-u-mb-md" },
      h("div", { className: "pf-v5-c-check" }, errorsOnly, h("label", { className: "pf-v5-c-check__label", for: "kcscim-activity-errors" }, "Errors only")),
      h("span", { className: "pf-v5-c-form-control pf-v5-u-ml-md", style: "width: auto" }, token),
      button("Refresh", "secondary", load, { "data-testid": "kcscim-activity-refresh", className: "pf-v5-c-button pf-m-secondary pf-v5-u-ml-md" })),
    body);
}

// The teams that provisioning manages here, with their members and last SCIM change, linked to the console.
export function teamsCard(realm, tenant, organization) {
  const body = h("div", {}, h("p", {}, "Loading…"));
  const groupHref = (team) => organization
    ? `#/${encodeURIComponent(realm)}/organizations/${encodeURIComponent(organization)}/settings`
    : `#/${encodeURIComponent(realm)}/groups/${[...team.parentIds, team.id].map(encodeURIComponent).join("/")}`;
  api(realm, "GET", `${tenant}/teams?max=100`).then((teams) => {
    body.replaceChildren(teams.length === 0 ? h("p", {}, "No teams yet: they appear when the identity provider pushes groups.") :
      table("Teams", ["Team", "Members", "Last SCIM change"], teams.map((t) => h("tr", { className: "pf-v5-c-table__tr", "data-testid": "kcscim-team-row" },
        cell("Team", h("a", { href: groupHref(t), "data-testid": "kcscim-team-link" }, t.name)),
        cell("Members", String(t.members)),
        cell("Last SCIM change", t.provisioned ? when(t.lastModified) : "Not changed by SCIM"))), "kcscim-teams"));
  }, (e) => body.replaceChildren(alert("danger", e.message)));
  return card("Teams", body);
}
