// The API core suite on the etcd storage backend.
import { describeApiCore } from './api-core-suite.js';

describeApiCore('etcd');
