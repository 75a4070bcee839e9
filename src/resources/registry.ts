// Every kind Arca serves. Routes, discovery, OpenAPI, RBAC names and tables all derive from this list.
import { configMaps } from './configmap/index.js';
import { events } from './event/index.js';
import { namespaces } from './namespace/index.js';
import { secrets } from './secret/index.js';
import type { ResourceDefinition } from './types.js';

export const resourceDefinitions: ResourceDefinition<any>[] = [namespaces, configMaps, secrets, events];
