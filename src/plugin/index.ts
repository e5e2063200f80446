/**
 * The cdk8s-cli validation plugin entry point: `package: ./node_modules/cdk8s-hardened/lib/plugin`,
 * `class: HardenedValidation`.
 */
export { HardenedValidation, HardenedValidationProps } from './hardened-validation';
