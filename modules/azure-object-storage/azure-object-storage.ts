import type { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import type { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import { Construct } from "constructs";
import { providerModule } from "../../src/util/provider-module";

/** Provider bindings load on first use: they are large, and apps that do not use this cloud should not pay for them. */
const storageAccountModule = () =>
  providerModule(
    "@cdktf/provider-azurerm",
    () => require("@cdktf/provider-azurerm/lib/storage-account") as typeof import("@cdktf/provider-azurerm/lib/storage-account"),
  );
const storageContainerModule = () =>
  providerModule(
    "@cdktf/provider-azurerm",
    () => require("@cdktf/provider-azurerm/lib/storage-container") as typeof import("@cdktf/provider-azurerm/lib/storage-container"),
  );
const storageManagementPolicyModule = () =>
  providerModule(
    "@cdktf/provider-azurerm",
    () =>
      require("@cdktf/provider-azurerm/lib/storage-management-policy") as typeof import("@cdktf/provider-azurerm/lib/storage-management-policy"),
  );

/** Days a deleted blob or container stays restorable. */
const SOFT_DELETE_DAYS = 7;

export interface AzureObjectStorageProps {
  /** Globally unique storage account name, 3-24 lower-case letters and digits. */
  readonly accountName: string;
  readonly containerName: string;
  readonly resourceGroupName: string;
  readonly location: string;
  /** Blobs are deleted this many days after they are written: the data's retention. */
  readonly expirationDays: number;
  /** Only blobs whose name (inside the container) starts with this expire. @default "" - every blob */
  readonly expirationPrefix?: string;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A private blob container for application data (Loki chunks and indexes): StorageV2 with HTTPS only and TLS 1.2+,
 * no public blob access, no shared keys (Entra ID only, for workload identity), zone-redundant, lifecycle deletion as
 * retention.
 */
export class AzureObjectStorage extends Construct {
  readonly account: StorageAccount;
  readonly container: StorageContainer;

  constructor(scope: Construct, id: string, props: AzureObjectStorageProps) {
    super(scope, id);
    if (!/^[a-z0-9]{3,24}$/.test(props.accountName))
      throw new Error(`'accountName' must be 3-24 lower-case letters and digits, received "${props.accountName}"`);
    if (!Number.isInteger(props.expirationDays) || props.expirationDays < 1) {
      throw new Error(`'expirationDays' must be a whole number of days >= 1, received ${props.expirationDays}`);
    }
    this.account = new (storageAccountModule().StorageAccount)(this, "account", {
      name: props.accountName,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      accountKind: "StorageV2",
      accountTier: "Standard",
      accountReplicationType: "ZRS",
      httpsTrafficOnlyEnabled: true,
      minTlsVersion: "TLS1_2",
      allowNestedItemsToBePublic: false,
      sharedAccessKeyEnabled: false,
      defaultToOauthAuthentication: true,
      // Soft delete: a blob or the container deleted by mistake can be restored for a week.
      blobProperties: {
        deleteRetentionPolicy: { days: SOFT_DELETE_DAYS },
        containerDeleteRetentionPolicy: { days: SOFT_DELETE_DAYS },
      },
      tags: props.tags ? { ...props.tags } : undefined,
    });
    this.container = new (storageContainerModule().StorageContainer)(this, "container", {
      name: props.containerName,
      storageAccountId: this.account.id,
      containerAccessType: "private",
    });
    new (storageManagementPolicyModule().StorageManagementPolicy)(this, "lifecycle", {
      storageAccountId: this.account.id,
      rule: [
        {
          name: "expire",
          enabled: true,
          filters: { blobTypes: ["blockBlob"], prefixMatch: [`${props.containerName}/${props.expirationPrefix ?? ""}`] },
          actions: { baseBlob: { deleteAfterDaysSinceCreationGreaterThan: props.expirationDays } },
        },
      ],
    });
  }
}
