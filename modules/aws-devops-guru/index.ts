export { AwsDevOpsGuru, type AwsDevOpsGuruProps, type DevOpsGuruCoverage } from "./aws-devops-guru";
