import { createHash } from 'node:crypto';
import type { Reply, Send } from './redis-connection.js';

// Lua runs atomically on the server: "never shorten an original's life" and "extend only the
// live ones" hold even when several replicas write the same ref at once. Numbers go through
// string.format('%d'): redis.call would turn a large Lua number into "1e+15", which PEXPIRE refuses.

/** KEYS original, holders. ARGV bytes, wide, meta, createdAt, expiresAt, graceMs, tenant. */
const PUT_ORIGINAL = `
local e = tonumber(ARGV[5])
local old = tonumber(redis.call('HGET', KEYS[1], 'e'))
if old and old > e then e = old end
local es = string.format('%d', e)
redis.call('HSET', KEYS[1], 'b', ARGV[1], 'w', ARGV[2], 'm', ARGV[3], 'c', ARGV[4], 'e', es)
local ttl = e - tonumber(ARGV[4]) + tonumber(ARGV[6])
redis.call('PEXPIRE', KEYS[1], string.format('%d', ttl))
redis.call('SADD', KEYS[2], ARGV[7])
if redis.call('PTTL', KEYS[2]) < ttl then redis.call('PEXPIRE', KEYS[2], string.format('%d', ttl)) end
return 1
`;

/** KEYS original_1..n, holders_1..n. ARGV now, expiresAt, graceMs. Returns the 1-based indexes of the refs gone. */
const TOUCH_ORIGINALS = `
local n = #KEYS / 2
local at = tonumber(ARGV[1])
local e = tonumber(ARGV[2])
local ttl = e - at + tonumber(ARGV[3])
local gone = {}
for i = 1, n do
  local old = tonumber(redis.call('HGET', KEYS[i], 'e'))
  if not old or old <= at then
    gone[#gone + 1] = i
  elseif e > old then
    redis.call('HSET', KEYS[i], 'e', string.format('%d', e))
    redis.call('PEXPIRE', KEYS[i], string.format('%d', ttl))
    if redis.call('PTTL', KEYS[n + i]) < ttl then redis.call('PEXPIRE', KEYS[n + i], string.format('%d', ttl)) end
  end
end
return gone
`;

export interface Script {
  readonly source: string;
  readonly sha: string;
}

const script = (source: string): Script => ({ source, sha: createHash('sha1').update(source).digest('hex') });

export const SCRIPTS = { putOriginal: script(PUT_ORIGINAL), touchOriginals: script(TOUCH_ORIGINALS) };

/** EVALSHA, and EVAL once when the server does not know the script yet (a fresh or restarted Redis). */
export async function runScript(send: Send, which: Script, keys: readonly string[], args: readonly (string | Buffer)[]): Promise<Reply> {
  const tail = [String(keys.length), ...keys, ...args];
  try {
    return await send(['EVALSHA', which.sha, ...tail]);
  } catch (error) {
    if (!String((error as Error).message).includes('NOSCRIPT')) throw error;
    return await send(['EVAL', which.source, ...tail]);
  }
}
