// The page's own access token for the admin API. The console keeps its token private, so the page gets one the
// same way the console does: an authorization-code flow with PKCE for the console's client, done silently
// (prompt=none) in a hidden iframe, since the administrator already has a session. Refresh tokens keep it fresh.

export const environment = JSON.parse(document.getElementById("environment").textContent);

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

export async function accessToken() {
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
