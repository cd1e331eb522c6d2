// Every backend, at every thread count and chunk size, gives exactly the documents and
// rejects of the reference implementation: on random datasets and on hand-made cases.

import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { datasetArbitrary, optionsArbitrary } from "../reference/dataset-arbitrary.js";
import { REFERENCE_CASES } from "../reference/cases.js";
import { referenceAggregate } from "../reference/reference-aggregate.js";
import { ENGINE_SETUPS, EngineRunner, withoutTimestamps } from "../support/engine-runner.js";

const runner = new EngineRunner();
afterAll(() => runner.close());

const chunkSizeArbitrary = fc.oneof(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 100_000 }));

describe("backends match the reference implementation", () => {
  for (const setup of ENGINE_SETUPS) {
    it(`${setup.name}: random datasets, random chunk sizes`, async () => {
      await fc.assert(
        fc.asyncProperty(datasetArbitrary({ invalid: true }), optionsArbitrary, chunkSizeArbitrary, async (input, options, chunkSize) => {
          const expected = referenceAggregate(input, options);
          const actual = await runner.run(input, options, setup, chunkSize);
          expect(withoutTimestamps(actual.documents)).toEqual(withoutTimestamps(expected.documents));
          expect(actual.rejects).toEqual(expected.rejects);
        }),
        { numRuns: setup.backend === "memory" ? 150 : 60 },
      );
    });
    it(`${setup.name}: busy records (many events per group key), random chunk sizes`, async () => {
      await fc.assert(
        fc.asyncProperty(datasetArbitrary({ busy: true }), optionsArbitrary, chunkSizeArbitrary, async (input, options, chunkSize) => {
          const expected = referenceAggregate(input, options);
          const actual = await runner.run(input, options, setup, chunkSize);
          expect(withoutTimestamps(actual.documents)).toEqual(withoutTimestamps(expected.documents));
        }),
        { numRuns: setup.backend === "memory" ? 60 : 25 },
      );
    });
  }
});

describe("hand-made cases", () => {
  for (const testCase of REFERENCE_CASES) {
    for (const setup of [ENGINE_SETUPS[0], ENGINE_SETUPS[2], ENGINE_SETUPS[6]]) {
      it(`${testCase.name} (${setup.name})`, async () => {
        for (const chunkSize of [1, 3, 50_000]) {
          const actual = await runner.run(testCase.input, testCase.options ?? {}, setup, chunkSize);
          testCase.check({ documents: actual.documents, rejects: actual.rejects });
        }
      });
    }
  }
});
