import { FileRegistryStore } from '../../core/registry/fileRegistryStore';
import { keyMetricNames, versionBadges } from '../../core/registry/presentation';
import { aliasesOf, resolveModelRef } from '../../core/registry/resolveModelRef';
import { loadSpec } from '../../core/spec/loadSpec';
import type { CliCommand } from '../command';
import { formatNumber, textTable } from '../textTable';

export const modelsCommand: CliCommand = {
  name: 'models',
  usage: 'models [NAME]',
  summary: 'registered models, or the versions of one with stages, aliases and key metrics',
  async run(ctx) {
    const [name] = ctx.args.positionals;
    const store = new FileRegistryStore(ctx.workspace);
    const data = await store.read();
    if (!name) {
      const models = Object.values(data.models).sort((a, b) => a.name.localeCompare(b.name));
      const rows = models.map((m) => {
        const production = m.versions.find((v) => v.stage === 'production');
        const staging = m.versions.filter((v) => v.stage === 'staging').map((v) => v.version);
        const aliases = Object.entries(m.aliases)
          .map(([a, v]) => `@${a}=${v}`)
          .join(' ');
        return [
          m.name,
          String(m.versions.length),
          production ? String(production.version) : '-',
          staging.join(',') || '-',
          aliases || '-',
        ];
      });
      const json = models.map((m) => ({
        name: m.name,
        versions: m.versions.length,
        latest: m.versions[m.versions.length - 1]?.version ?? null,
        aliases: m.aliases,
        production: m.versions.find((v) => v.stage === 'production')?.version ?? null,
      }));
      return {
        json,
        text: models.length
          ? textTable(['MODEL', 'VERSIONS', 'PRODUCTION', 'STAGING', 'ALIASES'], rows)
          : "no registered models; register one with 'mlops register <run-id> --model NAME'",
      };
    }
    const model = data.models[name];
    if (!model) resolveModelRef(data, name);
    const spec = (await loadSpec(ctx.workspace)).spec;
    const metricNames = keyMetricNames(model.versions, spec);
    const rows = [...model.versions]
      .reverse()
      .map((v) => [
        String(v.version),
        versionBadges(model, v).join(' ') || '-',
        v.runId,
        v.createdAt.replace('T', ' ').slice(0, 16),
        v.createdBy,
        ...metricNames.map((n) => formatNumber(v.metrics[n])),
      ]);
    const json = { ...model, versions: model.versions.map((v) => ({ ...v, aliases: aliasesOf(model, v.version) })) };
    return {
      json,
      text: textTable(
        ['VERSION', 'STAGE/ALIASES', 'RUN', 'CREATED (UTC)', 'BY', ...metricNames.map((n) => n.toUpperCase())],
        rows,
      ),
    };
  },
};
