export { DatabaseExporter, type DatabaseExporterProps, databaseExporterValues, passwordSecretOf } from "./database-exporter";
