// Audit logging as `arca up` configures it: the policy (or Arca's default, Metadata for every
// request), the log backend and the HMAC key, assembled into the pipeline's audit stage.
import type { Stage } from '../apiserver/pipeline.js';
import { openLogBackend, type AuditMode } from './log-backend.js';
import { DEFAULT_AUDIT_POLICY, loadAuditPolicy } from './policy.js';
import { ensureAuditHmacKey } from './redact.js';
import { auditStage } from './stage.js';

export interface AuditOptions {
  /** `--audit-log-path`: a file, or `-` for stdout. */
  logPath: string;
  /** `--audit-policy-file`; without it every request is logged at Metadata. */
  policyFile?: string;
  /** `--audit-log-maxsize`, in megabytes (0: no rotation). */
  maxSizeMB?: number;
  /** `--audit-log-maxbackup` (0: keep every rotated file). */
  maxBackups?: number;
  /** `--audit-log-mode`. */
  mode?: AuditMode;
}

export interface RunningAudit {
  stage: Stage;
  close(): void;
}

export async function startAudit(options: AuditOptions, dataDir: string, log: (message: string) => void): Promise<RunningAudit> {
  const policy = options.policyFile ? await loadAuditPolicy(options.policyFile) : DEFAULT_AUDIT_POLICY;
  const backend = openLogBackend({
    path: options.logPath,
    mode: options.mode ?? 'blocking',
    maxSizeBytes: (options.maxSizeMB ?? 0) * 1024 * 1024,
    maxBackups: options.maxBackups ?? 0,
    log,
  });
  const stage = auditStage({ policy, backend, hmacKey: await ensureAuditHmacKey(dataDir) });
  return { stage, close: () => backend.close() };
}
