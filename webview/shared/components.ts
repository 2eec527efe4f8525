/**
 * The only module that knows about @vscode/webview-ui-toolkit (archived upstream): panels build controls through
 * these functions, so replacing the toolkit means rewriting this file alone.
 */
import {
  provideVSCodeDesignSystem,
  vsCodeBadge,
  vsCodeButton,
  vsCodeCheckbox,
  vsCodeDivider,
  vsCodeDropdown,
  vsCodeOption,
  vsCodeTextField,
} from '@vscode/webview-ui-toolkit';

provideVSCodeDesignSystem().register(
  vsCodeButton(),
  vsCodeCheckbox(),
  vsCodeTextField(),
  vsCodeDropdown(),
  vsCodeOption(),
  vsCodeBadge(),
  vsCodeDivider(),
);

type Appearance = 'primary' | 'secondary' | 'icon';

export function button(
  label: string,
  onClick: () => void,
  options: { appearance?: Appearance; title?: string } = {},
): HTMLElement & { disabled: boolean } {
  const el = document.createElement('vscode-button') as HTMLElement & { disabled: boolean; appearance: string };
  el.textContent = label;
  el.appearance = options.appearance ?? 'secondary';
  if (options.title) el.title = options.title;
  el.addEventListener('click', () => {
    if (!el.disabled) onClick();
  });
  return el;
}

export function checkbox(
  label: string,
  checked: boolean,
  onChange: (checked: boolean) => void,
): HTMLElement & { checked: boolean } {
  const el = document.createElement('vscode-checkbox') as HTMLElement & { checked: boolean };
  el.textContent = label;
  el.checked = checked;
  el.addEventListener('change', () => onChange(el.checked));
  return el;
}

export function textField(options: {
  placeholder: string;
  value?: string;
  onInput: (value: string) => void;
  size?: number;
}): HTMLElement & { value: string } {
  const el = document.createElement('vscode-text-field') as HTMLElement & {
    value: string;
    placeholder: string;
    size: number;
  };
  el.placeholder = options.placeholder;
  el.value = options.value ?? '';
  if (options.size) el.size = options.size;
  el.addEventListener('input', () => options.onInput(el.value));
  return el;
}

export interface Dropdown extends HTMLElement {
  value: string;
  setOptions(options: Array<{ value: string; label: string }>, selected: string | null): void;
}

export function dropdown(title: string, onChange: (value: string) => void): Dropdown {
  const el = document.createElement('vscode-dropdown') as unknown as Dropdown;
  el.title = title;
  el.setOptions = (options, selected) => {
    el.replaceChildren(
      ...options.map((o) => {
        const option = document.createElement('vscode-option') as HTMLElement & { value: string };
        option.value = o.value;
        option.textContent = o.label;
        if (o.value === selected) option.setAttribute('selected', '');
        return option;
      }),
    );
    if (selected !== null) queueMicrotask(() => (el.value = selected));
  };
  el.addEventListener('change', () => onChange(el.value));
  return el;
}

export function badge(text: string): HTMLElement {
  const el = document.createElement('vscode-badge');
  el.textContent = text;
  return el;
}

export function divider(): HTMLElement {
  return document.createElement('vscode-divider');
}
