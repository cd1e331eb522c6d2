// The indices of one load into OpenSearch: the templates installed first, each index
// created on its first document with refreshes off (a refresh per second would make
// segments of a few documents each while millions arrive), and at the end the
// template's refresh interval back and one refresh, so that everything is searchable.

import type { Client } from "@opensearch-project/opensearch";
import { callOpenSearch } from "../opensearch/opensearch-errors.js";
import type { IndexTemplate } from "./opensearch-templates.js";

const LOADING_SETTINGS = { refresh_interval: "-1", "translog.durability": "async" } as const;
const SERVING_SETTINGS = { refresh_interval: "5s", "translog.durability": "request" } as const;

export class LoadIndices {
  private readonly created = new Map<string, Promise<void>>();

  constructor(
    private readonly client: Client,
    private readonly url: string,
  ) {}

  async installTemplate(name: string, template: IndexTemplate): Promise<void> {
    // Through the transport: the template is a plain JSON document, whatever the client's typings say.
    const request = { method: "PUT", path: `/_index_template/${encodeURIComponent(name)}`, body: { ...template } };
    await callOpenSearch({ url: this.url, index: name }, () => this.client.transport.request(request));
  }

  /** Creates the index once (its template gives mapping and alias); `body` for indices without a template. */
  ensure(index: string, body: { settings?: { index?: object } } & Record<string, unknown> = {}): Promise<void> {
    let done = this.created.get(index);
    if (done === undefined) {
      done = this.create(index, body);
      this.created.set(index, done);
    }
    return done;
  }

  get names(): string[] {
    return [...this.created.keys()];
  }

  /** Refreshes back on (the template's interval), then one refresh of every index. */
  async finish(): Promise<void> {
    const names = this.names;
    if (names.length === 0) return;
    const target = { url: this.url, index: names.join(",") };
    await Promise.allSettled(this.created.values());
    await callOpenSearch(target, () => this.client.indices.putSettings({ index: names, body: { index: SERVING_SETTINGS } }));
    await callOpenSearch(target, () => this.client.indices.refresh({ index: names }));
  }

  private async create(index: string, body: { settings?: { index?: object } } & Record<string, unknown>): Promise<void> {
    const target = { url: this.url, index };
    const settings = { index: { ...body.settings?.index, ...LOADING_SETTINGS } };
    const exists = await callOpenSearch(target, () => this.client.indices.exists({ index }));
    if (exists.body === true) {
      // A second load into the same indices: the documents have the same ids, they replace the first.
      await callOpenSearch(target, () => this.client.indices.putSettings({ index, body: { index: LOADING_SETTINGS } }));
      return;
    }
    const request = { method: "PUT", path: `/${encodeURIComponent(index)}`, body: { ...body, settings } };
    await callOpenSearch(target, () => this.client.transport.request(request));
  }
}
