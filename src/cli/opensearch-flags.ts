// The OpenSearch connection flags, shared by every command that talks to OpenSearch
// (`aggregate --source opensearch`, `aggregate --sink opensearch`, `generate
// --to-opensearch`):
//
//   addOpenSearchFlags(command)                 adds --os-url, --os-user, --os-password,
//                                               --os-ca, --os-insecure, --index-prefix
//   openSearchConnection(flags, "--source opensearch")
//                                               -> { url, user?, password?, caFile?, insecure? }
//                                               for createOpenSearchClient (src/opensearch/client.ts);
//                                               a UsageError naming the flag when --os-url is missing
//
// --os-url defaults to $OPENSEARCH_URL; user and password also come from
// $OPENSEARCH_USER / $OPENSEARCH_PASSWORD (read by the client), so that a password
// need not be on the command line.

import type { Command } from "commander";
import { UsageError } from "../model/errors.js";
import type { OpenSearchConnection } from "../opensearch/client.js";

export interface OpenSearchFlags {
  osUrl?: string;
  osUser?: string;
  osPassword?: string;
  osCa?: string;
  osInsecure?: boolean;
  /** The instance's index prefix (invenio-search's SEARCH_INDEX_PREFIX), "" by default. */
  indexPrefix: string;
}

export function addOpenSearchFlags(command: Command): Command {
  return command
    .option("--os-url <url>", "OpenSearch URL, http(s)://host:port (default: $OPENSEARCH_URL)")
    .option("--os-user <name>", "OpenSearch user (default: $OPENSEARCH_USER)")
    .option("--os-password <password>", "OpenSearch password (default: $OPENSEARCH_PASSWORD)")
    .option("--os-ca <file>", "PEM file of the CA that signed OpenSearch's certificate")
    .option("--os-insecure", "accept any OpenSearch certificate (test clusters only; a warning on stderr says so)", false)
    .option("--index-prefix <prefix>", "index prefix of the instance (SEARCH_INDEX_PREFIX)", "");
}

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
  process.stderr.write("usage-delta: warning: --os-insecure: OpenSearch's TLS certificate is not checked; anyone on the way can read or change what is sent, the password included\n");
}
