// The OpenSearch connection flags, shared by every command that talks to OpenSearch
// (`aggregate --source opensearch`, `aggregate --sink opensearch`, `generate
// --to-opensearch`):
//
//   ...OPENSEARCH_FLAGS in a command's flag table  --os-url, --os-user, --os-password,
//                                               --os-ca, --os-insecure, --index-prefix
//   openSearchConnection(flags, "--source opensearch")
//                                               -> { url, user?, password?, caFile?, insecure? }
//                                               for createOpenSearchClient (src/opensearch/client.ts);
//                                               a UsageError naming the flag when --os-url is missing
//
// --os-url defaults to $OPENSEARCH_URL; user and password also come from
// $OPENSEARCH_USER / $OPENSEARCH_PASSWORD (read by the client), so that a password
// need not be on the command line.

import type { Client } from "@opensearch-project/opensearch";
import { UsageError } from "../model/errors.js";
import type { OpenSearchConnection } from "../opensearch/client.js";
import type { FlagValues } from "./flag-table.js";

export const OPENSEARCH_FLAGS = {
  osUrl: { flags: "--os-url <url>", description: "OpenSearch URL, http(s)://host:port (default: $OPENSEARCH_URL)" },
  osUser: { flags: "--os-user <name>", description: "OpenSearch user (default: $OPENSEARCH_USER)" },
  osPassword: { flags: "--os-password <password>", description: "OpenSearch password (default: $OPENSEARCH_PASSWORD)" },
  osCa: { flags: "--os-ca <file>", description: "PEM file of the CA that signed OpenSearch's certificate" },
  osInsecure: { flags: "--os-insecure", description: "accept any OpenSearch certificate (test clusters only; a warning on stderr says so)", default: false },
  /** The instance's index prefix (invenio-search's SEARCH_INDEX_PREFIX), "" by default. */
  indexPrefix: { flags: "--index-prefix <prefix>", description: "index prefix of the instance (SEARCH_INDEX_PREFIX)", default: "" },
} as const;

export type OpenSearchFlags = FlagValues<typeof OPENSEARCH_FLAGS>;

/** The connection the flags describe; `usedBy` names the flag that needs it, for the message. */
export function openSearchConnection(flags: OpenSearchFlags, usedBy: string, env: NodeJS.ProcessEnv = process.env): OpenSearchConnection {
  const url = flags.osUrl ?? env.OPENSEARCH_URL;
  if (url === undefined || url === "") throw new UsageError(`${usedBy} needs --os-url URL (or $OPENSEARCH_URL)`);
  if (flags.osInsecure === true) warnInsecureOnce();
  return { url, user: flags.osUser, password: flags.osPassword, caFile: flags.osCa, insecure: flags.osInsecure === true };
}

let insecureWarned = false;

/** --os-insecure turns off what keeps the password and the data private: said once per run. */
function warnInsecureOnce(): void {
  if (insecureWarned) return;
  insecureWarned = true;
  process.stderr.write(
    "usage-delta: warning: --os-insecure: OpenSearch's TLS certificate is not checked; anyone on the way can read or change what is sent, the password included\n",
  );
}

/** A command's one cluster, connected (and checked) on the first call; `close` ends it if it was. */
export function lazyCluster(flags: OpenSearchFlags, usedBy: string): { get(): Promise<Client>; close(): Promise<void> } {
  let client: Promise<Client> | undefined;
  return {
    get: () => (client ??= import("../opensearch/connect.js").then(({ connectOpenSearch }) => connectOpenSearch(openSearchConnection(flags, usedBy)))),
    close: async () => {
      await (await client?.catch(() => undefined))?.close();
    },
  };
}
