// Which objects a list or watch selects: label selector, field selector, checked against the kind.
import type { KubeObject } from '../machinery/object.js';
import type { FieldSelector } from '../machinery/selectors/field-selector.js';
import type { LabelSelector } from '../machinery/selectors/label-selector.js';
import { errors } from '../machinery/status.js';
import type { ResourceDefinition } from '../resources/types.js';

export interface Selection {
  labels?: LabelSelector;
  fields?: FieldSelector;
}

/** 400 for a field the kind cannot select on, with the kind's own wording. */
export function checkFieldSelector(def: ResourceDefinition<any>, fields: FieldSelector | undefined): void {
  for (const req of fields?.requirements ?? []) {
    if (!(req.field in def.fieldSelectors)) throw errors.badRequest(def.unsupportedFieldSelector(req.field));
  }
}

export function isSelectionEmpty(selection: Selection): boolean {
  return (selection.labels?.empty ?? true) && (selection.fields?.empty ?? true);
}

export function matchesSelection(def: ResourceDefinition<any>, obj: KubeObject, selection: Selection): boolean {
  if (selection.labels && !selection.labels.empty && !selection.labels.matches(obj.metadata.labels)) return false;
  if (selection.fields && !selection.fields.empty) {
    return selection.fields.matches((field) => def.fieldSelectors[field]?.(obj));
  }
  return true;
}
