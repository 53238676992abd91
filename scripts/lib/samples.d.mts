// Types for samples.mjs (plain Node ESM, also imported by test/demo/samples.e2e-spec.ts).
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';

export declare const SAMPLES_DIR: string;
export declare const FIELD_MANAGER: string;
export declare const SIMULATE_LABEL: string;
export declare const GENERATE_ANNOTATION: string;
export declare const TLS_SECRET: { namespace: string; name: string; host: string };

export interface SampleNames {
  prefix: string;
  namespaces: { shop: string; data: string; ops: string };
  storageClass: string;
  ingressClass: string;
  persistentVolumes: string[];
}

export interface SampleCheckResult {
  ok: boolean;
  detail: string;
}

export interface SampleCheck {
  name: string;
  kind: 'healthy' | 'broken';
  check(): Promise<SampleCheckResult>;
}

export interface SettledCheck {
  name: string;
  kind: 'healthy' | 'broken';
  detail: string;
  elapsedMs: number;
}

export declare function sampleNames(prefix?: string): SampleNames;

export declare function loadSamples(options?: {
  prefix?: string;
  dir?: string;
}): { file: string; objects: KubernetesObject[] }[];

export declare function generateTlsSecret(options: {
  namespace: string;
  name: string;
  host: string;
}): KubernetesObject & { type: string; data: Record<string, string> };

export declare function applySamples(
  kc: KubeConfig,
  options?: { prefix?: string; dir?: string; log?: (message: string) => void },
): Promise<{ names: SampleNames; applied: string[] }>;

export declare function sampleChecks(kc: KubeConfig, options?: { prefix?: string }): SampleCheck[];

export declare function waitForSamples(
  kc: KubeConfig,
  options?: {
    prefix?: string;
    timeoutMs?: number;
    intervalMs?: number;
    onProgress?: (result: SettledCheck) => void;
  },
): Promise<{ elapsedMs: number; results: SettledCheck[] }>;

export declare function deleteSamples(
  kc: KubeConfig,
  options?: { prefix?: string; dir?: string; wait?: boolean; timeoutMs?: number },
): Promise<void>;
