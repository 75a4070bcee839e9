// ServiceAccount validation (Kubernetes' ValidateServiceAccount / ValidateServiceAccountUpdate):
// only metadata is checked; the name is a DNS-1123 subdomain.
import type { FieldError } from '../../machinery/field-errors.js';
import { nameIsDNSSubdomain } from '../../machinery/validation/names.js';
import {
  validateObjectMeta, validateObjectMetaUpdate, type ObjectMetaInput,
} from '../../machinery/validation/object-meta.js';

/** The fields validation reads. */
export interface ServiceAccount {
  metadata?: ObjectMetaInput;
}

export function validateServiceAccount(sa: ServiceAccount): FieldError[] {
  return validateObjectMeta(sa.metadata, { namespaced: true, validateName: nameIsDNSSubdomain });
}

/** Metadata update rules, then every create rule on the new object. */
export function validateServiceAccountUpdate(sa: ServiceAccount, old: ServiceAccount): FieldError[] {
  return validateObjectMetaUpdate(sa.metadata, old.metadata).concat(validateServiceAccount(sa));
}
