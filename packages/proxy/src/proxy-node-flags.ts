/**
 * Node flags a proxy process starts with (`headroom proxy`, `headroom wrap`, `apps/proxy`'s unit
 * file and the bench's proxy all pass them). Why: V8 grows a busy isolate's young generation to its
 * default cap, 16 MB per semi-space, and once it sits at the cap its scavenges keep 1.5–2.5 MB of
 * each cycle's allocation alive (the bare bench relay does the same when held at 8 or 16 MB), which
 * are promoted and die in the old generation: 3–18 mark-compacts per few thousand requests and
 * scavenges of 5–10 ms. With room to grow past 16 MB the same load keeps 0.2–0.4 MB per scavenge
 * and rarely needs a mark-compact. Only a cap: a process whose young generation stays small (every
 * other CLI command) does not pay for it in memory. Its cost, measured: compression off with 100 KB
 * bodies one at a time uses ~15% more CPU (fewer scavenges leave Buffers counted longer, and V8
 * answers external memory with mark-compacts); the README's "Cost on the request path" has both.
 */
export const PROXY_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32'];
