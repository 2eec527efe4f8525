import { strict as assert } from 'node:assert';
import { formatBytes } from '../../../src/core/format/bytes';
import { formatBytes as webviewFormatBytes } from '../../../webview/shared/format';

describe('formatBytes: one way to show a size', () => {
  it('uses binary units with one decimal below 10', () => {
    assert.deepEqual(
      [0, 812, 1023, 1024, 1536, 10 * 1024, 5 * 1024 * 1024 + 1, 50 * 1024 ** 2, 3 * 1024 ** 3, 2 * 1024 ** 5].map(
        formatBytes,
      ),
      ['0 B', '812 B', '1023 B', '1.0 KiB', '1.5 KiB', '10 KiB', '5.0 MiB', '50 MiB', '3.0 GiB', '2.0 PiB'],
    );
  });

  it('says it does not know for a size that is not one', () => {
    assert.deepEqual([NaN, -1, Infinity].map(formatBytes), ['? B', '? B', '? B']);
  });

  it('is the same function in the webviews', () => {
    assert.equal(webviewFormatBytes, formatBytes);
  });
});
