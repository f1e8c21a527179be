import { type IAspect, TerraformProvider, TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import { PROVIDER_PINS } from "./provider-pins";

/**
 * Aspect that rewrites `terraform.required_providers` of every stack it visits to fully qualified sources with
 * pessimistic constraints. Add it to your own stacks with `Aspects.of(stack).add(new ProviderPinning())`.
 */
export class ProviderPinning implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof TerraformProvider)) return;
    const name = node.terraformResourceType;
    const pin = PROVIDER_PINS[name];
    if (!pin) {
      throw new Error(`provider "${name}" has no entry in PROVIDER_PINS; add its source and version constraint there`);
    }
    TerraformStack.of(node).addOverride(`terraform.required_providers.${name}`, { source: pin.source, version: pin.version });
  }
}
