/** Bytes a message costs on the wire: typed arrays travel as binary, the rest as JSON. */
export function messageBytes(message: unknown): number {
  let binary = 0;
  const json = JSON.stringify(message, (_key, value: unknown) => {
    if (ArrayBuffer.isView(value)) {
      binary += value.byteLength;
      return 0;
    }
    return value;
  });
  return binary + (json?.length ?? 0);
}
