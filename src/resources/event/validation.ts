// Event validation as kube-apiserver applies it to core/v1 writes: ValidateEventCreate and
// ValidateEventUpdate stop after the legacy rules for requests in core/v1 (the strict rules —
// type Normal|Warning, immutable fields, series — are for events.k8s.io only). ObjectMeta gets
// the generic registry's checks (path-segment names, no core finalizer-name rule): on create only
// once the Event rules pass, on update ahead of them.
import { fieldError, type FieldError } from '../../machinery/field-errors.js';
import { isDNS1123Subdomain, isQualifiedName, validatePathSegmentName } from '../../machinery/validation/names.js';
import {
  validateObjectMeta, validateObjectMetaUpdate, type ObjectMetaInput,
} from '../../machinery/validation/object-meta.js';

export const REPORTING_INSTANCE_LENGTH_LIMIT = 128;
export const ACTION_LENGTH_LIMIT = 128;
export const REASON_LENGTH_LIMIT = 128;
export const NOTE_LENGTH_LIMIT = 1024;

/** The fields validation reads, as decoded (the JSON reportingComponent is Go's ReportingController). */
export interface EventInput {
  metadata?: ObjectMetaInput;
  involvedObject?: { namespace?: string };
  reason?: string;
  message?: string;
  eventTime?: string | null;
  action?: string;
  reportingComponent?: string;
  reportingInstance?: string;
}

export function validateEventCreate(event: EventInput): FieldError[] {
  const errs = legacyValidateEvent(event);
  return errs.length ? errs : genericMetadataRules(validateObjectMeta(event.metadata, metaOptions));
}

export function validateEventUpdate(event: EventInput, old: EventInput): FieldError[] {
  return [
    ...genericMetadataRules(validateObjectMeta(event.metadata, metaOptions)),
    ...genericMetadataRules(validateObjectMetaUpdate(event.metadata, old.metadata)),
    ...legacyValidateEvent(event),
  ];
}

const metaOptions = { namespaced: true, validateName: validatePathSegmentName };

/**
 * The generic registry's ObjectMeta rules are apimachinery's, without the core group's
 * finalizer-name rule, which is the only one reported per finalizer (`metadata.finalizers[i]`).
 */
function genericMetadataRules(errs: FieldError[]): FieldError[] {
  return errs.filter((e) => !/^metadata\.finalizers\[\d+\]$/.test(e.field));
}

/** legacyValidateEvent: namespace agreement, and for new-style events (eventTime set) reporting fields. */
function legacyValidateEvent(event: EventInput): FieldError[] {
  const errs: FieldError[] = [];
  const namespace = event.metadata?.namespace ?? '';
  const involvedNamespace = event.involvedObject?.namespace ?? '';
  const namespaceMismatch = () =>
    errs.push(fieldError.invalid('involvedObject.namespace', involvedNamespace, 'does not match event.namespace'));

  if (!event.eventTime) {
    // Old clients leave involvedObject.namespace empty for events in "default".
    if (involvedNamespace === '' ? namespace !== '' && namespace !== 'default' : namespace !== involvedNamespace) namespaceMismatch();
  } else {
    if (involvedNamespace === '' && namespace !== 'default' && namespace !== 'kube-system') namespaceMismatch();
    const controller = event.reportingComponent ?? '';
    if (controller === '') errs.push(fieldError.required('reportingController'));
    for (const msg of isQualifiedName(controller)) errs.push(fieldError.invalid('reportingController', controller, msg));
    requiredWithLimit(errs, 'reportingInstance', event.reportingInstance, REPORTING_INSTANCE_LENGTH_LIMIT);
    requiredWithLimit(errs, 'action', event.action, ACTION_LENGTH_LIMIT);
    requiredWithLimit(errs, 'reason', event.reason, REASON_LENGTH_LIMIT);
    if (byteLength(event.message) > NOTE_LENGTH_LIMIT) errs.push(atMost('message', NOTE_LENGTH_LIMIT));
  }
  for (const msg of isDNS1123Subdomain(namespace)) errs.push(fieldError.invalid('namespace', namespace, msg));
  return errs;
}

function requiredWithLimit(errs: FieldError[], field: string, value: string | undefined, limit: number): void {
  if (!value) errs.push(fieldError.required(field));
  if (byteLength(value) > limit) errs.push(atMost(field, limit));
}

/** Kubernetes reports these with an empty value rather than the long one. */
const atMost = (field: string, limit: number) => fieldError.invalid(field, '', `can have at most ${limit} characters`);

const byteLength = (value: string | undefined) => Buffer.byteLength(value ?? '', 'utf8');
