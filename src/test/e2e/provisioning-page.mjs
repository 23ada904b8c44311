// Drives the admin console's Provisioning page in headless Chromium against a running Keycloak.
// Run by AdminConsoleIT; prints one "ok - ..." line per checked step and exits non-zero on the first failure.
//
//   node provisioning-page.mjs --base http://localhost:PORT --realm REALM --scenario manage|view-only|no-access|organization \
//        --login-realm master --user admin --password admin [--organization ID] [--screenshot file.png]

import { chromium } from "playwright-core";

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, value, i, all) => {
  if (value.startsWith("--")) pairs.push([value.slice(2), all[i + 1]]);
  return pairs;
}, []));
const { base, realm, scenario, user, password } = args;
const loginRealm = args["login-realm"] || "master";

function check(condition, message) {
  if (!condition) throw new Error(message);
  console.log(`ok - ${message}`);
}

async function scimUsers(token, scimBase = `${base}/realms/${realm}/provisioning/scim/v2`) {
  const response = await fetch(`${scimBase}/Users`, { headers: { Authorization: `Bearer ${token}` } });
  return response.status;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
const page = await context.newPage();
page.setDefaultTimeout(30000);

try {
  // 1. Log into the admin console.
  await page.goto(`${base}/admin/${loginRealm}/console/#/${realm}`);
  await page.fill("#username", user);
  await page.fill("#password", password);
  await page.click("#kc-login");
  await page.waitForSelector("nav");
  check(true, `logged into the admin console as ${user}`);

  if (scenario === "no-access") {
    await page.waitForTimeout(3000);
    check((await page.locator('[data-testid="nav-provisioning"]').count()) === 0, "an admin without rights on the realm gets no Provisioning entry");
    await page.goto(`${base}/admin/${loginRealm}/console/#/${realm}/provisioning`);
    await page.waitForFunction(() => document.querySelector("#kcscim-provisioning-page")?.textContent.includes("do not have access"));
    check(true, "opening the page directly shows no provisioning data");
    check(!(await page.textContent("#kcscim-provisioning-page")).includes("/provisioning/scim/v2"), "not even the base URL");
    console.log("e2e: passed");
    await browser.close();
    process.exit(0);
  }

  if (scenario === "organization") {
    const organization = args.organization;
    const orgBase = `${base}/realms/${realm}/provisioning/organizations/${organization}/scim/v2`;
    // The organization's own page in the console links to its provisioning.
    await page.goto(`${base}/admin/${loginRealm}/console/#/${realm}/organizations/${organization}/settings`);
    await page.waitForSelector('[data-testid="kcscim-organization-provisioning"]');
    check(true, "the organization's page in the console links to its provisioning");
    await page.click('[data-testid="kcscim-organization-provisioning"]');
    await page.waitForFunction((url) => document.querySelector("#kcscim-base-url")?.value === url, orgBase);
    check(true, `the organization's SCIM base URL is shown (${orgBase})`);
    check((await page.inputValue('[data-testid="kcscim-tenant"]')) === organization, "the chooser shows the organization");

    // The chooser switches between the realm and the organization.
    await page.selectOption('[data-testid="kcscim-tenant"]', "");
    await page.waitForFunction((url) => document.querySelector("#kcscim-base-url")?.value === url, `${base}/realms/${realm}/provisioning/scim/v2`);
    check(true, "choosing the whole realm shows the realm's base URL");
    await page.selectOption('[data-testid="kcscim-tenant"]', organization);
    await page.waitForFunction((url) => document.querySelector("#kcscim-base-url")?.value === url, orgBase);
    check(!(await page.isChecked('[data-testid="kcscim-enabled"]')), "provisioning is off in the new organization");
    check((await page.locator('[data-testid="kcscim-restrict-domains"]').count()) === 1, "the organization's settings offer the email-domain rule");

    await page.click('label[for="kcscim-enabled"]');
    await page.waitForFunction(() => document.querySelector("#kcscim-enabled-label")?.textContent.includes("is on"));
    check(true, "provisioning is switched on for the organization");
    await page.click('[data-testid="kcscim-create-token"]');
    await page.fill('[data-testid="kcscim-token-name"]', "okta-customer");
    await page.click('[data-testid="kcscim-create-token-submit"]');
    await page.waitForSelector("#kcscim-token-secret");
    const secret = await page.inputValue("#kcscim-token-secret");
    check(/^kcscim_[A-Za-z0-9_-]{43}$/.test(secret), "the organization's new token is shown once");
    check((await scimUsers(secret, orgBase)) === 200, "GET /Users of the organization with its token answers 200");
    check((await scimUsers(secret)) === 401, "the organization's token does not work at the realm's URL");
    await page.click('[data-testid="kcscim-secret-done"]');
    await page.waitForSelector('[data-testid="kcscim-revoke-okta-customer"]');
    if (args.screenshot) {
      await page.screenshot({ path: args.screenshot, fullPage: true });
      check(true, `screenshot written to ${args.screenshot}`);
    }
    console.log("e2e: passed");
    await browser.close();
    process.exit(0);
  }

  // 2. Open Provisioning from the realm's navigation.
  await page.click('[data-testid="nav-provisioning"]');
  await page.waitForSelector("#kcscim-provisioning-page h1");
  check((await page.textContent("#kcscim-provisioning-page h1")).trim() === "Provisioning", "the Provisioning page opens from the navigation");
  const baseUrl = await page.inputValue("#kcscim-base-url");
  check(baseUrl === `${base}/realms/${realm}/provisioning/scim/v2`, `the SCIM base URL is shown (${baseUrl})`);

  if (scenario === "view-only") {
    check(await page.isDisabled('[data-testid="kcscim-enabled"]'), "a view-only admin cannot switch provisioning");
    check((await page.locator('[data-testid="kcscim-create-token"]').count()) === 0, "a view-only admin is offered no Create SCIM token");
    check((await page.locator('[data-testid="kcscim-token-row"]').count()) > 0, "a view-only admin sees the token list");
    check((await page.locator('[data-testid^="kcscim-revoke-"]').count()) === 0, "a view-only admin is offered no Revoke");
    check((await page.textContent("#kcscim-provisioning-page")).includes("View only"), "the page says it is view only");
  } else {
    // 3. Turn provisioning on.
    await page.click('label[for="kcscim-enabled"]');
    await page.waitForFunction(() => document.querySelector("#kcscim-enabled-label")?.textContent.includes("is on"));
    check(await page.isChecked('[data-testid="kcscim-enabled"]'), "provisioning is switched on from the page");

    // 4. Create a token and read it from the page.
    await page.click('[data-testid="kcscim-create-token"]');
    await page.fill('[data-testid="kcscim-token-name"]', "okta-e2e");
    await page.click('[data-testid="kcscim-create-token-submit"]');
    await page.waitForSelector("#kcscim-token-secret");
    const secret = await page.inputValue("#kcscim-token-secret");
    check(/^kcscim_[A-Za-z0-9_-]{43}$/.test(secret), "the new token is shown once");
    check((await page.textContent(".pf-v5-c-modal-box")).includes("will not be shown again"), "the page warns that the token is shown only once");
    await page.click('[data-testid="kcscim-token-secret-copy"]');
    check((await page.evaluate(() => navigator.clipboard.readText())) === secret, "the copy button copies the token");

    // 5. The token works.
    check((await scimUsers(secret)) === 200, "GET /Users with the token from the page answers 200");

    await page.click('[data-testid="kcscim-secret-done"]');
    await page.waitForSelector('[data-testid="kcscim-revoke-okta-e2e"]');
    check(!(await page.textContent("#kcscim-provisioning-page")).includes(secret), "after Done the secret is gone from the page");
    if (args.screenshot) {
      await page.screenshot({ path: args.screenshot, fullPage: true });
      check(true, `screenshot written to ${args.screenshot}`);
    }

    // A user pushed with that token carries the Provisioning marker on its page in the console.
    const pushed = await fetch(`${base}/realms/${realm}/provisioning/scim/v2/Users`, {
      method: "POST",
      headers: { Authorization: `Bearer ${secret}`, "Content-Type": "application/scim+json" },
      body: JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "e2e.user@example.com",
        name: { givenName: "E2E", familyName: "User" }, emails: [{ value: "e2e.user@example.com", primary: true }] }),
    });
    check(pushed.status === 201, "a user is provisioned with the token");
    const pushedId = (await pushed.json()).id;
    await page.goto(`${base}/admin/${loginRealm}/console/#/${realm}/users/${pushedId}/settings`);
    await page.waitForSelector("text=Provisioning (SCIM)");
    check(await page.isVisible("text=Provisioned by SCIM"), "the synced user's page in the console shows the Provisioning marker");
    await page.goto(`${base}/admin/${loginRealm}/console/#/${realm}/provisioning`);
    await page.waitForSelector('[data-testid="kcscim-revoke-okta-e2e"]');

    // 6. Revoke it, with confirmation, and it stops working.
    await page.click('[data-testid="kcscim-revoke-okta-e2e"]');
    await page.click('[data-testid="kcscim-confirm-revoke"]');
    await page.waitForSelector('[data-testid="kcscim-revoke-okta-e2e"]', { state: "detached" });
    check(true, "the token is revoked from the page after confirmation");
    check((await scimUsers(secret)) === 401, "GET /Users with the revoked token answers 401");
  }
  console.log("e2e: passed");
} catch (error) {
  console.log(`not ok - ${error.message}`);
  await page.screenshot({ path: `${args.screenshot || "target/e2e-failure.png"}.failure.png`, fullPage: true }).catch(() => {});
  process.exitCode = 1;
} finally {
  await browser.close();
}
