// The host's side of the protocol: the same descriptor loaded with @grpc/proto-loader, as a Node gRPC
// client usually does, independently of the server's own protobufjs definitions.
import * as protoLoader from '@grpc/proto-loader';
import { protocolDescriptor, protoOptions } from '../../pkg/grafana/protocol-descriptor';

export function loadProtocol(): protoLoader.PackageDefinition {
  // The literal's inferred type is narrower than protobufjs' INamespace union; the shape is the same.
  return protoLoader.fromJSON(protocolDescriptor as Parameters<typeof protoLoader.fromJSON>[0], protoOptions);
}
