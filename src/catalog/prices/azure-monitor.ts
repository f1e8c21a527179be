/**
 * Azure Monitor prices: none could be confirmed from a stored copy of Microsoft's pricing page (below); figures quoted
 * by third parties are not used. The estimate counts what the stack creates that the page prices (metric alert rules
 * and what they scope, log search alert rules by evaluation frequency, the Log Analytics workspace and its retention)
 * and prints no amount for them.
 */
export const AZURE_MONITOR_PRICING = {
  source: "https://azure.microsoft.com/pricing/details/monitor/",
  checkedOn: "2026-11-30",
} as const;
