export { Hardening, HardeningWarning, OptOut, HARDENING_WARNING_METADATA, STRICT_CONTEXT_KEY } from './warnings';
export { ImageReference } from './supply-chain/image-reference';
export * from './compliance/check';
