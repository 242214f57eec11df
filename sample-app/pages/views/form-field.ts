import { html, type SafeHtml } from '../html';
import type { Flash } from '../page-session';

/** One labelled input of a form. */
export interface FormField {
  name: string;
  label: string;
  type?: 'text' | 'password' | 'tel';
  autocomplete: string;
  value?: string;
  /** Shown under the input and linked to it (`aria-describedby`). */
  hint?: string;
  /** The error about this field: shown under it, linked, `aria-invalid`, and the field focused. */
  error?: string;
  /** Extra attributes, written by the view (never from input). */
  attributes?: SafeHtml;
}

/** A `<label>` and its `<input>`, with an optional hint and error. */
export function formField(field: FormField): SafeHtml {
  const hintId = field.hint ? `${field.name}-hint` : undefined;
  const errorId = field.error ? `${field.name}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ');
  return html`<label for="${field.name}">${field.label}</label>
    <input
      id="${field.name}"
      name="${field.name}"
      type="${field.type ?? 'text'}"
      autocomplete="${field.autocomplete}"
      value="${field.value ?? ''}"
      ${describedBy && html` aria-describedby="${describedBy}"`}
      ${errorId && html` aria-invalid="true" autofocus`}
      required${field.attributes ?? ''}
    />
    ${errorId && html`<p class="field-error" id="${errorId}">${field.error}</p>`}
    ${hintId && html`<p class="hint" id="${hintId}">${field.hint}</p>`}`;
}

/** The error of `flash` when it is about `name`. */
export function fieldError(flash: Flash | undefined, name: string): string | undefined {
  return flash?.kind === 'error' && flash.field === name ? flash.text : undefined;
}

/** A note for developers under the card. */
export function devNote(content: SafeHtml | false | undefined): SafeHtml | false {
  return content ? html`<p>${content}</p>` : false;
}
