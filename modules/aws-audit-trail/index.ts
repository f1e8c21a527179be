export { AUDIT_FILTERS, type AuditFilterPreset } from "../../src/catalog/cloudwatch/audit";
export { renderAuditTrail } from "../../src/render/aws/audit";
export { AwsAuditTrail, type AwsAuditTrailProps } from "./aws-audit-trail";
