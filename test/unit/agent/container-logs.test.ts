import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatLogEntry, logTime, parseLogFile, parseLogLine, renderLogEntries, tailEntries } from '../../../src/agent/container-logs.js';

const entry = (text: string, partial = false) => ({ time: '2024-05-01T10:00:00.123000000Z', stream: 'stdout', partial, text });

describe('CRI log entries', () => {
  it('formats and parses a line, spaces in the text kept', () => {
    assert.equal(formatLogEntry(entry('a  b')), '2024-05-01T10:00:00.123000000Z stdout F a  b\n');
    assert.deepEqual(parseLogLine('2024-05-01T10:00:00.123000000Z stderr P x y'), { time: '2024-05-01T10:00:00.123000000Z', stream: 'stderr', partial: true, text: 'x y' });
    assert.equal(parseLogLine('garbage'), undefined);
  });

  it('pads the time to nanoseconds', () => {
    assert.equal(logTime(new Date(Date.UTC(2024, 4, 1, 10, 0, 0, 7))), '2024-05-01T10:00:00.007000000Z');
  });

  it('renders with and without timestamps; a partial line gets no newline', () => {
    const entries = [entry('one'), entry('two', true)];
    assert.equal(renderLogEntries(entries, { timestamps: false }), 'one\ntwo');
    assert.equal(renderLogEntries(entries, { timestamps: true }), '2024-05-01T10:00:00.123000000Z one\n2024-05-01T10:00:00.123000000Z two');
  });

  it('tails full lines', () => {
    const entries = parseLogFile(['a', 'b', 'c'].map((t) => formatLogEntry(entry(t))).join(''));
    assert.deepEqual(tailEntries(entries, 2).map((e) => e.text), ['b', 'c']);
    assert.deepEqual(tailEntries(entries, 0).map((e) => e.text), []);
    assert.deepEqual(tailEntries(entries, 10).map((e) => e.text), ['a', 'b', 'c']);
    assert.deepEqual(tailEntries(entries, undefined).map((e) => e.text), ['a', 'b', 'c']);
    assert.deepEqual(tailEntries(entries, -1).map((e) => e.text), ['a', 'b', 'c']);
  });
});
