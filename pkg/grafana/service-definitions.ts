// gRPC service definitions for the server, built straight from the protocol descriptor with protobufjs'
// light build. @grpc/proto-loader does the same and more (file descriptors for reflection, Google's
// well-known types), which made up a large share of the executable's start-up; messages are encoded
// and decoded exactly as proto-loader does (fromObject → encode; decode → toObject with protoOptions).
import type * as grpc from '@grpc/grpc-js';
import * as protobuf from 'protobufjs/light';
import { protocolDescriptor, protoOptions } from './protocol-descriptor';

function serializer(type: protobuf.Type) {
  return (value: object): Buffer => Buffer.from(type.encode(type.fromObject(value as Record<string, unknown>)).finish());
}

function deserializer(type: protobuf.Type) {
  return (bytes: Buffer): object => type.toObject(type.decode(bytes), protoOptions as protobuf.IConversionOptions);
}

let protocolRoot: protobuf.Root | undefined;
const definitionsByNames = new Map<string, Record<string, grpc.ServiceDefinition>>();

/** The protocol's types, resolved once per process. */
function root(): protobuf.Root {
  if (!protocolRoot) {
    protocolRoot = protobuf.Root.fromJSON(protocolDescriptor as protobuf.INamespace);
    protocolRoot.resolveAll();
  }
  return protocolRoot;
}

function setupTypes(ns: protobuf.NamespaceBase): void {
  for (const nested of ns.nestedArray) {
    if (nested instanceof protobuf.Type) nested.setup();
    if (nested instanceof protobuf.Namespace || nested instanceof protobuf.Type) setupTypes(nested);
  }
}

/**
 * Resolves the protocol, generates every message's codec now rather than on first use (protobufjs
 * generates them then) and builds the definitions of `names`. The start-up snapshot build calls this, so
 * the executable starts with all of it done.
 */
export function prepareProtocol(names: readonly string[]): void {
  setupTypes(root());
  serviceDefinitions(names);
}

/** Definitions of the named services ("pluginv2.Data", …), ready for grpc.Server#addService; built once. */
export function serviceDefinitions(names: readonly string[]): Record<string, grpc.ServiceDefinition> {
  const key = names.join(',');
  let defs = definitionsByNames.get(key);
  if (!defs) definitionsByNames.set(key, (defs = buildDefinitions(names)));
  return defs;
}

function buildDefinitions(names: readonly string[]): Record<string, grpc.ServiceDefinition> {
  const protocol = root();
  const out: Record<string, grpc.ServiceDefinition> = {};
  for (const name of names) {
    const service = protocol.lookupService(name);
    const def: Record<string, grpc.MethodDefinition<object, object>> = {};
    for (const m of service.methodsArray) {
      const req = m.resolvedRequestType!;
      const res = m.resolvedResponseType!;
      def[m.name] = {
        path: `/${name}/${m.name}`,
        requestStream: !!m.requestStream,
        responseStream: !!m.responseStream,
        requestSerialize: serializer(req),
        requestDeserialize: deserializer(req),
        responseSerialize: serializer(res),
        responseDeserialize: deserializer(res),
        originalName: m.name.charAt(0).toLowerCase() + m.name.slice(1),
      };
    }
    out[name] = def;
  }
  return out;
}
