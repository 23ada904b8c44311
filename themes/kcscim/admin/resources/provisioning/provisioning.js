// The Provisioning page of the admin console: turn SCIM on, create and revoke tokens, edit settings, for
// the realm or for one of its Keycloak Organizations (each organization is a tenant of its own).
//
// It is a plain ES module with no build step. The stock console (theme keycloak.v2) loads it through the
// "scripts" property of this theme. It adds a "Provisioning" entry to the realm's navigation and renders
// the page with the console's own PatternFly classes at #/{realm}/provisioning, or at
// #/{realm}/provisioning/organizations/{id} for an organization. Every action calls the extension's admin REST
// API (/admin/realms/{realm}/provisioning[/organizations/{id}]/...), which enforces Keycloak's admin
// permissions; the page only mirrors them (read-only for view-realm, hidden without access). An organization's
// own page in the console gets a link to its provisioning, and the console's user lists get a "SCIM" badge
// next to every provisioned user.

const ROUTE = /^#\/([^/]+)\/provisioning(?:\/organizations\/([^/]+))?\/?$/;
const ORGANIZATION_ROUTE = /^#\/([^/]+)\/organizations\/([^/]+)\/[^/]+/;
const ORG_LINK_ID = "kcscim-organization-provisioning";
const NAV_ID = "kcscim-nav-provisioning";
const ROOT_ID = "kcscim-provisioning-page";

const environment = JSON.parse(document.getElementById("environment").textContent);

// ---------------------------------------------------------------------------------------------------------
// Access token. The console keeps its own token private, so the page gets one the same way the console
// does: an authorization-code flow with PKCE for the console's client, done silently (prompt=none) in a
// hidden iframe, since the administrator already has a session. Refresh tokens keep it fresh.

const tokenEndpoint = () => `${environment.authServerUrl}/realms/${environment.realm}/protocol/openid-connect/token`;
const redirectUri = () => new URL(`${environment.consoleBaseUrl}kcscim-callback`, location.origin).href;
let tokens = null;

function randomString(bytes) {
  const data = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...data)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

async function challengeFor(verifier) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return btoa(String.fromCharCode(...new Uint8Array(digest))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function silentCode(state, challenge) {
  const url = new URL(`${environment.authServerUrl}/realms/${environment.realm}/protocol/openid-connect/auth`);
  url.search = new URLSearchParams({
    client_id: environment.clientId, redirect_uri: redirectUri(), response_type: "code", response_mode: "query",
    scope: "openid", prompt: "none", state, code_challenge: challenge, code_challenge_method: "S256",
  }).toString();
  return new Promise((resolve, reject) => {
    const frame = document.createElement("iframe");
    frame.style.display = "none";
    const timer = setTimeout(() => finish(new Error("The sign-in check timed out.")), 15000);
    function finish(result) {
      clearTimeout(timer);
      frame.remove();
      result instanceof Error ? reject(result) : resolve(result);
    }
    frame.onload = () => {
      let params;
      try {
        params = new URL(frame.contentWindow.location.href).searchParams;
      } catch (e) {
        return; // not back on this origin yet
      }
      if (params.get("state") !== state) {
        return;
      }
      params.get("code") ? finish(params.get("code")) : finish(new Error(params.get("error_description") || params.get("error") || "Sign-in failed."));
    };
    frame.src = url.href;
    document.body.appendChild(frame);
  });
}

async function tokenRequest(form) {
  const response = await fetch(tokenEndpoint(), { method: "POST", body: new URLSearchParams(form) });
  if (!response.ok) {
    throw new Error("Could not obtain an access token.");
  }
  const json = await response.json();
  tokens = { access: json.access_token, refresh: json.refresh_token, expires: Date.now() + (json.expires_in - 10) * 1000 };
  return tokens.access;
}

async function accessToken() {
  if (tokens && Date.now() < tokens.expires) {
    return tokens.access;
  }
  if (tokens && tokens.refresh) {
    try {
      return await tokenRequest({ grant_type: "refresh_token", client_id: environment.clientId, refresh_token: tokens.refresh });
    } catch (e) {
      tokens = null;
    }
  }
  const verifier = randomString(48);
  const code = await silentCode(randomString(16), await challengeFor(verifier));
  return tokenRequest({ grant_type: "authorization_code", client_id: environment.clientId, code, redirect_uri: redirectUri(), code_verifier: verifier });
}

async function api(realm, method, path, body) {
  return adminCall(realm, method, `/provisioning${path}`, body);
}

async function adminCall(realm, method, path, body) {
  const response = await fetch(`${environment.adminBaseUrl}/admin/realms/${encodeURIComponent(realm)}${path}`, {
    method,
    headers: { Authorization: `Bearer ${await accessToken()}`, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = new Error((json && (json.errorMessage || json.error_description || json.error)) || `Request failed (${response.status}).`);
    error.status = response.status;
    throw error;
  }
  return json;
}

// ---------------------------------------------------------------------------------------------------------
// Small DOM helpers. Text always goes in through textContent, never as HTML.

function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) element.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === "className") element.className = value;
    else element.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString() : "—";
}

function alert(variant, title, body) {
  return h("div", { className: `pf-v5-c-alert pf-m-inline pf-m-${variant}`, role: variant === "danger" ? "alert" : "status" },
    h("p", { className: "pf-v5-c-alert__title" }, title),
    body ? h("div", { className: "pf-v5-c-alert__description" }, h("p", {}, body)) : null);
}

function copyField(id, value, label) {
  const input = h("input", { className: "pf-v5-c-form-control", id, readonly: true, value, "aria-label": label, type: "text" });
  input.value = value;
  const status = h("span", { className: "pf-v5-u-ml-sm", "aria-live": "polite" });
  const button = h("button", {
    className: "pf-v5-c-button pf-m-control", type: "button", "aria-label": `Copy ${label}`, "data-testid": `${id}-copy`,
    onClick: async () => {
      try {
        await navigator.clipboard.writeText(value);
        status.textContent = "Copied";
      } catch (e) {
        input.select();
        status.textContent = "Press Ctrl+C to copy";
      }
    },
  }, "Copy");
  return h("div", {}, h("div", { className: "pf-v5-c-input-group" },
    h("div", { className: "pf-v5-c-input-group__item pf-m-fill" }, h("span", { className: "pf-v5-c-form-control pf-m-readonly" }, input)),
    h("div", { className: "pf-v5-c-input-group__item" }, button)), status);
}

function card(title, ...body) {
  return h("div", { className: "pf-v5-c-card pf-v5-u-mb-lg" },
    h("div", { className: "pf-v5-c-card__title" }, h("h2", { className: "pf-v5-c-card__title-text" }, title)),
    h("div", { className: "pf-v5-c-card__body" }, ...body));
}

function modal(title, body, actions) {
  const backdrop = h("div", { className: "pf-v5-c-backdrop" },
    h("div", { className: "pf-v5-l-bullseye" },
      h("div", { className: "pf-v5-c-modal-box pf-m-sm", role: "dialog", "aria-modal": "true", "aria-label": title },
        h("header", { className: "pf-v5-c-modal-box__header" }, h("h1", { className: "pf-v5-c-modal-box__title" }, title)),
        h("div", { className: "pf-v5-c-modal-box__body" }, body),
        h("footer", { className: "pf-v5-c-modal-box__footer" }, actions))));
  document.body.appendChild(backdrop);
  return () => backdrop.remove();
}

function button(label, variant, onClick, extra = {}) {
  return h("button", { className: `pf-v5-c-button pf-m-${variant}`, type: "button", onClick, ...extra }, label);
}

// ---------------------------------------------------------------------------------------------------------
// The page.

/** The realm's organizations, or none when the realm has them off or the admin may not list them. */
async function organizationsOf(realm) {
  try {
    const list = await adminCall(realm, "GET", "/organizations?briefRepresentation=true&first=0&max=500");
    return Array.isArray(list) ? list : [];
  } catch (e) {
    return [];
  }
}

function provisioningHash(realm, organization) {
  return `#/${encodeURIComponent(realm)}/provisioning${organization ? `/organizations/${encodeURIComponent(organization)}` : ""}`;
}

async function renderPage(root, realm, organization) {
  root.replaceChildren(h("section", { className: "pf-v5-c-page__main-section" }, h("p", {}, "Loading…")));
  // Every call of this page goes to the chosen tenant: the realm, or one organization of it.
  const tenant = organization ? `/organizations/${encodeURIComponent(organization)}` : "";
  let settings;
  let tokenList;
  let organizations;
  try {
    [settings, tokenList, organizations] = await Promise.all([api(realm, "GET", `${tenant}/settings`), api(realm, "GET", `${tenant}/tokens`),
      organizationsOf(realm)]);
  } catch (e) {
    root.replaceChildren(h("section", { className: "pf-v5-c-page__main-section" },
      alert("danger", e.status === 403 ? "You do not have access to provisioning in this realm."
        : e.status === 404 && organization ? "This realm has no such organization, or organizations are off." : e.message)));
    return;
  }
  const isOrganization = Boolean(organization);
  const canManage = settings.canManage;
  const messages = h("div", { "aria-live": "polite" });
  const show = (variant, title, body) => messages.replaceChildren(alert(variant, title, body));
  const rerender = () => renderPage(root, realm, organization);
  const guard = (action) => async () => {
    try {
      await action();
    } catch (e) {
      show("danger", e.message);
    }
  };

  // The tenant chooser: the realm itself, or one of its organizations, each with its own URL, tokens and settings.
  const chooser = organizations.length === 0 ? null : h("div", { className: "pf-v5-c-form__group pf-v5-u-mt-md" },
    h("label", { className: "pf-v5-c-form__label", for: "kcscim-tenant" }, h("span", { className: "pf-v5-c-form__label-text" }, "Provision")),
    h("span", { className: "pf-v5-c-form-control" }, (() => {
      const select = h("select", { id: "kcscim-tenant", "data-testid": "kcscim-tenant", onChange: () => { location.hash = provisioningHash(realm, select.value); } },
        h("option", { value: "" }, "The whole realm"),
        organizations.map((o) => h("option", { value: o.id }, `Organization: ${o.name}`)));
      select.value = organization || "";
      return select;
    })()));
  const header = h("section", { className: "pf-v5-c-page__main-section pf-m-light" },
    h("div", { className: "pf-v5-c-content" },
      h("h1", { className: "pf-v5-c-title pf-m-2xl" }, "Provisioning"),
      h("p", {}, isOrganization
        ? `Let the identity provider of the organization "${settings.organizationName}" create, update and deactivate its members and teams over SCIM 2.0. Its token works only for this organization.`
        : "Let an identity provider such as Okta or Microsoft Entra ID create, update and deactivate users and teams in this realm over SCIM 2.0.")),
    chooser);

  const toggle = h("input", {
    className: "pf-v5-c-switch__input", type: "checkbox", id: "kcscim-enabled", checked: settings.enabled, disabled: !canManage,
    "aria-labelledby": "kcscim-enabled-label", "data-testid": "kcscim-enabled",
    onChange: guard(async () => {
      await api(realm, "PUT", `${tenant}/settings`, { enabled: toggle.checked });
      await rerender();
    }),
  });
  toggle.checked = settings.enabled;
  const provisioningCard = card("SCIM provisioning",
    h("label", { className: "pf-v5-c-switch", for: "kcscim-enabled" }, toggle,
      h("span", { className: "pf-v5-c-switch__toggle" }),
      h("span", { className: "pf-v5-c-switch__label", id: "kcscim-enabled-label" },
        settings.enabled ? "SCIM provisioning is on" : "Enable SCIM provisioning")),
    h("div", { className: "pf-v5-c-form pf-v5-u-mt-md" },
      h("div", { className: "pf-v5-c-form__group" },
        h("div", { className: "pf-v5-c-form__group-label" }, h("label", { className: "pf-v5-c-form__label", for: "kcscim-base-url" },
          h("span", { className: "pf-v5-c-form__label-text" }, "SCIM base URL"))),
        h("div", { className: "pf-v5-c-form__group-control" }, copyField("kcscim-base-url", settings.scimBaseUrl, "SCIM base URL"),
          h("p", { className: "pf-v5-c-form__helper-text" }, "Paste this into Okta (SCIM connector base URL) or Entra ID (Tenant URL), with a token below as the Bearer token.")))));

  const rows = tokenList.map((token) => h("tr", { className: "pf-v5-c-table__tr", "data-testid": "kcscim-token-row" },
    h("td", { className: "pf-v5-c-table__td", "data-label": "Name" }, token.name),
    h("td", { className: "pf-v5-c-table__td", "data-label": "Created" }, when(token.createdAt)),
    h("td", { className: "pf-v5-c-table__td", "data-label": "Expires" }, token.expiresAt ? when(token.expiresAt) : "Never"),
    h("td", { className: "pf-v5-c-table__td", "data-label": "Last used" }, token.lastUsedAt ? when(token.lastUsedAt) : "Never"),
    h("td", { className: "pf-v5-c-table__td pf-v5-c-table__action" }, canManage
      ? button("Revoke", "link", () => confirmRevoke(token), { "data-testid": `kcscim-revoke-${token.name}`, style: "color: var(--pf-v5-global--danger-color--100)" })
      : null)));

  function confirmRevoke(token) {
    const close = modal(`Revoke token "${token.name}"?`,
      h("p", {}, "Anything using this token, such as an Okta app, stops being able to provision at once. This cannot be undone."),
      [button("Revoke", "danger", guard(async () => {
        close();
        await api(realm, "DELETE", `${tenant}/tokens/${encodeURIComponent(token.id)}`);
        await rerender();
      }), { "data-testid": "kcscim-confirm-revoke" }), button("Cancel", "link", () => close())]);
  }

  function createToken() {
    const name = h("input", { className: "pf-v5-c-form-control", id: "kcscim-token-name", type: "text", maxlength: "64", required: true, "data-testid": "kcscim-token-name" });
    const expiry = h("input", { className: "pf-v5-c-form-control", id: "kcscim-token-expiry", type: "date", "data-testid": "kcscim-token-expiry" });
    const error = h("div");
    const wrap = (input) => h("span", { className: "pf-v5-c-form-control" }, input);
    const close = modal("Create SCIM token", h("form", { className: "pf-v5-c-form", onSubmit: (e) => e.preventDefault() },
      h("div", { className: "pf-v5-c-form__group" }, h("label", { className: "pf-v5-c-form__label", for: "kcscim-token-name" }, "Name (for example \"okta\")"), wrap(name)),
      h("div", { className: "pf-v5-c-form__group" }, h("label", { className: "pf-v5-c-form__label", for: "kcscim-token-expiry" }, "Expires on (optional)"), wrap(expiry)),
      error),
    [button("Create", "primary", async () => {
      try {
        const created = await api(realm, "POST", `${tenant}/tokens`, { name: name.value.trim(), expiresAt: expiry.value || null });
        close();
        showSecret(created);
      } catch (e) {
        error.replaceChildren(alert("danger", e.message));
      }
    }, { "data-testid": "kcscim-create-token-submit" }), button("Cancel", "link", () => close())]);
    name.focus();
  }

  function showSecret(created) {
    const close = modal(`Token "${created.name}" created`, h("div", {},
      alert("warning", "Copy this token now. It will not be shown again.", "Keycloak keeps only a hash of it. If it is lost, revoke it and create a new one."),
      h("div", { className: "pf-v5-u-mt-md", "data-testid": "kcscim-secret" }, copyField("kcscim-token-secret", created.token, "SCIM token"))),
    [button("Done", "primary", async () => {
      close();
      await rerender();
    }, { "data-testid": "kcscim-secret-done" })]);
  }

  const tokensCard = card("SCIM tokens",
    canManage ? h("div", { className: "pf-v5-u-mb-md" }, button("Create SCIM token", "primary", createToken, { "data-testid": "kcscim-create-token" })) : null,
    tokenList.length === 0 ? h("p", {}, "No tokens yet.") :
      h("table", { className: "pf-v5-c-table pf-m-compact pf-m-grid-md", role: "grid", "aria-label": "SCIM tokens" },
        h("thead", { className: "pf-v5-c-table__thead" }, h("tr", { className: "pf-v5-c-table__tr" },
          ["Name", "Created", "Expires", "Last used", ""].map((title) => h("th", { className: "pf-v5-c-table__th", scope: "col" }, title)))),
        h("tbody", { className: "pf-v5-c-table__tbody" }, rows)));

  const mustBeEmail = h("input", { className: "pf-v5-c-check__input", type: "checkbox", id: "kcscim-username-email", disabled: !canManage });
  mustBeEmail.checked = settings.usernameMustBeEmail;
  const parent = h("input", { className: "pf-v5-c-form-control", type: "text", id: "kcscim-parent", placeholder: "/teams", disabled: !canManage, "data-testid": "kcscim-parent" });
  parent.value = settings.teamsParentGroup || "";
  const deleteMode = h("select", { className: "pf-v5-c-form-control", id: "kcscim-delete-mode", disabled: !canManage },
    h("option", { value: "delete" }, "Delete the Keycloak user"),
    h("option", { value: "disable" }, "Only disable the Keycloak user"));
  deleteMode.value = settings.deleteMode;
  const group = (id, label, control, help) => h("div", { className: "pf-v5-c-form__group" },
    h("div", { className: "pf-v5-c-form__group-label" }, h("label", { className: "pf-v5-c-form__label", for: id }, h("span", { className: "pf-v5-c-form__label-text" }, label))),
    h("div", { className: "pf-v5-c-form__group-control" }, control, help ? h("p", { className: "pf-v5-c-form__helper-text" }, help) : null));
  const restrictDomains = h("input", { className: "pf-v5-c-check__input", type: "checkbox", id: "kcscim-restrict-domains", disabled: !canManage,
    "data-testid": "kcscim-restrict-domains" });
  restrictDomains.checked = settings.restrictEmailDomains === true;
  const trustEmail = h("input", { className: "pf-v5-c-check__input", type: "checkbox", id: "kcscim-trust-email", disabled: !canManage,
    "data-testid": "kcscim-trust-email" });
  trustEmail.checked = settings.trustEmail !== false;
  const activityLog = h("input", { className: "pf-v5-c-check__input", type: "checkbox", id: "kcscim-activity-log", disabled: !canManage,
    "data-testid": "kcscim-activity-log" });
  activityLog.checked = settings.activityLog !== false;
  const settingsCard = card("Settings", h("form", { className: "pf-v5-c-form", onSubmit: (e) => e.preventDefault() },
    h("div", { className: "pf-v5-c-check" }, mustBeEmail, h("label", { className: "pf-v5-c-check__label", for: "kcscim-username-email" }, "Username must equal the primary email")),
    h("div", { className: "pf-v5-c-check" }, trustEmail, h("label", { className: "pf-v5-c-check__label", for: "kcscim-trust-email" },
      "Trust email: store the emails the identity provider pushes as verified")),
    h("div", { className: "pf-v5-c-check" }, activityLog, h("label", { className: "pf-v5-c-check__label", for: "kcscim-activity-log" },
      "Keep an activity log of SCIM requests (below)")),
    isOrganization
      ? h("div", { className: "pf-v5-c-check" }, restrictDomains, h("label", { className: "pf-v5-c-check__label", for: "kcscim-restrict-domains" },
        "Create accounts only in this organization's email domains"))
      : group("kcscim-parent", "Parent group for teams", h("span", { className: "pf-v5-c-form-control" }, parent),
        "Pushed groups become sub-groups of this group. Leave empty to use top-level groups."),
    group("kcscim-delete-mode", "When the identity provider deletes a user", h("span", { className: "pf-v5-c-form-control" }, deleteMode)),
    canManage ? h("div", { className: "pf-v5-c-form__actions" }, button("Save", "primary", guard(async () => {
      const changed = isOrganization
        ? { usernameMustBeEmail: mustBeEmail.checked, trustEmail: trustEmail.checked, activityLog: activityLog.checked, restrictEmailDomains: restrictDomains.checked, deleteMode: deleteMode.value }
        : { usernameMustBeEmail: mustBeEmail.checked, trustEmail: trustEmail.checked, activityLog: activityLog.checked, teamsParentGroup: parent.value.trim() || null, deleteMode: deleteMode.value };
      await api(realm, "PUT", `${tenant}/settings`, changed);
      show("success", "Provisioning settings saved.");
    }), { "data-testid": "kcscim-save-settings" })) : null));

  root.replaceChildren(header, h("section", { className: "pf-v5-c-page__main-section" },
    canManage ? null : alert("info", "View only", `You can see this ${isOrganization ? "organization" : "realm"}'s provisioning, but not change it.`),
    messages, provisioningCard, tokensCard, settingsCard, signInCard(realm, tenant, settings, canManage, show, isOrganization),
    mappingCard(realm, tenant, settings, canManage, show),
    rolesCard(realm, tenant, settings, canManage, show, isOrganization), activityCard(realm, tenant, tokenList), teamsCard(realm, tenant, organization)));
}

// "Sign-in (SSO)": which identity provider provisioned accounts are linked to, so that a person's first sign-in
// through it lands in the account SCIM made; and the action that links accounts pushed before linking was on.
function signInCard(realm, tenant, settings, canManage, show, isOrganization) {
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
  const field = (id, label, control, help) => h("div", { className: "pf-v5-c-form__group" },
    h("label", { className: "pf-v5-c-form__label", for: id }, h("span", { className: "pf-v5-c-form__label-text" }, label)),
    h("span", { className: "pf-v5-c-form-control" }, control), help ? h("p", { className: "pf-v5-c-form__helper-text" }, help) : null);
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
    field("kcscim-idp-alias", "Identity provider", alias, isOrganization ? "Only identity providers linked to this organization are offered." : null),
    field("kcscim-idp-subject", "The person's id at the identity provider", subject),
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

const KEYCLOAK_SCHEMA = "urn:ietf:params:scim:schemas:extension:keycloak:2.0:User";
const DIRECTIONS = [["both", "Both ways"], ["toKeycloak", "Identity provider to Keycloak"], ["fromKeycloak", "Keycloak to identity provider (read-only)"]];

// "Attribute mapping": User Profile attributes the identity provider reads and writes, beside the built-in ones.
function mappingCard(realm, tenant, settings, canManage, show) {
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
function rolesCard(realm, tenant, settings, canManage, show, isOrganization) {
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
  const field = (id, label, control, help) => h("div", { className: "pf-v5-c-form__group" },
    h("label", { className: "pf-v5-c-form__label", for: id }, h("span", { className: "pf-v5-c-form__label-text" }, label)),
    h("span", { className: "pf-v5-c-form-control" }, control), help ? h("p", { className: "pf-v5-c-form__helper-text" }, help) : null);
  return card("Roles", h("form", { className: "pf-v5-c-form", onSubmit: (e) => e.preventDefault() },
    field("kcscim-roles-source", "Roles the identity provider may grant", source, "Listed at /Roles for Okta's entitlement discovery; a user's roles are granted and revoked within this set only."),
    field("kcscim-roles-client", "Client (for client roles)", client),
    // Keycloak keeps an organization group's role mappings out of its members' tokens: only the realm's teams carry roles.
    isOrganization ? null : field("kcscim-team-roles", "Roles every team carries", teamRoles, "Comma-separated realm roles, or client/role. Members hold them while they are in the team."),
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

const cell = (label, ...content) => h("td", { className: "pf-v5-c-table__td", "data-label": label }, ...content);

function table(label, columns, rows, testId) {
  return h("table", { className: "pf-v5-c-table pf-m-compact pf-m-grid-md", role: "grid", "aria-label": label, "data-testid": testId },
    h("thead", { className: "pf-v5-c-table__thead" }, h("tr", { className: "pf-v5-c-table__tr" },
      columns.map((title) => h("th", { className: "pf-v5-c-table__th", scope: "col" }, title)))),
    h("tbody", { className: "pf-v5-c-table__tbody" }, rows));
}

// The last SCIM requests of this tenant (the server keeps a bounded number), newest first, with filters.
function activityCard(realm, tenant, tokenList) {
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
function teamsCard(realm, tenant, organization) {
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

// ---------------------------------------------------------------------------------------------------------
// Placement in the console: a navigation entry and the page itself when the route is ours.

const access = new Map();

async function canView(realm) {
  if (!access.has(realm)) {
    access.set(realm, api(realm, "GET", "/settings").then(() => true, () => false));
  }
  return access.get(realm);
}

function currentRealm() {
  const match = location.hash.match(/^#\/([^/]+)/);
  return match ? decodeURIComponent(match[1]) : null;
}

async function placeNavigation() {
  const realm = currentRealm();
  const anchor = document.querySelector('nav a[href*="/realm-settings"]');
  const existing = document.getElementById(NAV_ID);
  if (!realm || !anchor) return;
  if (existing && existing.dataset.realm === realm) {
    existing.querySelector("a").classList.toggle("pf-m-current", ROUTE.test(location.hash));
    return;
  }
  existing?.remove();
  if (!(await canView(realm)) || document.getElementById(NAV_ID) || currentRealm() !== realm) return;
  const item = anchor.closest("li").cloneNode(false);
  item.id = NAV_ID;
  item.dataset.realm = realm;
  item.append(h("a", { className: "pf-v5-c-nav__link", href: `#/${encodeURIComponent(realm)}/provisioning`, "data-testid": "nav-provisioning" }, "Provisioning"));
  anchor.closest("li").after(item);
  item.querySelector("a").classList.toggle("pf-m-current", ROUTE.test(location.hash));
}

function placePage() {
  const match = location.hash.match(ROUTE);
  const main = document.querySelector("main.pf-v5-c-page__main, .pf-v5-c-page__main");
  let root = document.getElementById(ROOT_ID);
  if (!match || !main) {
    if (root) {
      root.remove();
      main?.querySelectorAll("[data-kcscim-hidden]").forEach((el) => {
        el.style.display = "";
        el.removeAttribute("data-kcscim-hidden");
      });
    }
    return;
  }
  // The console's router shows "page not found" for this route; hide whatever it rendered and show ours.
  for (const child of main.children) {
    if (child.id !== ROOT_ID && !child.hasAttribute("data-kcscim-hidden")) {
      child.setAttribute("data-kcscim-hidden", "");
      child.style.display = "none";
    }
  }
  const realm = decodeURIComponent(match[1]);
  const organization = match[2] ? decodeURIComponent(match[2]) : "";
  const key = `${realm}/${organization}`;
  if (!root || root.dataset.key !== key) {
    root?.remove();
    root = h("div", { id: ROOT_ID });
    root.dataset.key = key;
    main.append(root);
    renderPage(root, realm, organization);
  }
}

// On an organization's own page in the console, a link to that organization's provisioning.
function placeOrganizationLink() {
  const match = location.hash.match(ORGANIZATION_ROUTE);
  const existing = document.getElementById(ORG_LINK_ID);
  if (!match || match[2] === "new") {
    existing?.remove();
    return;
  }
  const [, realm, organization] = match;
  const href = provisioningHash(decodeURIComponent(realm), decodeURIComponent(organization));
  if (existing && existing.getAttribute("href") === href) return;
  existing?.remove();
  const heading = document.querySelector("main h1");
  if (!heading) return;
  heading.after(h("a", { id: ORG_LINK_ID, href, className: "pf-v5-c-button pf-m-link pf-m-inline", "data-testid": ORG_LINK_ID },
    "Provisioning (SCIM) for this organization"));
}

// In the console's user lists (Users, and an organization's Members), a "SCIM" badge next to every user that
// provisioning created. One admin call per page of the list asks about the ids the page shows that were not asked
// about before; re-renders, sorting and going back to a page cost nothing. Answers are kept per realm.
const USER_LIST_ROUTE = /^#\/([^/]+)\/(?:users|organizations\/[^/]+\/members)\/?(?:\?.*)?$/;
const USER_LINK = /\/users\/([0-9a-fA-F-]{36})\/settings$/;
const synced = new Map(); // "realm/id" -> { token, organization } or null
const asking = new Set(); // "realm/id" with a call in flight

function badgeFor(info) {
  const tip = `Provisioned by SCIM with the token "${info.token || "?"}"${info.organization ? ` of the organization "${info.organization}"` : ""}`;
  return h("span", { className: "pf-v5-c-label pf-m-blue pf-m-compact pf-v5-u-ml-sm", title: tip, "data-testid": "kcscim-synced-badge", "data-kcscim-badge": "" },
    h("span", { className: "pf-v5-c-label__content" }, "SCIM"));
}

function placeBadges() {
  const match = location.hash.match(USER_LIST_ROUTE);
  if (!match) return;
  const realm = decodeURIComponent(match[1]);
  const unknown = [];
  for (const link of document.querySelectorAll("main table a[href]")) {
    const id = (link.getAttribute("href").match(USER_LINK) || [])[1];
    if (!id) continue;
    const key = `${realm}/${id}`;
    const badge = link.nextElementSibling?.hasAttribute("data-kcscim-badge") ? link.nextElementSibling : null;
    if (!synced.has(key)) {
      if (!asking.has(key)) unknown.push(id);
    } else if (synced.get(key) && !badge) {
      link.after(badgeFor(synced.get(key)));
    } else if (!synced.get(key) && badge) {
      badge.remove();
    }
  }
  if (unknown.length === 0) return;
  const ids = unknown.slice(0, 100);
  ids.forEach((id) => asking.add(`${realm}/${id}`));
  api(realm, "GET", `/synced-users?${ids.map((id) => `id=${encodeURIComponent(id)}`).join("&")}`).then((list) => {
    ids.forEach((id) => synced.set(`${realm}/${id}`, null));
    list.forEach((u) => synced.set(`${realm}/${u.id}`, u));
  }, () => {
    // An admin who may not query users gets no badges (and no retry storm): the list stays as Keycloak made it.
    ids.forEach((id) => synced.set(`${realm}/${id}`, null));
  }).finally(() => {
    ids.forEach((id) => asking.delete(`${realm}/${id}`));
    placeBadges();
  });
}

// On a user's own page in the console, a provisioning section: which token provisioned the account, and how its
// person signs in: the identity provider it is linked to, or why it has no link.
const USER_ROUTE = /^#\/([^/]+)\/users\/([0-9a-fA-F-]{36})\//;
const USER_PANEL_ID = "kcscim-user-provisioning";

function userPanel(info) {
  const signIn = !info.identityProvider && !info.linkProblem ? null
    : info.identityProviderUserId
      ? h("p", { "data-testid": "kcscim-user-link" }, `Signs in through "${info.identityProvider}" as ${info.identityProviderUserId}.`)
      : h("p", { "data-testid": "kcscim-user-link", className: "pf-v5-u-danger-color-100" }, info.linkProblem || `Not linked to "${info.identityProvider}".`);
  return h("div", { id: USER_PANEL_ID, className: "pf-v5-c-alert pf-m-inline pf-m-info pf-v5-u-my-sm", role: "status", "data-testid": USER_PANEL_ID },
    h("p", { className: "pf-v5-c-alert__title" }, `Provisioned by SCIM with the token "${info.token || "?"}"${info.organization ? ` of the organization "${info.organization}"` : ""}`),
    signIn ? h("div", { className: "pf-v5-c-alert__description" }, signIn) : null);
}

// Asked once per user and page visit: "realm/id" -> what synced-users said (or null), and the asks in flight.
const userInfo = new Map();
const askingUser = new Set();

function placeUserPanel() {
  const match = location.hash.match(USER_ROUTE);
  const existing = document.getElementById(USER_PANEL_ID);
  if (!match) {
    existing?.remove();
    userInfo.clear();
    return;
  }
  const key = `${match[1]}/${match[2]}`;
  if (existing && existing.dataset.key === key) return;
  existing?.remove();
  if (!userInfo.has(key)) {
    if (askingUser.has(key)) return;
    askingUser.add(key);
    api(decodeURIComponent(match[1]), "GET", `/synced-users?id=${encodeURIComponent(match[2])}`)
      .then((list) => userInfo.set(key, list[0] || null), () => userInfo.set(key, null))
      .finally(() => {
        askingUser.delete(key);
        placeUserPanel();
      });
    return;
  }
  const heading = document.querySelector("main h1");
  if (!userInfo.get(key) || !heading) return;
  const panel = userPanel(userInfo.get(key));
  panel.dataset.key = key;
  heading.closest("section, div")?.after(panel);
}

function update() {
  placePage();
  placeNavigation();
  placeOrganizationLink();
  placeBadges();
  placeUserPanel();
}

new MutationObserver(update).observe(document.body, { childList: true, subtree: true });
window.addEventListener("hashchange", update);
update();
