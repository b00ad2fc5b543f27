import { ProgramError } from "../core/program-error";

/** Two retention policies of one program over the same package: they would undo each other's plan. */
export class OverlappingPoliciesError extends ProgramError {
  override readonly name = "OverlappingPoliciesError";

  constructor(
    /** The policy declared first. */
    readonly policy: string,
    /** The policy declared second. */
    readonly otherPolicy: string,
    /** "container package api of org acme". */
    readonly subject: string,
  ) {
    super(
      `Retention policies ${policy} and ${otherPolicy} both manage ${subject}; one version would be deleted by one ` +
        "and restored or re-declared by the other on alternate runs. Merge their rules into one policy, or remove one.",
    );
  }
}

/**
 * A PackageVersion declared after a retention policy had already planned (in code that runs after
 * an await), for a version that policy declared as its own child.
 */
export class LateVersionDeclarationError extends ProgramError {
  override readonly name = "LateVersionDeclarationError";

  constructor(
    /** The PackageVersion's resource name. */
    readonly resourceName: string,
    readonly policy: string,
    /** The policy's child that manages the same version. */
    readonly child: string,
    /** "version sha256:07 (id 7) of container package images of org acme". */
    readonly subject: string,
  ) {
    super(
      `PackageVersion ${resourceName} selects ${subject}, which retention policy ${policy} already manages as ${child}: ` +
        `${resourceName} was declared after the policy planned. Declare it before the program's first await (policies ` +
        "leave alone the versions declared by then), or remove it and let the policy manage the version.",
    );
  }
}
