import { describe, expect, it } from 'vitest';
import { ArrivalList } from './arrival-list.js';

describe('ArrivalList', () => {
  it('keeps the order items were added in, whichever are removed', () => {
    const list = new ArrivalList<string>();
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((v) => list.add(v));
    list.remove(b);
    list.remove(d); // the tail: the next add must follow c
    list.add('e');
    expect(list.first()?.value).toBe('a');
    list.remove(a);
    list.remove(a); // a second removal changes nothing
    expect(list.first()?.value).toBe('c');
    expect(list.takeAll()).toEqual(['c', 'e']);
    list.remove(c); // taken already
    expect(list.first()).toBeUndefined();
    list.add('f');
    expect(list.takeAll()).toEqual(['f']);
  });
});
