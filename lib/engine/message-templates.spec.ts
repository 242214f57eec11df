import fc from 'fast-check';
import type { TemplateRecord } from '../storage/two-factor-store.interface';
import { MessageRenderer, renderMessage } from './message-templates';

const sms = (messageText: string): TemplateRecord => ({
  kind: 'smsOrVoice',
  message: { messageId: 'M', applicationId: 'A', messageText, pinLength: 4, pinType: 'NUMERIC' },
});

describe('MessageRenderer', () => {
  it('replaces the PIN and the given placeholders, leaving unknown ones', () => {
    const renderer = new MessageRenderer();
    const template = sms('Hi {{name}}, {{pin}} is your code for {{app}} ({{pin}})');
    expect(renderer.render(template, '0042', { name: 'Jane' })).toBe(
      'Hi Jane, 0042 is your code for {{app}} (0042)',
    );
    // Values are inserted as they are, `$` patterns included.
    expect(renderer.render(template, '7', { name: '$&$1', app: '{{pin}}' })).toBe(
      'Hi $&$1, 7 is your code for {{pin}} (7)',
    );
    expect(renderer.render(sms('no placeholder'), '1', {})).toBe('no placeholder');
  });

  it('renders exactly as renderMessage, for any text, PIN and placeholders', () => {
    const renderer = new MessageRenderer();
    const piece = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.constantFrom('{{pin}}', '{{name}}', '{{', '}}', '{', '}', '{{}}', '{{a{b}}', '{{constructor}}'),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 8 }).map((pieces) => pieces.join('')),
        fc.string({ maxLength: 6 }),
        fc.dictionary(
          fc.constantFrom('name', 'pin', 'a', 'constructor', '__proto__'),
          fc.string({ maxLength: 4 }),
        ),
        (text, pin, placeholders) => {
          const template = sms(text);
          expect(renderer.render(template, pin, placeholders)).toBe(
            renderMessage(template, pin, placeholders),
          );
          // Twice: the second time from the remembered split.
          expect(renderer.render(template, pin, placeholders)).toBe(
            renderMessage(template, pin, placeholders),
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('renders email templates as renderMessage does', () => {
    const email: TemplateRecord = {
      kind: 'email',
      message: { messageId: 'M', applicationId: 'A', emailTemplateId: 12, pinLength: 4, pinType: 'NUMERIC' },
    };
    expect(new MessageRenderer().render(email, 'ABCD', {})).toBe(renderMessage(email, 'ABCD', {}));
  });
});
