// Runs in the Electron main process. Native menus in zh-CN (default) or en-US, by system locale.
// Menu text lives with the other UI strings in renderer/i18n (pure data modules).
import type { MenuItemConstructorOptions } from 'electron';
import { menuStrings } from '../../shared/i18n/menu';

export function buildMenuTemplate(locale: string, platform: string, appName: string): MenuItemConstructorOptions[] {
  const t = menuStrings(locale);
  const template: MenuItemConstructorOptions[] = [];
  if (platform === 'darwin') {
    template.push({ label: appName, submenu: [{ role: 'about', label: t.about }, { type: 'separator' }, { role: 'hide', label: t.hide }, { role: 'quit', label: t.quit }] });
  }
  template.push(
    { label: t.file, submenu: [platform === 'darwin' ? { role: 'close', label: t.close } : { role: 'quit', label: t.quit }] },
    { label: t.edit, submenu: [{ role: 'undo', label: t.undo }, { role: 'redo', label: t.redo }, { type: 'separator' }, { role: 'cut', label: t.cut }, { role: 'copy', label: t.copy }, { role: 'paste', label: t.paste }, { role: 'selectAll', label: t.selectAll }] },
    { label: t.view, submenu: [{ role: 'reload', label: t.reload }, { role: 'resetZoom', label: t.resetZoom }, { role: 'zoomIn', label: t.zoomIn }, { role: 'zoomOut', label: t.zoomOut }, { type: 'separator' }, { role: 'togglefullscreen', label: t.fullscreen }] },
    { label: t.window, submenu: [{ role: 'minimize', label: t.minimize }, { role: 'close', label: t.close }] },
  );
  return template;
}
