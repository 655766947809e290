import type { ReactNode } from 'react';

/**
 * Line icons for media inputs (24×24, stroke in the current colour), drawn as SVG elements: no
 * image files and nothing a strict CSP would block. Decorative: buttons carry their own names.
 */
function Icon({ children, className }: { readonly children: ReactNode; readonly className?: string | undefined }): ReactNode {
  return (
    <svg
      className={className ? `icon ${className}` : 'icon'}
      viewBox="0 0 24 24"
      width="24"
      height="24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

export function UploadIcon({ className }: { readonly className?: string }): ReactNode {
  return (
    <Icon className={className}>
      <path d="M12 15V4" />
      <path d="m7 9 5-5 5 5" />
      <path d="M4 15v3a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-3" />
    </Icon>
  );
}

export function CameraIcon({ className }: { readonly className?: string }): ReactNode {
  return (
    <Icon className={className}>
      <path d="M4 8h3l2-3h6l2 3h3a1 1 0 0 1 1 1v9a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V9a1 1 0 0 1 1-1Z" />
      <circle cx="12" cy="13" r="3.5" />
    </Icon>
  );
}

export function ClipboardIcon({ className }: { readonly className?: string }): ReactNode {
  return (
    <Icon className={className}>
      <rect x="8" y="3" width="8" height="4" rx="1" />
      <path d="M8 5H6a1 1 0 0 0-1 1v14a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1V6a1 1 0 0 0-1-1h-2" />
    </Icon>
  );
}

export function ImageIcon({ className }: { readonly className?: string }): ReactNode {
  return (
    <Icon className={className}>
      <rect x="3" y="4" width="18" height="16" rx="2" />
      <circle cx="9" cy="10" r="1.8" />
      <path d="m21 16-5-5-9 9" />
    </Icon>
  );
}

export function CloseIcon({ className }: { readonly className?: string }): ReactNode {
  return (
    <Icon className={className}>
      <path d="M6 6l12 12M18 6 6 18" />
    </Icon>
  );
}
