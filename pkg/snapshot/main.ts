// Entry point of a Node single executable application built with a V8 start-up snapshot: the build runs this
// file once, every module of the bundle is evaluated then, and the heap is saved in the executable. At start
// Node deserializes that heap and calls the function below, which reads the environment and opens the
// handles (workers, the gRPC server): a snapshot must hold none.
import { returnArrayMethods } from './array-methods'; // first: node:http needs them while it loads
import v8 from 'node:v8';
import { prepareProtocol } from '../grafana/service-definitions';
import { startBackend } from '../start';

returnArrayMethods();
prepareProtocol();
v8.startupSnapshot.setDeserializeMainFunction(() => startBackend());
