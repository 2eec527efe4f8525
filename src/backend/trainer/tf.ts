/**
 * The tfjs namespace the trainer works with. A native engine brings its own copy (tfjs-node re-exports the whole
 * API bound to its backend), so code receives the namespace from engine selection instead of importing it.
 */
import * as bundledTf from '@tensorflow/tfjs';

export type Tf = typeof bundledTf;

/** The tfjs copy bundled with the extension, used by the wasm and pure-JS cpu engines. */
export const bundled: Tf = bundledTf;

export const TFJS_VERSION = '4.22.0';
