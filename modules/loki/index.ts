export {
  LOKI_FULLNAME,
  LOKI_TENANT,
  Loki,
  type LokiObjectStorage,
  type LokiProps,
  lokiChunkExpiry,
  lokiGatewayUrl,
  lokiValues,
} from "./loki";
