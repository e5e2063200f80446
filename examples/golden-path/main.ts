/**
 * The golden-path cdk8s app, as `cdk8s synth` runs it (see cdk8s.yaml): writes the manifests to dist/.
 */
import { buildGoldenPathApp } from './app';

buildGoldenPathApp('dist').synth();
