// Runs in the renderer. "Add driver…": the main process shows its native file dialog and a confirmation,
// remembers the driver as the user's choice and answers with its id. The renderer never sees a path
// it could send back (docs/ipc-security.md).
import { useState } from 'react';
import { App, Button } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { client } from '../ipc/client';
import { useErrorText } from '../hooks/useErrorText';

export function AddDriverButton({ onAdded, testId, label }: { onAdded: (moduleId: string) => void; testId: string; label: string }) {
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const add = async () => {
    setBusy(true);
    try {
      const r = await client['tokens.addModule']({});
      if (!r.ok) void message.error(errorText(r.error));
      else if (r.value.module) onAdded(r.value.module.id);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<PlusOutlined />} loading={busy} onClick={() => void add()} data-testid={testId}>
      {label}
    </Button>
  );
}
