// Parsers for flag values: each names its flag in the message when the value is wrong.

import { InvalidArgumentError } from "commander";

export function positiveInteger(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`${flag} takes a whole number of at least 1, not "${value}"`);
    return n;
  };
}

export function nonNegativeNumber(flag: string, max = Infinity) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0 || n > max) throw new InvalidArgumentError(`${flag} takes a number from 0 to ${max}, not "${value}"`);
    return n;
  };
}

export function oneOf<T extends string>(flag: string, choices: readonly T[]) {
  return (value: string): T => {
    if (!(choices as readonly string[]).includes(value)) throw new InvalidArgumentError(`${flag} takes one of ${choices.join(", ")}, not "${value}"`);
    return value as T;
  };
}

export function day(flag: string) {
  return (value: string): string => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new InvalidArgumentError(`${flag} takes a UTC day as YYYY-MM-DD, not "${value}"`);
    return value;
  };
}

export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** A size in bytes: a number with an optional K, M, G or T suffix (powers of 1024). */
export function byteSize(flag: string) {
  return (value: string): number => {
    const m = /^(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?$/i.exec(value.trim());
    if (m === null) throw new InvalidArgumentError(`${flag} takes a size such as 512M or 2G, not "${value}"`);
    const power = " KMGT".indexOf(m[2].toUpperCase() || " ");
    return Math.floor(Number(m[1]) * 1024 ** power);
  };
}
