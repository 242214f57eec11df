import { escapeHtml, html, SafeHtml } from './html';

describe('html', () => {
  it('escapes interpolated text, in element content and in quoted attributes', () => {
    const input = `<script>alert("x")</script> & 'quoted'`;
    expect(html`<p title="${input}">${input}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;">' +
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;</p>',
    );
  });

  it('keeps nested fragments and joins arrays, escaping their text', () => {
    const items = ['a<b', 'c&d'].map((item) => html`<li>${item}</li>`);
    const list = html`<ul>
      ${items}
    </ul>`;
    expect(list.value.replace(/\s+/g, '')).toBe('<ul><li>a&lt;b</li><li>c&amp;d</li></ul>');
  });

  it('renders nothing for null, undefined and false, and numbers as text', () => {
    const hidden = false as boolean;
    expect(html`[${null}${undefined}${hidden && html`<b>no</b>`}${0}]`.value).toBe('[0]');
  });

  it('keeps markup only from SafeHtml: a string is text, even if already escaped', () => {
    expect(html`${'<b>x</b>'}|${new SafeHtml('<b>x</b>')}`.value).toBe('&lt;b&gt;x&lt;/b&gt;|<b>x</b>');
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
  });
});
