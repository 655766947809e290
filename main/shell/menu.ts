import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { MenuCommand, MenuItemModel } from '../shell-policy/menu-model.js';

/**
 * Turns the menu model (shell-policy/menu-model.ts, where its content is decided and tested) into
 * the application menu. `run` carries out a command item; roles are Electron's own.
 */
export function applyMenu(model: readonly MenuItemModel[], run: (command: MenuCommand) => void): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(model.map((item) => toTemplate(item, run))));
}

function toTemplate(item: MenuItemModel, run: (command: MenuCommand) => void): MenuItemConstructorOptions {
  switch (item.kind) {
    case 'separator':
      return { type: 'separator' };
    case 'role':
      return item.label === undefined ? { role: item.role } : { role: item.role, label: item.label };
    case 'submenu': {
      const submenu = item.items.map((child) => toTemplate(child, run));
      return item.role === undefined ? { label: item.label, submenu } : { label: item.label, role: item.role, submenu };
    }
    case 'command': {
      const options: MenuItemConstructorOptions = { label: item.label, enabled: item.enabled, click: () => run(item.command) };
      if (item.accelerator !== undefined) options.accelerator = item.accelerator;
      return options;
    }
  }
}
