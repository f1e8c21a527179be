/** ARM id of a resource group. */
export const resourceGroupId = (subscriptionId: string, resourceGroup: string) =>
  `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;

/** ARM id of a resource: `/subscriptions/<id>/resourceGroups/<rg>/providers/<type>/<name>`. */
export const armId = (subscriptionId: string, resourceGroup: string, type: string, name: string) =>
  `${resourceGroupId(subscriptionId, resourceGroup)}/providers/${type}/${name}`;
