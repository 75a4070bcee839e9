// The API core suite on the sqlite storage backend.
import { describeApiCore } from './api-core-suite.js';

describeApiCore('sqlite');
