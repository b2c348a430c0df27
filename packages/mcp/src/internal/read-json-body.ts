import type { IncomingMessage } from 'node:http';

export type JsonBody = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly status: number; readonly message: string };

/** The request body parsed as JSON, refused past `limit` bytes without reading further. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<JsonBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.resume();
      return { ok: false, status: 413, message: `request body over ${limit} bytes` };
    }
    chunks.push(chunk as Buffer);
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
  } catch {
    return { ok: false, status: 400, message: 'Parse error: the body is not JSON' };
  }
}
