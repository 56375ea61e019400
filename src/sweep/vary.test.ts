import { describe, expect, it } from 'vitest';
import { ConfigError } from '../model/index.js';
import { combinations, pointSets } from './grid.js';
import { parseVary, strategiesAxis } from './vary.js';

describe('--vary PATH=VALUES', () => {
  it('reads lists as YAML, ranges inclusive with a step, units kept', () => {
    expect(parseVary('service.capacity=10,20,50,100')).toEqual({ path: 'service.capacity', values: [10, 20, 50, 100] });
    expect(parseVary('service.workers=2..5')).toEqual({ path: 'service.workers', values: [2, 3, 4, 5] });
    expect(parseVary('traffic.phases[1].rate=50..200:50')).toEqual({ path: 'traffic.phases[1].rate', values: [50, 100, 150, 200] });
    expect(parseVary('traffic.phases[1].duration=10s..30s:10s').values).toEqual(['10s', '20s', '30s']);
    expect(parseVary('traffic.phases[1].duration=5s,1m').values).toEqual(['5s', '1m']);
    // A decimal step does not drift (0.1 + 0.2 is not 0.3 in floating point).
    expect(parseVary('x.y=0.1..0.5:0.1').values).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
    // A range whose step overshoots the top stops below it.
    expect(parseVary('service.workers=2..9:3').values).toEqual([2, 5, 8]);
  });

  it.each([
    ['service.workers=8..2', /--vary service\.workers: the range "8\.\.2" is empty/],
    ['service.workers=2..8:0', /--vary service\.workers: the step must be above 0/],
    ['traffic.phases[0].duration=1s..5ms', /mixes units/],
    ['service.workers=', /--vary service\.workers: no values|is not a range|empty item/],
    ['service.workers=1,,2', /an empty item/],
    ['service.workers=1,2,1', /listed twice/],
    ['service..workers=1', /--vary "service\.\.workers": not a field path/],
    ['service.workers', /expected PATH=VALUES/],
    ['service.workers=1..1000000', /at most 10,000/],
  ])('%s is refused, naming the field', (spec, message) => {
    expect(() => parseVary(spec)).toThrow(ConfigError);
    expect(() => parseVary(spec)).toThrow(message);
  });

  it('a grid is every combination, the last axis fastest, each point one --set per axis', () => {
    const axes = [strategiesAxis('drop,reject-429'), parseVary('service.workers=1..2')];
    expect(combinations(axes)).toEqual([
      ['drop', 1],
      ['drop', 2],
      ['reject-429', 1],
      ['reject-429', 2],
    ]);
    expect(pointSets(axes, ['drop', 2])).toEqual(['service.strategy="drop"', 'service.workers=2']);
  });
});
