// ConfigMap validation (Kubernetes' ValidateConfigMap / ValidateConfigMapUpdate).
import { fieldError, FieldPath, type FieldError } from '../../machinery/field-errors.js';
import { isConfigMapKey, nameIsDNSSubdomain } from '../../machinery/validation/names.js';
import {
  validateObjectMeta, validateObjectMetaUpdate, type ObjectMetaInput,
} from '../../machinery/validation/object-meta.js';
import { immutableWhenSetMessage, maxSecretSize, sameBase64Maps } from '../secret/validation.js';

/** The fields validation reads; binaryData values are base64 strings as in JSON. */
export interface ConfigMap {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMetaInput;
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
  immutable?: boolean;
}

export function validateConfigMap(cm: ConfigMap): FieldError[] {
  const errs = validateObjectMeta(cm.metadata, { namespaced: true, validateName: nameIsDNSSubdomain });
  const data = cm.data ?? {};
  const binaryData = cm.binaryData ?? {};
  let totalSize = 0;
  for (const [key, value] of Object.entries(data)) {
    const path = FieldPath.root('data').key(key);
    for (const msg of isConfigMapKey(key)) errs.push(fieldError.invalid(path, key, msg));
    if (Object.hasOwn(binaryData, key)) {
      errs.push(fieldError.invalid(path, key, 'duplicate of key present in binaryData'));
    }
    totalSize += Buffer.byteLength(value, 'utf8');
  }
  for (const [key, value] of Object.entries(binaryData)) {
    const path = FieldPath.root('binaryData').key(key);
    for (const msg of isConfigMapKey(key)) errs.push(fieldError.invalid(path, key, msg));
    totalSize += Buffer.from(value, 'base64').length;
  }
  if (totalSize > maxSecretSize) {
    // Kubernetes reports this on the whole object: a path with an empty name, rendered `[]`.
    errs.push(fieldError.tooLong(FieldPath.empty().key(''), maxSecretSize));
  }
  return errs;
}

/** Metadata update rules, then immutability, then every create rule on the new object. */
export function validateConfigMapUpdate(cm: ConfigMap, old: ConfigMap): FieldError[] {
  const errs = validateObjectMetaUpdate(cm.metadata, old.metadata);
  if (old.immutable === true) {
    if (cm.immutable !== true) errs.push(fieldError.forbidden('immutable', immutableWhenSetMessage));
    // data is defaulted to an empty map on decode, so absent and {} are the same.
    if (!sameStrings(cm.data ?? {}, old.data ?? {})) errs.push(fieldError.forbidden('data', immutableWhenSetMessage));
    if (!sameBase64Maps(cm.binaryData, old.binaryData)) {
      errs.push(fieldError.forbidden('binaryData', immutableWhenSetMessage));
    }
  }
  return errs.concat(validateConfigMap(cm));
}

function sameStrings(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}
