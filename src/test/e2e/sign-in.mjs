// Signs a person in to a realm's account console through an identity provider, in headless Chromium, as the
// person would: the login page's identity-provider button (or, for an organization, the email on Keycloak's
// identity-first page), then the identity provider's own login form. Run by SignInIT.
//
//   node sign-in.mjs --base URL --realm REALM (--idp ALIAS | --email EMAIL) --user U --password P --name "Full Name" \
//        --expect account|disabled [--screenshot file.png]
//
// Prints "outcome: account" (the account console of the account, no first-broker-login page), "outcome: disabled"
// (Keycloak refused the sign-in: the account is disabled) or "outcome: first-broker-login" (Keycloak asked the
// person to review, create or link an account), and exits non-zero unless the outcome is the expected one.

import { chromium } from "playwright-core";

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, value, i, all) => {
  if (value.startsWith("--")) pairs.push([value.slice(2), all[i + 1]]);
  return pairs;
}, []));
const { base, realm, idp, email, user, password, name, expect, screenshot } = args;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
page.setDefaultTimeout(30000);
let outcome = "unknown";
// The page's text, shortened, for a sign-in that went wrong.
const pageText = async () => (await page.textContent("body").catch(() => "")).slice(0, 2000);
try {
  await page.goto(`${base}/realms/${realm}/account/`);
  if (email) {
    // An organization's login asks for the email first and sends the person to the identity provider of its domain.
    await page.waitForSelector("#username");
    await page.fill("#username", email);
    await page.click("#kc-login");
  } else {
    await page.click(`#social-${idp}`);
  }
  // Keycloak may refuse a disabled account it knows by the email before sending the person on. One predicate
  // decides between that and the identity provider's form (a password field on a page outside this realm, since
  // this realm's own login page has one too). It reads the body null-safely: while the browser moves from one
  // page to the next there is a moment with no body, and a predicate that throws ends the wait.
  const firstStop = await (await page.waitForFunction((ownRealm) => {
    if (document.querySelector("#password") && !location.pathname.startsWith(ownRealm)) return "form";
    return /account is disabled/i.test(document.body?.innerText ?? "") ? "disabled" : false;
  }, `/realms/${realm}/`)).jsonValue();
  if (firstStop !== "disabled") {
    console.log(`at the identity provider: ${new URL(page.url()).pathname}`);
    await page.fill("#username", user);
    await page.fill("#password", password);
    await page.click("#kc-login");
  }

  const accountConsole = `${base}/realms/${realm}/account`;
  outcome = await Promise.any([
    page.waitForFunction(([prefix, text]) => location.href.startsWith(prefix) && (document.body?.innerText ?? "").includes(text),
      [accountConsole, name]).then(() => "account"),
    page.waitForFunction(() => /account is disabled/i.test(document.body?.innerText ?? "")).then(() => "disabled"),
    page.waitForFunction(() => /account already exists|update account information|link account|review profile/i
      .test(document.body?.innerText ?? "")).then(() => "first-broker-login"),
  ]).catch(() => "timeout");
  if (outcome === "account") {
    // The console has rendered the account's own data once the heading of its first page is there.
    await page.waitForLoadState("networkidle").catch(() => {});
  }
  console.log(`outcome: ${outcome}`);
  console.log(`landed at: ${new URL(page.url()).pathname}`);
  if (outcome === "timeout") {
    // What the page said instead, so that a sign-in that ends nowhere expected can be told apart from a slow one.
    console.log(await pageText());
  }
  if (screenshot) await page.screenshot({ path: screenshot });
} catch (e) {
  console.log(`failed at ${page.url()}: ${e.message}`);
  console.log(await pageText());
} finally {
  await browser.close();
}
process.exit(outcome === expect ? 0 : 1);
