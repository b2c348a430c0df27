import { describe, expect, it } from 'vitest';
import { isLoopbackAddress, isLoopbackBind } from './loopback.js';

describe('loopback', () => {
  it('knows loopback addresses in every form, and nothing else', () => {
    for (const address of ['127.0.0.1', '127.3.2.1', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(address)).toBe(true);
    for (const address of [undefined, '', '10.0.0.1', '0.0.0.0', '::', '::ffff:10.0.0.1', 'localhost']) expect(isLoopbackAddress(address)).toBe(false);
  });

  it('knows loopback binds: localhost, loopback addresses, bracketed ::1', () => {
    for (const host of ['localhost', 'LOCALHOST', '127.0.0.1', '::1', '[::1]']) expect(isLoopbackBind(host)).toBe(true);
    for (const host of ['0.0.0.0', '::', '[::]', 'example.com', '192.168.1.2']) expect(isLoopbackBind(host)).toBe(false);
  });
});
