// Server-side printing: a kind's objects as a meta.k8s.io/v1 Table, rows carrying
// PartialObjectMetadata (or the object) so kubectl's -A, --show-labels and -L work.
import type { KubeObject } from '../machinery/object.js';
import type { ResourceDefinition } from '../resources/types.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** Whether Accept asks for a Table (`application/json;as=Table;v=v1;g=meta.k8s.io`). */
export function wantsTable(accept: string | undefined): boolean {
  // No Table without an as=Table parameter; checked first because nearly every GET has none.
  if (!accept?.includes('as=Table')) return false;
  for (const part of accept.split(',')) {
    const params = part.split(';').map((p) => p.trim());
    if (params.includes('as=Table') && params.includes('g=meta.k8s.io') && (params.includes('v=v1') || params.includes('v=v1beta1'))) {
      return true;
    }
    // The first acceptable type wins; a plain JSON entry before any Table entry means no Table.
    if (params[0] === 'application/json' && params.length === 1) return false;
  }
  return false;
}

export function parseIncludeObject(value: string | null): IncludeObject {
  return value === 'None' || value === 'Object' ? value : 'Metadata';
}

function rowObject(def: ResourceDefinition<any>, obj: KubeObject, include: IncludeObject): KubeObject | undefined {
  if (include === 'None') return undefined;
  if (include === 'Object') return { ...obj, apiVersion: obj.apiVersion, kind: obj.kind };
  const { managedFields: _mf, ...metadata } = obj.metadata;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata };
}

export function toTable(
  def: ResourceDefinition<any>, items: KubeObject[], listMeta: { resourceVersion?: string; continue?: string; remainingItemCount?: number },
  include: IncludeObject, now: Date, withColumns = true,
): Record<string, unknown> {
  const metadata: Record<string, unknown> = {};
  if (listMeta.resourceVersion) metadata.resourceVersion = listMeta.resourceVersion;
  if (listMeta.continue) metadata.continue = listMeta.continue;
  if (listMeta.remainingItemCount !== undefined) metadata.remainingItemCount = listMeta.remainingItemCount;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: withColumns ? def.table.columns : [],
    rows: items.map((obj) => {
      const row: Record<string, unknown> = { cells: def.table.cells(obj, now) };
      const object = rowObject(def, obj, include);
      if (object) row.object = object;
      return row;
    }),
  };
}
