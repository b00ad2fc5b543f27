import type * as pulumi from "@pulumi/pulumi";

/** Every field of `T` as a program may write it: a plain value or an Output. */
export type Inputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };
