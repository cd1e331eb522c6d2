// Flags as tables: each command lists its flags once, keyed by the name commander gives
// the value (`--chunk-size` -> chunkSize), and both its commander options and the type of
// its parsed flags come from that list. A flag with a default is always set; one without
// may be undefined; the value's type is the parser's, the choices', a list for `<x...>`,
// a string for `<x>`, else a boolean.

import { Option, type Command } from "commander";

export interface FlagSpec {
  /** commander's flag text: `--name <value>`, `--name <values...>`, `--switch`. */
  readonly flags: string;
  readonly description: string;
  readonly choices?: readonly string[];
  readonly parse?: (value: string, previous: never) => unknown;
  readonly default?: unknown;
  /** How --help shows the default, instead of the value. */
  readonly defaultText?: string;
  readonly required?: true;
}

export type FlagTable = Readonly<Record<string, FlagSpec>>;

type ArgValue<S extends string> = S extends `${string}...>` ? string[] : S extends `${string}<${string}>` ? string : boolean;
type FlagValue<F extends FlagSpec> = F extends { parse: (...args: never[]) => infer R }
  ? R
  : F extends { choices: readonly (infer C)[] }
    ? C
    : ArgValue<F["flags"]>;
type Always<F extends FlagSpec> = F extends { default: unknown } ? true : F extends { required: true } ? true : false;

/** The parsed flags of a table. */
export type FlagValues<T extends FlagTable> = { -readonly [K in keyof T as Always<T[K]> extends true ? K : never]: FlagValue<T[K]> } & {
  -readonly [K in keyof T as Always<T[K]> extends true ? never : K]?: FlagValue<T[K]>;
};

/** Adds the table's flags to the command, in table order. */
export function addFlags(command: Command, table: FlagTable): Command {
  for (const [key, spec] of Object.entries(table)) {
    const option = new Option(spec.flags, spec.description);
    if (spec.choices !== undefined) option.choices(spec.choices);
    if (spec.parse !== undefined) option.argParser(spec.parse as (value: string, previous: unknown) => unknown);
    if ("default" in spec) option.default(spec.default, spec.defaultText);
    if (spec.required === true) option.makeOptionMandatory();
    // The key is the value's name: a table that says otherwise is a bug of the table.
    if (option.attributeName() !== key) throw new Error(`flag table: ${spec.flags} is read as ${option.attributeName()}, not ${key}`);
    command.addOption(option);
  }
  return command;
}
