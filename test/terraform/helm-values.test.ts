import { Fn, TerraformStack, TerraformVariable, Testing, Token } from "cdktf";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderHelmValues, separateTokens } from "../../src/terraform/helm-values";

describe("Helm values with Terraform references", () => {
  const stack = new TerraformStack(Testing.app(), "values");
  const role = new TerraformVariable(stack, "role_arn", { type: "string" }).stringValue;

  it("keep references out of the large document, where cdktf would scan megabytes per reference", () => {
    const values = {
      rules: { big: { groups: [{ name: "a", rules: [{ alert: "A", expr: "up == 0" }] }] } },
      serviceAccount: { annotations: { "eks.amazonaws.com/role-arn": role }, create: true },
      dataSources: [{ name: "cloudwatch", roleArn: role }],
    };
    const [plain, withTokens] = separateTokens(values);
    expect(plain).toEqual({ rules: values.rules, serviceAccount: { create: true } });
    expect(withTokens).toEqual({
      serviceAccount: { annotations: { "eks.amazonaws.com/role-arn": role } },
      dataSources: values.dataSources,
    });
    expect(Token.isUnresolved(renderHelmValues(plain as object))).toBe(false);
  });

  it("return one document when nothing holds a reference", () => {
    expect(separateTokens({ a: { b: 1 } })).toEqual([{ a: { b: 1 } }]);
  });

  it("escape Terraform template sequences but not cdktf references", () => {
    const text = renderHelmValues({ otel: "${env:MY_POD_IP}:4317", percent: "%{x}", ref: Fn.upper(role) });
    const doc = parse(text);
    expect(doc.otel).toBe("$${env:MY_POD_IP}:4317");
    expect(doc.percent).toBe("%%{x}");
    expect(Token.isUnresolved(doc.ref)).toBe(true);
  });
});
