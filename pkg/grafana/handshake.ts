// go-plugin's start-up contract: a magic cookie proves Grafana started us, PLUGIN_PROTOCOL_VERSIONS
// must offer version 2, and the first (and only) start-up stdout line tells the host where to dial.

export const MAGIC_COOKIE_KEY = 'grafana_plugin_type';
export const MAGIC_COOKIE_VALUE = 'datasource';
export const CORE_PROTOCOL_VERSION = 1;
export const APP_PROTOCOL_VERSION = 2;

export type HandshakeCheck = { ok: true } | { ok: false; message: string };

export function checkHandshakeEnv(env: NodeJS.ProcessEnv): HandshakeCheck {
  if (env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    return {
      ok: false,
      message:
        'This binary is a Grafana backend plugin. It is not meant to be executed directly: ' +
        "install it in Grafana's plugin directory and Grafana will start it. " +
        `(Missing environment variable ${MAGIC_COOKIE_KEY}=${MAGIC_COOKIE_VALUE}.)`,
    };
  }
  const offered = (env.PLUGIN_PROTOCOL_VERSIONS ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  if (!offered.includes(String(APP_PROTOCOL_VERSION))) {
    return {
      ok: false,
      message:
        `This plugin speaks Grafana plugin protocol version ${APP_PROTOCOL_VERSION}, but the host offered ` +
        `PLUGIN_PROTOCOL_VERSIONS=${JSON.stringify(env.PLUGIN_PROTOCOL_VERSIONS ?? '')}. Use Grafana 7 or newer.`,
    };
  }
  return { ok: true };
}

/** `1|2|tcp|127.0.0.1:<port>|grpc` followed by a newline. */
export function handshakeLine(port: number): string {
  return `${CORE_PROTOCOL_VERSION}|${APP_PROTOCOL_VERSION}|tcp|127.0.0.1:${port}|grpc\n`;
}
