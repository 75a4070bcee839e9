// Namespace validation (Kubernetes' ValidateNamespace and its update, /status and /finalize
// variants, combined the way the namespace registry strategies combine them).
import { fieldError, FieldPath, type FieldError } from '../../machinery/field-errors.js';
import { nameIsDNSLabel } from '../../machinery/validation/names.js';
import {
  validateFinalizerName, validateObjectMeta, validateObjectMetaUpdate, type ObjectMetaInput,
} from '../../machinery/validation/object-meta.js';

/** The fields validation reads. */
export interface Namespace {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMetaInput;
  spec?: { finalizers?: string[] };
  status?: { phase?: string };
}

const finalizersPath = FieldPath.root('spec').child('finalizers');

/** Cluster-scoped, named as a DNS-1123 label; spec.finalizers errors sit on `spec.finalizers`. */
export function validateNamespace(ns: Namespace): FieldError[] {
  const errs = validateObjectMeta(ns.metadata, { namespaced: false, validateName: nameIsDNSLabel });
  for (const finalizer of ns.spec?.finalizers ?? []) errs.push(...validateFinalizerName(finalizer, finalizersPath));
  return errs;
}

/** A plain update: every create rule on the new object, then the metadata update rules. */
export function validateNamespaceUpdate(ns: Namespace, old: Namespace): FieldError[] {
  return validateNamespace(ns).concat(validateObjectMetaUpdate(ns.metadata, old.metadata));
}

/** /status: the phase must agree with whether the namespace is being deleted. */
export function validateNamespaceStatusUpdate(ns: Namespace, old: Namespace): FieldError[] {
  const errs = validateObjectMetaUpdate(ns.metadata, old.metadata);
  const phase = ns.status?.phase ?? '';
  const phasePath = FieldPath.root('status').child('Phase');
  if (!ns.metadata?.deletionTimestamp) {
    if (phase !== 'Active') errs.push(fieldError.invalid(phasePath, phase, "may only be 'Active' if `deletionTimestamp` is empty"));
  } else if (phase !== 'Terminating') {
    errs.push(fieldError.invalid(phasePath, phase, "may only be 'Terminating' if `deletionTimestamp` is not empty"));
  }
  return errs;
}

/** /finalize: metadata update rules, and each spec finalizer on its own `spec.finalizers[i]`. */
export function validateNamespaceFinalizeUpdate(ns: Namespace, old: Namespace): FieldError[] {
  const errs = validateObjectMetaUpdate(ns.metadata, old.metadata);
  (ns.spec?.finalizers ?? []).forEach((finalizer, i) => errs.push(...validateFinalizerName(finalizer, finalizersPath.index(i))));
  return errs;
}
