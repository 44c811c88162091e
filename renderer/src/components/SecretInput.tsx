// Runs in the renderer. The field a PIN or a key password is typed into: focused, never offered for the
// browser's autofill, Enter submits, red after a refused try (the key manager, the test signature, the picker).
import type { ComponentProps } from 'react';
import { Input } from 'antd';

type SecretInputProps = Omit<ComponentProps<typeof Input.Password>, 'value' | 'onChange' | 'onPressEnter' | 'status' | 'autoComplete'> & {
  value: string;
  onChange(value: string): void;
  onSubmit(): void;
  /** the last try was refused */
  refused?: boolean;
  'data-testid'?: string;
};

export function SecretInput({ value, onChange, onSubmit, refused, ...input }: SecretInputProps) {
  return <Input.Password autoFocus {...input} value={value} onChange={(e) => onChange(e.target.value)} onPressEnter={onSubmit} autoComplete="off" status={refused ? 'error' : undefined} />;
}
