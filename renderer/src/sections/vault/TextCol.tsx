// Runs in the renderer. One text field of a vault form in its grid column (label, rules, test id,
// monospace for codes and numbers): the company profile and the letter form are rows of these.
import type { ReactNode } from 'react';
import { Col, Form, Input, type FormItemProps } from 'antd';

export interface TextColProps {
  name: string;
  label: ReactNode;
  xs?: number;
  md?: number;
  rules?: FormItemProps['rules'];
  normalize?: FormItemProps['normalize'];
  extra?: ReactNode;
  testId?: string;
  mono?: boolean;
  maxLength?: number;
  placeholder?: string;
  inputMode?: 'decimal' | 'numeric' | 'tel' | 'text';
}

export function TextCol({ name, label, xs = 24, md = 12, rules, normalize, extra, testId, mono, maxLength, placeholder, inputMode }: TextColProps) {
  return (
    <Col xs={xs} md={md}>
      <Form.Item name={name} label={label} rules={rules} normalize={normalize} extra={extra}>
        <Input data-testid={testId} className={mono ? 'bs-mono' : undefined} maxLength={maxLength} placeholder={placeholder} inputMode={inputMode} />
      </Form.Item>
    </Col>
  );
}
