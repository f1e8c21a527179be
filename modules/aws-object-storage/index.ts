export { AwsObjectStorageBucket, type AwsObjectStorageBucketProps } from "./aws-object-storage";
