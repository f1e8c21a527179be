export { LOKI_FULLNAME, LOKI_TENANT, Loki, type LokiObjectStorage, type LokiProps, lokiGatewayUrl, lokiValues } from "./loki";
