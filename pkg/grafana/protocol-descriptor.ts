// Protocol definitions as a protobufjs JSON descriptor, written from the field names and numbers of
// Grafana's plugin protocol v2 (package pluginv2), go-plugin's controller and gRPC health checking.
// Kept as code so the bundle never reads a .proto file at run time; the test host loads the same object.
import type * as protoLoader from '@grpc/proto-loader';

type Fields = Record<string, { type: string; id: number; rule?: 'repeated'; keyType?: string }>;

const str = (id: number) => ({ type: 'string', id });
const int64 = (id: number) => ({ type: 'int64', id });
const bytes = (id: number) => ({ type: 'bytes', id });
const msg = (type: string, id: number) => ({ type, id });
const map = (keyType: string, type: string, id: number) => ({ keyType, type, id });

function message(fields: Fields, nested?: Record<string, unknown>) {
  return nested ? { fields, nested } : { fields };
}

export const protocolDescriptor = {
  nested: {
    pluginv2: {
      nested: {
        User: message({ login: str(1), name: str(2), email: str(3), role: str(4) }),
        AppInstanceSettings: message({
          jsonData: bytes(3),
          decryptedSecureJsonData: map('string', 'string', 4),
          lastUpdatedMS: int64(5),
          apiVersion: str(6),
        }),
        DataSourceInstanceSettings: message({
          id: int64(1),
          name: str(2),
          url: str(3),
          user: str(4),
          database: str(5),
          basicAuthEnabled: { type: 'bool', id: 6 },
          basicAuthUser: str(7),
          jsonData: bytes(8),
          decryptedSecureJsonData: map('string', 'string', 9),
          lastUpdatedMS: int64(10),
          uid: str(11),
          apiVersion: str(12),
        }),
        PluginContext: message({
          orgId: int64(1),
          pluginId: str(2),
          user: msg('User', 3),
          appInstanceSettings: msg('AppInstanceSettings', 4),
          dataSourceInstanceSettings: msg('DataSourceInstanceSettings', 5),
          grafanaConfig: map('string', 'string', 6),
          pluginVersion: str(7),
          userAgent: str(8),
          apiVersion: str(9),
          namespace: str(10),
        }),
        StringList: message({ values: { type: 'string', id: 1, rule: 'repeated' } }),
        CallResourceRequest: message({
          pluginContext: msg('PluginContext', 1),
          path: str(2),
          method: str(3),
          url: str(4),
          headers: map('string', 'StringList', 5),
          body: bytes(6),
        }),
        CallResourceResponse: message({
          code: { type: 'int32', id: 1 },
          headers: map('string', 'StringList', 2),
          body: bytes(3),
        }),
        DataFrameFormat: { values: { ARROW: 0, JSON: 1 } },
        TimeRange: message({ fromEpochMS: int64(1), toEpochMS: int64(2) }),
        DataQuery: message({
          refId: str(1),
          maxDataPoints: int64(2),
          intervalMS: int64(3),
          timeRange: msg('TimeRange', 4),
          json: bytes(5),
          queryType: str(6),
        }),
        QueryDataRequest: message({
          pluginContext: msg('PluginContext', 1),
          headers: map('string', 'string', 2),
          queries: { type: 'DataQuery', id: 3, rule: 'repeated' },
          format: msg('DataFrameFormat', 4),
        }),
        QueryDataResponse: message({ responses: map('string', 'DataResponse', 1) }),
        DataResponse: message({
          frames: { type: 'bytes', id: 1, rule: 'repeated' },
          error: str(2),
          jsonMeta: bytes(3),
          status: { type: 'int32', id: 4 },
          errorSource: str(5),
          format: msg('DataFrameFormat', 6),
        }),
        CollectMetricsRequest: message({ pluginContext: msg('PluginContext', 1) }),
        CollectMetricsResponse: message({ metrics: msg('Payload', 1) }, { Payload: message({ prometheus: bytes(1) }) }),
        CheckHealthRequest: message({
          pluginContext: msg('PluginContext', 1),
          headers: map('string', 'string', 2),
        }),
        CheckHealthResponse: message(
          { status: msg('HealthStatus', 1), message: str(2), jsonDetails: bytes(3) },
          { HealthStatus: { values: { UNKNOWN: 0, OK: 1, ERROR: 2 } } }
        ),
        Resource: {
          methods: {
            CallResource: {
              requestType: 'CallResourceRequest',
              responseType: 'CallResourceResponse',
              responseStream: true,
            },
          },
        },
        Data: {
          methods: { QueryData: { requestType: 'QueryDataRequest', responseType: 'QueryDataResponse' } },
        },
        Diagnostics: {
          methods: {
            CheckHealth: { requestType: 'CheckHealthRequest', responseType: 'CheckHealthResponse' },
            CollectMetrics: { requestType: 'CollectMetricsRequest', responseType: 'CollectMetricsResponse' },
          },
        },
      },
    },
    // go-plugin's controller: Grafana calls Shutdown before closing the connection.
    plugin: {
      nested: {
        Empty: message({}),
        GRPCController: {
          methods: { Shutdown: { requestType: 'Empty', responseType: 'Empty' } },
        },
      },
    },
    grpc: {
      nested: {
        health: {
          nested: {
            v1: {
              nested: {
                HealthCheckRequest: message({ service: str(1) }),
                HealthCheckResponse: message(
                  { status: msg('ServingStatus', 1) },
                  { ServingStatus: { values: { UNKNOWN: 0, SERVING: 1, NOT_SERVING: 2, SERVICE_UNKNOWN: 3 } } }
                ),
                Health: {
                  methods: {
                    Check: { requestType: 'HealthCheckRequest', responseType: 'HealthCheckResponse' },
                    Watch: {
                      requestType: 'HealthCheckRequest',
                      responseType: 'HealthCheckResponse',
                      responseStream: true,
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};

/** Decoding options shared by server and test host: proto field names, int64 as numbers, bytes as Buffers. */
export const protoOptions: protoLoader.Options = {
  keepCase: true,
  longs: Number,
  enums: String,
  bytes: Buffer,
  defaults: true,
  arrays: true,
  objects: true,
};

/** Full gRPC service names, as they appear in method paths (/pluginv2.Data/QueryData). */
export const serviceNames = {
  data: 'pluginv2.Data',
  diagnostics: 'pluginv2.Diagnostics',
  resource: 'pluginv2.Resource',
  controller: 'plugin.GRPCController',
  health: 'grpc.health.v1.Health',
} as const;
