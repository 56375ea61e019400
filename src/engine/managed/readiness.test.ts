import { describe, expect, it } from 'vitest';
import { portOf } from './readiness.js';

describe('the port a managed process is waited on', () => {
  it("is the URL's own, or its scheme's default (https: 443, not 80)", () => {
    expect(portOf(new URL('http://127.0.0.1:3000/jobs'))).toEqual({ host: '127.0.0.1', port: 3000 });
    expect(portOf(new URL('http://localhost/jobs'))).toEqual({ host: 'localhost', port: 80 });
    expect(portOf(new URL('https://localhost/jobs'))).toEqual({ host: 'localhost', port: 443 });
    expect(portOf(new URL('http://[::1]:8080/'))).toEqual({ host: '::1', port: 8080 });
  });
});
