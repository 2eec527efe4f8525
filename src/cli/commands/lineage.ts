import { MlopsError } from '../../core/errors';
import { neighbourhood, type Direction } from '../../core/lineage/graphQuery';
import { loadLineageGraph, resolveLineageTarget } from '../../core/lineage/lineageLoader';
import { renderLineageTree } from '../../core/lineage/lineageText';
import { FileRegistryStore } from '../../core/registry/fileRegistryStore';
import { registryLineageProvider } from '../../core/registry/lineageSource';
import { option, type CliCommand } from '../command';

const DIRECTIONS: Record<string, Direction> = {
  up: 'upstream',
  upstream: 'upstream',
  down: 'downstream',
  downstream: 'downstream',
  both: 'both',
};

function parseDepth(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const depth = Number(text);
  if (!Number.isInteger(depth) || depth < 1)
    throw new MlopsError(`--depth must be a whole number of hops ≥ 1, not '${text}'`, 'bad-input');
  return depth;
}

export const lineageCommand: CliCommand = {
  name: 'lineage',
  usage: 'lineage <run-id|model:version> [--depth N] [--direction up|down|both]',
  summary: 'code, data, runs, artifacts and models linked to a run or model version',
  valueOptions: ['depth', 'direction'],
  async run(ctx) {
    const [target] = ctx.args.positionals;
    if (!target)
      throw new MlopsError('lineage needs a run id or model:version', 'bad-input', "Run 'mlops runs' to list run ids.");
    const depth = parseDepth(option(ctx.args, 'depth'));
    const directionArg = option(ctx.args, 'direction') ?? 'both';
    const direction = DIRECTIONS[directionArg];
    if (!direction) throw new MlopsError(`--direction must be up, down or both, not '${directionArg}'`, 'bad-input');
    const providers = [registryLineageProvider(new FileRegistryStore(ctx.workspace))];
    const graph = await loadLineageGraph(ctx.workspace, { signal: ctx.signal, providers });
    const root = await resolveLineageTarget(graph, ctx.workspace, target);
    const around = neighbourhood(graph, root, { direction, depth });
    return { json: around.toJSON(root), text: renderLineageTree(around, root, { depth }) };
  },
};
