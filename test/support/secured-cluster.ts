// Helpers for the tests against the secured test OpenSearch (TLS + basic authentication,
// see test/setup/secured-opensearch.ts): an admin client, users and roles made through the
// security plugin's REST API, and the role README documents for usage-delta (read from
// README, so that the role the tests run with is the one operators are told to create).

import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Client } from "@opensearch-project/opensearch";
import { securedOpenSearch } from "./opensearch.js";

const NO_SERVER = { url: "https://no-secured-opensearch-for-tests.invalid:9200", caFile: "", user: "", password: "" };

/** The secured server (a placeholder when there is none, for a skipped describe body). */
export function securedNode(): { url: string; caFile: string; user: string; password: string } {
  return securedOpenSearch() ?? NO_SERVER;
}

export function makeAdminClient(): Client {
  const node = securedNode();
  return new Client({
    node: node.url,
    auth: { username: node.user, password: node.password },
    ssl: node.caFile === "" ? undefined : { ca: readFileSync(node.caFile) },
    requestTimeout: 30_000,
  });
}

/** A password the security plugin accepts (long, mixed, not like the user name). */
export function newPassword(): string {
  return `Pw-${randomBytes(12).toString("base64url")}-9x`;
}

export interface RoleGrants {
  /** Read on the event, record and membership indices. */
  read: boolean;
  /**
   * Write on the usage-delta, bookmark and lock indices (read there is always granted);
   * "bookkeeping": on the bookmark and lock indices only, not on the documents' indices.
   */
  write: boolean | "bookkeeping";
}

interface Role {
  cluster_permissions: string[];
  index_permissions: { index_patterns: string[]; allowed_actions: string[] }[];
}

const WRITE_ACTIONS = ["write", "create_index", "manage_aliases", "indices:admin/refresh*"];
const WRITE_CLUSTER_ACTIONS = ["indices:admin/index_template/put", "indices:data/write/bulk"];

/** The example role of README's "A secured cluster" section (the body of its curl -d '...'). */
function readmeRole(): Role {
  const readme = readFileSync(join(import.meta.dirname, "..", "..", "README.md"), "utf8");
  const body = /roles\/usage-delta -d '(\{[\s\S]*?\})'/.exec(readme)?.[1];
  if (body === undefined) throw new Error("README has no example role for usage-delta (roles/usage-delta -d '...')");
  return JSON.parse(body) as Role;
}

/**
 * README's role for usage-delta, for an index prefix; `grants` takes parts away for the
 * tests of a user who lacks them.
 */
export function usageDeltaRole(prefix: string, grants: RoleGrants = { read: true, write: true }): Role {
  const role = readmeRole();
  const without = (actions: string[], taken: string[]) => actions.filter((action) => !taken.includes(action));
  const index_permissions = role.index_permissions.flatMap((entry) => {
    const patterns = entry.index_patterns;
    if (patterns.includes("events-stats-*")) return grants.read ? [entry] : [];
    if (grants.write === true) return [entry];
    if (grants.write === false) return [{ ...entry, allowed_actions: without(entry.allowed_actions, WRITE_ACTIONS) }];
    const documents = patterns.filter((pattern) => pattern.startsWith("stats-community-usage-delta"));
    return [
      { index_patterns: documents, allowed_actions: without(entry.allowed_actions, WRITE_ACTIONS) },
      { index_patterns: without(patterns, documents), allowed_actions: entry.allowed_actions },
    ];
  });
  return {
    cluster_permissions: grants.write === false ? without(role.cluster_permissions, WRITE_CLUSTER_ACTIONS) : role.cluster_permissions,
    index_permissions: index_permissions.map((entry) => ({ ...entry, index_patterns: entry.index_patterns.map((pattern) => `${prefix}${pattern}`) })),
  };
}

/** Creates (or replaces) a role and one user who has only that role. */
export async function createUserWithRole(admin: Client, user: string, password: string, role: Role): Promise<void> {
  const api = "/_plugins/_security/api";
  await admin.transport.request({ method: "PUT", path: `${api}/roles/${user}-role`, body: role });
  await admin.transport.request({ method: "PUT", path: `${api}/internalusers/${user}`, body: { password, backend_roles: [] } });
  await admin.transport.request({ method: "PUT", path: `${api}/rolesmapping/${user}-role`, body: { users: [user] } });
}

export async function deleteUserWithRole(admin: Client, user: string): Promise<void> {
  const api = "/_plugins/_security/api";
  for (const path of [`${api}/rolesmapping/${user}-role`, `${api}/internalusers/${user}`, `${api}/roles/${user}-role`]) {
    await admin.transport.request({ method: "DELETE", path }).catch(() => {});
  }
}
