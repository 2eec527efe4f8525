/**
 * DNS-rebinding guard: a page on evil.example whose name was rebound to 127.0.0.1 reaches the server with
 * `Host: evil.example[:port]`. Only the loopback names below are accepted, alone or with a port. Any port is fine:
 * the name is what a rebinding page cannot fake, and a forwarded port (remote development) may differ from ours.
 */
const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?$/i;

export function isLoopbackHost(host: string | undefined): boolean {
  return host !== undefined && LOOPBACK_HOST.test(host);
}

export const LOOPBACK_HOST_HINT =
  'Call the server as http://127.0.0.1:PORT, http://localhost:PORT or http://[::1]:PORT; other Host names are refused to block DNS rebinding.';
