// Drives the admin console's Provisioning page in headless Chromium against a running Keycloak.
// Run by AdminConsoleIT; prints one "ok - ..." line per checked step and exits non-zero on the first failure.
//
//   node provisioning-page.mjs --base http://localhost:PORT --realm REALM --scenario manage|view-only|no-access|organization|visibility|mapping|sign-in \
//        --login-realm master --user admin --password admin [--organization ID] [--token TOKEN] [--linked ID --unlinked ID] [--screenshot file.png]

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

  if (scenario === "sign-in") {
    // The realm was prepared by AdminConsoleIT: provisioning on, a token (--token), an identity provider "okta", and
    // people provisioned before linking was on: two with an externalId, one without.
    await page.goto(`${base}/admin/${loginRealm}/console/#/${realm}/provisioning`);
    await page.waitForSelector('[data-testid="kcscim-idp-alias"]');
    check((await page.inputValue('[data-testid="kcscim-idp-alias"]')) === "", "linking starts off");
    check((await page.locator('[data-testid="kcscim-idp-alias"] option[value="okta"]').count()) === 1, "the chooser offers the realm's identity provider");
    await page.selectOption('[data-testid="kcscim-idp-alias"]', "okta");
    await page.selectOption('[data-testid="kcscim-idp-subject"]', "externalId");
    await page.click('[data-testid="kcscim-idp-save"]');
    await page.waitForSelector("text=Sign-in settings saved.");
    check(true, "linking to okta is saved from the page");
    check((await page.textContent('[data-testid="kcscim-idp-in-use"]')).includes("linked to the identity provider 'okta'"),
      "the card says what linking now does");
    await page.click('[data-testid="kcscim-link-accounts"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="kcscim-link-report"]')?.textContent.includes("Linked 2, already linked 0, skipped 1"));
    check(true, "Link provisioned accounts links the two with an externalId and reports the one without");
    check((await page.textContent('[data-testid="kcscim-link-report"]')).includes("no externalId"), "the report says why one was skipped");
    if (args.screenshot) {
      await page.locator('[data-testid="kcscim-link-report"]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: args.screenshot });
    }
    check((await page.getAttribute('[data-testid="kcscim-admission-rate"]', "placeholder")).endsWith("(default)"),
      "the request limits card shows the server's defaults");
    await page.fill('[data-testid="kcscim-admission-rate"]', "30");
    await page.fill('[data-testid="kcscim-admission-burst"]', "60");
    await page.click('[data-testid="kcscim-admission-save"]');
    await page.waitForSelector("text=Request limits saved.");
    check(true, "request limits are saved from the page");
    await page.goto(`${base}/admin/${loginRealm}/console/#/${realm}/users/${args.unlinked}/settings`);
    await page.waitForSelector('[data-testid="kcscim-user-link"]');
    check((await page.textContent('[data-testid="kcscim-user-link"]')).includes("no externalId"), "the unlinked user's page says why it has no link");
    await page.goto(`${base}/admin/${loginRealm}/console/#/${realm}/users/${args.linked}/settings`);
    await page.waitForFunction(() => document.querySelector('[data-testid="kcscim-user-link"]')?.textContent.includes('Signs in through "okta"'));
    check(true, "a linked user's page says which identity provider it signs in through");
    if (args.screenshot) {
      await page.screenshot({ path: args.screenshot.replace(/\.png$/, "-user.png") });
      check(true, `screenshots written to ${args.screenshot}`);
    }
    console.log("e2e: passed");
    await browser.close();
    process.exit(0);
  }

  if (scenario === "mapping") {
    // The realm was prepared by AdminConsoleIT: provisioning on, a token (--token), and a User Profile attribute
    // "costCenterCode" that nothing maps yet.
    const scimBase = `${base}/realms/${realm}/provisioning/scim/v2`;
    const extension = "urn:ietf:params:scim:schemas:extension:keycloak:2.0:User";
    const headers = { Authorization: `Bearer ${args.token}`, "Content-Type": "application/scim+json" };
    await page.goto(`${base}/admin/${loginRealm}/console/#/${realm}/provisioning`);
    await page.waitForSelector('[data-testid="kcscim-mapping-add"]');
    check((await page.locator('[data-testid="kcscim-mapping-row"]').count()) === 0, "the Attribute mapping table starts empty");
    await page.click('[data-testid="kcscim-mapping-add"]');
    await page.fill('[data-testid="kcscim-mapping-attribute"]', "costCenterCode");
    await page.dispatchEvent('[data-testid="kcscim-mapping-attribute"]', "change");
    check((await page.inputValue('[data-testid="kcscim-mapping-path"]')) === `${extension}:costCenterCode`,
      "choosing the attribute suggests a path in the Keycloak extension");
    await page.selectOption('[data-testid="kcscim-mapping-direction"]', "both");
    await page.click('[data-testid="kcscim-mapping-save"]');
    await page.waitForSelector("text=Attribute mappings saved.");
    check(true, "the mapping is saved from the page");
    const schema = await (await fetch(`${scimBase}/Schemas/${extension}`, { headers })).json();
    check((schema.attributes || []).some((a) => a.name === "costCenterCode" && a.type === "string"),
      "/Schemas now describes costCenterCode");
    const created = await fetch(`${scimBase}/Users`, { method: "POST", headers, body: JSON.stringify({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", extension], userName: "mapped.user@example.com",
      name: { givenName: "Mapped", familyName: "User" }, emails: [{ value: "mapped.user@example.com", primary: true }],
      [extension]: { costCenterCode: "CC-4711" } }) });
    check(created.status === 201, "a user is provisioned with the mapped attribute");
    const id = (await created.json()).id;
    await page.goto(`${base}/admin/${loginRealm}/console/#/${realm}/users/${id}/settings`);
    await page.waitForFunction(() => [...document.querySelectorAll("input")].some((i) => i.value === "CC-4711"));
    check(true, "the user's page in the console shows the value the identity provider sent");
    await page.goto(`${base}/admin/${loginRealm}/console/#/${realm}/provisioning`);
    await page.waitForSelector('[data-testid="kcscim-mapping-row"]');
    check((await page.inputValue('[data-testid="kcscim-mapping-attribute"]')) === "costCenterCode", "the saved mapping is listed when the page is opened again");
    if (args.screenshot) {
      await page.locator('[data-testid="kcscim-mappings"]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: args.screenshot, fullPage: true });
      check(true, `screenshot written to ${args.screenshot}`);
    }
    console.log("e2e: passed");
    await browser.close();
    process.exit(0);
  }

  if (scenario === "visibility") {
    // The realm was prepared by AdminConsoleIT: users user-00..user-14, the even ones pushed by SCIM with the token
    // "okta", the odd ones made by hand; a team "Visibility team"; one refused SCIM request.
    const calls = [];
    page.on("request", (request) => {
      if (request.url().includes("/provisioning/synced-users")) calls.push(request.url());
    });
    const badgesShown = async () => page.$$eval('main table tr', (rows) => rows
      .filter((row) => row.querySelector('a[href*="/users/"]'))
      .map((row) => `${row.querySelector('a[href*="/users/"]').textContent.trim()}:${row.querySelector('[data-testid="kcscim-synced-badge"]') ? "SCIM" : "-"}`));
    const expectBadges = async (names) => {
      await page.waitForFunction((wanted) => {
        const rows = [...document.querySelectorAll("main table tr")].filter((row) => row.querySelector('a[href*="/users/"]'));
        return rows.length === wanted.length && rows.every((row) => {
          const name = row.querySelector('a[href*="/users/"]').textContent.trim();
          const even = Number(name.slice(5, 7)) % 2 === 0;
          return Boolean(row.querySelector('[data-testid="kcscim-synced-badge"]')) === even;
        });
      }, names);
      return badgesShown();
    };

    await page.goto(`${base}/admin/${loginRealm}/console/#/${realm}/users`);
    await page.waitForSelector('main table a[href*="/users/"]');
    const first = await expectBadges(Array.from({ length: 10 }, (_, i) => i));
    check(first.join(" ") === "user-00@example.com:SCIM user-01@example.com:- user-02@example.com:SCIM user-03@example.com:- user-04@example.com:SCIM "
      + "user-05@example.com:- user-06@example.com:SCIM user-07@example.com:- user-08@example.com:SCIM user-09@example.com:-",
      `page 1 of the Users list: a SCIM badge on each synced user and none on users made by hand (${first.join(" ")})`);
    const tip = await page.getAttribute('[data-testid="kcscim-synced-badge"]', "title");
    check(tip.includes('token "okta"'), `the badge's tooltip names the token: ${tip}`);
    if (args.screenshot) {
      await page.screenshot({ path: args.screenshot.replace(/\.png$/, "-users.png"), fullPage: true });
      check(true, "screenshot of the Users list with badges written");
    }
    check(calls.length === 1, `page 1 cost one admin API call for the badges (${calls.length})`);

    await page.locator('button[aria-label="Go to next page"]').first().click();
    const second = await expectBadges(Array.from({ length: 5 }, (_, i) => i));
    check(second.join(" ") === "user-10@example.com:SCIM user-11@example.com:- user-12@example.com:SCIM user-13@example.com:- user-14@example.com:SCIM",
      `page 2 after paging: badges only on synced users (${second.join(" ")})`);
    check(calls.length === 2, `page 2 cost one more call (${calls.length})`);
    await page.locator('button[aria-label="Go to previous page"]').first().click();
    await expectBadges(Array.from({ length: 10 }, (_, i) => i));
    check(calls.length === 2, `back on page 1, the badges cost no call (${calls.length})`);

    // Searching re-renders the list; the badge stays right.
    await page.fill('main input[placeholder*="Search"]', "user-03");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => [...document.querySelectorAll("main table tr")].filter((r) => r.querySelector('a[href*="/users/"]')).length === 1);
    check((await badgesShown()).join(" ") === "user-03@example.com:-", "after a search, the user made by hand still has no badge");

    // The Provisioning page: activity (a success and a refused request) and the teams overview.
    await page.goto(`${base}/admin/${loginRealm}/console/#/${realm}/provisioning`);
    await page.waitForSelector('[data-testid="kcscim-activity-row"]');
    const statuses = await page.$$eval('[data-testid="kcscim-activity-row"]', (rows) => rows.map((r) => Number(r.dataset.status)));
    check(statuses.includes(201) && statuses.includes(409), `the activity log shows a request that succeeded and one that failed (${[...new Set(statuses)].join(", ")})`);
    check((await page.textContent('[data-testid="kcscim-activity"]')).includes("already exists"), "the failed request's SCIM detail is shown");
    await page.click('label[for="kcscim-activity-errors"]');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="kcscim-activity-row"]')].every((r) => Number(r.dataset.status) >= 400));
    check(true, "Errors only leaves only the failed requests");
    await page.waitForSelector('[data-testid="kcscim-team-row"]');
    const team = await page.textContent('[data-testid="kcscim-team-row"] td[data-label="Team"]');
    const members = await page.textContent('[data-testid="kcscim-team-row"] td[data-label="Members"]');
    check(team.trim() === "Visibility team" && members.trim() === "3", `the teams overview shows the team and its members (${team.trim()}: ${members.trim()})`);
    const href = await page.getAttribute('[data-testid="kcscim-team-link"]', "href");
    check(/#\/[^/]+\/groups\/[^/]+\/[^/]+$/.test(href), `the team links to its group in the console (${href})`);
    if (args.screenshot) {
      await page.locator('[data-testid="kcscim-activity"]').scrollIntoViewIfNeeded();
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
