export {
  AGENT_PARAMETER_PREFIX,
  type AgentConfig,
  type AgentGroupDefinition,
  type AssociationTarget,
  agentConfig,
  agentParameterName,
  agentUserData,
} from "../../src/render/aws/agent";
export { AGENT_MANAGED_POLICIES, AwsAgent, type AwsAgentProps, escapeTemplate } from "./aws-agent";
