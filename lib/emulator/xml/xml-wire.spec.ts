import { InfobipApiError } from '../../infobip/infobip-api.error';
import { isXmlMediaType, parseXmlBody, prefersXml, toXml } from './xml-wire';

function status(run: () => unknown): number | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return (error as InfobipApiError).status;
  }
}

describe('XML wire format', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['*/*', false],
    ['application/json', false],
    ['application/json, application/xml', false],
    ['application/xml', true],
    ['text/xml', true],
    ['application/xml, application/json', true],
    ['application/json;q=0.5, application/xml', true],
    ['application/xml;q=0.1, */*', false],
    ['application/xml;q=0', false],
    ['application/xhtml+xml', false],
  ])('Accept %j asks for XML: %j', (accept, xml) => {
    expect(prefersXml(accept)).toBe(xml);
  });

  it.each([
    ['application/xml', true],
    ['text/xml; charset=utf-8', true],
    ['application/soap+xml', true],
    ['application/json', false],
    [undefined, false],
  ])('Content-Type %j is XML: %j', (type, xml) => {
    expect(isXmlMediaType(type)).toBe(xml);
  });

  it("reads fields with the spec's types and keeps placeholders as text", () => {
    const body = parseXmlBody(
      '<?xml version="1.0" encoding="UTF-8"?><ApplicationRequest><name>A &amp; B</name><enabled>false</enabled>' +
        '<configuration><pinAttempts>5</pinAttempts><allowMultiplePinVerifications>true</allowMultiplePinVerifications>' +
        '<pinTimeToLive>10m</pinTimeToLive></configuration><placeholders><pinLength>0042</pinLength></placeholders>' +
        '<pinLength>6</pinLength><speechRate>1.5</speechRate><emailTemplateId>9007199254740993</emailTemplateId>' +
        '<trackDelivery>maybe</trackDelivery><pin>0012</pin></ApplicationRequest>',
    );
    expect(body).toEqual({
      name: 'A & B',
      enabled: false,
      configuration: { pinAttempts: 5, allowMultiplePinVerifications: true, pinTimeToLive: '10m' },
      placeholders: { pinLength: '0042' },
      pinLength: 6,
      speechRate: 1.5,
      emailTemplateId: 9007199254740993n,
      // Text that does not fit the type stays text, for the engine to refuse.
      trackDelivery: 'maybe',
      pin: '0012',
    });
    expect(parseXmlBody('<VerifyPinRequest/>')).toEqual({});
    expect(parseXmlBody('<V><pin>&#49;&#x32;<![CDATA[3<]]>&amp;#52;</pin></V>')).toEqual({
      pin: '123<&#52;',
    });
    expect(parseXmlBody('<R><placeholders/></R>')).toEqual({ placeholders: {} });
  });

  it.each([
    ['malformed XML', '<VerifyPinRequest><pin>1</VerifyPinRequest>'],
    ['a text root', '<VerifyPinRequest>1234</VerifyPinRequest>'],
    ['two roots', '<a/><b/>'],
    ['a DTD', '<!DOCTYPE a [<!ENTITY x "y">]><a><pin>&x;</pin></a>'],
    ['an external entity', '<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a><pin>&x;</pin></a>'],
    ['a prototype name', '<a><__proto__><polluted>1</polluted></__proto__></a>'],
  ])('answers 400 to %s', (_what, text) => {
    expect(status(() => parseXmlBody(text))).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("writes answers as the spec's examples do", () => {
    expect(
      toXml('VerifyPinResponse', {
        pinId: 'P1',
        msisdn: '41793026727',
        verified: true,
        attemptsRemaining: 0,
      }),
    ).toBe(`<?xml version="1.0" encoding="UTF-8"?><VerifyPinResponse>
  <pinId>P1</pinId>
  <msisdn>41793026727</msisdn>
  <verified>true</verified>
  <attemptsRemaining>0</attemptsRemaining>
</VerifyPinResponse>
`);
    expect(toXml('VerificationResponse', { verifications: [{ msisdn: '1', verified: false }] })).toContain(
      '<verifications>\n    <verifications>\n      <msisdn>1</msisdn>',
    );
    expect(toXml('Messages', [{ messageId: 'M', emailTemplateId: 9007199254740993n }])).toContain(
      '<Messages>\n  <item>\n    <messageId>M</messageId>\n    <emailTemplateId>9007199254740993</emailTemplateId>',
    );
    expect(toXml('Messages', [])).toBe('<?xml version="1.0" encoding="UTF-8"?><Messages></Messages>\n');
  });

  it('escapes text and turns any key into an element name', () => {
    const xml = toXml('ApiException', {
      requestError: {
        serviceException: {
          messageId: 'BAD_REQUEST',
          text: '<b>&"',
          validationErrors: { 'placeholders.a b': ['x'] },
        },
      },
    });
    expect(xml).toContain('<text>&lt;b&gt;&amp;&quot;</text>');
    expect(xml).toContain('<placeholders.a_b>\n          <placeholders.a_b>x</placeholders.a_b>');
  });
});
