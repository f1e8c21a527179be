export { AzureObjectStorage, type AzureObjectStorageProps } from "./azure-object-storage";
