// The composable index template of the usage-delta indices: the dashboard's template
// (mapping, alias, priority), installed by the sink when no template covers the indices
// yet, so that the first yearly index is created with the strict mapping and the alias.

import type { Client } from "@opensearch-project/opensearch";
import { toOpenSearchError } from "./opensearch-errors.js";
import { NO_CLIENT_RETRY, retryOpenSearch } from "./retry-request.js";
import { searchTarget } from "./search-target.js";
import { usageDeltaMappings, type UsageDeltaMappings } from "./usage-delta-mappings.js";
import { usageDeltaAlias, usageDeltaIndexPattern, usageDeltaTemplateName } from "./usage-delta-names.js";

export interface UsageDeltaTemplateOptions {
  /** Index prefix of the instance (invenio-search's SEARCH_INDEX_PREFIX), often "". */
  prefix?: string;
  /** Index settings; the defaults are the reference template's. */
  shards?: number;
  replicas?: number;
  refreshInterval?: string;
}

export interface UsageDeltaTemplate {
  index_patterns: string[];
  template: {
    settings: { index: { refresh_interval: string; number_of_shards: number; number_of_replicas: number } };
    mappings: UsageDeltaMappings;
    aliases: Record<string, Record<string, never>>;
  };
  priority: number;
  version: number;
  _meta: { description: string };
}

/** The reference template's settings. */
export const USAGE_DELTA_TEMPLATE_DEFAULTS = { prefix: "", shards: 1, replicas: 1, refreshInterval: "5s" } as const;

export function usageDeltaTemplate(options: UsageDeltaTemplateOptions = {}): UsageDeltaTemplate {
  const o = { ...USAGE_DELTA_TEMPLATE_DEFAULTS, ...definedOnly(options) };
  return {
    index_patterns: [usageDeltaIndexPattern(o.prefix)],
    template: {
      settings: { index: { refresh_interval: o.refreshInterval, number_of_shards: o.shards, number_of_replicas: o.replicas } },
      mappings: usageDeltaMappings(),
      aliases: { [usageDeltaAlias(o.prefix)]: {} },
    },
    priority: 100,
    version: 1,
    _meta: {
      description: "Counts of community record and file usage between two dates, including subcounts based on several record metadata fields.",
    },
  };
}

export interface TemplateInstall {
  /** False when a template covering the indices was there already. */
  installed: boolean;
  name: string;
}

/**
 * Installs the template unless one already covers the indices (the dashboard's own, under
 * whatever name, or ours from an earlier run): theirs wins, ours never replaces it.
 */
export async function ensureUsageDeltaTemplate(client: Client, options: UsageDeltaTemplateOptions = {}): Promise<TemplateInstall> {
  const prefix = options.prefix ?? "";
  const pattern = usageDeltaIndexPattern(prefix);
  const existing = await findTemplateCovering(client, pattern);
  if (existing !== undefined) return { installed: false, name: existing };
  const name = usageDeltaTemplateName(prefix);
  try {
    // `create`: never replace a template someone installed meanwhile.
    await retryOpenSearch(searchTarget(client, name), () =>
      client.indices.putIndexTemplate({ name, create: true, body: usageDeltaTemplate(options) }, NO_CLIENT_RETRY),
    );
    return { installed: true, name };
  } catch (error) {
    const raced = await findTemplateCovering(client, pattern);
    if (raced !== undefined) return { installed: false, name: raced };
    throw toOpenSearchError(error, searchTarget(client, name));
  }
}

/** The name of a composable or legacy template whose patterns include `pattern`. */
async function findTemplateCovering(client: Client, pattern: string): Promise<string | undefined> {
  const composable = await retryOpenSearch(searchTarget(client), () => client.indices.getIndexTemplate({}, { ...NO_CLIENT_RETRY, ignore: [404] }));
  const templates = (composable.body as { index_templates?: { name: string; index_template: { index_patterns: string | string[] } }[] }).index_templates ?? [];
  for (const { name, index_template } of templates) {
    if (([] as string[]).concat(index_template.index_patterns).includes(pattern)) return name;
  }
  const legacy = await retryOpenSearch(searchTarget(client), () => client.indices.getTemplate({}, { ...NO_CLIENT_RETRY, ignore: [404] }));
  for (const [name, template] of Object.entries(legacy.body as Record<string, { index_patterns?: string[] }>)) {
    if ((template.index_patterns ?? []).includes(pattern)) return name;
  }
  return undefined;
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
