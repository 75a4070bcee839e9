// LimitRange (core/v1): recognized, never held — Arca applies no limit ranges.
import { policyFreeKind } from '../policy-free-kind.js';

export const limitRanges = policyFreeKind({
  kind: 'LimitRange', plural: 'limitranges', shortNames: ['limits'],
  description: 'LimitRange sets resource usage limits for each kind of resource in a Namespace. Arca applies none and holds none.',
});
