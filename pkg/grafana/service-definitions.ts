// gRPC service definitions for the server, built straight from the protocol descriptor with protobufjs'
// light build. @grpc/proto-loader does the same and more (file descriptors for reflection, Google's
// well-known types), which made up a large share of the executable's start-up; messages are encoded
// and decoded exactly as proto-loader does (fromObject → encode; decode → toObject with protoOptions).
import type * as grpc from '@grpc/grpc-js';
import type * as protobuf from 'protobufjs/light';
import { protocolDescriptor, protoOptions } from './protocol-descriptor';

/** A message type, looked up (and the protocol resolved) on first use. */
type TypeOf = () => protobuf.Type;

function serializer(type: TypeOf) {
  return (value: object): Buffer => Buffer.from(type().encode(type().fromObject(value as Record<string, unknown>)).finish());
}

function deserializer(type: TypeOf) {
  return (bytes: Buffer): object => type().toObject(type().decode(bytes), protoOptions as protobuf.IConversionOptions);
}

/** protobufjs, loaded with the protocol's first use: binding the server and the handshake do not need it. */
function protobufjs(): typeof protobuf {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a deferred load, bundled by esbuild
  return require('protobufjs/light') as typeof protobuf;
}

let protocolRoot: protobuf.Root | undefined;
const definitionsByNames = new Map<string, Record<string, grpc.ServiceDefinition>>();

/** The protocol's types, resolved once per process. */
function root(): protobuf.Root {
  if (!protocolRoot) {
    protocolRoot = protobufjs().Root.fromJSON(protocolDescriptor as protobuf.INamespace);
    protocolRoot.resolveAll();
  }
  return protocolRoot;
}

function setupTypes(ns: protobuf.NamespaceBase, pb = protobufjs()): void {
  for (const nested of ns.nestedArray) {
    if (nested instanceof pb.Type) nested.setup();
    if (nested instanceof pb.Namespace || nested instanceof pb.Type) setupTypes(nested, pb);
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

/**
 * Resolves the protocol's types (what the first call would do) and leaves each message's codec to be
 * generated on its first use, as protobufjs does: the work a process does after its handshake, while
 * Grafana has not called yet (pkg/start.ts).
 */
export function resolveProtocol(): void {
  root();
}

/** Definitions of the named services ("pluginv2.Data", …), ready for grpc.Server#addService; built once. */
export function serviceDefinitions(names: readonly string[]): Record<string, grpc.ServiceDefinition> {
  const key = names.join(',');
  let defs = definitionsByNames.get(key);
  if (!defs) definitionsByNames.set(key, (defs = buildDefinitions(names)));
  return defs;
}

interface MethodDescriptor {
  requestType: string;
  responseType: string;
  requestStream?: boolean;
  responseStream?: boolean;
}

/** The methods of service `name` ("pluginv2.Data") as the descriptor lists them, read without protobufjs. */
function methodsOf(name: string): Record<string, MethodDescriptor> {
  let ns: unknown = protocolDescriptor;
  for (const part of name.split('.')) ns = (ns as { nested?: Record<string, unknown> }).nested?.[part];
  const methods = (ns as { methods?: Record<string, MethodDescriptor> } | undefined)?.methods;
  if (!methods) throw new Error(`no service ${name} in the protocol descriptor`);
  return methods;
}

/**
 * The definitions need only the methods' paths and stream flags, read from the descriptor; the message
 * types are resolved by the first call that encodes or decodes (the server binds and prints the handshake
 * without protobufjs' work: prepareProtocol does it in the snapshot build, or after the handshake).
 */
function buildDefinitions(names: readonly string[]): Record<string, grpc.ServiceDefinition> {
  const out: Record<string, grpc.ServiceDefinition> = {};
  for (const name of names) {
    const def: Record<string, grpc.MethodDefinition<object, object>> = {};
    for (const [method, m] of Object.entries(methodsOf(name))) {
      let resolved: protobuf.Method | undefined;
      const resolve = () => (resolved ??= root().lookupService(name).methods[method]!);
      const req = () => resolve().resolvedRequestType!;
      const res = () => resolve().resolvedResponseType!;
      def[method] = {
        path: `/${name}/${method}`,
        requestStream: !!m.requestStream,
        responseStream: !!m.responseStream,
        requestSerialize: serializer(req),
        requestDeserialize: deserializer(req),
        responseSerialize: serializer(res),
        responseDeserialize: deserializer(res),
        originalName: method.charAt(0).toLowerCase() + method.slice(1),
      };
    }
    out[name] = def;
  }
  return out;
}
