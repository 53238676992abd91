import { RingBuffer } from './ring-buffer.js';

describe(RingBuffer.name, () => {
  it('keeps items oldest first until full', () => {
    const sut = new RingBuffer<number>(3);
    expect(sut.last()).toBeUndefined();
    sut.push(1);
    sut.push(2);
    expect(sut.toArray()).toEqual([1, 2]);
    expect(sut.last()).toBe(2);
  });

  it('drops the oldest item past capacity', () => {
    const sut = new RingBuffer<number>(3);
    for (let i = 1; i <= 7; i++) sut.push(i);
    expect(sut.toArray()).toEqual([5, 6, 7]);
    expect(sut.size).toBe(3);
    expect(sut.last()).toBe(7);
  });

  it('refuses a capacity below one', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
  });
});
