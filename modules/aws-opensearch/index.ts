export { AwsOpenSearchDomain, type AwsOpenSearchDomainProps } from "./aws-opensearch";
