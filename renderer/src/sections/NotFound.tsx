// Runs in the renderer. Unknown route.
import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';

export default function NotFound() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title={t('notFound.title')}
      subTitle={t('notFound.subtitle')}
      extra={<Button type="primary" onClick={() => navigate('/projects')}>{t('notFound.back')}</Button>}
      data-testid="section-not-found"
    />
  );
}
