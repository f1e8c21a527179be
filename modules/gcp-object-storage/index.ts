export { GcpObjectStorageBucket, type GcpObjectStorageBucketProps } from "./gcp-object-storage";
