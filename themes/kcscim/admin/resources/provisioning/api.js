// Calls to the admin REST API with the page's token: the extension's own (/provisioning/...) and Keycloak's.

import { accessToken, environment } from "./token.js";

export async function api(realm, method, path, body) {
  return adminCall(realm, method, `/provisioning${path}`, body);
}

export async function adminCall(realm, method, path, body) {
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

/** The realm's organizations, or none when the realm has them off or the admin may not list them. */
export async function organizationsOf(realm) {
  try {
    const list = await adminCall(realm, "GET", "/organizations?briefRepresentation=true&first=0&max=500");
    return Array.isArray(list) ? list : [];
  } catch (e) {
    return [];
  }
}
