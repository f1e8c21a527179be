import { ref, TerraformElement, TerraformStack, Token } from "cdktf";
import type { Construct } from "constructs";

/**
 * An `ephemeral` block (Terraform ≥ 1.10): opened during plan and apply, never written to state or plan files.
 * cdktf 0.21 and its prebuilt provider bindings have no ephemeral resources (the project was archived before they
 * gained them), so this element writes the block itself; `config` is in Terraform's own (snake_case) argument names.
 * Its attributes may only flow into write-only arguments (`*_wo`), provider configurations and other ephemeral blocks.
 */
export class EphemeralResource extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    readonly resourceType: string,
    private readonly config: Record<string, unknown>,
  ) {
    super(scope, id, `ephemeral.${resourceType}`);
  }

  /** A reference to one of its attributes. */
  attribute(name: string): string {
    return Token.asString(ref(`ephemeral.${this.resourceType}.${this.friendlyUniqueId}.${name}`, TerraformStack.of(this)));
  }

  override toTerraform(): Record<string, unknown> {
    return { ephemeral: { [this.resourceType]: { [this.friendlyUniqueId]: { ...this.config, ...this.rawOverrides } } } };
  }

  /**
   * cdktf 0.21's HCL renderer knows no `ephemeral` top-level block and drops it silently (measured with
   * Testing.synthHcl), leaving references to undeclared resources: fail loudly instead.
   */
  override toHclTerraform(): Record<string, unknown> {
    throw new Error(
      `ephemeral.${this.resourceType}: cdktf's HCL output (synth --hcl) cannot express ephemeral blocks; synthesize JSON (the default)`,
    );
  }
}
