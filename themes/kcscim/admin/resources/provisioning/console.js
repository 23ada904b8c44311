// The page's places in the stock console: a navigation entry and the page itself when the route is ours, a link
// on an organization's page, a "SCIM" badge in the user lists, and a provisioning section on a user's page.

import { api } from "./api.js";
import { h } from "./dom.js";
import { provisioningHash, renderPage } from "./page.js";

const ROUTE = /^#\/([^/]+)\/provisioning(?:\/organizations\/([^/]+))?\/?$/;
const ORGANIZATION_ROUTE = /^#\/([^/]+)\/organizations\/([^/]+)\/[^/]+/;
const ORG_LINK_ID = "kcscim-organization-provisioning";
const NAV_ID = "kcscim-nav-provisioning";
const ROOT_ID = "kcscim-provisioning-page";

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

// The console is a React app that re-renders as it likes; what this file adds must follow. The observer watches
// the console's root only, ignores changes made of this file's own nodes (the page, badges, panels) and those
// inside the page, and runs the placement once per frame however many changes a render makes.
const isOurs = (node) => node.nodeType === Node.ELEMENT_NODE
  && (node.id?.startsWith("kcscim-") || node.hasAttribute("data-kcscim-badge") || node.closest(`#${ROOT_ID}`) !== null);
const concernsConsole = (record) => !(record.target instanceof Element && record.target.closest(`#${ROOT_ID}`))
  && [...record.addedNodes, ...record.removedNodes].some((node) => !isOurs(node));

let scheduled = false;
function schedule() {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => {
    scheduled = false;
    update();
  });
}

export function start() {
  new MutationObserver((records) => {
    if (records.some(concernsConsole)) schedule();
  }).observe(document.getElementById("app") ?? document.body, { childList: true, subtree: true });
  window.addEventListener("hashchange", schedule);
  update();
}
