export { DatabaseExporter, type DatabaseExporterProps, databaseExporterValues } from "./database-exporter";
