/**
 * The layer table of CONTRIBUTING.md as lint rules: what each folder must not import. Paths resolve through the
 * import (`../../extension/x` and `src/extension/x` are the same file), so a rename cannot slip past.
 */
const LAYERS = {
  core: './src/core',
  backend: './src/backend',
  cli: './src/cli',
  client: './src/client',
  protocol: './src/protocol',
  extension: './src/extension',
  webview: './webview',
};

/** Each zone: files under `target` may not import files under any of `from`. */
export const layerZones = [
  {
    target: LAYERS.core,
    from: [LAYERS.backend, LAYERS.cli, LAYERS.client, LAYERS.extension, LAYERS.webview],
    message:
      'src/core is pure TypeScript over the file system: it imports node, npm libraries and other src/core modules only.',
  },
  {
    target: LAYERS.backend,
    from: [LAYERS.cli, LAYERS.client, LAYERS.extension, LAYERS.webview],
    message: 'src/backend imports src/core and src/protocol only.',
  },
  {
    target: LAYERS.cli,
    from: [LAYERS.extension, LAYERS.webview, LAYERS.client],
    message: 'src/cli imports src/core and src/backend only.',
  },
  {
    target: LAYERS.client,
    from: [LAYERS.backend, LAYERS.cli, LAYERS.protocol, LAYERS.extension, LAYERS.webview],
    message: 'src/client/node is the zero-dependency logging client: node built-ins and src/core (bundled in) only.',
  },
  {
    target: LAYERS.protocol,
    from: [LAYERS.backend, LAYERS.cli, LAYERS.client, LAYERS.extension, LAYERS.webview],
    message: 'src/protocol holds message contracts: types only, from src/protocol and src/core.',
  },
  {
    target: LAYERS.webview,
    from: LAYERS.core,
    except: ['./format'],
    message: 'A webview imports src/protocol, webview/shared and the pure formatters of src/core/format only.',
  },
  {
    target: LAYERS.webview,
    from: [LAYERS.backend, LAYERS.cli, LAYERS.client, LAYERS.extension],
    message:
      'A webview imports src/protocol (and webview/shared) only: it runs in the browser, not in the extension host.',
  },
];

/** Folders whose code may import `vscode`: the extension and the tests that run inside VS Code. */
export const vscodeAllowed = ['src/extension/**', 'test/integration/**'];
