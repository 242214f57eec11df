import { parseJsonKeepingInt64, toJson } from './int64-json';

describe('int64 JSON', () => {
  it('reads an emailTemplateId beyond 2^53 exactly, wherever it is', () => {
    expect(parseJsonKeepingInt64('{"emailTemplateId": 9007199254740993}')).toEqual({
      emailTemplateId: 9007199254740993n,
    });
    expect(
      parseJsonKeepingInt64(
        '[{"emailTemplateId":1234},{"from":"\\"emailTemplateId\\":1","emailTemplateId":9223372036854775807}]',
      ),
    ).toEqual([
      { emailTemplateId: 1234 },
      { from: '"emailTemplateId":1', emailTemplateId: 9223372036854775807n },
    ]);
  });

  it('leaves other numbers as JSON.parse reads them', () => {
    expect(parseJsonKeepingInt64('{"emailTemplateId":1.5,"x":9007199254740993}')).toEqual({
      emailTemplateId: 1.5,
      x: 9007199254740992,
    });
    // Beyond int64: not an int64, left for validation to refuse.
    expect(parseJsonKeepingInt64('{"emailTemplateId":92233720368547758080}')).toEqual({
      emailTemplateId: 92233720368547758080,
    });
  });

  it('writes bigint values with all their digits, and nothing else differently', () => {
    expect(toJson({ emailTemplateId: 9007199254740993n, text: 'int64-x:1' })).toBe(
      '{"emailTemplateId":9007199254740993,"text":"int64-x:1"}',
    );
    expect(toJson({ a: [1, 'b'] })).toBe(JSON.stringify({ a: [1, 'b'] }));
  });
});
