// The Provisioning page of one tenant: the realm, or one of its organizations. Switch, base URL, tokens and the
// settings, then the cards of cards.js.

import { api, organizationsOf } from "./api.js";
import { activityCard, admissionCard, mappingCard, rolesCard, signInCard, teamsCard } from "./cards.js";
import { alert, button, card, copyField, h, modal, when } from "./dom.js";

export function provisioningHash(realm, organization) {
  return `#/${encodeURIComponent(realm)}/provisioning${organization ? `/organizations/${encodeURIComponent(organization)}` : ""}`;
}

export async function renderPage(root, realm, organization) {
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
    rolesCard(realm, tenant, settings, canManage, show, isOrganization), admissionCard(realm, tenant, settings, canManage, show), activityCard(realm, tenant, tokenList), teamsCard(realm, tenant, organization)));
}
