import { describe, expect, it } from 'vitest';
import { DEFAULT_THREAD_NICE, lowerThisThreadPriority, threadNiceFrom, THREAD_NICE_ENV } from './thread-priority';

describe('compute thread priority', () => {
  it('reads the nice value from the environment, defaulting to 10 and refusing values outside 0–19', () => {
    expect(threadNiceFrom({})).toBe(DEFAULT_THREAD_NICE);
    expect(threadNiceFrom({ [THREAD_NICE_ENV]: '0' })).toBe(0);
    expect(threadNiceFrom({ [THREAD_NICE_ENV]: '19' })).toBe(19);
    expect(threadNiceFrom({ [THREAD_NICE_ENV]: '-5' })).toBeNull();
    expect(threadNiceFrom({ [THREAD_NICE_ENV]: '20' })).toBeNull();
    expect(threadNiceFrom({ [THREAD_NICE_ENV]: 'low' })).toBeNull();
  });

  it('never touches the priority off Linux, where it would lower the whole process', () => {
    expect(lowerThisThreadPriority(10, 'win32')).toBe('unsupported');
    expect(lowerThisThreadPriority(10, 'darwin')).toBe('unsupported');
  });

  it('leaves the thread alone for 0 or an invalid value', () => {
    expect(lowerThisThreadPriority(0, 'linux')).toBe('unchanged');
    expect(lowerThisThreadPriority(null, 'linux')).toBe('unchanged');
  });
});
