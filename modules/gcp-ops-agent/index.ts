export { GcpOpsAgent, type GcpOpsAgentProps, OPS_AGENT_LINUX } from "./gcp-ops-agent";
