export { type OncallMember, type OncallRotation, type OncallTeam, PagerdutyOncall, type PagerdutyOncallProps } from "./pagerduty-oncall";
