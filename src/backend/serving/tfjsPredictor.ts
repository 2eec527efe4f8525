/** Serves a tfjs artifact in this process through loadModelArtifact (its bundled preprocessing applies). */
import { loadModelArtifact, type LoadOptions } from '../trainer/loadModelArtifact';
import type { Predictor } from './predictor';

export async function tfjsPredictor(artifactDir: string, options: LoadOptions = {}): Promise<Predictor> {
  const model = await loadModelArtifact(artifactDir, options);
  return {
    kind: 'tfjs',
    schema: model.schema,
    predict: async (rows) =>
      (await model.predict(rows)).map((p) =>
        p.probabilities ? { prediction: p.prediction, probabilities: p.probabilities } : { prediction: p.prediction },
      ),
    unhealthy: async () => null,
    close: async () => model.dispose(),
  };
}
