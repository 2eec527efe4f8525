import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as protobuf from 'protobufjs';
import { MlopsError } from '../../errors';

/** The protobufjs types of TensorBoard's event files, loaded once from the vendored .proto files (proto/README.md). */
export interface EventTypes {
  Event: protobuf.Type;
  HParamsPluginData: protobuf.Type;
}

const EVENT_PROTO = join('tensorboardX', 'proto', 'event.proto');
const HPARAMS_PROTO = join('tensorboardX', 'proto', 'plugin_hparams.proto');
let loaded: EventTypes | undefined;

/** Where the .proto files are: next to this module in the sources, `dist/proto` next to a bundle. */
function protoRoot(): string {
  const candidates = [
    join(__dirname, 'proto'),
    join(__dirname, '..', 'proto'),
    join(__dirname, '..', '..', 'dist', 'proto'),
  ];
  const found = candidates.find((dir) => existsSync(join(dir, EVENT_PROTO)));
  if (!found)
    throw new MlopsError(
      `TensorBoard's .proto files are missing (looked in ${candidates.join(', ')})`,
      'internal',
      'Reinstall the extension, or run `npm run build`.',
    );
  return found;
}

export function eventTypes(): EventTypes {
  if (loaded) return loaded;
  const dir = protoRoot();
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => (target.startsWith('google/protobuf/') ? target : join(dir, target));
  root.loadSync(
    [EVENT_PROTO, HPARAMS_PROTO].map((p) => p.split('\\').join('/')),
    { keepCase: true },
  );
  root.resolveAll();
  loaded = {
    Event: root.lookupType('tensorboardX.Event'),
    HParamsPluginData: root.lookupType('tensorboardX.hparam.HParamsPluginData'),
  };
  return loaded;
}
