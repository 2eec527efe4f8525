import { strict as assert } from 'node:assert';
import Ajv from 'ajv';
import { MLOPS_SCHEMA } from '../../../src/core/spec/schemaValidation';
import { TFJS_ACTIVATIONS, TFJS_LAYER_NAMES, TFJS_LAYER_OPTIONS } from '../../../src/core/spec/tfjsLayers';

type Schema = Record<string, any>;
const definitions = (MLOPS_SCHEMA as Schema).definitions as Record<string, Schema>;

describe('schemas/mlops.schema.json', () => {
  it('is a draft-07 schema (what the YAML extension reads through yamlValidation) that strict ajv compiles', () => {
    assert.equal(MLOPS_SCHEMA.$schema, 'http://json-schema.org/draft-07/schema#');
    const ajv = new Ajv({ strict: true, allowUnionTypes: true });
    ajv.addKeyword('patternErrorMessage');
    assert.doesNotThrow(() => ajv.compile(MLOPS_SCHEMA));
  });

  it('describes every key users write, so hovers explain them', () => {
    const undocumented: string[] = [];
    const visit = (schema: Schema, path: string) => {
      for (const [key, child] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
        const target = child.$ref ? definitions[child.$ref.split('/').pop()] : child;
        if (!child.description && !target.description) {
          undocumented.push(`${path}.${key}`);
        }
        if (!child.$ref) visit(child, `${path}.${key}`);
      }
    };
    visit(MLOPS_SCHEMA as Schema, '');
    for (const [name, def] of Object.entries(definitions)) visit(def, name);
    assert.deepEqual(undocumented, []);
  });

  it('lists exactly the layers and layer options of the tfjs layer catalogue', () => {
    const layerKeys = Object.keys(definitions.layer.properties);
    assert.deepEqual(layerKeys, [...TFJS_LAYER_NAMES, ...TFJS_LAYER_OPTIONS]);
    assert.deepEqual(definitions.layer.properties.activation.enum, [...TFJS_ACTIVATIONS]);
  });

  it('closes every object against unknown keys', () => {
    const open: string[] = [];
    const visit = (schema: Schema, path: string) => {
      if (schema.properties && schema.additionalProperties !== false) open.push(path);
      for (const [key, child] of Object.entries((schema.properties ?? {}) as Record<string, Schema>))
        visit(child, `${path}.${key}`);
    };
    for (const [name, def] of Object.entries(definitions)) visit(def, name);
    assert.deepEqual(open, []);
  });
});
