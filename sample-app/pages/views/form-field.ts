import { html, type SafeHtml } from '../html';

/** One labelled input of a form. */
export interface FormField {
  name: string;
  label: string;
  type?: 'text' | 'password' | 'tel';
  autocomplete: string;
  value?: string;
  /** Shown under the input and linked to it (`aria-describedby`). */
  hint?: string;
  /** Extra attributes, written by the view (never from input). */
  attributes?: SafeHtml;
}

/** A `<label>` and its `<input>`, with an optional hint. */
export function formField(field: FormField): SafeHtml {
  const hintId = field.hint ? `${field.name}-hint` : undefined;
  return html`<label for="${field.name}">${field.label}</label>
    <input
      id="${field.name}"
      name="${field.name}"
      type="${field.type ?? 'text'}"
      autocomplete="${field.autocomplete}"
      value="${field.value ?? ''}"
      ${hintId && html` aria-describedby="${hintId}"`}
      required${field.attributes ?? ''}
    />
    ${hintId && html`<p class="hint" id="${hintId}">${field.hint}</p>`}`;
}

/** A note for developers at the bottom of a page. */
export function devNote(content: SafeHtml | false | undefined): SafeHtml {
  return html`${content && html`<p class="dev">${content}</p>`}`;
}
